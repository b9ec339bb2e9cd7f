import Core
import Foundation
import Synchronization
import Testing

@testable import Database

@Suite struct MigrationTests {
    let scratch = Scratch()

    static let tables = [
        "api_keys", "build_log", "builds", "connections", "decisions", "integrations", "jobs", "known_tags",
        "release_tags", "releases", "repositories", "secrets", "tenants", "triggers",
    ]

    @Test func aNewFileInAMissingFolderGetsTheLatestSchema() throws {
        let path = scratch.folder + "/data/nested/slipway.sqlite"
        let store = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.pragma("user_version") == String(Migrations.latestVersion))
        #expect(Migrations.latestVersion == 2)
        let tables = try store.read { db in
            try db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                $0.string("name")
            }
        }
        #expect(tables.sorted() == Self.tables)
    }

    @Test func reopeningChangesNothing() throws {
        let schema = { (store: SQLiteStore) in
            try store.read { db in
                try db.query("SELECT name, sql FROM sqlite_master ORDER BY name") { $0.string("sql") }
            }
        }
        let first = try scratch.store()
        _ = try first.createIntegration(
            NewIntegration(name: "kept", repositoryID: nil, repositoryURL: nil, trackingBranch: nil), now: start)
        let before = try schema(first)
        let second = try scratch.store()
        #expect(try schema(second) == before)
        #expect(try second.pragma("user_version") == String(Migrations.latestVersion))
        #expect(try second.integration(named: "kept") != nil)
    }

    @Test func aVersionOneDatabaseIsMigratedToTheLatestKeepingItsRecords() throws {
        let path = scratch.path()
        try FileManager.default.createDirectory(atPath: scratch.folder, withIntermediateDirectories: true)
        // A database as the first release of the schema left it.
        let old = try SQLiteConnection(path: path, busyTimeout: .seconds(1))
        try old.execute(schemaVersion1 + "; PRAGMA user_version = 1")
        try old.execute(
            "INSERT INTO integrations (name, long_name, kind, path, include, created_at, modified_at) "
                + "VALUES ('old', 'old', 'internal', '', '[]', 0, 0)")
        let store = try SQLiteStore(path: path)
        #expect(try store.pragma("user_version") == String(Migrations.latestVersion))
        #expect(try store.integration(named: "old") != nil)
        #expect(try store.apiKeys().isEmpty)
    }

    @Test func aFileFromANewerSlipwayIsRefused() throws {
        let path = scratch.path()
        _ = try scratch.store()
        try SQLiteConnection(path: path, busyTimeout: .seconds(1)).execute("PRAGMA user_version = 7")
        let error = storeError { _ = try SQLiteStore(path: path) }
        #expect(error?.code == .incompatible)
        let message = error?.message ?? ""
        #expect(message.contains(path))
        #expect(message.contains("schema version 7"))
        #expect(message.contains("up to \(Migrations.latestVersion)"))
        #expect(message.contains("Upgrade Slipway"))
        #expect(message.contains("restore a backup"))
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let path = scratch.path()
        try FileManager.default.createDirectory(atPath: scratch.folder, withIntermediateDirectories: true)
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = storeError { _ = try SQLiteStore(path: path) }
        #expect(error?.code == .incompatible)
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("restore a backup") == true)
    }

    @Test(arguments: [(SQLiteStore.Options.Synchronous.normal, "1"), (.full, "2")])
    func connectionSettings(synchronous: SQLiteStore.Options.Synchronous, expected: String) throws {
        let store = try scratch.store(options: .init(synchronous: synchronous, busyTimeout: .milliseconds(2500)))
        #expect(try store.pragma("journal_mode") == "wal")
        #expect(try store.pragma("foreign_keys") == "1")
        #expect(try store.pragma("synchronous") == expected)
        #expect(try store.read { db in try db.queryFirst("PRAGMA busy_timeout") { $0.int("timeout") } } == 2500)
        #expect(FileManager.default.fileExists(atPath: scratch.path() + "-wal"))
    }

    @Test func foreignKeysAreEnforced() throws {
        let store = try scratch.store()
        let error = storeError {
            try store.write { db in
                _ = try db.run(
                    """
                    INSERT INTO builds (integration_id, status, trigger_source, ref, commit_sha, inputs_digest,
                        diagnostics, attempts, created_at) VALUES (999, 'queued', 'api', 'r', 'c', 'd', '[]', 0, 0)
                    """)
            }
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("FOREIGN KEY") == true)
        #expect(try store.count("builds") == 0)
    }

    @Test func twoProcessesCreatingTheSameFileMigrateItOnce() throws {
        let outcomes = Mutex<[String]>([])
        let path = scratch.path()
        onThreads(4) { _ in
            let outcome: String
            do {
                outcome = try SQLiteStore(path: path).pragma("user_version") ?? "none"
            } catch {
                outcome = "\(error)"
            }
            outcomes.withLock { $0.append(outcome) }
        }
        let latest = String(Migrations.latestVersion)
        #expect(outcomes.withLock { $0 } == [latest, latest, latest, latest])
    }
}
