import AdminAPI
import Configuration
import Core
import Database
import Foundation

/// Applies `slipway.yaml` at start, idempotently: connections are saved as declared, integrations created or
/// brought in line with the file (by name); what the API added is left alone.
enum ConfigApplier {
    struct Summary {
        var connections = 0
        var created: [String] = []
        var updated: [String] = []
    }

    static func apply(_ configuration: ServerConfiguration, to store: SQLiteStore, now: Date) throws -> Summary {
        var summary = Summary()
        for connection in configuration.connections {
            summary.connections += 1
            // Written only when the file says something new, so that a restart leaves modified_date alone.
            if let existing = try store.connection(id: connection.id) {
                var declared = connection
                declared.createdAt = existing.createdAt
                declared.modifiedAt = existing.modifiedAt
                guard declared != existing else { continue }
                summary.updated.append(connection.id)
            } else {
                summary.created.append(connection.id)
            }
            try store.saveConnection(connection, now: now)
        }
        for declaration in configuration.integrations {
            let remote = try RemoteURL(declaration.repositoryURL)
            let repository = try store.upsertRepository(
                key: remote.repositoryKey, url: remote.redacted, connectionID: declaration.connection)
            if var existing = try store.integration(named: declaration.name) {
                let before = existing
                existing.kind = .internal
                existing.longName = declaration.longName ?? existing.longName
                existing.connectionID = declaration.connection
                existing.repositoryID = repository.id
                existing.repositoryURL = remote.redacted
                existing.trackingBranch = declaration.trackingBranch
                existing.path = declaration.path
                existing.include = declaration.include
                existing.defaultReleaseChannel = declaration.defaultReleaseChannel
                if existing != before {
                    _ = try store.updateIntegration(existing, now: now)
                    summary.updated.append(declaration.name)
                }
            } else {
                _ = try store.createIntegration(
                    NewIntegration(
                        name: declaration.name, longName: declaration.longName, connectionID: declaration.connection,
                        repositoryID: repository.id, repositoryURL: remote.redacted,
                        trackingBranch: declaration.trackingBranch, path: declaration.path,
                        include: declaration.include,
                        defaultReleaseChannel: declaration.defaultReleaseChannel),
                    now: now)
                summary.created.append(declaration.name)
            }
        }
        return summary
    }

    /// The admin key: `SLIPWAY_ADMIN_KEY` when set (registered on first sight), else a new key when no active
    /// admin key exists — returned so it can be printed once.
    static func bootstrapAdminKey(store: SQLiteStore, environment: [String: String], now: Date) throws -> String? {
        if let key = environment["SLIPWAY_ADMIN_KEY"], !key.isEmpty {
            let hash = APIKeys.hash(key)
            if try store.authenticate(keyHash: hash, now: now) == nil {
                do {
                    _ = try store.createAPIKey(
                        name: "SLIPWAY_ADMIN_KEY", role: .admin, hash: hash, prefix: APIKeys.prefix(key), now: now)
                } catch let error as StoreError {
                    // The same key exists but was revoked: it must stay revoked.
                    throw StoreError(
                        .conflict, "SLIPWAY_ADMIN_KEY holds a key that was revoked; set a new one (\(error.message))")
                }
            }
            return nil
        }
        guard try !store.apiKeys().contains(where: { $0.role == .admin && $0.revokedAt == nil }) else { return nil }
        let key = try APIKeys.generate()
        _ = try store.createAPIKey(
            name: "first admin", role: .admin, hash: APIKeys.hash(key), prefix: APIKeys.prefix(key), now: now)
        return key
    }
}
