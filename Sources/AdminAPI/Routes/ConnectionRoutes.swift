import Core
import Foundation
import HTTPServer

/// `/v2/sourcecontrol/connections`: source-control accounts; secrets are write-only (SPEC §6).
enum ConnectionRoutes {
    static let allowedFields = [
        "id", "provider", "api_url", "token", "account_name", "webhook_secret", "webhook_basic_auth", "webhook_header",
        "poll_interval_seconds",
    ]

    static func register(_ table: inout RouteTable, providers: Set<String>) {
        let base = "/v2/sourcecontrol/connections"
        table.add(.get, base, role: .viewer) { request, context in
            let page = try request.page(sortable: ["id", "provider", "created_date"])
            return try .page(try context.store.connections(page: page), Resources.connection)
        }
        table.add(.post, base, role: .admin) { request, context in
            var fields = try Fields(body: request)
            fields.refuseUnknown(allowed: allowedFields)
            let id = fields.string("id", required: true)
            if let id, !id.isSlug {
                fields.problem(
                    "id", "lowercase letters, digits and '-' (it is the webhook path /hooks/<id>)",
                    type: "value_error.id")
            }
            if let id, try context.store.connection(id: id) != nil {
                throw HTTPError(.conflict, "connection \(id) already exists; PATCH it instead")
            }
            var connection = Connection(id: id ?? "", provider: "", createdAt: context.now(), modifiedAt: context.now())
            readProvider(&fields, into: &connection, providers: providers, required: true)
            let secrets = try apply(&fields, to: &connection)
            try fields.finish()
            try store(secrets, into: &connection, context: context)
            let saved = try context.store.saveConnection(connection, now: context.now())
            return try .json(Resources.connection(saved), status: .created)
        }
        table.add(.get, base + "/{id}", role: .viewer) { request, context in
            try .json(Resources.connection(try existing(request, context)))
        }
        table.add(.patch, base + "/{id}", role: .admin) { request, context in
            var connection = try existing(request, context)
            var fields = try Fields(body: request)
            fields.refuseUnknown(allowed: allowedFields.filter { $0 != "id" })
            readProvider(&fields, into: &connection, providers: providers, required: false)
            let secrets = try apply(&fields, to: &connection)
            try fields.finish()
            try store(secrets, into: &connection, context: context)
            return try .json(Resources.connection(try context.store.saveConnection(connection, now: context.now())))
        }
        table.add(.delete, base + "/{id}", role: .admin) { request, context in
            let connection = try existing(request, context)
            try context.store.deleteConnection(id: connection.id)
            return .empty()
        }
    }

    static func existing(_ request: HTTPRequest, _ context: APIContext) throws -> Connection {
        let id = request.pathParameters["id"] ?? ""
        guard let connection = try context.store.connection(id: id) else {
            throw HTTPError(.notFound, "connection \(id) does not exist; GET /v2/sourcecontrol/connections lists them")
        }
        return connection
    }

    /// New secret values from the body, by name; nil values clear the secret.
    typealias SecretChanges = [String: Redacted<String>?]

    /// Applies the non-secret fields and collects the secret ones (never echoed, never logged).
    /// The `provider` field, one of `providers`.
    private static func readProvider(
        _ fields: inout Fields, into connection: inout Connection, providers: Set<String>, required: Bool
    ) {
        guard let provider = fields.string("provider", required: required) else { return }
        if providers.contains(provider) {
            connection.provider = provider
        } else {
            fields.problem(
                "provider", "unknown provider; known: \(providers.sorted().joined(separator: ", "))",
                type: "value_error.enum")
        }
    }

    private static func apply(_ fields: inout Fields, to connection: inout Connection) throws -> SecretChanges {
        var secrets: SecretChanges = [:]
        if fields.isNull("api_url") { connection.apiURL = nil }
        if let url = fields.string("api_url", allowEmpty: false) {
            if URL(string: url)?.scheme.map({ ["http", "https"].contains($0) }) == true {
                connection.apiURL = url
            } else {
                fields.problem("api_url", "must be an http(s) URL", type: "value_error.url")
            }
        }
        if fields.isNull("account_name") { connection.accountName = nil }
        if let account = fields.string("account_name", allowEmpty: false) { connection.accountName = account }
        for name in ["token", "webhook_secret"] {
            if fields.isNull(name) { secrets[name] = .some(nil) }
            if let value = fields.string(name, allowEmpty: false) { secrets[name] = Redacted(value) }
        }
        if fields.isNull("webhook_basic_auth") {
            connection.webhookBasicAuthUser = nil
            secrets["webhook_password"] = .some(nil)
        } else if let basic = fields.object("webhook_basic_auth") {
            guard let user = basic["user"]?.stringValue, let password = basic["password"]?.stringValue, !user.isEmpty,
                !password.isEmpty
            else {
                fields.problem("webhook_basic_auth", "needs 'user' and 'password'", type: "value_error.missing")
                return secrets
            }
            connection.webhookBasicAuthUser = user
            secrets["webhook_password"] = Redacted(password)
        }
        if fields.isNull("webhook_header") {
            connection.webhookHeaderName = nil
            secrets["webhook_header_value"] = .some(nil)
        } else if let header = fields.object("webhook_header") {
            guard let name = header["name"]?.stringValue, let value = header["value"]?.stringValue, !name.isEmpty,
                !value.isEmpty
            else {
                fields.problem("webhook_header", "needs 'name' and 'value'", type: "value_error.missing")
                return secrets
            }
            connection.webhookHeaderName = name
            secrets["webhook_header_value"] = Redacted(value)
        }
        if fields.isNull("poll_interval_seconds") { connection.pollIntervalSeconds = nil }
        if let seconds = fields.integer("poll_interval_seconds") {
            if seconds >= 5 {
                connection.pollIntervalSeconds = Int(seconds)
            } else {
                fields.problem("poll_interval_seconds", "must be at least 5", type: "value_error.number")
            }
        }
        return secrets
    }

    /// Seals the new secret values and points the connection at them.
    private static func store(_ secrets: SecretChanges, into connection: inout Connection, context: APIContext) throws {
        let scope = "connection:" + connection.id
        for (name, value) in secrets {
            let reference: SecretReference?
            if let value {
                reference = try context.secrets.store(value, scope: scope, name: name)
            } else {
                try context.secrets.remove(scope: scope, name: name)
                reference = nil
            }
            switch name {
            case "token": connection.token = reference
            case "webhook_secret": connection.webhookSecret = reference
            case "webhook_password": connection.webhookBasicAuthPassword = reference
            default: connection.webhookHeaderValue = reference
            }
        }
    }
}
