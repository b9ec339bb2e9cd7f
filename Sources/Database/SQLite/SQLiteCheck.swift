internal import CSQLite
import Core

/// Passes a SQLite result code through, or throws it as a ``StoreError`` carrying `sqlite3_errmsg`.
///
/// Synchronous on purpose: `sqlite3_errmsg` describes the connection's most recent call, so it is read before
/// anything else can use the connection (every caller holds the store's lock). `db` is evaluated after `call`,
/// so `sqlite3_open_v2` can report through the handle it just created.
@discardableResult
func check(
    _ function: String, _ db: @autoclosure () -> OpaquePointer?, path: String, _ call: () -> Int32
) throws(StoreError) -> Int32 {
    let code = call()
    switch code {
    case SQLITE_OK, SQLITE_ROW, SQLITE_DONE:
        return code
    default:
        let message = db().map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        throw storeError(code: code, function: function, message: message, path: path)
    }
}

/// Classifies a SQLite failure by what the caller should do next.
func storeError(code: Int32, function: String, message: String, path: String) -> StoreError {
    let name = String(cString: sqlite3_errstr(code))
    let failed = "\(function) failed on \(path) (\(name), code \(code)): \(message)"
    switch code & 0xFF {
    case SQLITE_BUSY, SQLITE_LOCKED:
        return StoreError(
            .unavailable,
            failed + "; another process kept the database locked past the busy timeout — retry, and check that "
                + "no other program holds a long transaction on this file")
    case SQLITE_CONSTRAINT:
        return StoreError(.conflict, failed + "; the change contradicts a stored record")
    case SQLITE_CORRUPT, SQLITE_NOTADB:
        return StoreError(
            .incompatible,
            failed + "; the file is damaged or is not a Slipway database — restore a backup, or point Slipway at "
                + "another data directory")
    case SQLITE_FULL:
        return StoreError(.unavailable, failed + "; the disk is full — free some space and retry")
    case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_AUTH:
        return StoreError(
            .unavailable,
            failed + "; check that the data directory exists, is writable by this user and sits on a local filesystem")
    default:
        return StoreError(.unavailable, failed + "; retry, and report it if it keeps happening")
    }
}
