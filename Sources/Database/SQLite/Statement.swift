internal import CSQLite
import Core
import Foundation

/// SQLite's `SQLITE_TRANSIENT` destructor: "copy the bytes before the bind call returns".
///
/// The C macro is `((sqlite3_destructor_type)-1)`, a cast Swift cannot import, so the same bit pattern is
/// rebuilt here. A function, not a global constant, because C function pointers are not `Sendable`.
private func transient() -> sqlite3_destructor_type {
    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// One prepared statement, finalized when released.
///
/// Not thread-safe, like the connection that made it: it is only used under ``SQLiteStore``'s lock.
final class Statement {
    fileprivate let handle: OpaquePointer
    private let db: OpaquePointer
    private let path: String
    /// Result column names to their indexes, so rows are read by name.
    fileprivate let columns: [String: Int32]
    /// Set while a caller steps through rows, so that a nested use of the same SQL prepares a fresh statement.
    var inUse = false

    init(sql: String, db: OpaquePointer, path: String, persistent: Bool) throws(StoreError) {
        var raw: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        try check("sqlite3_prepare_v3", db, path: path) { sqlite3_prepare_v3(db, sql, -1, flags, &raw, nil) }
        guard let raw else {
            throw StoreError(.unavailable, "sqlite3_prepare_v3 found no statement in \"\(sql)\"; this is a bug")
        }
        handle = raw
        self.db = db
        self.path = path
        var columns: [String: Int32] = [:]
        for index in 0..<sqlite3_column_count(raw) {
            columns[String(cString: sqlite3_column_name(raw, index))] = index
        }
        self.columns = columns
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to the parameters `?1…?n`.
    func bind(_ values: [any SQLBindable]) throws(StoreError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        precondition(values.count == expected, "\(values.count) values for \(expected) parameters")
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            try check("sqlite3_bind", db, path: path) {
                switch value.sqlValue {
                case .null:
                    return sqlite3_bind_null(handle, index)
                case .integer(let integer):
                    return sqlite3_bind_int64(handle, index, integer)
                case .real(let real):
                    return sqlite3_bind_double(handle, index, real)
                case .text(let text):
                    // The explicit length keeps any NUL inside the text; the pointer is never NULL (which would
                    // bind SQL NULL), even for "".
                    return text.withCString {
                        sqlite3_bind_text(handle, index, $0, Int32(text.utf8.count), transient())
                    }
                case .blob(let bytes):
                    guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
                    return bytes.withUnsafeBytes { raw in
                        sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), transient())
                    }
                }
            }
        }
    }

    /// Steps once: true when a row is ready to read, false when the statement is done.
    func step() throws(StoreError) -> Bool {
        try check("sqlite3_step", db, path: path) { sqlite3_step(handle) } == SQLITE_ROW
    }

    /// Makes the statement ready for its next use; any error was already reported by ``step()``.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The current row.
    var row: Row { Row(statement: self) }
}

/// The row a statement is on; valid only until the statement steps again.
struct Row {
    fileprivate let statement: Statement

    private func index(_ column: String) -> Int32 {
        guard let index = statement.columns[column] else {
            preconditionFailure("no column \(column) in the result (\(statement.columns.keys.sorted()))")
        }
        return index
    }

    /// Whether the column holds SQL NULL.
    func isNull(_ column: String) -> Bool {
        sqlite3_column_type(statement.handle, index(column)) == SQLITE_NULL
    }

    /// The column as an integer (NULL reads as 0).
    func int64(_ column: String) -> Int64 {
        sqlite3_column_int64(statement.handle, index(column))
    }

    /// The column as an `Int` (NULL reads as 0).
    func int(_ column: String) -> Int {
        Int(int64(column))
    }

    /// The column as an integer, or nil for NULL.
    func optionalInt64(_ column: String) -> Int64? {
        isNull(column) ? nil : int64(column)
    }

    /// The column as a floating-point number (NULL reads as 0).
    func double(_ column: String) -> Double {
        sqlite3_column_double(statement.handle, index(column))
    }

    /// The column as a boolean stored as 0 or 1.
    func bool(_ column: String) -> Bool {
        int64(column) != 0
    }

    /// The column as text (NULL reads as "").
    func string(_ column: String) -> String {
        let index = index(column)
        guard let text = sqlite3_column_text(statement.handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as text, or nil for NULL.
    func optionalString(_ column: String) -> String? {
        isNull(column) ? nil : string(column)
    }

    /// The column as bytes (NULL reads as empty).
    func blob(_ column: String) -> [UInt8] {
        let index = index(column)
        guard let bytes = sqlite3_column_blob(statement.handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// The column as a time stored in milliseconds since 1970.
    func date(_ column: String) -> Date {
        Date(millisecondsSince1970: int64(column))
    }

    /// The column as a time, or nil for NULL.
    func optionalDate(_ column: String) -> Date? {
        optionalInt64(column).map(Date.init(millisecondsSince1970:))
    }
}
