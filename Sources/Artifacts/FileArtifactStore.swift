package import Core
import Crypto
package import Foundation
import Glibc

/// Artifacts as files under one folder, named by digest (`sha256/ab/abcdef….tar.gz`), written atomically
/// (a temporary file in the same file system, fsync, rename, fsync of the folder) and verified when read.
///
/// A file whose bytes no longer match its name is moved to `corrupt/` and reported, never served.
package final class FileArtifactStore: ArtifactStoring {
    /// The store's folder.
    package let root: String

    /// Opens (creating) a store in `root`; temporary files older than an hour (left by a crash) are removed.
    package init(root: String, now: Date = Date()) throws {
        self.root = root
        for folder in [root + "/sha256", root + "/tmp", root + "/corrupt"] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ArtifactError(
                    .fileSystem, "cannot create the artifact folder \(folder): \(error.localizedDescription)")
            }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root + "/tmp")) ?? [] {
            let path = root + "/tmp/" + name
            if let modified = Self.modification(of: path), now.timeIntervalSince(modified) > 3600 {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    package var temporaryDirectory: String { root + "/tmp" }

    /// Where the artifact with this digest lives (whether or not it exists).
    package func path(of digest: String) throws -> String {
        let hex = try Self.hex(of: digest)
        return "\(root)/sha256/\(hex.prefix(2))/\(hex).tar.gz"
    }

    package func store(file: String, digest: String) throws -> StoredArtifact {
        let destination = try path(of: digest)
        let actual = try Self.digest(ofFile: file)
        guard actual == digest else {
            try? FileManager.default.removeItem(atPath: file)
            throw ArtifactError(
                .corrupt, "the file to store has digest \(actual), not \(digest); it was discarded — pack it again")
        }
        let size = Int64(Self.size(of: file) ?? 0)
        if FileManager.default.fileExists(atPath: destination) {
            try? FileManager.default.removeItem(atPath: file)
            return StoredArtifact(digest: digest, size: size, path: destination)
        }
        let shard = (destination as NSString).deletingLastPathComponent
        try Self.check("create \(shard)") { mkdir(shard, 0o755) == 0 || errno == EEXIST }
        try Self.syncFile(file)
        try Self.check("protect \(file)") { chmod(file, 0o444) == 0 }
        try Self.check("move \(file) into the store") { rename(file, destination) == 0 }
        try Self.syncFolder(shard)
        return StoredArtifact(digest: digest, size: size, path: destination)
    }

    package func verified(_ digest: String) throws -> StoredArtifact {
        let path = try path(of: digest)
        guard let size = Self.size(of: path) else {
            throw ArtifactError(
                .notFound, "no artifact \(digest) in \(root); was it garbage-collected or never stored?")
        }
        let actual = try Self.digest(ofFile: path)
        guard actual == digest else {
            let aside = "\(root)/corrupt/\(try Self.hex(of: digest))-\(Int(Date().timeIntervalSince1970))"
            _ = rename(path, aside)
            throw ArtifactError(
                .corrupt,
                "artifact \(digest) is corrupt (its bytes hash to \(actual)); it was moved to \(aside) — rebuild the release"
            )
        }
        return StoredArtifact(digest: digest, size: Int64(size), path: path)
    }

    package func contains(_ digest: String) -> Bool {
        guard let path = try? path(of: digest) else { return false }
        return FileManager.default.fileExists(atPath: path)
    }

    package func collectGarbage(
        referenced: Set<String>, minimumAge: Duration, keepUnreferenced: Int, now: Date
    ) throws
        -> ArtifactCollection
    {
        var keptReferenced = 0
        var candidates: [(digest: String, path: String, modified: Date, size: Int64)] = []
        var young = 0
        for shard in (try? FileManager.default.contentsOfDirectory(atPath: root + "/sha256")) ?? [] {
            let folder = root + "/sha256/" + shard
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasSuffix(".tar.gz") {
                let path = folder + "/" + name
                let digest = "sha256:" + name.dropLast(".tar.gz".count)
                if referenced.contains(digest) {
                    keptReferenced += 1
                    continue
                }
                let modified = Self.modification(of: path) ?? now
                if now.timeIntervalSince(modified) < Double(minimumAge.components.seconds) {
                    young += 1
                    continue
                }
                candidates.append((digest, path, modified, Int64(Self.size(of: path) ?? 0)))
            }
        }
        candidates.sort { $0.modified > $1.modified }
        let removable = candidates.dropFirst(max(0, keepUnreferenced))
        var removed: [String] = []
        var freed: Int64 = 0
        for candidate in removable where unlink(candidate.path) == 0 {
            removed.append(candidate.digest)
            freed += candidate.size
        }
        return ArtifactCollection(
            removed: removed.sorted(), freedBytes: freed, keptReferenced: keptReferenced,
            keptUnreferenced: young + min(candidates.count, max(0, keepUnreferenced)))
    }

    // MARK: Files

    /// `sha256:<hex>` of a file, read in chunks.
    package static func digest(ofFile path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ArtifactError(.fileSystem, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let hasher = SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ArtifactError(.fileSystem, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return hasher.finalize().prefixed
    }

    static func hex(of digest: String) throws -> String {
        let hex = digest.hasPrefix("sha256:") ? String(digest.dropFirst(7)) : ""
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw ArtifactError(
                .invalidDigest, "'\(digest)' is not an artifact digest (sha256: and 64 lowercase hex digits)")
        }
        return hex
    }

    static func size(of path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    static func modification(of path: String) -> Date? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArtifactError(.fileSystem, "cannot open \(path) to sync it") }
        defer { close(descriptor) }
        try check("sync \(path)") { fsync(descriptor) == 0 }
    }

    static func syncFolder(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArtifactError(.fileSystem, "cannot open the folder \(path) to sync it") }
        defer { close(descriptor) }
        try check("sync the folder \(path)") { fsync(descriptor) == 0 }
    }

    static func check(_ what: String, _ call: () -> Bool) throws {
        guard call() else {
            throw ArtifactError(.fileSystem, "cannot \(what): \(String(cString: strerror(errno)))")
        }
    }
}
