import Foundation
import Glibc

/// Slipway's data directory: the database, mirrors, artifacts and work folders of one Slipway process,
/// held with an exclusive lock so that two processes never share it.
package final class DataDirectory: Sendable {
    /// The directory.
    package let path: String
    private let lockDescriptor: Int32

    /// Creates the directory if needed and takes its lock, or explains who holds it.
    init(_ path: String) throws(UsageError) {
        let path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot create the data directory \(path): \(error.localizedDescription)")
        }
        let lockPath = path + "/slipway.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw UsageError("cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder =
                (try? String(contentsOfFile: lockPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw UsageError(
                "another slipway process\(holder.isEmpty ? "" : " (pid \(holder))") is using the data directory \(path); "
                    + "stop it, or pass another --data")
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        self.path = path
        lockDescriptor = descriptor
    }

    deinit { close(lockDescriptor) }

    var database: String { Self.databasePath(path) }

    /// The database file of a data directory.
    static func databasePath(_ directory: String) -> String { directory + "/slipway.db" }
    var artifacts: String { path + "/artifacts" }
}
