import Core
import Crypto
import Foundation
import Glibc

/// Streams an ``ExportPlan`` from the object database into a deterministic `.tar.gz`: tar → SHA-256 of the tar
/// stream → gzip → SHA-256 of the file → a new temporary file, never holding more than one blob in memory.
struct ArchiveWriter {
    let reader: MirrorReader
    let plan: ExportPlan
    let cancellation: CancellationToken

    func write(inDirectory directory: String) throws -> ArchiveResult {
        let name = "slipway-archive-" + (try secureRandomBytes(count: 8)).map { String(format: "%02x", $0) }.joined()
        let path = (directory as NSString).appendingPathComponent(name + ".tar.gz")
        let file = try OutputFile(creating: path)
        do {
            let fileHasher = SHA256Hasher()
            let tarHasher = SHA256Hasher()
            var size = 0
            let gzip = try GzipWriter { bytes in
                fileHasher.update(bytes)
                size += bytes.count
                try file.write(bytes)
            }
            var tar = TarWriter(mtime: plan.summary.commitTime) { bytes in
                tarHasher.update(bytes)
                try gzip.write(bytes)
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
            try gzip.finish()
            try file.close()
            return ArchiveResult(
                file: path, digest: fileHasher.finalize().prefixed, size: size,
                tarDigest: tarHasher.finalize().prefixed, summary: plan.summary)
        } catch {
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
