import Core
import Foundation
import Glibc

/// The entries of a workspace to pack, sorted by path, without excluded paths; nothing is followed
/// through a symbolic link.
struct WorkspaceScan {
    enum Kind {
        case directory, file, link
    }

    struct Entry {
        var path: String
        var kind: Kind
        var size: Int64 = 0
        var executable = false
        var linkTarget = ""
    }

    private(set) var entries: [Entry] = []
    /// Sockets, FIFOs and devices: left out, named in the result.
    private(set) var skipped: [String] = []

    init(root: String, excluding patterns: [String]) throws {
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw ArtifactError(.fileSystem, "cannot list \(relative.isEmpty ? "the workspace" : relative)")
            }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                if Self.isExcluded(path: path, name: name, by: patterns) { continue }
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else {
                    throw ArtifactError(.fileSystem, "cannot read \(path): \(String(cString: strerror(errno)))")
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    entries.append(Entry(path: path, kind: .directory))
                    pending.append(path)
                case S_IFREG:
                    entries.append(
                        Entry(path: path, kind: .file, size: Int64(info.st_size), executable: info.st_mode & 0o111 != 0)
                    )
                case S_IFLNK:
                    entries.append(Entry(path: path, kind: .link, linkTarget: try Self.readLink(root + "/" + path)))
                default:
                    skipped.append(path)
                }
            }
        }
        entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        skipped.sort()
    }

    /// A pattern without `/` matches a name at any depth; one with `/` matches the path from the top.
    static func isExcluded(path: String, name: String, by patterns: [String]) -> Bool {
        patterns.contains { pattern in
            if pattern.contains("/") {
                let trimmed = pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern
                return fnmatch(trimmed, path, FNM_PATHNAME) == 0
            }
            return fnmatch(pattern, name, 0) == 0
        }
    }

    private static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else {
            throw ArtifactError(.fileSystem, "cannot read the link \(path): \(String(cString: strerror(errno)))")
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
