import Core
import Foundation

/// Runs the write transactions of many threads on one connection, first come first served, several to one
/// SQLite transaction ("group commit").
///
/// Each caller's body runs inside a savepoint of a shared `BEGIN IMMEDIATE … COMMIT`: a body that throws is
/// rolled back alone and its caller gets the error; the others commit together, and every caller returns only
/// once its changes are committed (or throws if the commit fails). So each call keeps the guarantees of a
/// transaction of its own — all or nothing, durable when it returns — while a burst of webhooks pays for one
/// commit and one write of each changed page instead of one per request.
///
/// There is no thread of its own: the first waiting caller leads, running the queue's head (its own request
/// among them) while the others wait; then the next waiting caller leads. Requests run in arrival order, so a
/// worker's short transactions never starve behind a stream of handlers, nor handlers behind a worker.
final class GroupCommit: @unchecked Sendable {  // `pending` and `leading` are guarded by `condition`.
    private let connection: SQLiteConnection
    private let condition = NSCondition()
    /// Requests not yet taken into a transaction. A taken one must not stay referenced here: its body is a
    /// caller's closure that may not outlive the caller's `write`.
    private var pending: [Request] = []
    private var leading = false
    /// Most requests in one transaction: bounds how long a transaction holds the database's write lock.
    private let batchLimit: Int

    init(_ connection: SQLiteConnection, batchLimit: Int = 64) {
        self.connection = connection
        self.batchLimit = batchLimit
    }

    /// Requests queued and not yet taken into a transaction.
    var queued: Int {
        condition.lock()
        defer { condition.unlock() }
        return pending.count
    }

    /// Runs `body` in a write transaction shared with other callers' and returns once it is committed.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            var value: T?
            let request = Request { db in value = try body(db) }
            submit(request)
            if let error = request.error { throw error }
            guard let value else { preconditionFailure("a committed write request has no result") }
            return value
        }
    }

    /// Queues `request` and waits until it has run, leading a batch whenever nobody else does.
    private func submit(_ request: Request) {
        condition.lock()
        defer { condition.unlock() }
        pending.append(request)
        while !request.isDone {
            guard !leading else {
                condition.wait()
                continue
            }
            leading = true
            let batch = Array(pending.prefix(batchLimit))
            pending.removeFirst(batch.count)
            condition.unlock()
            run(batch)
            condition.lock()
            for finished in batch { finished.isDone = true }
            leading = false
            condition.broadcast()
        }
    }

    /// Runs `batch` in one transaction (more when a failure ends the transaction early).
    private func run(_ batch: [Request]) {
        let db = connection
        var index = 0
        while index < batch.count {
            let first = index
            do {
                try db.run("BEGIN IMMEDIATE")
            } catch {
                for request in batch[first...] { request.error = error }
                return
            }
            var ended = false
            while index < batch.count {
                let request = batch[index]
                index += 1
                request.run(in: db)
                // Some failures (a full disk, an I/O error) roll the whole transaction back: what ran in it
                // before is lost too, and says so; the rest of the batch goes on in a new transaction.
                if !db.inTransaction {
                    let cause = request.error
                    for earlier in batch[first..<(index - 1)] where earlier.error == nil {
                        earlier.error = cause ?? StoreError(.unavailable, "the write transaction was rolled back")
                    }
                    ended = true
                    break
                }
            }
            guard !ended else { continue }
            do {
                try db.run("COMMIT")
            } catch {
                if db.inTransaction { _ = try? db.run("ROLLBACK") }
                for request in batch[first..<index] { request.error = error }
            }
        }
    }

    /// One caller's body and what became of it.
    private final class Request {
        private let body: (SQLiteConnection) throws -> Void
        /// Why the caller's changes are not committed, if they are not.
        var error: (any Error)?
        /// Set by the leader, under the lock, once the request's transaction has ended.
        var isDone = false

        init(_ body: @escaping (SQLiteConnection) throws -> Void) { self.body = body }

        /// Runs the body in a savepoint: kept when it returns, undone when it throws.
        func run(in db: SQLiteConnection) {
            do {
                try db.run("SAVEPOINT slipway_write")
            } catch {
                self.error = error
                return
            }
            do {
                try body(db)
                try db.run("RELEASE slipway_write")
            } catch {
                self.error = error
                guard db.inTransaction else { return }
                do {
                    try db.run("ROLLBACK TO slipway_write")
                    try db.run("RELEASE slipway_write")
                } catch {
                    // The body's changes cannot be undone alone: the whole transaction goes, and the leader
                    // fails the others that ran in it.
                    _ = try? db.run("ROLLBACK")
                }
            }
        }
    }
}
