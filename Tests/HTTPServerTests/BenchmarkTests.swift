import Core
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// Throughput and latency of a trivial POST handler (router, request id and access log middleware included) under
/// `wrk` at 1, 16 and 64 connections, for each threading model. Opt-in, as it takes about 20 s and needs `wrk`:
///
///     swift build -c release --build-tests
///     SLIPWAY_HTTP_BENCH=1 swift test -c release --skip-build --filter HTTPServerTests.BenchmarkTests
@Suite(.serialized) struct BenchmarkTests {
    private static let enabled =
        ProcessInfo.processInfo.environment["SLIPWAY_HTTP_BENCH"] != nil
        && (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/wrk")
        }

    @Test(.enabled(if: enabled), arguments: allThreadings)
    func smallPosts(threading: MHDServer.Threading) async throws {
        let lines = Counter()
        let logger = Logger(sink: lines)
        var router = Router(logger: logger)
        router.post("/hooks/{connection_id}") { request in
            .text(#"{"accepted":\#(request.body.count)}"#, status: .accepted, contentType: "application/json")
        }
        let app = router.wrapped(in: [RequestIDMiddleware(), AccessLogMiddleware(logger: logger)])
        let server = try MHDServer(responder: app, configuration: .init(threading: threading), logger: logger)
        let directory = try TemporaryDirectory()
        let script = directory.path + "/post.lua"
        try #"""
        wrk.method = "POST"
        wrk.body = '{"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"1111111111111111111111111111111111111111"}'
        wrk.headers["Content-Type"] = "application/json"
        """#.write(toFile: script, atomically: true, encoding: .utf8)
        for connections in [1, 16, 64] {
            let out = try await runToEnd(
                [
                    "wrk", "-t", connections == 1 ? "1" : "2", "-c", String(connections), "-d", "4s", "--latency",
                    "-s", script, "http://127.0.0.1:\(server.port)/hooks/7",
                ], logPrefix: directory.path + "/wrk-\(connections)", timeout: .seconds(30))
            let result = WrkResult(out)
            print(
                "bench threading=\(threading) connections=\(connections) requests/s=\(result.requestsPerSecond) "
                    + "p50=\(result.p50) p99=\(result.p99) non2xx=\(result.non2xx) errors=\(result.socketErrors)")
            #expect(result.requests > 0)
            #expect(result.non2xx == 0)
            #expect(result.socketErrors.isEmpty)
        }
        await server.shutdown(grace: .seconds(1))
        #expect(lines.count.load(ordering: .relaxed) > 0)
    }
}

/// The figures of one `wrk --latency` run.
private struct WrkResult {
    var requests = 0
    var requestsPerSecond = "?"
    var p50 = "?"
    var p99 = "?"
    var non2xx = 0
    var socketErrors = ""

    init(_ output: String) {
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), fields.count > 1 { requestsPerSecond = String(fields[1]) }
            if line.hasPrefix("50%"), fields.count > 1 { p50 = String(fields[1]) }
            if line.hasPrefix("99%"), fields.count > 1 { p99 = String(fields[1]) }
            if line.contains("requests in"), let count = Int(fields.first ?? "") { requests = count }
            if line.hasPrefix("Non-2xx"), let count = Int(fields.last ?? "") { non2xx = count }
            if line.hasPrefix("Socket errors") { socketErrors = line }
        }
    }
}

/// A log sink that only counts lines.
private final class Counter: LogSink {
    let count = Atomic<Int>(0)
    func write(_ level: LogLevel, _ message: String, fields: [(String, String)]) {
        count.add(1, ordering: .relaxed)
    }
}
