/// An HTTP response status: the code and its reason phrase.
///
/// libmicrohttpd writes the status line itself; ``reasonPhrase`` is for messages and logs on the Swift side.
package struct HTTPStatus: Hashable, Sendable, CustomStringConvertible {
    /// The three-digit code.
    package let code: Int
    /// The reason phrase of RFC 9110 (empty for codes it does not name).
    package let reasonPhrase: String

    /// The status with `code` and its standard reason phrase.
    package init(code: Int) {
        self.code = code
        self.reasonPhrase = Self.reasonPhrases[code] ?? ""
    }

    /// A status with a reason phrase of one's own, for codes RFC 9110 does not name.
    package init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    /// `404 Not Found`.
    package var description: String { reasonPhrase.isEmpty ? "\(code)" : "\(code) \(reasonPhrase)" }

    /// Statuses are equal when their codes are: the reason phrase is only text.
    package static func == (lhs: HTTPStatus, rhs: HTTPStatus) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, like ``==(_:_:)``.
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// 200 OK.
    package static let ok = HTTPStatus(code: 200)
    /// 201 Created.
    package static let created = HTTPStatus(code: 201)
    /// 202 Accepted.
    package static let accepted = HTTPStatus(code: 202)
    /// 204 No Content.
    package static let noContent = HTTPStatus(code: 204)
    /// 301 Moved Permanently.
    package static let movedPermanently = HTTPStatus(code: 301)
    /// 304 Not Modified.
    package static let notModified = HTTPStatus(code: 304)
    /// 400 Bad Request.
    package static let badRequest = HTTPStatus(code: 400)
    /// 401 Unauthorized.
    package static let unauthorized = HTTPStatus(code: 401)
    /// 403 Forbidden.
    package static let forbidden = HTTPStatus(code: 403)
    /// 404 Not Found.
    package static let notFound = HTTPStatus(code: 404)
    /// 405 Method Not Allowed (send an `Allow` header with it).
    package static let methodNotAllowed = HTTPStatus(code: 405)
    /// 409 Conflict.
    package static let conflict = HTTPStatus(code: 409)
    /// 410 Gone.
    package static let gone = HTTPStatus(code: 410)
    /// 413 Content Too Large.
    package static let contentTooLarge = HTTPStatus(code: 413)
    /// 415 Unsupported Media Type.
    package static let unsupportedMediaType = HTTPStatus(code: 415)
    /// 422 Unprocessable Content.
    package static let unprocessableContent = HTTPStatus(code: 422)
    /// 429 Too Many Requests.
    package static let tooManyRequests = HTTPStatus(code: 429)
    /// 431 Request Header Fields Too Large.
    package static let requestHeaderFieldsTooLarge = HTTPStatus(code: 431)
    /// 500 Internal Server Error.
    package static let internalServerError = HTTPStatus(code: 500)
    /// 501 Not Implemented.
    package static let notImplemented = HTTPStatus(code: 501)
    /// 503 Service Unavailable.
    package static let serviceUnavailable = HTTPStatus(code: 503)
    /// 504 Gateway Timeout.
    package static let gatewayTimeout = HTTPStatus(code: 504)

    private static let reasonPhrases: [Int: String] = [
        100: "Continue", 101: "Switching Protocols",
        200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
        205: "Reset Content", 206: "Partial Content",
        300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
        307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required",
        408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed",
        413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
        417: "Expectation Failed", 421: "Misdirected Request", 422: "Unprocessable Content", 426: "Upgrade Required",
        428: "Precondition Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]
}
