/// How much a log line matters.
package enum LogLevel: Int, Sendable, Comparable, CustomStringConvertible {
    case debug, info, warning, error

    package var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where log lines go: standard error in the CLI and server, memory in tests.
package protocol LogSink: Sendable {
    /// Writes one line; `fields` are `key=value` context (never secrets: wrap those in ``Redacted``).
    func write(_ level: LogLevel, _ message: String, fields: [(String, String)])
}

/// The logger every module takes: a sink, a minimum level and context fields added to every line.
///
/// ```swift
/// let log = Logger(sink: sink).with("repository", url.redacted)
/// log.info("fetched", ["objects": "120"])
/// ```
package struct Logger: Sendable {
    /// Where lines go.
    package var sink: any LogSink
    /// Lines below this level are dropped.
    package var minimumLevel: LogLevel
    /// Context added to every line.
    package var context: [(String, String)]

    /// Creates a logger.
    package init(sink: any LogSink, minimumLevel: LogLevel = .info, context: [(String, String)] = []) {
        self.sink = sink
        self.minimumLevel = minimumLevel
        self.context = context
    }

    /// A logger that drops everything.
    package static let disabled = Logger(sink: DiscardingLogSink(), minimumLevel: .error)

    /// A copy that adds `key=value` to every line.
    package func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.context.append((key, value))
        return copy
    }

    /// Writes a line at `level`.
    package func log(_ level: LogLevel, _ message: String, _ fields: [(String, String)] = []) {
        guard level >= minimumLevel else { return }
        sink.write(level, message, fields: context + fields)
    }

    /// Writes a debug line.
    package func debug(_ message: String, _ fields: [(String, String)] = []) { log(.debug, message, fields) }
    /// Writes an info line.
    package func info(_ message: String, _ fields: [(String, String)] = []) { log(.info, message, fields) }
    /// Writes a warning line.
    package func warning(_ message: String, _ fields: [(String, String)] = []) { log(.warning, message, fields) }
    /// Writes an error line.
    package func error(_ message: String, _ fields: [(String, String)] = []) { log(.error, message, fields) }
}

private struct DiscardingLogSink: LogSink {
    func write(_ level: LogLevel, _ message: String, fields: [(String, String)]) {}
}
