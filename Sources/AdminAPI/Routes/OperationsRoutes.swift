import Core
import Foundation
import HTTPServer

/// `/healthz`, `/metrics` and `/v2/openapi.json`: public, for load balancers, scrapers and client generators.
enum OperationsRoutes {
    static func register(_ table: inout RouteTable) {
        table.add(.get, "/healthz", role: nil) { _, context in
            do {
                let counts = try context.store.counts()
                return try .json(
                    JSONValue.object([
                        "status": .string("ok"),
                        "jobs": .object(
                            Dictionary(
                                uniqueKeysWithValues: JobState.allCases.map {
                                    ($0.rawValue, JSONValue.int(counts[$0] ?? 0))
                                })),
                    ]))
            } catch {
                return .message("the database does not answer: \(error)", status: .serviceUnavailable)
            }
        }
        table.add(.get, "/metrics", role: nil) { _, context in
            let counts = (try? context.store.counts()) ?? [:]
            let text = context.metrics.render(gauges: [
                "slipway_jobs": (
                    "Jobs in the durable queue, by state.",
                    JobState.allCases.map { (["state": $0.rawValue], Double(counts[$0] ?? 0)) }
                )
            ])
            return .text(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        table.add(.get, "/v2/openapi.json", role: nil) { _, _ in
            .text(OpenAPIDocument.json, contentType: "application/json")
        }
    }
}
