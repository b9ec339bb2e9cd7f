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
/// - Concurrency: one connection for writes and ``Options/readers`` more for reads. Every method is one
///   transaction. Writes queue, first come first served, for the write connection, where a burst of them
///   shares one `BEGIN IMMEDIATE … COMMIT`, each in a savepoint of its own (``GroupCommit``): another process
///   (or another `SQLiteStore` on the same file) waits for the write lock up to ``Options/busyTimeout``, then
///   the method throws ``StoreError/Code/unavailable`` (retryable). Reads take a free read connection (WAL
///   lets them run beside a write) in a deferred transaction: one snapshot of what was committed when it
///   began.
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
        /// Connections for reads, besides the one for writes (at least 1).
        package var readers: Int

        /// Creates options.
        package init(synchronous: Synchronous = .normal, busyTimeout: Duration = .seconds(5), readers: Int = 4) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.readers = max(1, readers)
        }

        /// WAL with `synchronous=NORMAL`, 5 s busy timeout.
        package static let standard = Options()
    }

    /// The database file.
    package let path: String
    private let writer: GroupCommit
    private let readers: [ConnectionSlot]
    private let nextReader = Atomic<Int>(0)

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
        writer = GroupCommit(db)
        readers = try (0..<options.readers).map { _ in
            let reader = try SQLiteConnection(path: path, busyTimeout: options.busyTimeout)
            try reader.execute("PRAGMA foreign_keys = ON; PRAGMA query_only = ON")
            return ConnectionSlot(reader)
        }
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

    /// Runs `body` in a write transaction: all or nothing, committed when it returns (see ``GroupCommit``).
    func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// Writes waiting for the write connection.
    var queuedWrites: Int { writer.queued }

    /// Runs `body` in a read transaction on a read connection: the first free one, else the next in turn.
    func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let start = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        for offset in 0..<readers.count {
            let slot = readers[(start &+ offset) % readers.count]
            if let result = try slot.withLockIfFree({ db in try db.transaction(.read) { try body(db) } }) {
                return result
            }
        }
        return try readers[start % readers.count].withLock { db in try db.transaction(.read) { try body(db) } }
    }
}

/// A read connection and the lock that makes its user exclusive: a pthread mutex (through `NSLock`) rather
/// than `Mutex`, whose priority-inheritance futex costs far more when threads contend for it.
private final class ConnectionSlot: @unchecked Sendable {  // `connection` is used only while `lock` is held.
    private let lock = NSLock()
    private let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) { self.connection = connection }

    func withLock<T>(_ body: (SQLiteConnection) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// `body`'s result, or nil without waiting when the connection is in use.
    func withLockIfFree<T>(_ body: (SQLiteConnection) throws -> T) rethrows -> T? {
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        return try body(connection)
    }
}

extension SQLiteStore: PipelineStore, JobQueue {}
