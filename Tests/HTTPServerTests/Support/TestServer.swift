import Core
import Foundation
import HTTPServer
import TestSupport

/// Every threading model (the default is two polling threads), for tests whose behaviour depends on them.
let allThreadings: [MHDServer.Threading] = [
    .threadPerConnection, .suspendResume(pollingThreads: 1), .suspendResume(pollingThreads: 2),
]

/// A server on a free loopback port with an echo route, extra routes from `configure`, the request id and
/// access log middleware, and a recording log.
struct TestServer: Sendable {
    let server: MHDServer
    let log: RecordingLogSink

    var base: String { "http://127.0.0.1:\(server.port)" }

    init(
        threading: MHDServer.Threading = .default, limits: ServerLimits = ServerLimits(),
        configure: (inout Router) -> Void = { _ in }
    ) throws {
        let log = RecordingLogSink()
        let logger = Logger(sink: log, minimumLevel: .debug)
        var router = Router(logger: logger)
        router.get("/healthz") { _ in .text("ok") }
        for method in [HTTPMethod.get, .post, .put] {
            router.add(method, "/echo/{name}") { request in try .json(Echo(request)) }
        }
        router.post("/hooks/{connection_id}") { request in try .json(Echo(request)) }
        router.post("/v2/upload") { request in try .json(Echo(request)) }
        configure(&router)
        let app = router.wrapped(in: [RequestIDMiddleware(), AccessLogMiddleware(logger: logger)])
        server = try MHDServer(
            responder: app, configuration: .init(limits: limits, threading: threading), logger: logger)
        self.log = log
    }

    func url(_ path: String) -> String { base + path }

    /// Whether a plain GET still gets its 200 (the server is healthy). Tried three times: on a starved machine
    /// even this request can outlast a short request timeout set by the test.
    func isHealthy() async throws -> Bool {
        for _ in 0..<3 {
            if try await curl([url("/healthz")]).status == 200 { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

/// What the echo route saw, as JSON.
struct Echo: Codable {
    var method: String
    var path: String
    var rawPath: String
    var query: [[String]]
    var headers: [[String]]
    var bodyCount: Int
    var bodySum: Int
    var name: String?
    var connectionID: String?
    var requestID: String
    var remote: String

    init(_ request: HTTPRequest) {
        method = request.method.rawValue
        path = request.path
        rawPath = request.rawPath
        query = request.queryItems.map { [$0.name, $0.value] }
        headers = request.headers.fields.map { [$0.name, $0.value] }
        bodyCount = request.body.count
        bodySum = request.body.reduce(0) { $0 + Int($1) }
        name = request.pathParameters["name"]
        connectionID = request.pathParameters["connection_id"]
        requestID = request.requestID
        remote = request.remoteAddress
    }

    init(_ result: CurlResult) throws {
        self = try JSONDecoder().decode(Echo.self, from: result.body)
    }
}
