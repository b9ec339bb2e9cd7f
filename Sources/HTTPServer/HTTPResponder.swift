/// Anything that answers requests: the ``Router``, middleware wrapped around it, a test double.
///
/// ``MHDServer`` calls ``respond(to:)`` from a task of its own for each request, so an implementation may
/// suspend freely; it must not block its thread (blocking work goes through a `BlockingPool`). The task is
/// cancelled when the request outlives ``ServerLimits/requestTimeout`` or the shutdown grace period.
package protocol HTTPResponder: Sendable {
    /// Answers `request`. Never throws: failures are answers too (see ``HTTPError`` and ``Router``).
    func respond(to request: HTTPRequest) async -> HTTPResponse
}

/// A route's handler: throws ``HTTPError`` to answer with its status, anything else to answer 500.
package typealias HTTPHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// A responder made of a closure, for tests and one-off servers.
package struct ClosureResponder: HTTPResponder {
    private let body: @Sendable (HTTPRequest) async -> HTTPResponse

    /// Answers every request with `body`.
    package init(_ body: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) { self.body = body }

    /// Runs the closure.
    package func respond(to request: HTTPRequest) async -> HTTPResponse { await body(request) }
}
