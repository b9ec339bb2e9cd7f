import Dispatch
import Synchronization

/// One request's state inside ``MHDServer``, from its request line to libmicrohttpd's completed callback.
///
/// libmicrohttpd holds it as the request's context pointer: the URI logger creates it with a +1 retain
/// (`passRetained`) and the completed callback, which libmicrohttpd calls exactly once for every request the
/// URI logger saw (aborted uploads and client disconnects included), gives it back (`takeRetainedValue`).
///
/// `@unchecked Sendable`: the fields above `slot` are touched only from libmicrohttpd's callbacks for this
/// request's connection, which libmicrohttpd never runs concurrently (one thread per connection, or the one
/// polling thread); the answer, which the handler's task, the deadline watcher and shutdown race to give, is
/// behind `slot`'s `Mutex`.
final class RequestContext: @unchecked Sendable {
    let rawPath: String
    let remoteAddress: String

    /// The request as parsed so far: set once the headers are in; the body joins it at dispatch.
    var request: HTTPRequest?
    var bodyLimit = 0
    var body: [UInt8] = []
    var isOversize = false
    var discardedBytes = 0
    var isDispatched = false
    var receivedAt = ContinuousClock.now
    /// Suspend/resume threading: the connection to resume once answered.
    var connection: OpaquePointer?
    /// Thread-per-connection threading: what the connection's thread waits on.
    let answered: DispatchSemaphore?

    private enum Slot {
        case pending(Task<Void, Never>?)
        case answered(HTTPResponse)
        case delivered
    }

    private let slot = Mutex<Slot>(.pending(nil))
    /// Set by the completed callback: libmicrohttpd is done with the request (answer sent, or connection gone).
    let isFinished = Atomic<Bool>(false)

    init(rawURI: String, remoteAddress: String, waitsOnThread: Bool) {
        rawPath = rawURI.firstIndex(of: "?").map { String(rawURI[..<$0]) } ?? rawURI
        self.remoteAddress = remoteAddress
        answered = waitsOnThread ? DispatchSemaphore(value: 0) : nil
    }

    /// Keeps the handler's task, to cancel it if someone else answers first (at once if they already did).
    func attach(_ task: Task<Void, Never>) {
        let isLate = slot.withLock { slot -> Bool in
            guard case .pending = slot else { return true }
            slot = .pending(task)
            return false
        }
        if isLate { task.cancel() }
    }

    /// Gives the answer; true for the first caller only, who must then wake the connection. Cancels the
    /// handler's task when `cancellingHandler` (timeouts and shutdown answer in the handler's place).
    func answer(_ response: HTTPResponse, cancellingHandler: Bool) -> Bool {
        let task = slot.withLock { slot -> Task<Void, Never>?? in
            guard case .pending(let task) = slot else { return .none }
            slot = .answered(response)
            return .some(task)
        }
        guard let task else { return false }
        if cancellingHandler { task?.cancel() }
        return true
    }

    /// The answer, once, for libmicrohttpd to send.
    func takeAnswer() -> HTTPResponse? {
        slot.withLock { slot in
            guard case .answered(let response) = slot else { return nil }
            slot = .delivered
            return response
        }
    }
}
