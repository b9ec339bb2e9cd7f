import Archive
import Core
import Crypto
import Foundation
import Glibc

/// Streams an ``ExportPlan`` from the object database into a deterministic `.tar.gz`: tar → SHA-256 of the tar
/// stream → gzip (on a second thread, see ``CompressionPipeline``) → SHA-256 of the file → a new temporary
/// file, never holding more than one blob and four 256 KiB chunks in memory.
struct ArchiveWriter {
    let reader: MirrorReader
    let plan: ExportPlan
    let cancellation: CancellationToken

    func write(inDirectory directory: String) throws -> ArchiveResult {
        let name = "slipway-archive-" + (try secureRandomBytes(count: 8)).map { String(format: "%02x", $0) }.joined()
        let path = (directory as NSString).appendingPathComponent(name + ".tar.gz")
        let file = try OutputFile(creating: path)
        let fileHasher = SHA256Hasher()
        let tarHasher = SHA256Hasher()
        let size = Counter()
        let gzip: GzipWriter
        do {
            gzip = try GzipWriter { bytes in
                fileHasher.update(bytes)
                size.add(bytes.count)
                try file.write(bytes)
            }
        } catch {
            file.discard()
            throw GitError(.library, "\(error)")
        }
        let pipeline = CompressionPipeline(gzip: gzip)
        do {
            var tar = TarWriter(mtime: plan.summary.commitTime) { bytes in
                tarHasher.update(bytes)
                try pipeline.write(bytes)
            }
            for entry in plan.entries {
                if cancellation.isCancelled { throw GitError(.cancelled, "the archive export was cancelled") }
                switch entry.kind {
                case .directory:
                    try tar.directory(entry.tarName)
                case .symlink(let target):
                    try tar.symlink(entry.tarName, target: target)
                case .file(let executable):
                    let blob = try readBlob(entry)
                    try blob.withBytes { bytes in
                        try tar.file(entry.tarName, executable: executable, size: entry.size, contents: bytes)
                    }
                }
            }
            try tar.finish()
            try pipeline.finish()
            try file.close()
            return ArchiveResult(
                file: path, digest: fileHasher.finalize().prefixed, size: size.value,
                tarDigest: tarHasher.finalize().prefixed, summary: plan.summary)
        } catch let error as ArchiveError {
            pipeline.abandon()
            file.discard()
            throw GitError(.library, error.message, cause: error)
        } catch {
            pipeline.abandon()
            file.discard()
            throw error
        }
    }

    private func readBlob(_ entry: ExportPlan.Entry) throws -> Blob {
        do {
            let blob = try reader.repository.blob(entry.blob!)
            guard blob.size == entry.size else {
                throw GitError(.corruptMirror, "'\(display(entry.path))' changed size while being exported")
            }
            return blob
        } catch let error as GitError {
            throw error
        } catch {
            throw GitError(
                .corruptMirror, "cannot read '\(display(entry.path))' from \(reader.remote.redacted): \(error)")
        }
    }
}

/// A byte count shared between the export thread and the compressing thread (read after both are done).
/// `@unchecked Sendable`: written by the compressing thread only, read after `finish()` has joined it.
private final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func add(_ count: Int) { value += count }
}

/// A new file written with plain `write(2)`; removed by ``discard()`` when the export fails.
final class OutputFile {
    private var descriptor: Int32
    let path: String

    init(creating path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw GitError(
                .fileSystem,
                "cannot create \(path): \(String(cString: strerror(errno))); check that the directory exists and is "
                    + "writable")
        }
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw GitError(
                    .fileSystem, "cannot write \(path): \(String(cString: strerror(errno))); check the free space")
            }
            offset += count
        }
    }

    func close() throws {
        let status = Glibc.close(descriptor)
        descriptor = -1
        guard status == 0 else {
            throw GitError(.fileSystem, "cannot finish writing \(path): \(String(cString: strerror(errno)))")
        }
    }

    func discard() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
        unlink(path)
    }
}
