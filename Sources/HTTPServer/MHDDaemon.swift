internal import CMicroHTTPDShims
import Glibc
import Synchronization

/// Owns the `MHD_Daemon*`: starts it, quiesces it, stops it (at the latest in `deinit`).
///
/// It keeps the ``ServerCore`` alive for as long as the daemon runs: libmicrohttpd's callbacks receive the core
/// through `Unmanaged.passUnretained`, which is safe only because the daemon is stopped — and its threads
/// joined — before this owner lets go of the core.
final class MHDDaemon: Sendable {
    private let handle: Mutex<OpaquePointer?>
    private let core: ServerCore
    /// The port the daemon listens on.
    let port: Int

    init(core: ServerCore, host: String, port: Int) throws(HTTPServerError) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw HTTPServerError(
                .invalidAddress,
                "cannot listen on `\(host)`: give an IPv4 address such as 127.0.0.1 (this machine only) or 0.0.0.0 "
                    + "(every interface); host names and IPv6 are not supported")
        }
        let limits = core.limits
        // poll(), not epoll: with libmicrohttpd 0.9.75's epoll, a client that closes its connection in the middle
        // of an upload is not noticed until the idle timeout, so the request's context outlives the client
        // (reproduced by LimitTests.abandonedUploadsAndDisconnectsLeaveNothingBehind under load). poll() sees it.
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_POLL.rawValue | MHD_USE_ERROR_LOG.rawValue
        var poolSize: UInt32 = 0
        switch core.threading {
        case .threadPerConnection:
            flags |= MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_ITC.rawValue
        case .suspendResume(let pollingThreads):
            flags |= MHD_ALLOW_SUSPEND_RESUME.rawValue
            poolSize = UInt32(clamping: pollingThreads)
        }
        let idleSeconds = limits.idleTimeout.components
        let idle = UInt32(clamping: idleSeconds.seconds + (idleSeconds.attoseconds > 0 ? 1 : 0))

        core.beginCollectingLibraryMessages()
        errno = 0
        let started = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                cmhd_start_daemon(
                    flags, socketAddress, mhdAccessHandler, mhdRequestCompleted, mhdURILogger, mhdErrorLogger,
                    Unmanaged.passUnretained(core).toOpaque(), UInt32(clamping: limits.maximumConnections), idle,
                    limits.maximumHeaderBytes, poolSize)
            }
        }
        let reason = errno == 0 ? "" : String(cString: strerror(errno))
        let messages = core.endCollectingLibraryMessages()
        guard let started else {
            let detail = ([reason] + messages).filter { !$0.isEmpty }.joined(separator: "; ")
            throw HTTPServerError(
                .cannotListen,
                "cannot listen on \(host):\(port)" + (detail.isEmpty ? "" : " (\(detail))")
                    + ": pick a free port (0 lets the system choose), or one this user may bind")
        }
        self.port = Int(cmhd_daemon_bound_port(started))
        self.core = core
        self.handle = Mutex(started)
    }

    deinit { stop() }

    /// Stops accepting connections: the listening socket is closed, so new connections are refused, while
    /// open connections go on being served.
    func quiesce() {
        handle.withLock { handle in
            guard let handle else { return }
            let listener = MHD_quiesce_daemon(handle)
            if listener >= 0 { close(listener) }
        }
    }

    /// Stops the daemon: closes every connection and joins libmicrohttpd's threads. Blocks; idempotent.
    /// In suspend/resume mode every suspended connection must have been resumed first (libmicrohttpd aborts
    /// the process otherwise); ``ServerCore/answerAllInFlight(_:)`` does that.
    func stop() {
        // Taken out of the lock: stopping joins threads, which must not wait on anything held here.
        guard
            let daemon = handle.withLock({ handle -> OpaquePointer? in
                defer { handle = nil }
                return handle
            })
        else { return }
        MHD_stop_daemon(daemon)
    }
}
