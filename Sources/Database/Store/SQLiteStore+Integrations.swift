package import Core
package import Foundation

// Integrations.
extension SQLiteStore {
    /// Creates an integration; ``StoreError/Code/conflict`` when the name is taken, ``StoreError/Code/notFound``
    /// when its repository does not exist.
    package func createIntegration(_ integration: NewIntegration, now: Date) throws -> Integration {
        try write { db in
            try Self.checkName(integration.name, excluding: nil, in: db)
            try Self.checkRepository(integration.repositoryID, in: db)
            let sql = """
                INSERT INTO integrations (name, long_name, kind, connection_id, repository_id, repository_url,
                    tracking_branch, path, include, default_release_channel, created_at, modified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING *
                """
            let values: [any SQLBindable] = [
                integration.name, integration.longName, integration.kind.rawValue, integration.connectionID,
                integration.repositoryID, integration.repositoryURL, integration.trackingBranch, integration.path,
                try JSONColumn.encode(integration.include, "the include paths"),
                integration.defaultReleaseChannel?.rawValue, now, now,
            ]
            return try Self.returned(try db.queryFirst(sql, values, Integration.init), "integration", integration.name)
        }
    }

    /// Saves every field but the id and creation time. ``StoreError/Code/notFound`` when the integration, its
    /// repository or its default release (which must be one of its own) does not exist;
    /// ``StoreError/Code/conflict`` when another integration has the name.
    package func updateIntegration(_ integration: Integration, now: Date) throws -> Integration {
        try write { db in
            guard try Self.integration(id: integration.id, in: db) != nil else {
                throw Self.integrationNotFound(integration.id)
            }
            try Self.checkName(integration.name, excluding: integration.id, in: db)
            try Self.checkRepository(integration.repositoryID, in: db)
            if let releaseID = integration.defaultReleaseID {
                _ = try Self.release(releaseID, of: integration.id, in: db)
            }
            let sql = """
                UPDATE integrations SET name = ?, long_name = ?, kind = ?, connection_id = ?, repository_id = ?,
                    repository_url = ?, tracking_branch = ?, path = ?, include = ?, default_release_id = ?,
                    default_release_channel = ?, modified_at = ?
                WHERE id = ?
                RETURNING *
                """
            let values: [any SQLBindable] = [
                integration.name, integration.longName, integration.kind.rawValue, integration.connectionID,
                integration.repositoryID, integration.repositoryURL, integration.trackingBranch, integration.path,
                try JSONColumn.encode(integration.include, "the include paths"), integration.defaultReleaseID,
                integration.defaultReleaseChannel?.rawValue, now, integration.id,
            ]
            return try Self.returned(try db.queryFirst(sql, values, Integration.init), "integration", integration.name)
        }
    }

    /// Deletes an integration with its builds, logs, releases, tags, tenants and decisions (the schema's
    /// cascades), and its build jobs still queued. ``StoreError/Code/notFound`` when it does not exist.
    package func deleteIntegration(id: Int64) throws {
        try write { db in
            guard try db.run("DELETE FROM integrations WHERE id = ?", [id]) == 1 else {
                throw Self.integrationNotFound(id)
            }
            // Their builds are gone; a running one finds its build missing and ends.
            try db.run(
                "DELETE FROM jobs WHERE job_group = ? AND kind = 'build' AND state = 'queued'",
                [Self.buildGroup(integrationID: id)])
        }
    }

    /// The integration with this id.
    package func integration(id: Int64) throws -> Integration? {
        try read { db in try Self.integration(id: id, in: db) }
    }

    /// The integration with this name.
    package func integration(named name: String) throws -> Integration? {
        try read { db in try db.queryFirst("SELECT * FROM integrations WHERE name = ?", [name], Integration.init) }
    }

    /// Every integration built from the repository, by id.
    package func integrations(repositoryID: Int64) throws -> [Integration] {
        try read { db in
            try db.query(
                "SELECT * FROM integrations WHERE repository_id = ? ORDER BY id", [repositoryID], Integration.init)
        }
    }

    /// Every integration, by id.
    package func allIntegrations() throws -> [Integration] {
        try read { db in try db.query("SELECT * FROM integrations ORDER BY id", [], Integration.init) }
    }

    static func integration(id: Int64, in db: SQLiteConnection) throws -> Integration? {
        try db.queryFirst("SELECT * FROM integrations WHERE id = ?", [id], Integration.init)
    }

    /// The integration, or ``StoreError/Code/notFound``.
    static func existingIntegration(_ id: Int64, in db: SQLiteConnection) throws -> Integration {
        guard let integration = try integration(id: id, in: db) else { throw integrationNotFound(id) }
        return integration
    }

    static func integrationNotFound(_ id: Int64) -> StoreError {
        StoreError(.notFound, "integration \(id) does not exist; list the integrations to find its current id")
    }

    /// The value a `RETURNING` statement gave back; a missing one means the write did not happen.
    static func returned<T>(_ value: T?, _ kind: String, _ name: String) throws -> T {
        guard let value else { throw StoreError(.unavailable, "the \(kind) \(name) was not saved; retry") }
        return value
    }

    private static func checkName(_ name: String, excluding id: Int64?, in db: SQLiteConnection) throws {
        let holder = try db.queryFirst("SELECT id FROM integrations WHERE name = ?", [name]) { $0.int64("id") }
        guard let holder, holder != id else { return }
        throw StoreError(
            .conflict, "an integration named '\(name)' already exists (id \(holder)); choose another name")
    }

    private static func checkRepository(_ id: Int64?, in db: SQLiteConnection) throws {
        guard let id, try repository(id: id, in: db) == nil else { return }
        throw StoreError(.notFound, "repository \(id) does not exist; register the repository URL first")
    }
}
