/// What one ``MHDServer`` accepts: body and header sizes, connections, and how long things may take.
///
/// ```swift
/// var limits = ServerLimits()
/// limits.bodyBytesByPathPrefix["/v2/artifacts/"] = 64 << 20
/// limits.requestTimeout = .seconds(10)
/// ```
package struct ServerLimits: Sendable, Equatable {
    /// The largest body accepted on a path no prefix of ``bodyBytesByPathPrefix`` matches (1 MiB).
    ///
    /// A body over its limit is answered 413 `{"message": ...}` and never reaches the responder. With a
    /// `Content-Length` over the limit the answer comes before any of the body is read (no `100 Continue`), and
    /// the connection is closed after it. A chunked body is counted as it arrives: past the limit the server
    /// stops keeping it, reads and drops the rest (at most as many bytes again as the limit, and at least
    /// 64 KiB), then answers 413; a sender that goes on past that has its connection closed without an answer.
    package var maximumBodyBytes: Int
    /// Body limits by path prefix (on the raw, percent-encoded path); the longest matching prefix wins.
    /// Holds `/hooks/` at 5 MiB by default: providers send large push payloads.
    package var bodyBytesByPathPrefix: [String: Int]
    /// libmicrohttpd's per-connection memory (`MHD_OPTION_CONNECTION_MEMORY_LIMIT`, 32 KiB), which holds
    /// the request line, every header and the read buffer, so the header block a client can send is somewhat
    /// less than this. When the request line and headers do not fit, libmicrohttpd answers by itself — 431
    /// `Request Header Fields Too Large` (or 414 for an over-long request line) with its own small HTML
    /// body — and closes the connection; such requests never reach the responder or the access log.
    package var maximumHeaderBytes: Int
    /// The most connections open at once (`MHD_OPTION_CONNECTION_LIMIT`, 512). What happens beyond it depends
    /// on the threading: with ``MHDServer/Threading/threadPerConnection`` (where each connection is also a
    /// thread) a connection over the limit is accepted and closed at once, without an answer; with
    /// ``MHDServer/Threading/suspendResume(pollingThreads:)`` libmicrohttpd stops accepting, so new connections
    /// wait in the kernel's listen backlog and are served as soon as a connection closes (or their client gives
    /// up).
    package var maximumConnections: Int
    /// How long a connection may sit idle (no byte either way) before libmicrohttpd closes it
    /// (`MHD_OPTION_CONNECTION_TIMEOUT`, 60 s; whole seconds, rounded up; zero means never). A request
    /// whose handler is running is not idle.
    package var idleTimeout: Duration
    /// How long the responder may take to answer one request, counted from the moment the request is fully
    /// received (30 s). Past it the client gets 503 `{"message": ...}` and the handler's task is cancelled;
    /// whatever the handler returns afterwards is dropped.
    package var requestTimeout: Duration

    /// The defaults, or the values given.
    package init(
        maximumBodyBytes: Int = 1 << 20, bodyBytesByPathPrefix: [String: Int] = ["/hooks/": 5 << 20],
        maximumHeaderBytes: Int = 32 << 10, maximumConnections: Int = 512, idleTimeout: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(30)
    ) {
        self.maximumBodyBytes = maximumBodyBytes
        self.bodyBytesByPathPrefix = bodyBytesByPathPrefix
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
    }

    /// The body limit for a request to `rawPath`.
    package func maximumBodyBytes(forPath rawPath: String) -> Int {
        var best: (prefix: Int, limit: Int)?
        for (prefix, limit) in bodyBytesByPathPrefix where rawPath.hasPrefix(prefix) {
            if best == nil || prefix.utf8.count > best!.prefix { best = (prefix.utf8.count, limit) }
        }
        return best?.limit ?? maximumBodyBytes
    }

    /// How many bytes past the limit a chunked body is read and dropped before the connection is closed.
    func drainAllowance(forLimit limit: Int) -> Int { max(limit, 64 << 10) }
}
