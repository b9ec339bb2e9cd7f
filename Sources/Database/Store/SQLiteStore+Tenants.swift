package import Core
package import Foundation

// Tenants' release policies.
extension SQLiteStore {
    /// Creates a tenant on an integration, pinned to `releaseID` or following `releaseChannel`.
    /// ``StoreError/Code/conflict`` when the name is taken in the integration; ``StoreError/Code/notFound`` when
    /// the integration does not exist or the release is not one of its own.
    package func createTenant(
        name: String, integrationID: Int64, releaseID: Int64?, releaseChannel: ReleaseChannel?, now: Date
    ) throws -> Tenant {
        try write { db in
            let integration = try Self.existingIntegration(integrationID, in: db)
            if let releaseID { _ = try Self.release(releaseID, of: integrationID, in: db) }
            let holder = try db.queryFirst(
                "SELECT id FROM tenants WHERE integration_id = ? AND name = ?", [integrationID, name]
            ) { $0.int64("id") }
            if let holder {
                throw StoreError(
                    .conflict,
                    "integration \(integration.name) already has a tenant named '\(name)' (id \(holder)); choose "
                        + "another name")
            }
            return try Self.returned(
                try db.queryFirst(
                    """
                    INSERT INTO tenants (integration_id, name, release_id, release_channel, created_at, modified_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    RETURNING *
                    """, [integrationID, name, releaseID, releaseChannel?.rawValue, now, now], Tenant.init),
                "tenant", name)
        }
    }

    /// The tenant with this id.
    package func tenant(id: Int64) throws -> Tenant? {
        try read { db in try db.queryFirst("SELECT * FROM tenants WHERE id = ?", [id], Tenant.init) }
    }

    /// The integration's tenants, by id.
    package func tenants(integrationID: Int64) throws -> [Tenant] {
        try read { db in
            try db.query("SELECT * FROM tenants WHERE integration_id = ? ORDER BY id", [integrationID], Tenant.init)
        }
    }

    /// Moves the selected tenants, in one transaction: with a release and no channel they are pinned to it;
    /// with a channel they follow it (and, when a release is given too, are on it until their next run).
    /// Returns the tenants whose policy changed, by id (a tenant already there is not touched).
    ///
    /// ``StoreError/Code/notFound`` when the integration does not exist, the release (given, or selected by)
    /// is not one of its own, or a selected tenant is not on it; ``StoreError/Code/conflict`` when neither a
    /// release nor a channel is given.
    package func moveTenants(
        integrationID: Int64, selection: TenantSelection, releaseID: Int64?, channel: ReleaseChannel?, now: Date
    ) throws -> [Tenant] {
        try write { db in
            _ = try Self.existingIntegration(integrationID, in: db)
            guard releaseID != nil || channel != nil else {
                throw StoreError(.conflict, "name a release to pin the tenants to, or a channel for them to follow")
            }
            if let releaseID { _ = try Self.release(releaseID, of: integrationID, in: db) }
            let selected = try Self.tenants(selection, of: integrationID, in: db)
            var moved: [Tenant] = []
            for tenant in selected {
                let newRelease = releaseID ?? tenant.releaseID
                guard newRelease != tenant.releaseID || channel != tenant.releaseChannel else { continue }
                moved.append(
                    try Self.returned(
                        try db.queryFirst(
                            """
                            UPDATE tenants SET release_id = ?, release_channel = ?, modified_at = ? WHERE id = ?
                            RETURNING *
                            """, [newRelease, channel?.rawValue, now, tenant.id], Tenant.init),
                        "tenant", tenant.name))
            }
            return moved
        }
    }

    private static func tenants(
        _ selection: TenantSelection, of integrationID: Int64, in db: SQLiteConnection
    ) throws
        -> [Tenant]
    {
        switch selection {
        case .all:
            return try db.query(
                "SELECT * FROM tenants WHERE integration_id = ? ORDER BY id", [integrationID], Tenant.init)
        case .onRelease(let releaseID):
            _ = try release(releaseID, of: integrationID, in: db)
            return try db.query(
                "SELECT * FROM tenants WHERE integration_id = ? AND release_id = ? ORDER BY id",
                [integrationID, releaseID], Tenant.init)
        case .ids(let ids):
            return try Set(ids).sorted().map { id in
                guard let tenant = try db.queryFirst("SELECT * FROM tenants WHERE id = ?", [id], Tenant.init),
                    tenant.integrationID == integrationID
                else {
                    throw StoreError(
                        .notFound, "tenant \(id) is not a tenant of integration \(integrationID); nothing was moved")
                }
                return tenant
            }
        }
    }
}
