import Foundation
import HTTPServer
import TestSupport
import Testing

/// Body, header, connection and idle limits over real HTTP, and bad input on raw sockets.
@Suite struct LimitTests {
    /// A file of `count` bytes in `directory`.
    private func file(_ directory: TemporaryDirectory, _ count: Int) -> String {
        let path = directory.path + "/body-\(count)"
        _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x61, count: count))
        return path
    }

    @Test(arguments: allThreadings)
    func tenMegabytesToAHookIsRefusedQuicklyBeforeTheBodyIsRead(threading: MHDServer.Threading) async throws {
        let server = try TestServer(threading: threading)
        let directory = try TemporaryDirectory()
        let big = file(directory, 10_000_000)
        let result = try await curl(["--data-binary", "@" + big, server.url("/hooks/1")])
        #expect(result.status == 413)
        #expect((result.json["message"] as? String)?.contains("5242880 bytes") == true)
        #expect(result.header("x-request-id")?.isEmpty == false)
        // Answered before the body was read: curl waits for `100 Continue`, gets the 413 instead, sends nothing.
        // (Had the server not answered, curl would send the body after waiting a second for `100 Continue`.)
        #expect(result.uploaded >= 0 && result.uploaded < 1_000_000)
        #expect(try await server.isHealthy())
        #expect(server.log.recorded.contains { $0.contains("answered by the server") && $0.contains("status=413") })
        #expect(await waitUntil(timeout: .seconds(20)) { server.server.openRequestCount == 0 })
        await server.server.shutdown(grace: .zero)
    }

    @Test func limitsDependOnThePathPrefix() async throws {
        let server = try TestServer()
        let directory = try TemporaryDirectory()
        let twoMiB = file(directory, 2 << 20)
        let admin = try await curl(["--data-binary", "@" + twoMiB, server.url("/v2/upload")])
        #expect(admin.status == 413)
        let hook = try await curl(["--data-binary", "@" + twoMiB, server.url("/hooks/9")])
        #expect(hook.status == 200)
        #expect(try Echo(hook).bodyCount == 2 << 20)
        #expect(try Echo(hook).connectionID == "9")
        let exact = try await curl(["--data-binary", "@" + file(directory, 1 << 20), server.url("/v2/upload")])
        #expect(exact.status == 200)
        await server.server.shutdown(grace: .zero)
    }

    @Test(arguments: allThreadings)
    func chunkedBodyOverTheLimitIs413(threading: MHDServer.Threading) async throws {
        let server = try TestServer(threading: threading, limits: ServerLimits(maximumBodyBytes: 100_000))
        let directory = try TemporaryDirectory()
        let chunked = ["-H", "Transfer-Encoding: chunked", "--data-binary"]
        let over = try await curl(chunked + ["@" + file(directory, 150_000), server.url("/v2/upload")])
        #expect(over.status == 413)
        #expect(over.header("content-type") == "application/json")
        let under = try await curl(chunked + ["@" + file(directory, 90_000), server.url("/v2/upload")])
        #expect(under.status == 200)
        #expect(try Echo(under).bodyCount == 90_000)
        // Far past the limit, the server stops reading and closes the connection.
        let endless = try await curl(chunked + ["@" + file(directory, 5_000_000), server.url("/v2/upload")])
        #expect(endless.status == 413 || endless.exitCode != 0)
        #expect(endless.status != 200)
        #expect(try await server.isHealthy())
        #expect(await waitUntil(timeout: .seconds(20)) { server.server.openRequestCount == 0 })
        await server.server.shutdown(grace: .zero)
    }

    @Test func oversizedHeaderIsRefusedByLibmicrohttpd() async throws {
        let server = try TestServer()
        let big = String(repeating: "x", count: 64 << 10)
        let result = try await curl(["-H", "X-Big: \(big)", server.url("/echo/x")])
        #expect(result.status == 431)
        #expect(try await server.isHealthy())
        #expect(await waitUntil(timeout: .seconds(20)) { server.server.openRequestCount == 0 })
        await server.server.shutdown(grace: .zero)
    }

    /// A malformed request, named for the test log.
    struct Malformed: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var text: String
        /// The status line libmicrohttpd answers with, or nil when it closes the connection without a word.
        var answer: String?
    }

    @Test(arguments: [
        Malformed(testDescription: "no method, path or version", text: "GARBAGE\r\n\r\n", answer: nil),
        Malformed(
            testDescription: "HTTP/9.9", text: "GET /echo/x HTTP/9.9\r\nHost: a\r\n\r\n",
            answer: "HTTP/1.1 505 HTTP Version Not Supported"),
        Malformed(
            testDescription: "header without a colon", text: "GET /echo/x HTTP/1.1\r\nNo colon here\r\n\r\n",
            answer: "HTTP/1.1 400 Bad Request"),
        Malformed(
            testDescription: "Content-Length: banana",
            text: "POST /v2/upload HTTP/1.1\r\nHost: a\r\nContent-Length: banana\r\n\r\n",
            answer: "HTTP/1.1 400 Bad Request"),
        Malformed(testDescription: "control bytes", text: "\u{1}\u{2}\u{3}\r\n\r\n", answer: nil),
    ])
    func malformedRequestIsRefusedAndTheServerKeepsServing(request: Malformed) async throws {
        let server = try TestServer()
        let connection = try RawConnection(port: server.server.port)
        let answer = await offPool {
            connection.send(request.text)
            return connection.readToEnd()
        }
        #expect(answer.closed, "the connection should be closed after a malformed request")
        if let expected = request.answer {
            #expect(answer.text.hasPrefix(expected + "\r\n"))
        } else {
            #expect(answer.text.isEmpty)
        }
        #expect(try await server.isHealthy())
        await server.server.shutdown(grace: .zero)
    }

    @Test(arguments: allThreadings)
    func connectionsBeyondTheLimitAreRefusedOrWait(threading: MHDServer.Threading) async throws {
        let server = try TestServer(threading: threading, limits: ServerLimits(maximumConnections: 3))
        let port = server.server.port
        var idle = try (0..<3).map { _ in try RawConnection(port: port) }
        // The idle connections count once libmicrohttpd has accepted them: retry until the limit shows.
        var over = try await curl([server.url("/healthz")], maxTime: .seconds(1))
        for _ in 0..<20 where over.status == 200 {
            over = try await curl([server.url("/healthz")], maxTime: .seconds(1))
        }
        #expect(over.status == 0)
        switch threading {
        case .threadPerConnection:
            // Accepted and closed at once: curl sees the connection reset, or an empty reply.
            #expect([52, 56].contains(over.exitCode))
        case .suspendResume:
            // Not accepted: the connection waits in the listen backlog until curl gives up.
            #expect(over.exitCode == 28)
        }
        // A connection within the limit is still served.
        let answer = await offPool { [idle] in
            idle[0].send("GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            return idle[0].readToEnd()
        }
        #expect(answer.text.hasPrefix("HTTP/1.1 200"))
        if case .suspendResume = threading {
            // A waiting connection is served as soon as a slot frees up.
            async let waiting = curl([server.url("/healthz")], maxTime: .seconds(5))
            try await Task.sleep(for: .milliseconds(300))
            idle.removeAll()
            #expect(try await waiting.status == 200)
        }
        idle.removeAll()
        #expect(await waitUntil(timeout: .seconds(20)) { (try? await server.isHealthy()) == true })
        await server.server.shutdown(grace: .zero)
    }

    @Test func idleConnectionsAreClosedAfterTheIdleTimeout() async throws {
        let server = try TestServer(limits: ServerLimits(idleTimeout: .seconds(1)))
        // Generous bounds for a loaded machine, still far below the 60-second default the limit replaces.
        let connection = try RawConnection(port: server.server.port, timeout: .seconds(40))
        let started = ContinuousClock.now
        let answer = await offPool { connection.readToEnd() }
        #expect(answer.closed)
        #expect(answer.text.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(30))
        await server.server.shutdown(grace: .zero)
    }

    @Test(arguments: allThreadings)
    func abandonedUploadsAndDisconnectsLeaveNothingBehind(threading: MHDServer.Threading) async throws {
        let server = try TestServer(threading: threading) { router in
            router.post("/slow") { _ in
                try? await Task.sleep(for: .milliseconds(300))
                return .text("done")
            }
        }
        let port = server.server.port
        await offPool {
            // An upload cut short, twice over.
            for _ in 0..<2 {
                let upload = try? RawConnection(port: port)
                upload?.send(
                    "POST /hooks/1 HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n"
                        + String(repeating: "a", count: 5000))
            }
            // A client that leaves while its handler runs.
            let leaving = try? RawConnection(port: port)
            leaving?.send("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi")
        }
        // libmicrohttpd notices the closed connections on its next poll; a starved machine may take a while.
        #expect(await waitUntil(timeout: .seconds(15)) { server.server.openRequestCount == 0 })
        #expect(try await server.isHealthy())
        await server.server.shutdown(grace: .zero)
    }
}
