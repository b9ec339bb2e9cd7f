package import Core
package import Foundation

// Repositories and the tags seen in them.
extension SQLiteStore {
    /// The repository with this key, created if new; its URL is replaced, and its connection when one is given.
    package func upsertRepository(key: String, url: String, connectionID: String?) throws -> RepositoryRecord {
        try write { db in
            let sql = """
                INSERT INTO repositories (key, url, connection_id) VALUES (?, ?, ?)
                ON CONFLICT (key) DO UPDATE
                    SET url = excluded.url, connection_id = coalesce(excluded.connection_id, connection_id)
                RETURNING *
                """
            guard let record = try db.queryFirst(sql, [key, url, connectionID], RepositoryRecord.init) else {
                throw StoreError(.unavailable, "the repository \(key) was not saved in \(path); retry")
            }
            return record
        }
    }

    /// The repository with this id.
    package func repository(id: Int64) throws -> RepositoryRecord? {
        try read { db in try Self.repository(id: id, in: db) }
    }

    /// The repository with this key.
    package func repository(key: String) throws -> RepositoryRecord? {
        try read { db in
            try db.queryFirst("SELECT * FROM repositories WHERE key = ?", [key], RepositoryRecord.init)
        }
    }

    /// Records the end of a fetch: its time and its error, or none after a success.
    package func recordFetch(repositoryID: Int64, error: String?, now: Date) throws {
        try write { db in
            let changed = try db.run(
                "UPDATE repositories SET last_fetched_at = ?, last_fetch_error = ? WHERE id = ?",
                [now, error, repositoryID])
            guard changed == 1 else { throw Self.repositoryNotFound(repositoryID) }
        }
    }

    /// Tags recorded for the repository: name → commit.
    package func knownTags(repositoryID: Int64) throws -> [String: String] {
        try read { db in
            let pairs = try db.query(
                "SELECT name, commit_sha FROM known_tags WHERE repository_id = ?", [repositoryID]
            ) { row in (row.string("name"), row.string("commit_sha")) }
            return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Records tags as seen (a moved tag takes its new commit), forgets `removed`, and with `baseline` marks the
    /// repository's tags as baselined — all at once.
    package func recordTags(
        repositoryID: Int64, seen: [String: String], removed: [String], baseline: Bool, now: Date
    ) throws {
        try write { db in
            guard try Self.repository(id: repositoryID, in: db) != nil else {
                throw Self.repositoryNotFound(repositoryID)
            }
            for (name, commit) in seen.sorted(by: { $0.key < $1.key }) {
                try db.run(
                    """
                    INSERT INTO known_tags (repository_id, name, commit_sha, seen_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (repository_id, name) DO UPDATE SET commit_sha = excluded.commit_sha,
                        seen_at = excluded.seen_at WHERE commit_sha <> excluded.commit_sha
                    """, [repositoryID, name, commit, now])
            }
            for name in removed {
                try db.run("DELETE FROM known_tags WHERE repository_id = ? AND name = ?", [repositoryID, name])
            }
            if baseline {
                try db.run("UPDATE repositories SET tags_baselined = 1 WHERE id = ?", [repositoryID])
            }
        }
    }

    static func repository(id: Int64, in db: SQLiteConnection) throws -> RepositoryRecord? {
        try db.queryFirst("SELECT * FROM repositories WHERE id = ?", [id], RepositoryRecord.init)
    }

    static func repositoryNotFound(_ id: Int64) -> StoreError {
        StoreError(.notFound, "repository \(id) does not exist; it may have been removed — fetch its URL again")
    }
}
