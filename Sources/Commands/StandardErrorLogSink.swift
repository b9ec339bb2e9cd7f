import Core
import Foundation

/// Log lines on standard error: `2026-11-29T14:00:00Z warning message key=value …`.
struct StandardErrorLogSink: LogSink {
    let console: Console

    func write(_ level: LogLevel, _ message: String, fields: [(String, String)]) {
        var line = Date().formatted(.iso8601) + " " + level.description + " " + message
        for (key, value) in fields {
            line += " \(key)=" + (value.contains(" ") ? "\"\(value)\"" : value)
        }
        console.err(line + "\n")
    }
}
