import Foundation
import Synchronization

/// Counters and histograms for `GET /metrics`, in the Prometheus text format (version 0.0.4).
///
/// Labels are low-cardinality by construction: route patterns (never raw paths), provider kinds, outcomes.
package final class Metrics: Sendable {
    private struct Series: Hashable {
        var name: String
        var labels: [String: String]
    }

    private struct Histogram {
        var buckets: [Double: Int] = [:]
        var sum: Double = 0
        var count = 0
    }

    private struct State {
        var counters: [Series: Double] = [:]
        var histograms: [Series: Histogram] = [:]
        var help: [String: (help: String, type: String)] = [:]
    }

    private let state = Mutex(State())
    /// Histogram bucket bounds, in seconds.
    package static let durationBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// An empty registry.
    package init() {}

    /// Adds `amount` to a counter.
    package func increment(_ name: String, _ labels: [String: String] = [:], by amount: Double = 1, help: String) {
        state.withLock { state in
            state.help[name] = (help, "counter")
            state.counters[Series(name: name, labels: labels), default: 0] += amount
        }
    }

    /// Records one observation of a duration.
    package func observe(_ name: String, _ labels: [String: String] = [:], seconds: Double, help: String) {
        state.withLock { state in
            state.help[name] = (help, "histogram")
            var histogram = state.histograms[Series(name: name, labels: labels)] ?? Histogram()
            for bound in Self.durationBuckets where seconds <= bound { histogram.buckets[bound, default: 0] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.histograms[Series(name: name, labels: labels)] = histogram
        }
    }

    /// The value of a counter (for tests and the server's own checks).
    package func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        state.withLock { $0.counters[Series(name: name, labels: labels)] ?? 0 }
    }

    /// The exposition text, with `gauges` (name → (help, [labels → value])) computed by the caller now.
    package func render(gauges: [String: (help: String, values: [([String: String], Double)])] = [:]) -> String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = []
        let names = Set(snapshot.help.keys).union(gauges.keys).sorted()
        for name in names {
            if let gauge = gauges[name] {
                lines.append("# HELP \(name) \(gauge.help)")
                lines.append("# TYPE \(name) gauge")
                for (labels, value) in gauge.values.sorted(by: { Self.render($0.0) < Self.render($1.0) }) {
                    lines.append("\(name)\(Self.render(labels)) \(Self.number(value))")
                }
                continue
            }
            guard let (help, type) = snapshot.help[name] else { continue }
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            if type == "counter" {
                for (series, value) in snapshot.counters.filter({ $0.key.name == name }).sorted(by: {
                    Self.render($0.key.labels) < Self.render($1.key.labels)
                }) {
                    lines.append("\(name)\(Self.render(series.labels)) \(Self.number(value))")
                }
            } else {
                for (series, histogram) in snapshot.histograms.filter({ $0.key.name == name }).sorted(by: {
                    Self.render($0.key.labels) < Self.render($1.key.labels)
                }) {
                    for bound in Self.durationBuckets {
                        var labels = series.labels
                        labels["le"] = Self.number(bound)
                        lines.append("\(name)_bucket\(Self.render(labels)) \(histogram.buckets[bound] ?? 0)")
                    }
                    var infinity = series.labels
                    infinity["le"] = "+Inf"
                    lines.append("\(name)_bucket\(Self.render(infinity)) \(histogram.count)")
                    lines.append("\(name)_sum\(Self.render(series.labels)) \(Self.number(histogram.sum))")
                    lines.append("\(name)_count\(Self.render(series.labels)) \(histogram.count)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let body = labels.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\""
            )
            .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }
        return "{" + body.joined(separator: ",") + "}"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
