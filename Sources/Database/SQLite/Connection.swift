internal import CSQLite
import Core

/// One SQLite connection: the `sqlite3*` it owns, its cache of prepared statements, and transactions.
///
/// Opened with `SQLITE_OPEN_NOMUTEX` (SQLite's "multi-thread" mode): SQLite does not lock the connection
/// itself, because ``SQLiteStore`` holds it in a `Mutex` for the whole of each transaction. SQLite's own
/// `FULLMUTEX` would only serialize single calls, letting two threads interleave statements inside one
/// transaction; the store's lock covers the unit that matters and leaves SQLite nothing to lock.
///
/// `@unchecked Sendable` because it owns C state that is not thread-safe: it lives in ``SQLiteStore``'s
/// `Mutex` and is only touched inside `withLock`, which is what makes handing it to the store's closures safe.
final class SQLiteConnection: @unchecked Sendable {
    /// The database file, for messages.
    let path: String
    private let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    /// The kinds of transaction.
    enum TransactionKind {
        /// `BEGIN`: takes a read snapshot at the first read (consistent multi-statement reads).
        case read
        /// `BEGIN IMMEDIATE`: takes the write lock at once, waiting up to the busy timeout for it. A deferred
        /// transaction that reads and then writes can fail with `SQLITE_BUSY` without waiting when another
        /// connection wrote in between; taking the lock first makes every writer simply queue.
        case write
    }

    /// Opens (creating if missing) the database file at `path`.
    init(path: String, busyTimeout: Duration) throws(StoreError) {
        var raw: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        do {
            try check("sqlite3_open_v2", raw, path: path) { sqlite3_open_v2(path, &raw, flags, nil) }
        } catch {
            // sqlite3_open_v2 allocates a handle even when it fails, to carry the message.
            sqlite3_close_v2(raw)
            throw error
        }
        guard let raw else { throw StoreError(.unavailable, "sqlite3_open_v2 returned no connection for \(path)") }
        handle = raw
        self.path = path
        sqlite3_extended_result_codes(raw, 1)
        sqlite3_busy_timeout(raw, Int32(clamping: busyTimeout.milliseconds))
    }

    deinit {
        // Statements first: a connection with unfinalized statements would linger as a "zombie".
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL text that may hold several statements and takes no parameters (schema scripts, pragmas).
    func execute(_ sql: String) throws(StoreError) {
        try check("sqlite3_exec", handle, path: path) { sqlite3_exec(handle, sql, nil, nil, nil) }
    }

    /// Runs one statement and returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [any SQLBindable] = []) throws -> Int {
        try withStatement(sql) { statement in
            try statement.bind(values)
            while try statement.step() {}
        }
        return Int(sqlite3_changes(handle))
    }

    /// Runs one statement and reads every row it returns.
    ///
    /// `read` must only read the row: running SQL from inside it would step another statement meanwhile.
    func query<T>(_ sql: String, _ values: [any SQLBindable] = [], _ read: (Row) throws -> T) throws -> [T] {
        try withStatement(sql) { statement in
            try statement.bind(values)
            var results: [T] = []
            while try statement.step() {
                results.append(try read(statement.row))
            }
            return results
        }
    }

    /// Runs one statement and reads its first row, if any (stepping it to the end, so writes with
    /// `RETURNING` complete).
    func queryFirst<T>(_ sql: String, _ values: [any SQLBindable] = [], _ read: (Row) throws -> T) throws -> T? {
        try query(sql, values, read).first
    }

    /// Whether a transaction is open on this connection.
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try run(kind == .write ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            // A failed COMMIT may already have rolled back; a failing ROLLBACK would hide the real error.
            if inTransaction { _ = try? run("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` with the statement for `sql`, prepared once per connection and reset afterwards.
    private func withStatement<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
        let statement: Statement
        if let cached = statements[sql], !cached.inUse {
            statement = cached
        } else if statements[sql] == nil {
            statement = try Statement(sql: sql, db: handle, path: path, persistent: true)
            statements[sql] = statement
        } else {
            // The cached statement is being stepped by an outer caller: use a one-off.
            statement = try Statement(sql: sql, db: handle, path: path, persistent: false)
        }
        statement.inUse = true
        defer {
            statement.reset()
            statement.inUse = false
        }
        return try body(statement)
    }
}
