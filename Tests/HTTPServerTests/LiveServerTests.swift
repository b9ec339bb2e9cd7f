import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// Real HTTP over 127.0.0.1 with curl: routing, parsing, request ids, the access log.
@Suite struct LiveServerTests {
    @Test(arguments: allThreadings)
    func routesWithParametersQueryAndHeaders(threading: MHDServer.Threading) async throws {
        let server = try TestServer(threading: threading)
        let result = try await curl([
            "-H", "X-Multi: a", "-H", "x-multi: b", "-H", "X-Case: Value",
            server.url("/echo/a%2Fb%20c?b=2&a=1&b=3&flag&sp=x%20y&plus=x+y"),
        ])
        #expect(result.status == 200)
        let echo = try Echo(result)
        #expect(echo.method == "GET")
        #expect(echo.name == "a/b c")
        #expect(echo.rawPath == "/echo/a%2Fb%20c")
        #expect(echo.path == "/echo/a/b c")
        #expect(echo.query == [["b", "2"], ["a", "1"], ["b", "3"], ["flag", ""], ["sp", "x y"], ["plus", "x y"]])
        let headers = HTTPHeaders(echo.headers.map { ($0[0], $0[1]) })
        #expect(headers.values(for: "X-MULTI") == ["a", "b"])
        #expect(headers["x-case"] == "Value")
        #expect(echo.remote == "127.0.0.1")
        await server.server.shutdown(grace: .zero)
    }

    @Test func literalPrecedenceOverHTTP() async throws {
        let server = try TestServer { router in
            router.get("/v2/integrations/{id}/releases/default") { _ in .text("default") }
            router.get("/v2/integrations/{id}/releases/{release_id}") { request in
                .text("release \(request.pathParameters["release_id"]!) of \(request.pathParameters["id"]!)")
            }
        }
        #expect(try await curl([server.url("/v2/integrations/3/releases/default")]).bodyText == "default")
        #expect(try await curl([server.url("/v2/integrations/3/releases/9")]).bodyText == "release 9 of 3")
        await server.server.shutdown(grace: .zero)
    }

    @Test func unknownPathAndWrongMethodOverHTTP() async throws {
        let server = try TestServer()
        let missing = try await curl([server.url("/nothing?token=x")])
        #expect(missing.status == 404)
        #expect(missing.header("content-type") == "application/json")
        #expect((missing.json["message"] as? String)?.contains("/nothing") == true)
        let wrong = try await curl(["-X", "DELETE", server.url("/echo/x")])
        #expect(wrong.status == 405)
        #expect(wrong.header("allow") == "GET, HEAD, POST, PUT")
        await server.server.shutdown(grace: .zero)
    }

    @Test func postBodyArrivesWhole() async throws {
        let server = try TestServer()
        let directory = try TemporaryDirectory()
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        _ = FileManager.default.createFile(atPath: directory.path + "/body", contents: Data(bytes))
        for extra in [[String](), ["-H", "Transfer-Encoding: chunked"]] {
            let result = try await curl(
                extra + ["--data-binary", "@" + directory.path + "/body", server.url("/v2/upload")])
            #expect(result.status == 200)
            let echo = try Echo(result)
            #expect(echo.bodyCount == bytes.count)
            #expect(echo.bodySum == bytes.reduce(0) { $0 + Int($1) })
        }
        await server.server.shutdown(grace: .zero)
    }

    @Test func requestIDIsGeneratedOrEchoed() async throws {
        let server = try TestServer()
        let given = try await curl(["-H", "X-Request-Id: client-7", server.url("/echo/x")])
        #expect(given.header("x-request-id") == "client-7")
        #expect(try Echo(given).requestID == "client-7")
        let generated = try await curl([server.url("/echo/x")])
        let id = try #require(generated.header("x-request-id"))
        #expect(id.count == 16)
        #expect(try Echo(generated).requestID == id)
        let insane = try await curl(["-H", "X-Request-Id: a b", server.url("/echo/x")])
        #expect(insane.header("x-request-id") != "a b")
        await server.server.shutdown(grace: .zero)
    }

    @Test func accessLogLineOmitsTheQueryString() async throws {
        let server = try TestServer()
        let result = try await curl(["-H", "X-Request-Id: log-1", server.url("/echo/x?token=s3cr3t")])
        #expect(result.status == 200)
        await server.server.shutdown(grace: .zero)
        let line = try #require(
            server.log.recorded.first { $0.contains("request_id=log-1") && $0.contains("http request") })
        #expect(line.contains("path=/echo/x "))
        #expect(line.contains("status=200"))
        #expect(line.contains("remote=127.0.0.1"))
        #expect(!line.contains("s3cr3t"))
        #expect(!server.log.recorded.contains { $0.contains("s3cr3t") })
    }

    @Test func handlerErrorsOverHTTP() async throws {
        struct Secret: Error, CustomStringConvertible { var description: String { "db password is hunter2" } }
        let server = try TestServer { router in
            router.get("/boom") { _ in throw Secret() }
            router.get("/teapot") { _ in
                throw HTTPError(HTTPStatus(code: 418, reasonPhrase: "I'm a teapot"), "short and stout")
            }
        }
        let boom = try await curl(["-H", "X-Request-Id: boom-1", server.url("/boom")])
        #expect(boom.status == 500)
        #expect(boom.bodyText == #"{"message":"internal error (request id boom-1)"}"#)
        let teapot = try await curl([server.url("/teapot")])
        #expect(teapot.status == 418)
        #expect(teapot.json["message"] as? String == "short and stout")
        await server.server.shutdown(grace: .zero)
        #expect(server.log.recorded.contains { $0.contains("handler failed") && $0.contains("hunter2") })
    }

    @Test func listensOnEveryInterface() async throws {
        let server = try MHDServer(
            responder: ClosureResponder { request in .text(request.remoteAddress) },
            configuration: .init(host: "0.0.0.0"))
        let result = try await curl(["http://127.0.0.1:\(server.port)/"])
        #expect(result.status == 200)
        #expect(result.bodyText == "127.0.0.1")
        await server.shutdown(grace: .zero)
    }

    @Test func portZeroPicksAFreePortAndATakenPortIsReported() async throws {
        let server = try TestServer()
        #expect(server.server.port > 0)
        #expect(try await server.isHealthy())
        let clash = #expect(throws: HTTPServerError.self) {
            try MHDServer(responder: ClosureResponder { _ in .empty() }, configuration: .init(port: server.server.port))
        }
        #expect(clash?.code == .cannotListen)
        #expect(clash?.message.contains("127.0.0.1:\(server.server.port)") == true)
        #expect(clash?.message.contains("in use") == true)
        let bad = #expect(throws: HTTPServerError.self) {
            try MHDServer(responder: ClosureResponder { _ in .empty() }, configuration: .init(host: "localhost"))
        }
        #expect(bad?.code == .invalidAddress)
        await server.server.shutdown(grace: .zero)
    }
}

/// One burst of 200 connections at a time: several at once would measure the machine, not the server.
@Suite(.serialized) struct ConcurrencyTests {
    @Test(arguments: [MHDServer.Threading.threadPerConnection, .default])
    func manyConcurrentRequestsAreAllAnswered(threading: MHDServer.Threading) async throws {
        let running = Mutex((now: 0, most: 0))
        let server = try TestServer(threading: threading) { router in
            router.get("/slow/{n}") { request in
                running.withLock {
                    $0.now += 1
                    $0.most = max($0.most, $0.now)
                }
                try await Task.sleep(for: .milliseconds(200))
                running.withLock { $0.now -= 1 }
                return .text("n=\(request.pathParameters["n"]!)")
            }
        }
        let directory = try TemporaryDirectory()
        let started = ContinuousClock.now
        // One curl, 200 transfers on 200 connections at once; each answer goes to its own file.
        let out = try await runToEnd(
            [
                "curl", "-sS", "--max-time", "20", "--parallel", "--parallel-immediate", "--parallel-max", "200",
                "-o", directory.path + "/#1", "-w", "%{http_code}\\n", server.url("/slow/[1-200]"),
            ], logPrefix: directory.path + "/curl", timeout: .seconds(30))
        let elapsed = ContinuousClock.now - started
        #expect(out.split(separator: "\n") == Array(repeating: "200", count: 200))
        for n in 1...200 {
            let body = try? String(contentsOfFile: directory.path + "/\(n)", encoding: .utf8)
            #expect(body == "n=\(n)")
        }
        // Handlers overlapped (one at a time, 200 of them would take 40 s).
        #expect(running.withLock { $0.most } >= 20)
        #expect(elapsed < .seconds(30))
        #expect(await waitUntil(timeout: .seconds(20)) { server.server.openRequestCount == 0 })
        await server.server.shutdown(grace: .zero)
    }
}
