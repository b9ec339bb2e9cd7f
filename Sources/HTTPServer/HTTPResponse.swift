import Foundation

/// An HTTP response: status, header fields and body bytes.
///
/// ```swift
/// return try .json(release, status: .created)
/// return .message("no integration 42", status: .notFound)   // {"message":"no integration 42"}
/// return .empty()                                          // 204
/// ```
/// `Content-Length` is computed by libmicrohttpd from the body and is not to be set here; `Date` is added by it.
package struct HTTPResponse: Sendable {
    /// The status.
    package var status: HTTPStatus
    /// The header fields.
    package var headers: HTTPHeaders
    /// The body bytes.
    package var body: [UInt8]

    /// A response.
    package init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `value` as JSON (`application/json`): sorted keys, dates in ISO 8601, `/` not escaped. Throws what the
    /// encoder throws (a non-finite number, for instance).
    package static func json(_ value: some Encodable, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let body = try jsonEncoder.encode(value)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(body))
    }

    /// The API's error shape, `{"message": text}`, with `status`.
    package static func message(_ text: String, status: HTTPStatus) -> HTTPResponse {
        let body = (try? jsonEncoder.encode(["message": text])).map(Array.init) ?? Array(#"{"message":""}"#.utf8)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// `text` as UTF-8 with `contentType`.
    package static func text(
        _ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    /// No body, with `status` (204 by default).
    package static func empty(status: HTTPStatus = .noContent) -> HTTPResponse { HTTPResponse(status: status) }

    /// The encoder of every answer, made once (encoding does not change it): sorted keys, ISO 8601 dates, `/`
    /// not escaped.
    private static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
