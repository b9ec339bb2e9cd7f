import Core
import HTTPServer
import TestSupport
import Testing

@Suite struct MiddlewareTests {
    private let echoID = ClosureResponder { request in .text(request.requestID) }

    @Test func requestIDIsGeneratedWhenMissing() async {
        let response = await echoID.wrapped(in: [RequestIDMiddleware()]).respond(
            to: HTTPRequest(method: .get, target: "/"))
        let id = String(decoding: response.body, as: UTF8.self)
        #expect(id.count == 16)
        #expect(id.allSatisfy { $0.isHexDigit })
        #expect(response.headers["x-request-id"] == id)
    }

    @Test(arguments: ["abc-123", "0af7651916cd43dd8448eb211c80319c", "trace:span@host_1.2"])
    func saneIncomingRequestIDIsKept(incoming: String) async {
        let request = HTTPRequest(method: .get, target: "/", headers: ["x-request-id": incoming])
        let response = await echoID.wrapped(in: [RequestIDMiddleware()]).respond(to: request)
        #expect(String(decoding: response.body, as: UTF8.self) == incoming)
        #expect(response.headers["X-Request-Id"] == incoming)
    }

    @Test(arguments: ["", "has space", "new\nline", "quote\"", String(repeating: "a", count: 129), "ünïcode"])
    func insaneIncomingRequestIDIsReplaced(incoming: String) async {
        let request = HTTPRequest(method: .get, target: "/", headers: ["X-Request-Id": incoming])
        let response = await echoID.wrapped(in: [RequestIDMiddleware()]).respond(to: request)
        let id = String(decoding: response.body, as: UTF8.self)
        #expect(id != incoming)
        #expect(id.count == 16)
    }

    @Test func accessLogLineHasTheFieldsAndNoQueryString() async throws {
        let log = RecordingLogSink()
        let app = ClosureResponder { _ in .text("12345", status: .accepted) }
            .wrapped(in: [RequestIDMiddleware(), AccessLogMiddleware(logger: Logger(sink: log))])
        let request = HTTPRequest(
            method: .post, target: "/hooks/7?token=s3cr3t&x=1", headers: ["X-Request-Id": "rid-1"],
            remoteAddress: "10.1.2.3")
        _ = await app.respond(to: request)
        let line = try #require(log.recorded.first)
        #expect(line.hasPrefix("info http request "))
        for field in ["method=POST", "path=/hooks/7 ", "status=202", "bytes=5", "request_id=rid-1", "remote=10.1.2.3"] {
            #expect(line.contains(field), "missing \(field) in \(line)")
        }
        #expect(line.contains("duration_ms="))
        #expect(!line.contains("s3cr3t"))
        #expect(!line.contains("?"))
    }

    @Test func firstMiddlewareIsOutermost() async {
        func tag(_ name: String) -> ClosureMiddleware {
            ClosureMiddleware { request, next in
                var request = request
                request.headers.add("X-Order", name)
                var response = await next.respond(to: request)
                response.headers.add("X-Order", name)
                return response
            }
        }
        let app = ClosureResponder { request in
            .text(request.headers.values(for: "X-Order").joined(separator: ","))
        }.wrapped(in: [tag("outer"), tag("inner")])
        let response = await app.respond(to: HTTPRequest(method: .get, target: "/"))
        #expect(String(decoding: response.body, as: UTF8.self) == "outer,inner")
        #expect(response.headers.values(for: "X-Order") == ["inner", "outer"])
    }
}
