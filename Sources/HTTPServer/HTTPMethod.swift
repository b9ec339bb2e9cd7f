/// An HTTP request method, as the client sent it (methods are case-sensitive: `get` is not `GET`).
///
/// A struct rather than an enum so that any token a client sends can be represented and answered with 405.
package struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The method token, such as `GET`.
    package let rawValue: String

    /// Wraps a method token.
    package init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a method token written as a literal.
    package init(stringLiteral value: String) { self.rawValue = value }

    /// The method token.
    package var description: String { rawValue }

    /// `GET`.
    package static let get = HTTPMethod(rawValue: "GET")
    /// `HEAD`: answered by a route's `GET` handler when it has no `HEAD` handler (libmicrohttpd drops the body).
    package static let head = HTTPMethod(rawValue: "HEAD")
    /// `POST`.
    package static let post = HTTPMethod(rawValue: "POST")
    /// `PUT`.
    package static let put = HTTPMethod(rawValue: "PUT")
    /// `PATCH`.
    package static let patch = HTTPMethod(rawValue: "PATCH")
    /// `DELETE`.
    package static let delete = HTTPMethod(rawValue: "DELETE")
    /// `OPTIONS`.
    package static let options = HTTPMethod(rawValue: "OPTIONS")
}
