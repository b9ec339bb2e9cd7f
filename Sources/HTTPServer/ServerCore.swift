internal import CMicroHTTPDShims
import Core
import Dispatch
import Synchronization

/// What libmicrohttpd's callbacks drive: body limits, handing requests to the responder, answering on time,
/// and the server's state while it shuts down.
///
/// A request goes: request line (``opened(rawURI:remoteAddress:)``) → headers (413 at once when
/// `Content-Length` is over the limit) → body chunks (counted against the limit) → dispatch: the responder runs
/// in a task of its own, registered in ``InFlightRequests`` with its deadline → one answer wins (the handler's,
/// the timeout's or the shutdown's) → libmicrohttpd sends it → ``closed(_:completedNormally:)``.
///
/// While the task runs, the connection either waits on its own thread (thread per connection) or is suspended
/// and resumed by whoever answers (suspend/resume). Either way no thread of Swift's cooperative pool blocks.
final class ServerCore: Sendable {
    let responder: any HTTPResponder
    let limits: ServerLimits
    let threading: MHDServer.Threading
    let logger: Logger
    let inFlight = InFlightRequests()

    private enum Phase: Int {
        /// Normal service.
        case serving
        /// Shutting down within the grace period: requests are still served, every answer closes its connection.
        case draining
        /// Past the grace period: every request is answered 503 at once.
        case closed
    }

    private let phase = Atomic<Int>(Phase.serving.rawValue)
    private let openRequests = Atomic<Int>(0)
    /// libmicrohttpd's messages while the daemon starts, for the start error; nil once it runs.
    private let startupMessages = Mutex<[String]?>(nil)

    init(responder: any HTTPResponder, limits: ServerLimits, threading: MHDServer.Threading, logger: Logger) {
        self.responder = responder
        self.limits = limits
        self.threading = threading
        self.logger = logger
        inFlight.startWatching(name: "slipway-http-deadlines") { [self] context in
            let seconds = limits.requestTimeout.readable
            serverAnswer(
                context, .serviceUnavailable,
                "the request took longer than \(seconds) and was abandoned; retry it, and report it if it keeps happening"
            )
        }
    }

    /// Requests whose request line has arrived and that libmicrohttpd has not yet finished with.
    var openRequestCount: Int { openRequests.load(ordering: .relaxed) }

    // MARK: - libmicrohttpd's callbacks

    func opened(rawURI: String, remoteAddress: String) -> RequestContext {
        openRequests.add(1, ordering: .relaxed)
        return RequestContext(
            rawURI: rawURI, remoteAddress: remoteAddress, waitsOnThread: threading == .threadPerConnection)
    }

    func closed(_ context: RequestContext, completedNormally: Bool) {
        openRequests.subtract(1, ordering: .relaxed)
        context.isFinished.store(true, ordering: .releasing)
        if !completedNormally, let request = context.request {
            logger.debug("connection ended before the request was answered", [("request_id", request.requestID)])
        }
    }

    /// One call of the access handler; false closes the connection.
    func handle(
        _ context: RequestContext, connection: OpaquePointer, url: UnsafePointer<CChar>?,
        method: UnsafePointer<CChar>?, upload: UnsafeRawBufferPointer?
    ) -> Bool {
        guard let request = context.request else {
            return headersReceived(context, connection, url: url, method: method)
        }
        if let upload, upload.count > 0 { return bodyReceived(context, upload) }
        if context.isDispatched {
            // Suspend/resume: called again once resumed, with the answer ready.
            guard let answer = context.takeAnswer() else { return true }
            return send(answer, on: connection)
        }
        if context.isOversize { return send(tooLarge(context), on: connection) }
        return dispatch(context, request, connection)
    }

    func libraryMessage(_ text: String) {
        let collected = startupMessages.withLock { messages -> Bool in
            guard messages != nil else { return false }
            messages!.append(text)
            return true
        }
        if !collected { logger.info("libmicrohttpd: \(text)") }
    }

    func beginCollectingLibraryMessages() { startupMessages.withLock { $0 = [] } }

    func endCollectingLibraryMessages() -> [String] {
        startupMessages.withLock { messages in
            defer { messages = nil }
            return messages ?? []
        }
    }

    // MARK: - Shutdown

    /// From now on every answer carries `Connection: close`.
    func beginDraining() {
        phase.store(Phase.draining.rawValue, ordering: .relaxed)
    }

    /// Answers every request still being handled with 503 (cancelling its task) and every later one at once;
    /// returns the requests cut short. Afterwards no connection stays suspended.
    func answerAllInFlight() -> [RequestContext] {
        phase.store(Phase.closed.rawValue, ordering: .relaxed)
        let abandoned = inFlight.closeAndTakeAll()
        for context in abandoned {
            serverAnswer(context, .serviceUnavailable, "the server shut down before the request was answered; retry it")
        }
        return abandoned
    }

    func stopWatching() { inFlight.stopWatching() }

    // MARK: - Steps

    private func headersReceived(
        _ context: RequestContext, _ connection: OpaquePointer, url: UnsafePointer<CChar>?,
        method: UnsafePointer<CChar>?
    ) -> Bool {
        let headers = HTTPHeaders(connectionValues(connection, .HEADER_KIND))
        let query = connectionValues(connection, .GET_ARGUMENT_KIND).map { HTTPRequest.QueryItem(name: $0, value: $1) }
        let request = HTTPRequest(
            method: HTTPMethod(rawValue: method.map { String(cString: $0) } ?? ""),
            path: url.map { String(cString: $0) } ?? context.rawPath, rawPath: context.rawPath, queryItems: query,
            headers: headers, remoteAddress: context.remoteAddress,
            requestID: RequestID.choose(from: headers))
        context.request = request
        context.receivedAt = .now
        context.bodyLimit = limits.maximumBodyBytes(forPath: context.rawPath)
        if phase.load(ordering: .relaxed) == Phase.closed.rawValue {
            return send(
                madeByServer(context, .serviceUnavailable, "the server is shutting down; retry in a moment"),
                on: connection)
        }
        if let declared = headers["Content-Length"].flatMap({ Int($0) }) {
            // Answering now, before any of the body is read, makes libmicrohttpd skip `100 Continue` and close
            // the connection after the answer.
            if declared > context.bodyLimit { return send(tooLarge(context), on: connection) }
            context.body.reserveCapacity(declared)
        }
        return true
    }

    private func bodyReceived(_ context: RequestContext, _ bytes: UnsafeRawBufferPointer) -> Bool {
        if context.isOversize {
            context.discardedBytes += bytes.count
            guard context.discardedBytes <= limits.drainAllowance(forLimit: context.bodyLimit) else {
                logger.info(
                    "closed a connection that kept sending an oversized body",
                    [("request_id", context.request?.requestID ?? ""), ("limit", String(context.bodyLimit))])
                return false
            }
            return true
        }
        guard context.body.count + bytes.count <= context.bodyLimit else {
            context.isOversize = true
            context.discardedBytes = context.body.count + bytes.count - context.bodyLimit
            context.body = []
            return true
        }
        context.body.append(contentsOf: bytes)
        return true
    }

    private func dispatch(_ context: RequestContext, _ request: HTTPRequest, _ connection: OpaquePointer) -> Bool {
        var request = request
        request.body = context.body
        context.body = []
        context.isDispatched = true
        switch threading {
        case .threadPerConnection:
            start(context, request)
            // The watcher answers by the deadline; the margin only guards against a bug leaving a thread behind.
            let margin = DispatchTime.now() + (limits.requestTimeout + .seconds(5)).inSeconds
            if context.answered!.wait(timeout: margin) == .timedOut {
                serverAnswer(context, .serviceUnavailable, "the request was not answered in time; retry it")
            }
            guard let answer = context.takeAnswer() else { return false }
            return send(answer, on: connection)
        case .suspendResume:
            // Suspended before anyone can answer, so that every resume follows its suspend.
            context.connection = connection
            MHD_suspend_connection(connection)
            start(context, request)
            return true
        }
    }

    private func start(_ context: RequestContext, _ request: HTTPRequest) {
        guard inFlight.register(context, deadline: .now + limits.requestTimeout) else {
            serverAnswer(context, .serviceUnavailable, "the server is shutting down; retry in a moment")
            return
        }
        let task = Task { [self] in
            let response = await responder.respond(to: request)
            if context.answer(response, cancellingHandler: false) {
                inFlight.remove(context)
                wake(context)
            }
        }
        context.attach(task)
    }

    /// Answers in the handler's place (timeout, shutdown), unless the handler answered first.
    private func serverAnswer(_ context: RequestContext, _ status: HTTPStatus, _ message: String) {
        guard context.answer(madeByServer(context, status, message), cancellingHandler: true) else { return }
        inFlight.remove(context)
        wake(context)
    }

    private func wake(_ context: RequestContext) {
        if let answered = context.answered {
            answered.signal()
        } else if let connection = context.connection {
            MHD_resume_connection(connection)
        }
    }

    private func tooLarge(_ context: RequestContext) -> HTTPResponse {
        madeByServer(
            context, .contentTooLarge,
            "the request body is larger than the \(context.bodyLimit) bytes accepted on this path; send a smaller one")
    }

    /// An answer the server makes itself, logged like the access log does, with the request id.
    private func madeByServer(_ context: RequestContext, _ status: HTTPStatus, _ message: String) -> HTTPResponse {
        var response = HTTPResponse.message(message, status: status)
        let request = context.request ?? HTTPRequest(method: "", path: context.rawPath, rawPath: context.rawPath)
        response.headers.set(RequestID.headerName, request.requestID)
        logger.info(
            "http request answered by the server",
            accessLogFields(request: request, status: status, bytes: response.body.count, since: context.receivedAt))
        return response
    }

    private func send(_ response: HTTPResponse, on connection: OpaquePointer) -> Bool {
        var response = response
        if phase.load(ordering: .relaxed) != Phase.serving.rawValue { response.headers.set("Connection", "close") }
        let converted = MHDResponse(response) { field in
            logger.warning("libmicrohttpd refused a response header; it was left out", [("header", field.name)])
        }
        return converted?.queue(on: connection) ?? false
    }
}
