/// Code that runs around a responder: it may change the request, answer early, or change the answer.
///
/// ```swift
/// let app = router.wrapped(in: [RequestIDMiddleware(), AccessLogMiddleware(logger: log), APIKeyMiddleware(keys)])
/// let server = try MHDServer(responder: app, logger: log)
/// ```
/// The first middleware in the list is the outermost: it sees the request first and the answer last.
package protocol HTTPMiddleware: Sendable {
    /// Answers `request`, usually by calling `next.respond(to:)` with it (or with a changed copy).
    func respond(to request: HTTPRequest, next: any HTTPResponder) async -> HTTPResponse
}

/// Middleware made of a closure.
///
/// ```swift
/// let noStore = ClosureMiddleware { request, next in
///     var response = await next.respond(to: request)
///     response.headers.set("Cache-Control", "no-store")
///     return response
/// }
/// ```
package struct ClosureMiddleware: HTTPMiddleware {
    private let body: @Sendable (HTTPRequest, any HTTPResponder) async -> HTTPResponse

    /// Middleware running `body(request, next)`.
    package init(_ body: @escaping @Sendable (HTTPRequest, any HTTPResponder) async -> HTTPResponse) {
        self.body = body
    }

    /// Runs the closure with `request` and `next`.
    package func respond(to request: HTTPRequest, next: any HTTPResponder) async -> HTTPResponse {
        await body(request, next)
    }
}

extension HTTPResponder {
    /// This responder inside `middleware`, the first element outermost.
    package func wrapped(in middleware: [any HTTPMiddleware]) -> any HTTPResponder {
        middleware.reversed().reduce(self as any HTTPResponder) { inner, outer in
            MiddlewareResponder(middleware: outer, next: inner)
        }
    }
}

private struct MiddlewareResponder: HTTPResponder {
    let middleware: any HTTPMiddleware
    let next: any HTTPResponder

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        await middleware.respond(to: request, next: next)
    }
}
