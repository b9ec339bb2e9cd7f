package import Core
import Crypto
import Foundation
package import HTTPServer
package import Providers

/// The admin API (SPEC §6) and the webhook intake as one ``Router``: every route with the role it needs.
///
/// ```swift
/// let router = AdminAPI.router(context: context, providers: catalog)
/// let server = try MHDServer(responder: AdminAPI.responder(router, context: context), configuration: ..., ...)
/// ```
package enum AdminAPI {
    /// The router with every route registered: the API and the webhooks of `providers`.
    package static func router(context: APIContext, providers: ProviderCatalog) -> Router {
        var table = RouteTable(router: Router(logger: context.log), context: context)
        OperationsRoutes.register(&table)
        IntegrationRoutes.register(&table)
        ReleaseRoutes.register(&table)
        BuildRoutes.register(&table)
        ConnectionRoutes.register(&table, providers: Set(providers.names))
        WebhookRoutes.register(&table, providers: providers)
        return table.router
    }

    /// `router` with the server's middleware: a request id, an access-log line and the request metrics.
    package static func responder(_ router: Router, context: APIContext) -> any HTTPResponder {
        router.wrapped(in: [
            RequestIDMiddleware(), AccessLogMiddleware(logger: context.log), metricsMiddleware(context.metrics),
        ])
    }
}

/// Registers routes with the role each needs, turning the API's errors into answers: validation problems into
/// 422, store errors into 404/409/503, secrets that cannot be read into 503.
package struct RouteTable {
    /// The router being filled.
    package var router: Router
    /// What handlers run on.
    package let context: APIContext

    /// Adds a route; `role == nil` makes it public (health, metrics, the OpenAPI document, webhooks).
    package mutating func add(
        _ method: HTTPMethod, _ pattern: String, role: APIRole?,
        _ handler: @escaping @Sendable (HTTPRequest, APIContext) async throws -> HTTPResponse
    ) {
        let context = context
        let answer: @Sendable (HTTPRequest) async throws -> HTTPResponse = { request in
            do {
                if let role { _ = try APIKeys.authorize(request, role: role, context: context) }
                return try await handler(request, context)
            } catch let failure as ValidationFailure {
                return failure.response
            } catch let error as StoreError {
                switch error.code {
                case .notFound: return .message(error.message, status: .notFound)
                case .conflict: return .message(error.message, status: .conflict)
                default:
                    context.log.error("store error", [("request", request.requestID), ("error", error.message)])
                    return .message(
                        "the database is unavailable right now; retry (request \(request.requestID))",
                        status: .serviceUnavailable)
                }
            }
        }
        router.add(method, pattern) { request in
            try await withTaskExecutorPreference(context.executor) { try await answer(request) }
        }
    }
}

extension AdminAPI {
    /// Counts requests and their durations for `/metrics`, by method, area (`/hooks`, `/v2`, …) and status.
    static func metricsMiddleware(_ metrics: Metrics) -> any HTTPMiddleware {
        ClosureMiddleware { request, next in
            let started = ContinuousClock.now
            let response = await next.respond(to: request)
            let elapsed = ContinuousClock.now - started
            let segments = request.path.split(separator: "/")
            let area = segments.first.map { "/" + $0 } ?? "/"
            let known = ["/hooks", "/v2", "/healthz", "/metrics"].contains(area) ? area : "other"
            let labels = ["method": request.method.rawValue, "area": known, "status": String(response.status.code)]
            metrics.increment("slipway_http_requests_total", labels, help: "HTTP requests by method, area and status.")
            metrics.observe(
                "slipway_http_request_duration_seconds", ["area": known],
                seconds: elapsed.inSeconds,
                help: "Time to answer HTTP requests, by area.")
            return response
        }
    }
}
