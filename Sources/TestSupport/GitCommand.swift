import Core
import Foundation
import Glibc

/// Threads for the blocking parts of test plumbing (child processes, waits), so that tests never block Swift's
/// cooperative threads while git or a server starts.
let plumbingPool = BlockingPool(threads: 6, name: "test-plumbing")

/// Runs the real `git` command line with an isolated environment (no system or user config, fixed identity,
/// C locale), as fixtures and baselines need.
package enum GitCommand {
    /// The environment every git invocation gets, plus `extra`.
    package static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": NSTemporaryDirectory(),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_AUTHOR_NAME": "Slipway Fixture",
            "GIT_AUTHOR_EMAIL": "fixture@slipway.invalid",
            "GIT_COMMITTER_NAME": "Slipway Fixture",
            "GIT_COMMITTER_EMAIL": "fixture@slipway.invalid",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `git <arguments>` (in `directory`, feeding `input` on stdin) and returns its standard output;
    /// throws with the standard error when it fails or runs longer than `timeout`.
    @discardableResult
    package static func run(
        _ arguments: [String], in directory: String? = nil, input: [UInt8]? = nil,
        environment extra: [String: String] = [:], timeout: Duration = .seconds(120)
    ) async throws -> String {
        try await runProgram(["git"] + arguments, in: directory, input: input, environment: extra, timeout: timeout)
    }

    /// Runs any program (looked up on PATH) the same way: isolated environment, bounded time, stdout returned.
    @discardableResult
    package static func runProgram(
        _ arguments: [String], in directory: String? = nil, input: [UInt8]? = nil,
        environment extra: [String: String] = [:], timeout: Duration = .seconds(120)
    ) async throws -> String {
        try await plumbingPool.run {
            try runBlocking(arguments, in: directory, input: input, environment: extra, timeout: timeout)
        }
    }

    /// ``runProgram(_:in:input:environment:timeout:)`` on the calling thread (which it blocks).
    static func runBlocking(
        _ arguments: [String], in directory: String?, input: [UInt8]?, environment extra: [String: String],
        timeout: Duration
    ) throws -> String {
        let scratch = try TemporaryDirectory(prefix: "git-cmd")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment(extra)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdoutPath = scratch.appending("stdout")
        let stderrPath = scratch.appending("stderr")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        var handles: [FileHandle] = []
        if let input {
            let inputPath = scratch.appending("stdin")
            _ = FileManager.default.createFile(atPath: inputPath, contents: Data(input))
            guard let handle = FileHandle(forReadingAtPath: inputPath) else {
                throw TestSupportError("cannot open \(inputPath)")
            }
            handles.append(handle)
            process.standardInput = handle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        guard let stdout = FileHandle(forWritingAtPath: stdoutPath),
            let stderr = FileHandle(forWritingAtPath: stderrPath)
        else { throw TestSupportError("cannot open \(stdoutPath) or \(stderrPath)") }
        handles += [stdout, stderr]
        // The child has its own copies; the parent's must be closed or every command leaks three descriptors.
        defer { for handle in handles { try? handle.close() } }
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(2_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            // Not waitUntilExit(): on Linux it can spin forever in a run loop; poll, bounded.
            let killed = ContinuousClock.now + .seconds(5)
            while process.isRunning && ContinuousClock.now < killed { usleep(2_000) }
            throw TestSupportError("\(arguments.joined(separator: " ")) ran longer than \(timeout) and was killed")
        }
        let output = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            throw TestSupportError(
                "\(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(errors)")
        }
        return output
    }
}
