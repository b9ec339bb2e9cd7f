import Foundation
import Synchronization

/// Exit codes shared by every command.
package enum ExitCode {
    /// Everything worked (warnings allowed).
    package static let success: Int32 = 0
    /// The command ran and found a failure (an invalid manifest, a failed build).
    package static let failure: Int32 = 1
    /// A usage error, or input that could not be read at all.
    package static let usage: Int32 = 2
}

/// Where a command writes: the process's standard output and error, or buffers in tests.
package final class Console: Sendable {
    private let captures: Bool
    private let captured = Mutex((out: "", err: ""))
    /// Whether standard output is a terminal (for colors).
    package let stdoutIsTerminal: Bool

    /// A console on the process's standard streams.
    package static func standard() -> Console {
        Console(
            captures: false,
            terminal: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    /// A console that keeps what is written, for tests.
    package static func capturing() -> Console { Console(captures: true, terminal: false) }

    private init(captures: Bool, terminal: Bool) {
        self.captures = captures
        self.stdoutIsTerminal = terminal
    }

    /// What was written to standard output (capturing consoles only).
    package var output: String { captured.withLock { $0.out } }
    /// What was written to standard error (capturing consoles only).
    package var errors: String { captured.withLock { $0.err } }

    /// Writes to standard output.
    package func out(_ text: String) {
        if captures { captured.withLock { $0.out += text } } else { FileHandle.standardOutput.write(Data(text.utf8)) }
    }

    /// Writes to standard error.
    package func err(_ text: String) {
        if captures { captured.withLock { $0.err += text } } else { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Prints a usage error and where to find help.
    package func usageError(_ error: any Error, command: String?) {
        let help = command.map { "slipway \($0) --help" } ?? "slipway --help"
        err("error: \(error)\nRun '\(help)' for usage.\n")
    }
}
