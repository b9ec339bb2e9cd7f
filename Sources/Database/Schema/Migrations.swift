import Core

/// One change of the schema: applied once, in order, in its own transaction, and never edited once released
/// (a change to the schema is a new migration).
struct Migration {
    /// The `PRAGMA user_version` the database has once this migration is applied.
    let version: Int
    /// The SQL script.
    let sql: String
}

/// The schema's history and the code that brings a database up to date when it is opened.
enum Migrations {
    /// Every migration, oldest first; versions count up from 1 without gaps.
    static let all: [Migration] = [
        Migration(version: 1, sql: schemaVersion1), Migration(version: 2, sql: schemaVersion2),
    ]

    /// The newest schema this binary knows.
    static var latestVersion: Int { all.last?.version ?? 0 }

    /// Applies the migrations `db` lacks; refuses a database written by a newer Slipway.
    ///
    /// Each migration runs under the write lock and re-reads the version first, so two processes opening a
    /// new file at once apply each migration once.
    static func migrate(_ db: SQLiteConnection) throws {
        try refuseNewer(try version(of: db), path: db.path)
        for migration in all {
            try db.transaction(.write) {
                let current = try version(of: db)
                try refuseNewer(current, path: db.path)
                guard current < migration.version else { return }
                try db.execute(migration.sql)
                try db.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }

    /// The schema version recorded in the file (0 for a new file).
    static func version(of db: SQLiteConnection) throws -> Int {
        try db.queryFirst("PRAGMA user_version") { $0.int("user_version") } ?? 0
    }

    private static func refuseNewer(_ version: Int, path: String) throws {
        guard version > latestVersion else { return }
        throw StoreError(
            .incompatible,
            "the database \(path) has schema version \(version), but this Slipway supports versions up to "
                + "\(latestVersion): a newer Slipway wrote it. Upgrade Slipway, or restore a backup of the data "
                + "directory made with this version")
    }
}
