import Core
import Foundation
import Glibc

/// Writes an ``ExportPlan`` as files into a directory, so that nothing can land outside it.
///
/// The destination must not exist (its parent must) or be an empty directory. Every file and directory is
/// created relative to an open descriptor of its parent directory with `O_NOFOLLOW` and `O_EXCL`, so no path is
/// ever resolved through a symlink, and symlinks are created last. Modes are set explicitly (0644, 0755) whatever
/// the umask. On failure everything written is removed again.
struct Materializer {
    let reader: MirrorReader
    let plan: ExportPlan
    let cancellation: CancellationToken

    func write(into destination: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: destination, isDirectory: &isDirectory) {
            let contents = (try? files.contentsOfDirectory(atPath: destination)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty else {
                throw GitError(
                    .fileSystem,
                    "cannot materialize into \(destination): it exists and is not an empty directory; give a new path")
            }
        } else if mkdir(destination, 0o755) != 0 {
            throw systemError("cannot create \(destination)")
        }
        let root = open(destination, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { throw systemError("cannot open \(destination) (it must be a real directory)") }
        var directories: [[UInt8]: Int32] = [[]: root]
        defer { for descriptor in directories.values { close(descriptor) } }
        do {
            for entry in plan.entries {
                guard case .directory = entry.kind else { continue }
                try checkCancelled()
                let (parent, name) = try locate(entry, in: directories, destination: destination)
                guard mkdirat(parent, name, 0o755) == 0 else { throw systemError("cannot create \(show(entry))") }
                let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard descriptor >= 0 else { throw systemError("cannot open \(show(entry))") }
                directories[entry.path] = descriptor
                fchmod(descriptor, 0o755)
            }
            for entry in plan.entries {
                guard case .file(let executable) = entry.kind else { continue }
                try checkCancelled()
                let (parent, name) = try locate(entry, in: directories, destination: destination)
                let mode: mode_t = executable ? 0o755 : 0o644
                let descriptor = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
                guard descriptor >= 0 else { throw systemError("cannot create \(show(entry))") }
                defer { close(descriptor) }
                let blob = try reader.repository.blob(entry.blob!)
                try blob.withBytes { bytes in try writeAll(descriptor, bytes, entry: entry) }
                fchmod(descriptor, mode)
            }
            for entry in plan.entries {
                guard case .symlink(let target) = entry.kind else { continue }
                let (parent, name) = try locate(entry, in: directories, destination: destination)
                let status = symlinkat(target.map { CChar(bitPattern: $0) } + [0], parent, name)
                guard status == 0 else { throw systemError("cannot create the symlink \(show(entry))") }
            }
        } catch {
            for name in (try? files.contentsOfDirectory(atPath: destination)) ?? [] {
                try? files.removeItem(atPath: (destination as NSString).appendingPathComponent(name))
            }
            throw error
        }
    }

    private func locate(
        _ entry: ExportPlan.Entry, in directories: [[UInt8]: Int32], destination: String
    ) throws -> (Int32, [CChar]) {
        let parts = entry.path.split(separator: 0x2F, omittingEmptySubsequences: false)
        let parentPath = Array(parts.dropLast().joined(separator: [0x2F]))
        guard let parent = directories[parentPath], let last = parts.last else {
            throw GitError(.library, "internal error: no parent directory for \(show(entry)) in \(destination)")
        }
        // Entry names were checked when planning: no '/', no NUL, not '.' or '..'.
        return (parent, last.map { CChar(bitPattern: $0) } + [0])
    }

    private func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, entry: ExportPlan.Entry) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw systemError("cannot write \(show(entry))")
            }
            offset += count
        }
    }

    private func checkCancelled() throws {
        if cancellation.isCancelled { throw GitError(.cancelled, "materializing the export was cancelled") }
    }

    private func show(_ entry: ExportPlan.Entry) -> String { "'\(display(entry.path))'" }

    private func systemError(_ what: String) -> GitError {
        GitError(.fileSystem, "\(what): \(String(cString: strerror(errno))); check permissions and free space")
    }
}
