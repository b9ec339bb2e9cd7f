package import Core

/// Routes requests by method and path pattern to handlers, and turns what they throw into answers.
///
/// ```swift
/// var router = Router(logger: log)
/// router.get("/v2/integrations/{id}/releases/default") { request in try .json(defaultRelease(request)) }
/// router.get("/v2/integrations/{id}/releases/{release_id}") { request in
///     guard let id = Int(request.pathParameters["release_id"]!) else {
///         throw HTTPError(.notFound, "release ids are integers")
///     }
///     return try .json(release(id))
/// }
/// router.routes   // [GET /v2/integrations/{id}/releases/default, GET /v2/integrations/{id}/releases/{release_id}]
/// ```
///
/// Matching works on ``HTTPRequest/rawPath`` split at `/` (empty segments ignored, so a trailing slash does not
/// matter), each segment percent-decoded after the split. A literal segment wins over a parameter at the same
/// place. Answers the router makes itself, all `{"message": ...}`:
/// - 404 when no pattern matches the path;
/// - 405 with `Allow` (sorted, `HEAD` added where `GET` is) when patterns match but not for this method;
/// - `HEAD` runs the `GET` handler when the route has no `HEAD` handler (libmicrohttpd sends no body for it);
/// - a thrown ``HTTPError`` becomes its ``HTTPError/response``;
/// - any other error becomes 500 `internal error (request id …)` and is logged with the request id, so the
///   client learns nothing of it; a handler cancelled by the server (timeout, shutdown) is logged as such.
///
/// Registering the same (method, pattern) twice, or a malformed pattern, stops the process: both are
/// programming errors found at start-up.
package struct Router: HTTPResponder {
    /// One registered (method, pattern) pair.
    package struct Route: Hashable, Sendable, CustomStringConvertible {
        /// The method.
        package let method: HTTPMethod
        /// The pattern as registered, `/v2/integrations/{id}`.
        package let pattern: String

        /// A route.
        package init(method: HTTPMethod, pattern: String) {
            self.method = method
            self.pattern = pattern
        }

        /// `GET /v2/integrations/{id}`.
        package var description: String { "\(method) \(pattern)" }
    }

    private var trie = RouteTrie()
    private let logger: Logger

    /// Every registered (method, pattern), in registration order: what an OpenAPI document must describe.
    package private(set) var routes: [Route] = []

    /// An empty router; `logger` receives the errors handlers throw.
    package init(logger: Logger = .disabled) { self.logger = logger }

    /// Registers `handler` for `method` requests whose path matches `pattern`.
    package mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) {
        let parsed = RoutePattern(pattern)
        let route = Route(method: method, pattern: pattern)
        let parameters = parsed.segments.enumerated().compactMap { index, segment -> (index: Int, name: String)? in
            if case .parameter(let name) = segment { return (index, name) }
            return nil
        }
        let endpoint = RouteTrie.Endpoint(route: route, parameters: parameters, handler: handler)
        let inserted = trie.insert(parsed, method, endpoint)
        precondition(inserted, "route \(route) is registered twice (or clashes with a pattern of the same shape)")
        routes.append(route)
    }

    /// Registers a `GET` handler.
    package mutating func get(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.get, pattern, handler) }
    /// Registers a `POST` handler.
    package mutating func post(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.post, pattern, handler) }
    /// Registers a `PUT` handler.
    package mutating func put(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.put, pattern, handler) }
    /// Registers a `PATCH` handler.
    package mutating func patch(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.patch, pattern, handler) }
    /// Registers a `DELETE` handler.
    package mutating func delete(_ pattern: String, _ handler: @escaping HTTPHandler) { add(.delete, pattern, handler) }

    /// Runs the matching route's handler, or answers 404 or 405 itself (see the type's documentation).
    package func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch lookup(request.method, rawPath: request.rawPath) {
        case .notFound:
            return .message("nothing is served at \(request.rawPath); check the path", status: .notFound)
        case .methodNotAllowed(let allowed):
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            var response = HTTPResponse.message(
                "\(request.method) is not allowed on \(request.rawPath); use \(list)", status: .methodNotAllowed)
            response.headers.set("Allow", list)
            return response
        case .found(let endpoint, let parameters):
            var request = request
            request.pathParameters = parameters
            do {
                return try await endpoint.handler(request)
            } catch let error as HTTPError {
                return error.response
            } catch {
                return failure(error, request: request, route: endpoint.route)
            }
        }
    }

    private enum Lookup {
        case found(RouteTrie.Endpoint, [String: String])
        case methodNotAllowed([HTTPMethod])
        case notFound
    }

    private func lookup(_ method: HTTPMethod, rawPath: String) -> Lookup {
        let segments = pathSegments(rawPath)
        let candidates = trie.matches(segments)
        guard !candidates.isEmpty else { return .notFound }
        for endpoints in candidates {
            if let endpoint = endpoints[method] ?? (method == .head ? endpoints[.get] : nil) {
                var parameters: [String: String] = [:]
                for (index, name) in endpoint.parameters { parameters[name] = segments[index] }
                return .found(endpoint, parameters)
            }
        }
        var allowed = Set(candidates.flatMap(\.keys))
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(allowed.sorted { $0.rawValue < $1.rawValue })
    }

    private func failure(_ error: any Error, request: HTTPRequest, route: Route) -> HTTPResponse {
        let fields = [
            ("request_id", request.requestID), ("route", route.description), ("error", String(describing: error)),
        ]
        if Task.isCancelled {
            logger.warning("handler cancelled (request timed out or server shutting down)", fields)
            return .message(
                "the request was cancelled (request id \(request.requestID)); retry it", status: .serviceUnavailable)
        }
        logger.error("handler failed", fields)
        let id = request.requestID.isEmpty ? "" : " (request id \(request.requestID))"
        return .message("internal error\(id)", status: .internalServerError)
    }
}
