/// An error a handler throws to answer with a chosen status and `{"message": ...}`.
///
/// ```swift
/// guard let integration = try store.integration(id) else {
///     throw HTTPError(.notFound, "no integration \(id); list them with GET /v2/integrations")
/// }
/// ```
/// The ``Router`` turns it into ``response``. Any other error a handler throws becomes a 500 whose body names
/// only the request id; the error itself goes to the log, never to the client.
package struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The status to answer with.
    package var status: HTTPStatus
    /// The message for the client: what was wrong with the request and what to do about it.
    package var message: String
    /// Extra header fields for the answer (`Retry-After`, `WWW-Authenticate`, …).
    package var headers: HTTPHeaders

    /// An error answered with `status` and `{"message": message}`.
    package init(_ status: HTTPStatus, _ message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// `404 Not Found: no integration 9`.
    package var description: String { "\(status): \(message)" }

    /// The answer: `status`, ``headers`` and `{"message": message}`.
    package var response: HTTPResponse {
        var response = HTTPResponse.message(message, status: status)
        for field in headers { response.headers.add(field.name, field.value) }
        return response
    }
}
