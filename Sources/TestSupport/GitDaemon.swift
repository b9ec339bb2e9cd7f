import Core
import Foundation

/// `git daemon` serving every repository under a directory over `git://127.0.0.1:<port>/`, read-only.
///
/// Started on a free loopback port (retrying on a lost race); ready when it logs "Ready to rumble"; killed by
/// ``stop()`` or `deinit`. Its verbose log (standard error) records one "Connection from" line per connection.
package final class GitDaemon: Sendable {
    /// The port it listens on.
    package let port: Int
    /// The directory whose repositories it serves.
    package let basePath: String
    private let process: ChildProcess

    private init(port: Int, basePath: String, process: ChildProcess) {
        self.port = port
        self.basePath = basePath
        self.process = process
    }

    /// Starts a daemon for `basePath`, writing its logs next to it in `logDirectory`.
    package static func start(basePath: String, logDirectory: String) async throws -> GitDaemon {
        try await plumbingPool.run { try startBlocking(basePath: basePath, logDirectory: logDirectory) }
    }

    private static func startBlocking(basePath: String, logDirectory: String) throws -> GitDaemon {
        try startOnFreePort { port in
            let process = try ChildProcess(
                [
                    "git", "daemon", "--reuseaddr", "--export-all", "--verbose", "--informative-errors",
                    "--log-destination=stderr", "--listen=127.0.0.1", "--port=\(port)", "--base-path=" + basePath,
                    basePath,
                ], environment: GitCommand.environment(),
                logPrefix: (logDirectory as NSString).appendingPathComponent("git-daemon-\(port)"))
            guard waitForMarker("Ready to rumble", in: process.stderrPath, process: process, timeout: .seconds(10))
            else {
                process.stop()
                return nil
            }
            return GitDaemon(port: port, basePath: basePath, process: process)
        }
    }

    deinit { process.stop() }

    /// `git://127.0.0.1:<port>/<name>`.
    package func url(_ name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }

    /// Connections accepted so far.
    package var connectionCount: Int {
        process.standardError.components(separatedBy: "\n").filter { $0.contains("Connection from") }.count
    }

    /// Stops the daemon.
    package func stop() { process.stop() }
}
