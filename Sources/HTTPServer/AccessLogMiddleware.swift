package import Core

/// Writes one log line per request once it is answered:
/// `http request method=POST path=/hooks/7 status=202 duration_ms=1.4 bytes=17 request_id=… remote=127.0.0.1`.
///
/// The path is ``HTTPRequest/rawPath``, which never includes the query string: queries may carry secrets
/// (tokens in webhook URLs). Put it inside ``RequestIDMiddleware`` so the line has the id. Answers
/// ``MHDServer`` makes itself (413 for oversized bodies, 503 for timeouts and shutdown) never reach the
/// responder; the server logs those with the same fields.
package struct AccessLogMiddleware: HTTPMiddleware {
    private let logger: Logger
    private let level: LogLevel

    /// Logs through `logger` at `level`.
    package init(logger: Logger, level: LogLevel = .info) {
        self.logger = logger
        self.level = level
    }

    /// Answers through `next`, then writes the line.
    package func respond(to request: HTTPRequest, next: any HTTPResponder) async -> HTTPResponse {
        let start = ContinuousClock.now
        let response = await next.respond(to: request)
        logger.log(
            level, "http request",
            accessLogFields(request: request, status: response.status, bytes: response.body.count, since: start))
        return response
    }
}

/// The access log fields, shared with the server's own answers.
func accessLogFields(
    request: HTTPRequest, status: HTTPStatus, bytes: Int, since start: ContinuousClock.Instant
) -> [(String, String)] {
    [
        ("method", request.method.rawValue), ("path", request.rawPath), ("status", String(status.code)),
        ("duration_ms", milliseconds(ContinuousClock.now - start)), ("bytes", String(bytes)),
        ("request_id", request.requestID), ("remote", request.remoteAddress),
    ]
}

/// `1.4`: milliseconds with one decimal.
func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let tenths = seconds * 10_000 + attoseconds / 100_000_000_000_000
    return "\(tenths / 10).\(tenths % 10)"
}
