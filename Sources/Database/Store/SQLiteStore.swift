import Core
import Foundation
import Synchronization

/// The release pipeline's store and durable job queue in one SQLite file (SPEC §7), opened with
/// `SQLiteStore(path:options:)`.
///
/// ```swift
/// let store = try SQLiteStore(path: dataDirectory + "/slipway.sqlite")
/// let (trigger, decisions, created) = try store.submit(trigger, integrationIDs: [7], unmatchedReason: "",
///                                                      jobs: [fetchJob], now: .now)
/// ```
///
/// - Durability: write-ahead logging (WAL). With ``Options/Synchronous-swift.enum/normal`` (the default) a
///   commit survives the process crashing at any point, and the database stays consistent through a power
///   loss, which may lose the last commits; ``Options/Synchronous-swift.enum/full`` also keeps those, for an
///   fsync per commit.
/// - Concurrency: one connection, held in a `Mutex` for the whole of each method, so every method is one
///   transaction and threads queue for it. Writes use `BEGIN IMMEDIATE`: another process (or another
///   `SQLiteStore` on the same file) waits for the write lock up to ``Options/busyTimeout``, then the method
///   throws ``StoreError/Code/unavailable`` (retryable). Reads use a deferred transaction: one snapshot.
/// - Every method blocks on disk I/O: call it from a thread pool, not from Swift's cooperative threads.
package final class SQLiteStore: Sendable {
    /// How the database is opened.
    package struct Options: Sendable, Hashable {
        /// When SQLite waits for the disk (`PRAGMA synchronous`).
        package enum Synchronous: String, Sendable, Hashable {
            /// fsync at checkpoints only: crash-safe for the process, consistent through power loss (recent
            /// commits may be lost then); the fastest.
            case normal = "NORMAL"
            /// fsync of the log at every commit: commits also survive power loss; each costs a disk flush.
            case full = "FULL"
        }

        /// When SQLite waits for the disk.
        package var synchronous: Synchronous
        /// How long a write waits for another connection's write lock before failing as unavailable.
        package var busyTimeout: Duration

        /// Creates options.
        package init(synchronous: Synchronous = .normal, busyTimeout: Duration = .seconds(5)) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
        }

        /// WAL with `synchronous=NORMAL`, 5 s busy timeout.
        package static let standard = Options()
    }

    /// The database file.
    package let path: String
    private let connection: Mutex<SQLiteConnection>

    /// Opens the database at `path`, creating the file and its folder if missing, and migrates its schema.
    ///
    /// Throws ``StoreError/Code/incompatible`` for a file written by a newer Slipway or one that is not a
    /// Slipway database, and ``StoreError/Code/unavailable`` when the file cannot be opened or stays locked.
    package init(path: String, options: Options = .standard) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                .unavailable,
                "cannot create the folder \(folder.path) for the database: \(error.localizedDescription); check "
                    + "the data directory's permissions")
        }
        let db = try SQLiteConnection(path: path, busyTimeout: options.busyTimeout)
        // Per-connection settings (all but journal_mode, which the file keeps), before any transaction.
        let journal = try Self.enableWriteAheadLog(db, busyTimeout: options.busyTimeout)
        guard journal?.lowercased() == "wal" else {
            throw StoreError(
                .unavailable,
                "the database \(path) cannot use write-ahead logging (journal mode \(journal ?? "unknown")); put "
                    + "the data directory on a local filesystem")
        }
        try db.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = \(options.synchronous.rawValue)")
        try Migrations.migrate(db)
        self.path = path
        connection = Mutex(db)
    }

    /// Switches the file to WAL. SQLite answers "database is locked" at once, without its busy handler,
    /// when another connection opens the same new file meanwhile, so this waits and retries within the
    /// busy timeout itself.
    private static func enableWriteAheadLog(_ db: SQLiteConnection, busyTimeout: Duration) throws -> String? {
        let deadline = ContinuousClock.now + busyTimeout
        while true {
            do {
                return try db.queryFirst("PRAGMA journal_mode = WAL") { $0.string("journal_mode") }
            } catch let error as StoreError where error.code == .unavailable && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`), holding the connection.
    func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try connection.withLock { db in try db.transaction(.write) { try body(db) } }
    }

    /// Runs `body` in a read transaction, holding the connection.
    func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try connection.withLock { db in try db.transaction(.read) { try body(db) } }
    }
}

extension SQLiteStore: PipelineStore, JobQueue {}
