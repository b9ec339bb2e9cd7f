import Foundation

/// One HTTP request, fully received: what the router and middleware see.
///
/// ``MHDServer`` builds it from what libmicrohttpd parsed; tests and in-process callers build it with
/// ``init(method:target:headers:body:remoteAddress:requestID:)``. The ``Router`` fills ``pathParameters``.
package struct HTTPRequest: Sendable {
    /// One `name=value` pair of the query string, percent-decoded.
    package struct QueryItem: Sendable, Equatable {
        /// The decoded name.
        package var name: String
        /// The decoded value; empty for a bare `?name`.
        package var value: String

        /// A query item.
        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The method.
    package var method: HTTPMethod
    /// The path, percent-decoded, without the query string (`/v2/tenants/a b`).
    package var path: String
    /// The path as sent, still percent-encoded, without the query string (`/v2/tenants/a%20b`). The router
    /// splits this one into segments, so an encoded `/` (`%2F`) stays inside its segment. Logs use it too.
    package var rawPath: String
    /// The query items, decoded, in the order sent (repeated names kept).
    package var queryItems: [QueryItem]
    /// The header fields, in the order sent (duplicates kept, lookups ignore case).
    package var headers: HTTPHeaders
    /// The body bytes (empty when there is none).
    package var body: [UInt8]
    /// The client's IP address (`127.0.0.1`), or empty when unknown.
    package var remoteAddress: String
    /// The id that ties this request's log lines and answer together (see ``RequestIDMiddleware``).
    package var requestID: String
    /// The values of the matched route's `{name}` segments, percent-decoded; filled by ``Router``.
    package var pathParameters: [String: String]

    /// A request from parts already parsed.
    package init(
        method: HTTPMethod, path: String, rawPath: String, queryItems: [QueryItem] = [], headers: HTTPHeaders = [:],
        body: [UInt8] = [], remoteAddress: String = "", requestID: String = "", pathParameters: [String: String] = [:]
    ) {
        self.method = method
        self.path = path
        self.rawPath = rawPath
        self.queryItems = queryItems
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.requestID = requestID
        self.pathParameters = pathParameters
    }

    /// A request for `target` (`/v2/integrations?limit=10`), for tests and in-process callers; the target is
    /// split by Foundation's `URLComponents`.
    package init(
        method: HTTPMethod, target: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
        remoteAddress: String = "127.0.0.1", requestID: String = ""
    ) {
        let components = URLComponents(string: target)
        let rawPath = components?.percentEncodedPath ?? target
        self.init(
            method: method, path: components?.path ?? target, rawPath: rawPath.isEmpty ? "/" : rawPath,
            queryItems: (components?.queryItems ?? []).map { QueryItem(name: $0.name, value: $0.value ?? "") },
            headers: headers, body: body, remoteAddress: remoteAddress, requestID: requestID)
    }

    /// The first value of the query item `name` (case-sensitive), or nil when absent.
    package func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// Every value of the query item `name` (case-sensitive), in order.
    package func queryValues(_ name: String) -> [String] { queryItems.filter { $0.name == name }.map(\.value) }

    /// The body decoded as UTF-8, or nil when it is not valid UTF-8.
    package var bodyText: String? { String(validating: body, as: UTF8.self) }
}
