import Archive
package import Core
import Crypto
import Foundation
import Glibc

/// Packs a built workspace into a deterministic `.tar.gz` (see ``WorkspacePacking``): the same files give
/// the same bytes on every machine with the same zlib, whatever their owners, times or creation order.
package struct WorkspacePacker: WorkspacePacking {
    /// The largest single file packed.
    package var maxFileBytes: Int64
    /// The most bytes of files packed in all.
    package var maxTotalBytes: Int64

    /// Creates a packer with limits (defaults: 1 GiB per file, 4 GiB in all).
    package init(maxFileBytes: Int64 = 1 << 30, maxTotalBytes: Int64 = 4 << 30) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
    }

    package func pack(
        directory: String, excluding: [String], mtime: Int64, into temporaryDirectory: String
    ) throws
        -> PackedWorkspace
    {
        let scan = try WorkspaceScan(root: directory, excluding: excluding)
        let total = scan.entries.reduce(Int64(0)) { $0 + $1.size }
        if let big = scan.entries.first(where: { $0.size > maxFileBytes }) {
            throw ArtifactError(
                .unsafeContent,
                "\(big.path) is \(big.size) bytes, over the \(maxFileBytes)-byte limit for one file in an artifact; "
                    + "exclude it in the build template or shrink it")
        }
        guard total <= maxTotalBytes else {
            throw ArtifactError(
                .unsafeContent,
                "the workspace holds \(total) bytes of files, over the \(maxTotalBytes)-byte limit for an artifact; "
                    + "exclude build caches in the build template")
        }
        let file = temporaryDirectory + "/pack-\(UUID().uuidString).tar.gz"
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ArtifactError(.fileSystem, "cannot create \(file): \(String(cString: strerror(errno)))")
        }
        var closed = false
        defer { if !closed { close(descriptor) } }
        do {
            let hasher = SHA256Hasher()
            var size: Int64 = 0
            let gzip = try GzipWriter { bytes in
                hasher.update(bytes)
                try Self.writeAll(descriptor, bytes, to: file)
                size += Int64(bytes.count)
            }
            // Deflate runs on a second thread while this one reads files (see CompressionPipeline).
            let pipeline = CompressionPipeline(gzip: gzip)
            defer { pipeline.abandon() }
            var tar = TarWriter(mtime: mtime) { try pipeline.write($0) }
            var files = 0
            for entry in scan.entries {
                let name = Array(entry.path.utf8)
                switch entry.kind {
                case .directory:
                    try tar.directory(name + [UInt8(ascii: "/")])
                case .link:
                    try tar.symlink(name, target: Array(entry.linkTarget.utf8))
                case .file:
                    try copy(entry, root: directory, into: &tar)
                    files += 1
                }
            }
            try tar.finish()
            try pipeline.finish()
            guard fsync(descriptor) == 0 else {
                throw ArtifactError(.fileSystem, "cannot sync \(file): \(String(cString: strerror(errno)))")
            }
            close(descriptor)
            closed = true
            return PackedWorkspace(
                file: file, digest: hasher.finalize().prefixed, size: size, files: files, skipped: scan.skipped)
        } catch {
            unlink(file)
            throw error
        }
    }

    /// Streams one regular file into the archive, checking that it does not change size meanwhile.
    private func copy(_ entry: WorkspaceScan.Entry, root: String, into tar: inout TarWriter) throws {
        let path = root + "/" + entry.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            throw ArtifactError(.fileSystem, "cannot read \(entry.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        try tar.beginFile(Array(entry.path.utf8), executable: entry.executable, size: Int(entry.size))
        var remaining = entry.size
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes {
                read(descriptor, $0.baseAddress, min($0.count, Int(remaining)))
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw ArtifactError(
                    .fileSystem, "\(entry.path) changed while it was being packed; is a process still writing it?")
            }
            try buffer.withUnsafeBytes { try tar.fileBytes(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            remaining -= Int64(count)
        }
        try tar.endFile()
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, to file: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw ArtifactError(.fileSystem, "cannot write \(file): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
