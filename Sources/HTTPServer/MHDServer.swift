package import Core
import Foundation
import Synchronization

/// An HTTP/1.1 server on libmicrohttpd that hands every request to an ``HTTPResponder``.
///
/// ```swift
/// var router = Router(logger: log)
/// router.post("/hooks/{connection_id}") { request in
///     try await intake.receive(connection: request.pathParameters["connection_id"]!, body: request.body)
///     return .empty(status: .accepted)
/// }
/// let app = router.wrapped(in: [RequestIDMiddleware(), AccessLogMiddleware(logger: log)])
/// let server = try MHDServer(responder: app, configuration: .init(host: "0.0.0.0", port: 8080), logger: log)
/// log.info("listening", [("port", String(server.port))])
/// // ... on SIGTERM:
/// await server.shutdown(grace: .seconds(10))
/// ```
///
/// The server starts in `init` and listens until ``shutdown(grace:)``; ``port`` is the bound port (useful with
/// port 0). A server released without `shutdown(grace:)` answers its requests in progress 503 and stops in the
/// background, moments later. It answers by itself, never calling the responder: 413 for a body over its limit, 503 when the
/// responder takes longer than ``ServerLimits/requestTimeout`` or the server is shutting down (all
/// `{"message": ...}` with `X-Request-Id`, logged with the access log's fields); libmicrohttpd itself answers
/// malformed requests (400, or the connection is closed) and oversized headers (431). See ``ServerLimits``.
///
/// Each request gets an id before the responder runs: a sane incoming `X-Request-Id` or a new one.
package final class MHDServer: Sendable {
    /// How requests meet threads. Either way the responder runs in a Swift task and no thread of the
    /// cooperative pool ever blocks.
    package enum Threading: Sendable, Equatable {
        /// libmicrohttpd runs one thread per connection (`MHD_USE_THREAD_PER_CONNECTION`); while the responder
        /// runs, that thread waits on a semaphore. Simple, and a slow request holds only its own thread; costs a
        /// thread (and its stack) per open connection.
        case threadPerConnection
        /// `pollingThreads` threads (epoll) serve every connection (`MHD_ALLOW_SUSPEND_RESUME`): a connection is
        /// suspended while the responder runs and resumed by whoever answers. No thread per connection.
        case suspendResume(pollingThreads: Int)

        /// What the server uses unless told otherwise: two polling threads (one per core of the machines Slipway
        /// targets), the fastest of the models measured; see the module's README for the figures.
        package static let `default` = Threading.suspendResume(pollingThreads: 2)
    }

    /// Where and how to listen.
    package struct Configuration: Sendable {
        /// An IPv4 address: `127.0.0.1` (this machine only) or `0.0.0.0` (every interface).
        package var host: String
        /// The TCP port; 0 lets the system choose one (read it back from ``MHDServer/port``).
        package var port: Int
        /// Body, header, connection and time limits.
        package var limits: ServerLimits
        /// How requests meet threads.
        package var threading: Threading

        /// A configuration; the defaults listen on a free loopback port.
        package init(
            host: String = "127.0.0.1", port: Int = 0, limits: ServerLimits = ServerLimits(),
            threading: Threading = .default
        ) {
            self.host = host
            self.port = port
            self.limits = limits
            self.threading = threading
        }
    }

    private let core: ServerCore
    private let daemon: MHDDaemon
    private let logger: Logger
    private let shutdownTask = Mutex<Task<Void, Never>?>(nil)
    private let isStopped = Atomic<Bool>(false)

    /// The port listened on (the one the system chose when the configuration said 0).
    package var port: Int { daemon.port }

    /// Starts listening. Throws ``HTTPServerError`` when the address is not an IPv4 address, a limit is out of
    /// range, or the port cannot be bound.
    package init(
        responder: any HTTPResponder, configuration: Configuration = Configuration(), logger: Logger = .disabled
    ) throws {
        try Self.validate(configuration)
        let core = ServerCore(
            responder: responder, limits: configuration.limits, threading: configuration.threading, logger: logger)
        do {
            daemon = try MHDDaemon(core: core, host: configuration.host, port: configuration.port)
        } catch {
            core.stopWatching()
            throw error
        }
        self.core = core
        self.logger = logger
        logger.info("http server listening", [("address", "\(configuration.host):\(daemon.port)")])
    }

    deinit {
        guard !isStopped.load(ordering: .acquiring) else { return }
        // Released without shutdown(grace:): requests in progress are answered 503 now, and the daemon stops on a
        // thread of its own, since stopping blocks and the last reference may well go on the cooperative pool.
        _ = core.answerAllInFlight()
        let (daemon, core) = (daemon, core)
        let thread = Thread {
            daemon.stop()
            core.stopWatching()
        }
        thread.name = "slipway-http-stop"
        thread.start()
    }

    /// Requests received (request line in) that libmicrohttpd has not finished with yet: being read, handled,
    /// or sent. Falls back to 0 once every connection is done; a diagnostic for tests and metrics.
    package var openRequestCount: Int { core.openRequestCount }

    /// Stops the server, letting requests in progress finish for up to `grace`.
    ///
    /// At once: the listening socket is closed, so new connections are refused, and every answer from then on
    /// carries `Connection: close`. Requests already received — and new requests on connections already open
    /// — are still served until they are all done or `grace` runs out. At the deadline, requests whose handler
    /// still runs are answered 503 `{"message": ...}` and their tasks cancelled (whatever the handler returns
    /// later is dropped) and libmicrohttpd gets up to two more seconds to send those answers; then the daemon
    /// stops and closes every connection, cutting off requests still being received (their clients see the
    /// connection close). Idempotent: later and concurrent calls wait for the first one to finish.
    package func shutdown(grace: Duration = .seconds(10)) async {
        let task = shutdownTask.withLock { task in
            if let task { return task }
            let created = Task { await self.stop(grace: grace) }
            task = created
            return created
        }
        await task.value
    }

    private func stop(grace: Duration) async {
        let deadline = ContinuousClock.now + grace
        core.beginDraining()
        daemon.quiesce()
        logger.info(
            "http server shutting down", [("grace", grace.readable), ("open_requests", String(openRequestCount))])
        await waitForOpenRequests(until: deadline)
        let abandoned = core.answerAllInFlight()
        if !abandoned.isEmpty {
            logger.warning(
                "http server cut requests short at the end of the grace period", [("requests", String(abandoned.count))]
            )
            // Let libmicrohttpd send those 503s before it closes the connections.
            let flushed = ContinuousClock.now + .seconds(2)
            while !abandoned.allSatisfy({ $0.isFinished.load(ordering: .acquiring) }) && ContinuousClock.now < flushed {
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        let daemon = daemon
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // MHD_stop_daemon joins libmicrohttpd's threads: a thread of its own, not one of the cooperative pool.
            let thread = Thread {
                daemon.stop()
                continuation.resume()
            }
            thread.name = "slipway-http-stop"
            thread.start()
        }
        core.stopWatching()
        isStopped.store(true, ordering: .releasing)
        logger.info("http server stopped")
    }

    private func waitForOpenRequests(until deadline: ContinuousClock.Instant) async {
        while openRequestCount > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    private static func validate(_ configuration: Configuration) throws(HTTPServerError) {
        let limits = configuration.limits
        var problems: [String] = []
        if !(0...65535).contains(configuration.port) { problems.append("port must be 0...65535") }
        if limits.maximumHeaderBytes < 4096 { problems.append("maximumHeaderBytes must be at least 4096") }
        if limits.maximumConnections < 1 { problems.append("maximumConnections must be at least 1") }
        if limits.maximumBodyBytes < 0 || limits.bodyBytesByPathPrefix.values.contains(where: { $0 < 0 }) {
            problems.append("body limits cannot be negative")
        }
        if limits.requestTimeout <= .zero { problems.append("requestTimeout must be positive") }
        if limits.idleTimeout < .zero { problems.append("idleTimeout cannot be negative") }
        if case .suspendResume(let threads) = configuration.threading, !(1...64).contains(threads) {
            problems.append("pollingThreads must be 1...64")
        }
        guard problems.isEmpty else {
            throw HTTPServerError(
                .invalidLimits, "invalid HTTP server configuration: " + problems.joined(separator: "; "))
        }
    }
}
