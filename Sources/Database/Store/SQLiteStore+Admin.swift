package import Core
package import Foundation

// Connections, sealed secrets and API keys (migration 2).
extension SQLiteStore: AdminStore {
    /// Creates or replaces a connection, keeping its creation time.
    @discardableResult
    package func saveConnection(_ connection: Connection, now: Date) throws -> Connection {
        try write { db in
            let existing = try db.queryFirst("SELECT created_at FROM connections WHERE id = ?", [connection.id]) {
                $0.date("created_at")
            }
            let sql = """
                INSERT INTO connections (id, provider, api_url, settings, created_at, modified_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, api_url = excluded.api_url,
                    settings = excluded.settings, modified_at = excluded.modified_at
                RETURNING *
                """
            let values: [any SQLBindable] = [
                connection.id, connection.provider, connection.apiURL ?? "",
                try JSONColumn.encode(ConnectionSettings(connection), "the connection's settings"), existing ?? now,
                now,
            ]
            return try Self.returned(try db.queryFirst(sql, values, Connection.init), "connection", connection.id)
        }
    }

    /// The connection with this id.
    package func connection(id: String) throws -> Connection? {
        try read { db in try db.queryFirst("SELECT * FROM connections WHERE id = ?", [id], Connection.init) }
    }

    /// Connections, sorted and paged.
    package func connections(page: PageRequest) throws -> Page<Connection> {
        try read { db in
            try Self.page(
                db, from: "connections", sortable: ["id": "id", "provider": "provider", "created_date": "created_at"],
                page: page, read: Connection.init)
        }
    }

    /// Deletes a connection and its sealed secrets; refused while integrations use it.
    package func deleteConnection(id: String) throws {
        try write { db in
            let users = try db.query("SELECT name FROM integrations WHERE connection_id = ? ORDER BY name", [id]) {
                $0.string("name")
            }
            guard users.isEmpty else {
                throw StoreError(
                    .conflict,
                    "connection \(id) is used by integrations \(users.joined(separator: ", ")); move or delete them first"
                )
            }
            guard try db.run("DELETE FROM connections WHERE id = ?", [id]) == 1 else {
                throw StoreError(.notFound, "connection \(id) does not exist; list the connections")
            }
            try db.run("DELETE FROM secrets WHERE scope = ?", ["connection:" + id])
        }
    }

    /// Keys of the repositories that integrations of this connection are built from.
    package func repositoryKeys(connectionID: String) throws -> [String] {
        try read { db in
            try db.query(
                """
                SELECT DISTINCT r.key FROM integrations i JOIN repositories r ON r.id = i.repository_id
                WHERE i.connection_id = ? ORDER BY r.key
                """, [connectionID]
            ) { $0.string("key") }
        }
    }

    // MARK: Sealed secrets

    /// Stores a sealed secret, replacing the previous one.
    package func saveSealedSecret(scope: String, name: String, keyID: String, sealed: [UInt8], now: Date) throws {
        try write { db in
            _ = try db.run(
                """
                INSERT INTO secrets (scope, name, key_id, sealed, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (scope, name) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed,
                    updated_at = excluded.updated_at
                """, [scope, name, keyID, sealed, now])
        }
    }

    /// A sealed secret and the id of the key that sealed it.
    package func sealedSecret(scope: String, name: String) throws -> (keyID: String, sealed: [UInt8])? {
        try read { db in
            try db.queryFirst("SELECT key_id, sealed FROM secrets WHERE scope = ? AND name = ?", [scope, name]) {
                (keyID: $0.string("key_id"), sealed: $0.blob("sealed"))
            }
        }
    }

    /// Removes a sealed secret.
    package func deleteSealedSecret(scope: String, name: String) throws {
        try write { db in _ = try db.run("DELETE FROM secrets WHERE scope = ? AND name = ?", [scope, name]) }
    }

    // MARK: API keys

    /// Records a key by its hash.
    package func createAPIKey(name: String, role: APIRole, hash: String, prefix: String, now: Date) throws -> APIKey {
        try write { db in
            try Self.returned(
                try db.queryFirst(
                    """
                    INSERT INTO api_keys (name, role, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)
                    RETURNING *
                    """, [name, role.rawValue, hash, prefix, now], APIKey.init), "API key", name)
        }
    }

    /// The active key with this hash; its last use is recorded to the minute, so that a stream of requests
    /// with one key reads the key without writing it each time.
    package func authenticate(keyHash: String, now: Date) throws -> APIKey? {
        let key = try read { db in
            try db.queryFirst(
                "SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", [keyHash], APIKey.init)
        }
        guard let key else { return nil }
        if let used = key.lastUsedAt, now.timeIntervalSince(used) < Self.keyUseResolution { return key }
        return try write { db in
            try db.queryFirst(
                """
                UPDATE api_keys SET last_used_at = ? WHERE key_hash = ? AND revoked_at IS NULL
                RETURNING *
                """, [now, keyHash], APIKey.init)
        }
    }

    /// How stale a key's recorded last use may be, in seconds.
    static let keyUseResolution: TimeInterval = 60

    /// Every key, by id.
    package func apiKeys() throws -> [APIKey] {
        try read { db in try db.query("SELECT * FROM api_keys ORDER BY id", [], APIKey.init) }
    }

    /// Revokes a key.
    package func revokeAPIKey(id: Int64, now: Date) throws -> APIKey {
        try write { db in
            guard
                let key = try db.queryFirst(
                    "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *", [now, id],
                    APIKey.init)
            else {
                throw StoreError(.notFound, "API key \(id) does not exist; `slipway keys list` shows the keys")
            }
            return key
        }
    }
}

/// The connection fields kept as JSON in the `settings` column.
private struct ConnectionSettings: Codable {
    var token: SecretReference?
    var accountName: String?
    var webhookSecret: SecretReference?
    var webhookBasicAuthUser: String?
    var webhookBasicAuthPassword: SecretReference?
    var webhookHeaderName: String?
    var webhookHeaderValue: SecretReference?
    var pollIntervalSeconds: Int?
    var fromConfig: Bool

    init(_ connection: Connection) {
        token = connection.token
        accountName = connection.accountName
        webhookSecret = connection.webhookSecret
        webhookBasicAuthUser = connection.webhookBasicAuthUser
        webhookBasicAuthPassword = connection.webhookBasicAuthPassword
        webhookHeaderName = connection.webhookHeaderName
        webhookHeaderValue = connection.webhookHeaderValue
        pollIntervalSeconds = connection.pollIntervalSeconds
        fromConfig = connection.fromConfig
    }
}

extension Connection {
    init(row: Row) throws {
        let id = row.string("id")
        let settings = try JSONColumn.decode(ConnectionSettings.self, row.string("settings"), "connection \(id)")
        let apiURL = row.string("api_url")
        self.init(
            id: id, provider: row.string("provider"), apiURL: apiURL.isEmpty ? nil : apiURL, token: settings.token,
            accountName: settings.accountName, webhookSecret: settings.webhookSecret,
            webhookBasicAuthUser: settings.webhookBasicAuthUser,
            webhookBasicAuthPassword: settings.webhookBasicAuthPassword, webhookHeaderName: settings.webhookHeaderName,
            webhookHeaderValue: settings.webhookHeaderValue, pollIntervalSeconds: settings.pollIntervalSeconds,
            fromConfig: settings.fromConfig, createdAt: row.date("created_at"), modifiedAt: row.date("modified_at"))
    }
}

extension APIKey {
    init(row: Row) throws {
        let id = row.int64("id")
        self.init(
            id: id, name: row.string("name"),
            role: try JSONColumn.value(APIRole.self, row.string("role"), "API key \(id)"), prefix: row.string("prefix"),
            createdAt: row.date("created_at"), lastUsedAt: row.optionalDate("last_used_at"),
            revokedAt: row.optionalDate("revoked_at"))
    }
}
