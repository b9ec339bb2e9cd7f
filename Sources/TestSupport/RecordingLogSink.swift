package import Core
import Synchronization

/// A log sink that keeps every line in memory, for tests that assert what was logged.
package final class RecordingLogSink: LogSink {
    private let lines = Mutex<[String]>([])

    /// Creates an empty sink.
    package init() {}

    package func write(_ level: LogLevel, _ message: String, fields: [(String, String)]) {
        let rendered = ([level.description, message] + fields.map { "\($0)=\($1)" }).joined(separator: " ")
        lines.withLock { $0.append(rendered) }
    }

    /// Every line so far: `<level> <message> key=value…`.
    package var recorded: [String] { lines.withLock { $0 } }
}
