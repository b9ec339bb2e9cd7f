import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// Request timeouts and graceful shutdown, in both threading models.
@Suite struct ShutdownTests {
    @Test(arguments: allThreadings)
    func handlerPastTheRequestTimeoutGets503AndIsCancelled(threading: MHDServer.Threading) async throws {
        let cancelled = Mutex(false)
        let server = try TestServer(threading: threading, limits: ServerLimits(requestTimeout: .milliseconds(500))) {
            router in
            router.get("/stuck") { _ in
                do {
                    try await Task.sleep(for: .seconds(20))
                } catch {
                    cancelled.withLock { $0 = true }
                }
                return .text("too late")
            }
        }
        let result = try await curl(["-H", "X-Request-Id: slow-1", server.url("/stuck")])
        #expect(result.status == 503)
        #expect((result.json["message"] as? String)?.contains("longer than 0.50s") == true)
        #expect(result.header("x-request-id") == "slow-1")
        #expect(result.elapsed < .seconds(10))
        #expect(await waitUntil(timeout: .seconds(20)) { cancelled.withLock { $0 } })
        #expect(try await server.isHealthy())
        #expect(server.log.recorded.contains { $0.contains("answered by the server") && $0.contains("status=503") })
        await server.server.shutdown(grace: .zero)
    }

    @Test(arguments: allThreadings)
    func shutdownLetsAnInFlightRequestFinishWhileRefusingNewConnections(threading: MHDServer.Threading) async throws {
        // The handler takes at least a second, and goes on until the test has seen new connections refused.
        let gate = Mutex(false)
        let server = try TestServer(threading: threading) { router in
            router.get("/slow") { _ in
                let started = ContinuousClock.now
                while ContinuousClock.now - started < .seconds(1) || !gate.withLock({ $0 }) {
                    try? await Task.sleep(for: .milliseconds(20))
                    if ContinuousClock.now - started > .seconds(15) { break }
                }
                return .text("slow done")
            }
        }
        async let slow = curl([server.url("/slow")], maxTime: .seconds(20))
        #expect(await waitUntil(timeout: .seconds(20)) { server.server.openRequestCount == 1 })
        let started = ContinuousClock.now
        async let stopped: Void = server.server.shutdown(grace: .seconds(20))
        // New connections are refused (curl exit 7) while the slow request is still running.
        var attempts: [String] = []
        var refused = false
        for _ in 0..<40 where !refused {
            let attempt = try await curl([server.url("/healthz")], maxTime: .seconds(1))
            attempts.append("exit \(attempt.exitCode) status \(attempt.status) at \(ContinuousClock.now - started)")
            refused = attempt.exitCode == 7
            if !refused { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(refused, "\(attempts)")
        // A health check answered just before the listener closed may still be finishing on the server.
        #expect(await waitUntil(timeout: .seconds(20)) { server.server.openRequestCount == 1 }, "\(attempts)")
        gate.withLock { $0 = true }
        let answer = try await slow
        #expect(answer.status == 200)
        #expect(answer.bodyText == "slow done")
        #expect(answer.header("connection") == "close")
        await stopped
        // Shutdown ended when the request did, well before the grace period.
        #expect(ContinuousClock.now - started < .seconds(15), "\(attempts)")
        #expect(try await curl([server.url("/healthz")], maxTime: .seconds(1)).exitCode == 7)
    }

    @Test(arguments: allThreadings)
    func requestsStillRunningAtTheDeadlineGet503(threading: MHDServer.Threading) async throws {
        let cancelled = Mutex(false)
        let server = try TestServer(threading: threading) { router in
            router.get("/forever") { _ in
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    cancelled.withLock { $0 = true }
                }
                return .text("never seen")
            }
        }
        async let stuck = curl([server.url("/forever")])
        #expect(await waitUntil(timeout: .seconds(20)) { server.server.openRequestCount == 1 })
        let started = ContinuousClock.now
        await server.server.shutdown(grace: .milliseconds(300))
        // The handler would take 30 s; shutdown takes the grace period and half a second at most, plus whatever
        // a loaded machine adds.
        #expect(ContinuousClock.now - started < .seconds(10))
        let answer = try await stuck
        #expect(answer.status == 503)
        #expect((answer.json["message"] as? String)?.contains("shut down") == true)
        #expect(await waitUntil(timeout: .seconds(20)) { cancelled.withLock { $0 } })
        // Idempotent: a second call returns at once.
        let again = ContinuousClock.now
        await server.server.shutdown(grace: .seconds(10))
        #expect(ContinuousClock.now - again < .seconds(1))
    }

    @Test(arguments: allThreadings)
    func keepAliveConnectionsAreServedAndClosedWhileDraining(threading: MHDServer.Threading) async throws {
        let server = try TestServer(threading: threading) { router in
            router.get("/slow") { _ in
                try? await Task.sleep(for: .milliseconds(600))
                return .text("slow done")
            }
        }
        let port = server.server.port
        let keepAlive = try RawConnection(port: port)
        let first = await offPool {
            keepAlive.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
            return keepAlive.readSome()
        }
        #expect(first.hasPrefix("HTTP/1.1 200"))
        #expect(!first.lowercased().contains("connection: close"))
        async let slow = curl([server.url("/slow")])
        #expect(await waitUntil(timeout: .seconds(20)) { server.server.openRequestCount == 1 })
        async let stopped: Void = server.server.shutdown(grace: .seconds(5))
        try await Task.sleep(for: .milliseconds(100))
        // An already open connection may still send a request; its answer closes the connection.
        let second = await offPool {
            keepAlive.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
            return keepAlive.readToEnd()
        }
        #expect(second.text.hasPrefix("HTTP/1.1 200"))
        #expect(second.text.lowercased().contains("connection: close"))
        #expect(second.closed)
        #expect(try await slow.status == 200)
        await stopped
    }

    @Test(arguments: allThreadings)
    func releasingTheServerWithoutShutdownStopsIt(threading: MHDServer.Threading) async throws {
        let held = Mutex<TestServer?>(try TestServer(threading: threading))
        let (port, healthy) = try await { () async throws -> (Int, Bool) in
            let server = held.withLock { $0! }
            return (server.server.port, try await server.isHealthy())
        }()
        #expect(healthy)
        held.withLock { $0 = nil }
        #expect(
            await waitUntil(timeout: .seconds(20)) {
                (try? await curl(["http://127.0.0.1:\(port)/healthz"], maxTime: .seconds(1)))?.exitCode == 7
            })
    }
}
