import Foundation
import Synchronization
import Testing

@testable import Database

@Suite struct GroupCommitTests {
    let scratch = Scratch()

    struct Refused: Error {}

    private func notesStore() throws -> SQLiteStore {
        let store = try scratch.store()
        try store.write { db in _ = try db.run("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT UNIQUE)") }
        return store
    }

    private func notes(_ store: SQLiteStore) throws -> [String] {
        try store.read { db in try db.query("SELECT text FROM notes ORDER BY text") { $0.string("text") } }
    }

    /// Holds the write connection with a first write (inserting `first`) until `count` more writes, each
    /// running `body` with its index, are queued behind it; then lets them all run and returns what each got:
    /// "ok", "refused" for ``Refused``, else the error.
    private func queuedBehindOneWrite(
        _ store: SQLiteStore, count: Int, _ body: @escaping @Sendable (Int, SQLiteConnection) throws -> Void
    ) throws -> [Int: String] {
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread {
            do {
                try store.write { db in
                    _ = try db.run("INSERT INTO notes (text) VALUES ('first')")
                    holding.signal()
                    release.wait()
                }
            } catch {
                Issue.record("the first write failed: \(error)")
                holding.signal()
            }
        }.start()
        #expect(holding.wait(timeout: .now() + 10) == .success)
        let outcomes = Mutex<[Int: String]>([:])
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    try store.write { db in try body(index, db) }
                    outcomes.withLock { $0[index] = "ok" }
                } catch {
                    outcomes.withLock { $0[index] = error is Refused ? "refused" : "\(error)" }
                }
            }.start()
        }
        let deadline = Date().addingTimeInterval(10)
        while store.queuedWrites < count && Date() < deadline { usleep(1000) }
        #expect(store.queuedWrites == count, "all were queued before the first write ended")
        release.signal()
        #expect(group.wait(timeout: .now() + 30) == .success)
        return outcomes.withLock { $0 }
    }

    @Test func aFailingWriteInABatchIsUndoneAloneAndTheOthersCommit() throws {
        let store = try notesStore()
        // The eight writes queued behind the first run together, in one transaction.
        let results = try queuedBehindOneWrite(store, count: 8) { index, db in
            switch index {
            case 3:
                _ = try db.run("INSERT INTO notes (text) VALUES ('undone')")
                throw Refused()
            case 5:
                _ = try db.run("INSERT INTO notes (text) VALUES ('first')")  // UNIQUE violation
            default:
                _ = try db.run("INSERT INTO notes (text) VALUES (?)", ["note-\(index)"])
            }
        }
        #expect(results[3] == "refused")
        #expect(results[5]?.contains("UNIQUE") == true, "\(results[5] ?? "none")")
        #expect(results.filter { $0.value == "ok" }.keys.sorted() == [0, 1, 2, 4, 6, 7])
        #expect(try notes(store) == ["first", "note-0", "note-1", "note-2", "note-4", "note-6", "note-7"])
    }

    @Test func moreWritesThanOneTransactionTakesRunInSeveral() throws {
        let store = try notesStore()
        // 150 writes queue behind the first: more than one transaction takes (64).
        let results = try queuedBehindOneWrite(store, count: 150) { index, db in
            _ = try db.run("INSERT INTO notes (text) VALUES (?)", ["n\(index)"])
        }
        #expect(results.count == 150 && results.values.allSatisfy { $0 == "ok" })
        #expect(try notes(store).count == 151)
        #expect(store.queuedWrites == 0)
    }

    @Test func everyWriteIsCommittedWhenItReturns() throws {
        let store = try notesStore()
        let failures = Mutex<[String]>([])
        onThreads(8) { thread in
            for index in 0..<150 {
                let text = "t\(thread)-\(index)"
                do {
                    try store.write { db in _ = try db.run("INSERT INTO notes (text) VALUES (?)", [text]) }
                    // Another connection sees it at once: the write returned only after its commit.
                    let seen = try store.read { db in
                        try db.queryFirst("SELECT count(*) AS n FROM notes WHERE text = ?", [text]) { $0.int("n") }
                    }
                    if seen != 1 { failures.withLock { $0.append("\(text) not visible after its write") } }
                } catch {
                    failures.withLock { $0.append("\(text): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try notes(store).count == 8 * 150)
        #expect(store.queuedWrites == 0)
    }
}
