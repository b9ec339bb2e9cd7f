import Core
import Foundation
import HTTPServer
import Pipeline
import Providers

/// `POST /hooks/{connection_id}`: verify over the raw bytes, parse, persist the triggers, answer — the build
/// happens later, on the queue (SPEC §2 invariant 1, §5).
package enum WebhookRoutes {
    /// Registers the intake for `providers`.
    static func register(_ table: inout RouteTable, providers: ProviderCatalog) {
        table.add(.post, "/hooks/{connection_id}", role: nil) { request, context in
            try receive(request, context: context, providers: providers)
        }
    }

    private static func count(_ context: APIContext, provider: String, outcome: String) {
        context.metrics.increment(
            "slipway_webhook_deliveries_total", ["provider": provider, "outcome": outcome],
            help: "Webhook deliveries by provider and outcome.")
    }

    static func receive(_ request: HTTPRequest, context: APIContext, providers: ProviderCatalog) throws -> HTTPResponse
    {
        let id = request.pathParameters["connection_id"] ?? ""
        guard let connection = try context.store.connection(id: id) else {
            count(context, provider: "unknown", outcome: "unknown_connection")
            throw HTTPError(.notFound, "no connection '\(id)'; the webhook URL is /hooks/<connection id>")
        }
        guard let descriptor = providers.descriptor(named: connection.provider) else {
            context.log.error(
                "no descriptor for the connection's provider", [("connection", id), ("provider", connection.provider)])
            throw HTTPError(
                .serviceUnavailable, "connection \(id) names provider \(connection.provider), which has no descriptor"
            )
        }
        let secrets: WebhookSecrets
        do {
            secrets = try webhookSecrets(of: connection, context: context)
        } catch {
            context.log.error("webhook secret unreadable", [("connection", id), ("error", "\(error)")])
            throw HTTPError(
                .serviceUnavailable, "connection \(id)'s webhook secret cannot be read on the server; see its log")
        }
        let webhook = WebhookRequest(
            headers: request.headers.fields.map { HTTPHeader(name: $0.name, value: $0.value) }, body: request.body)
        let verified: VerifiedWebhook
        do {
            verified = try descriptor.verify(webhook, secrets: secrets, now: context.now())
        } catch {
            count(context, provider: descriptor.name, outcome: "rejected")
            context.log.warning(
                "webhook rejected",
                [
                    ("connection", id), ("reason", error.message), ("remote", request.remoteAddress),
                    ("request", request.requestID),
                ])
            throw HTTPError(
                .unauthorized, "the webhook did not verify (signature, token or credentials); check the secret")
        }
        let event: WebhookEvent
        do {
            event = try verified.event()
        } catch {
            count(context, provider: descriptor.name, outcome: "malformed")
            throw HTTPError(.badRequest, error.message)
        }
        switch event {
        case .ping:
            count(context, provider: descriptor.name, outcome: "ping")
            return .message("pong: connection \(id) receives \(descriptor.name) webhooks", status: .ok)
        case .ignored(let name):
            count(context, provider: descriptor.name, outcome: "ignored")
            return .message("event \(name) is not a push; nothing to do", status: .ok)
        case .push(let push):
            return try accept(push, connection: connection, context: context, provider: descriptor.name)
        }
    }

    /// Persists one trigger per matched repository and ref change; a repository no integration of the connection
    /// watches still gets its trigger, whose decision says so.
    private static func accept(
        _ push: PushEvent, connection: Connection, context: APIContext, provider: String
    ) throws
        -> HTTPResponse
    {
        let candidates = try context.store.repositoryKeys(connectionID: connection.id)
        var keys = push.repository.matches(candidates).map(\.repositoryKey)
        if keys.isEmpty {
            keys = [push.repository.urls.first?.repositoryKey ?? push.repository.fullName]
        }
        var created = false
        var decisions: [JSONValue] = []
        for trigger in push.triggers(repositoryKeys: keys) {
            let outcome = try context.pipeline.intake.submit(trigger, connectionID: connection.id)
            created = created || outcome.created
            decisions += outcome.decisions.map(Resources.decisionSummary)
        }
        guard created else {
            count(context, provider: provider, outcome: "duplicate")
            return .message(
                "delivery \(push.deliveryID.value) was received before; it is not processed twice", status: .ok)
        }
        count(context, provider: provider, outcome: "accepted")
        return try .json(
            JSONValue.object([
                "message": .string("accepted"), "delivery_id": .string(push.deliveryID.value),
                "decisions": .array(decisions),
            ]), status: .accepted)
    }

    /// The connection's webhook secrets, read through their references.
    static func webhookSecrets(of connection: Connection, context: APIContext) throws -> WebhookSecrets {
        let scope = "connection:" + connection.id
        let secret = try context.secrets.value(of: connection.webhookSecret, scope: scope, name: "webhook_secret")
        var basic: BasicCredentials?
        if let user = connection.webhookBasicAuthUser,
            let password = try context.secrets.value(
                of: connection.webhookBasicAuthPassword, scope: scope, name: "webhook_password")
        {
            basic = BasicCredentials(user: Redacted(user), password: password)
        }
        var header: CustomHeaderSecret?
        if let name = connection.webhookHeaderName,
            let value = try context.secrets.value(
                of: connection.webhookHeaderValue, scope: scope, name: "webhook_header_value")
        {
            header = CustomHeaderSecret(name: name, value: value)
        }
        return WebhookSecrets(secret: secret, basicAuth: basic, customHeader: header)
    }
}
