import Foundation
import Glibc
import Synchronization

/// A child process whose standard output and error go to files, so that tests can read them while it runs;
/// stopped (with its process group when it made one) on `stop()` or `deinit`.
package final class ChildProcess: Sendable {
    private let process: Mutex<Process>
    /// The process id.
    package let pid: Int32
    /// File receiving standard output.
    package let stdoutPath: String
    /// File receiving standard error.
    package let stderrPath: String

    /// Starts `arguments[0]` (looked up on PATH) with the rest as arguments.
    package init(_ arguments: [String], environment: [String: String]? = nil, logPrefix: String) throws {
        stdoutPath = logPrefix + ".stdout"
        stderrPath = logPrefix + ".stderr"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let environment { process.environment = environment }
        guard let stdout = FileHandle(forWritingAtPath: stdoutPath),
            let stderr = FileHandle(forWritingAtPath: stderrPath)
        else { throw TestSupportError("cannot open \(stdoutPath) or \(stderrPath)") }
        // The child has its own copies of the descriptors; the parent's are closed once it runs.
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        pid = process.processIdentifier
        self.process = Mutex(process)
    }

    deinit { stop() }

    /// Whether it still runs.
    package var isRunning: Bool { process.withLock { $0.isRunning } }

    /// What it wrote to standard output so far.
    package var standardOutput: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    /// What it wrote to standard error so far.
    package var standardError: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` to the process, or to its whole process group when `group` is true.
    package func kill(_ signal: Int32 = SIGKILL, group: Bool = false) {
        _ = Glibc.kill(group ? -pid : pid, signal)
    }

    /// Kills it (and its process group, if it made one) with SIGKILL. Does not wait: the kernel closes its
    /// sockets as it dies, and waiting here would block whichever thread runs a `deinit`.
    package func stop() {
        // Only while it runs: once reaped, its pid may belong to another process.
        guard isRunning else { return }
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
    }
}

/// Picks a TCP port on 127.0.0.1 that is free right now: binds port 0, reads the port the kernel chose,
/// releases it. The caller must cope with losing the race for it (servers here retry with another port).
package func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSupportError("socket() failed: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddr in
            bind(fd, sockaddr, length) == 0 && getsockname(fd, sockaddr, &length) == 0
        }
    }
    guard bound else { throw TestSupportError("bind(127.0.0.1:0) failed: \(String(cString: strerror(errno)))") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Starts a server on a free port, retrying with another port when `start` fails (lost the race for the port).
func startOnFreePort<Server>(attempts: Int = 5, _ start: (Int) throws -> Server?) throws -> Server {
    var lastError: (any Error)?
    for _ in 0..<attempts {
        do {
            if let server = try start(try freeLoopbackPort()) { return server }
        } catch {
            lastError = error
        }
    }
    throw lastError ?? TestSupportError("no server could be started on a free loopback port")
}

/// Blocks up to `timeout` until `file` contains `marker`, or the process exits.
func waitForMarker(_ marker: String, in file: String, process: ChildProcess, timeout: Duration) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let text = try? String(contentsOfFile: file, encoding: .utf8), text.contains(marker) { return true }
        if !process.isRunning { return false }
        usleep(10_000)
    }
    return false
}
