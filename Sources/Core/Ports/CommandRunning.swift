/// A shell command to run as a child process in its own process group.
package struct CommandSpec: Sendable, Hashable {
    /// The program (`/bin/sh`).
    package var executable: String
    /// Its arguments, without the program name (`["-c", "npm ci"]`).
    package var arguments: [String]
    /// The working directory.
    package var directory: String
    /// The complete environment: nothing is inherited from Slipway's own.
    package var environment: [String: String]
    /// Killed (the whole process group) after this long.
    package var timeout: Duration
    /// Bytes of output kept; later output is read and dropped, and one line says so.
    package var outputLimit: Int
    /// How long the group gets between SIGTERM and SIGKILL.
    package var killGrace: Duration

    /// A `sh -c <command>` spec.
    package static func shell(
        _ command: String, directory: String, environment: [String: String], timeout: Duration,
        outputLimit: Int = 10 << 20, killGrace: Duration = .seconds(5)
    ) -> CommandSpec {
        CommandSpec(
            executable: "/bin/sh", arguments: ["-c", command], directory: directory, environment: environment,
            timeout: timeout, outputLimit: outputLimit, killGrace: killGrace)
    }

    /// Creates a spec.
    package init(
        executable: String, arguments: [String], directory: String, environment: [String: String], timeout: Duration,
        outputLimit: Int, killGrace: Duration
    ) {
        self.executable = executable
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.killGrace = killGrace
    }
}

/// How a command ended.
package enum CommandTermination: Sendable, Hashable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal it did not handle ended it (not one Slipway sent).
    case signaled(Int32)
    /// It ran past its timeout and its process group was killed.
    case timedOut
    /// The caller cancelled and its process group was killed.
    case cancelled
}

/// What running a command produced.
package struct CommandResult: Sendable, Hashable {
    /// How it ended.
    package var termination: CommandTermination
    /// Wall time from start to end.
    package var duration: Duration
    /// Bytes of output it wrote (kept or not).
    package var outputBytes: Int
    /// Whether output was dropped at the limit.
    package var truncated: Bool

    /// Creates a result.
    package init(termination: CommandTermination, duration: Duration, outputBytes: Int, truncated: Bool) {
        self.termination = termination
        self.duration = duration
        self.outputBytes = outputBytes
        self.truncated = truncated
    }

    /// Whether it exited with status 0.
    package var succeeded: Bool { termination == .exited(0) }
}

/// Why a command could not be started at all.
package struct CommandError: Error, Sendable, CustomStringConvertible {
    /// What failed and what to do.
    package var message: String

    /// Creates an error.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}

/// Runs commands as child processes (the build step, and later tenants' runs), streaming their output
/// line by line with timestamps.
package protocol CommandRunning: Sendable {
    /// Runs `spec` to its end, calling `onLine` for every line of stdout and stderr as it arrives (from a
    /// background thread). Task cancellation kills the process group. Throws ``CommandError`` when the
    /// process cannot be started.
    func run(_ spec: CommandSpec, onLine: @escaping @Sendable (LogLine) -> Void) async throws -> CommandResult
}
