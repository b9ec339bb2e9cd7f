import Core
import Foundation
import Synchronization

/// `git http-backend` behind a small HTTP server (`Tests/Support/git_http_server.py`, Python 3 standard library),
/// serving every repository under a directory at `http://127.0.0.1:<port>/<name>` with HTTP basic auth.
///
/// Faults for tests: a delay before answering a fetch, a throttled response, a response that stops after some
/// bytes and keeps the connection open, or a "silent" server that accepts connections and never answers.
/// Every request is logged as `METHOD path status user`. ``kill()`` kills it (with the CGI children) at once;
/// ``restart()`` brings it back on the same port.
package final class GitHTTPServer: Sendable {
    /// Fault injection and access control.
    package struct Options: Sendable {
        /// Required basic-auth user and password; nil serves anonymously.
        package var credentials: (user: String, password: String)?
        /// Seconds to wait before answering a `git-upload-pack` POST.
        package var packDelay: Double = 0
        /// Bytes per second for `git-upload-pack` responses; 0 for no limit.
        package var throttle: Int = 0
        /// Stop sending a `git-upload-pack` response after this many bytes, keeping the connection open.
        package var stallAfter: Int?
        /// Accept connections and never answer.
        package var silent = false

        /// Creates options.
        package init(
            credentials: (user: String, password: String)? = nil, packDelay: Double = 0, throttle: Int = 0,
            stallAfter: Int? = nil, silent: Bool = false
        ) {
            self.credentials = credentials
            self.packDelay = packDelay
            self.throttle = throttle
            self.stallAfter = stallAfter
            self.silent = silent
        }
    }

    /// The port it listens on.
    package let port: Int
    /// The directory whose repositories it serves.
    package let root: String
    private let options: Mutex<Options>
    private let logDirectory: String
    private let process: ChildProcessBox

    private init(port: Int, root: String, options: Options, logDirectory: String, process: ChildProcess) {
        self.port = port
        self.root = root
        self.options = Mutex(options)
        self.logDirectory = logDirectory
        self.process = ChildProcessBox(process)
    }

    /// Starts a server for `root` on a free loopback port.
    package static func start(
        root: String, logDirectory: String, options: Options = Options()
    ) async throws -> GitHTTPServer {
        try await plumbingPool.run { try startBlocking(root: root, logDirectory: logDirectory, options: options) }
    }

    private static func startBlocking(root: String, logDirectory: String, options: Options) throws -> GitHTTPServer {
        try startOnFreePort { port in
            guard let process = try launch(port: port, root: root, logDirectory: logDirectory, options: options)
            else { return nil }
            return GitHTTPServer(port: port, root: root, options: options, logDirectory: logDirectory, process: process)
        }
    }

    private static func launch(
        port: Int, root: String, logDirectory: String, options: Options
    ) throws
        -> ChildProcess?
    {
        var arguments = [
            "python3", scriptPath, "--root", root, "--port", "\(port)", "--log",
            (logDirectory as NSString).appendingPathComponent("http-\(port).log"),
        ]
        if let credentials = options.credentials {
            arguments += ["--user", credentials.user, "--password", credentials.password]
        }
        if options.packDelay > 0 { arguments += ["--pack-delay", "\(options.packDelay)"] }
        if options.throttle > 0 { arguments += ["--throttle", "\(options.throttle)"] }
        if let stallAfter = options.stallAfter { arguments += ["--stall-after", "\(stallAfter)"] }
        if options.silent { arguments.append("--silent") }
        let process = try ChildProcess(
            arguments, environment: GitCommand.environment(),
            logPrefix: (logDirectory as NSString).appendingPathComponent(
                "http-\(port)-\(UInt32.random(in: 0...UInt32.max))"))
        guard waitForMarker("READY", in: process.stdoutPath, process: process, timeout: .seconds(10)) else {
            process.stop()
            return nil
        }
        return process
    }

    deinit { process.current.stop() }

    /// `http://127.0.0.1:<port>/<name>`.
    package func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

    /// The request log: one `METHOD path status user` line per request.
    package var requestLog: [String] {
        let path = (logDirectory as NSString).appendingPathComponent("http-\(port).log")
        return ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// `git-upload-pack` POSTs answered with 200: the fetches that transferred something.
    package var uploadPackPosts: Int {
        requestLog.filter { $0.hasPrefix("POST ") && $0.contains("git-upload-pack 200") }.count
    }

    /// Kills the server and its CGI children at once (SIGKILL to the process group).
    package func kill() { process.current.stop() }

    /// Starts the server again on the same port (after ``kill()``), with new options if given.
    package func restart(options newOptions: Options? = nil) async throws {
        let options = self.options.withLock { options in
            if let newOptions { options = newOptions }
            return options
        }
        try await plumbingPool.run { try self.restartBlocking(options: options) }
    }

    private func restartBlocking(options: Options) throws {
        for _ in 0..<50 {
            if let started = try GitHTTPServer.launch(
                port: port, root: root, logDirectory: logDirectory, options: options)
            {
                process.replace(started)
                return
            }
            usleep(100_000)
        }
        throw TestSupportError("the HTTP git server could not restart on port \(port)")
    }

    /// The Python script next to the test sources.
    private static var scriptPath: String {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Support/git_http_server.py").path
    }
}

private final class ChildProcessBox: Sendable {
    private let value: Mutex<ChildProcess>
    init(_ process: ChildProcess) { value = Mutex(process) }
    var current: ChildProcess { value.withLock { $0 } }
    func replace(_ process: ChildProcess) { value.withLock { $0 = process } }
}
