import Foundation

/// The few file-system calls the CLI makes per file, on the C library directly: they run
/// once per manifest, so Foundation's attribute dictionaries would dominate a large walk.
enum FileSystem {
    enum Kind {
        case file, directory, link, other, missing
    }

    /// What is at `path`, following a final symbolic link when `followingLinks`.
    static func kind(of path: String, followingLinks: Bool = true) -> Kind {
        var info = stat()
        let status = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else { return .missing }
        return kind(mode: info.st_mode)
    }

    private static func kind(mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: .file
        case S_IFDIR: .directory
        case S_IFLNK: .link
        default: .other
        }
    }

    /// The entries of a folder with their kinds (links not followed), or nil when it cannot be read.
    static func entries(of path: String) -> [(name: String, kind: Kind)]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var entries: [(String, Kind)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .link
            case Int32(DT_UNKNOWN): kind = self.kind(of: path + "/" + name, followingLinks: false)
            default: kind = .other
            }
            entries.append((name, kind))
        }
        return entries
    }

    /// The size of the file at `path`, or nil.
    static func size(of path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// The bytes of the file at `path`, or the reason it cannot be read.
    static func read(_ path: String) -> Result<[UInt8], ReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(ReadError(errno: errno)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(errno: errno))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Why a file could not be read, in words.
    struct ReadError: Error {
        var errno: Int32
        var message: String {
            switch errno {
            case EACCES: "permission denied"
            case ENOENT: "no such file or folder"
            case EISDIR: "is a folder, not a file"
            default: String(cString: strerror(errno))
            }
        }
    }
}
