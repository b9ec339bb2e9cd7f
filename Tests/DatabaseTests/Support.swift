import Core
import Foundation
import Synchronization
import Testing

@testable import Database

/// A temporary folder for one test's database files, removed when the test ends.
final class Scratch: Sendable {
    let folder: String

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-db-\(UUID().uuidString)").path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The path of a database file in the folder.
    func path(_ name: String = "slipway.sqlite") -> String { folder + "/" + name }

    /// Opens (creating) a store in the folder.
    func store(_ name: String = "slipway.sqlite", options: SQLiteStore.Options = .standard) throws -> SQLiteStore {
        try SQLiteStore(path: path(name), options: options)
    }
}

/// Fixed times, so tests drive the clock: `at(0)` is the start, `at(30)` thirty seconds later.
let start = Date(timeIntervalSince1970: 1_800_000_000)
func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

/// A store with a repository and helpers for the records most tests need.
struct Fixture {
    let scratch = Scratch()
    let store: SQLiteStore
    let repository: RepositoryRecord

    init() throws {
        store = try scratch.store()
        repository = try store.upsertRepository(
            key: "github.com/acme/relay", url: "https://github.com/acme/relay.git", connectionID: "acme-github")
    }

    /// An internal integration on the fixture's repository.
    func integration(_ name: String = "orbit-relay", path: String = "") throws -> Integration {
        try store.createIntegration(
            NewIntegration(
                name: name, repositoryID: repository.id, repositoryURL: repository.url, trackingBranch: "main",
                path: path),
            now: start)
    }

    /// A webhook trigger for `integrations`, with its pending decisions.
    func submit(
        _ integrations: [Integration], delivery: String = UUID().uuidString, ref: String = "refs/heads/main",
        now: Date = start
    ) throws -> (trigger: Trigger, decisions: [Decision], created: Bool) {
        try store.submit(
            NewTrigger(
                source: .webhook, provider: "github", deliveryID: delivery, repositoryKey: repository.key, ref: ref,
                before: String(repeating: "0", count: 40), after: String(repeating: "a", count: 40)),
            integrationIDs: integrations.map(\.id), unmatchedReason: "", jobs: [], now: now)
    }

    /// Requests a build of `commit` for the integration, serving `decisions`.
    func requestBuild(
        _ integration: Integration, commit: String = sha("1"), ref: String = "refs/heads/main", tag: String? = nil,
        decisions: [Decision] = [], now: Date = start
    ) throws -> BuildRequest {
        try store.requestBuild(
            NewBuild(
                integrationID: integration.id, trigger: .webhook, ref: ref, tag: tag, commitSHA: commit,
                inputsDigest: "sha256:" + commit),
            decisionIDs: decisions.map(\.id), maxAttempts: 3, now: now)
    }

    /// Builds `commit` and publishes it.
    func release(
        _ integration: Integration, commit: String = sha("1"), tag: String? = nil, decisions: [Decision] = [],
        now: Date = start
    ) throws -> Release {
        let ref = tag.map { "refs/tags/" + $0 } ?? "refs/heads/main"
        let build = try requestBuild(integration, commit: commit, ref: ref, tag: tag, decisions: decisions, now: now)
        _ = try store.startBuild(id: build.build.id, now: now)
        return try store.publish(newRelease(build.build.id, digest: "sha256:artifact-" + commit), now: now)
    }
}

/// A 40-character commit id made of one repeated character.
func sha(_ character: Character) -> String { String(repeating: character, count: 40) }

/// What a worker hands to `publish`.
func newRelease(_ buildID: Int64, digest: String = "sha256:feed") -> NewRelease {
    NewRelease(
        buildID: buildID, artifactDigest: digest, artifactSize: 1234,
        manifest: .object(["version": .string("1.0"), "run": .string("node index.js")]),
        provenance: .object(["predicateType": .string("https://slsa.dev/provenance/v1")]))
}

/// Runs `body` on `count` new threads (not Swift's cooperative pool) and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}

extension SQLiteStore {
    /// The value of a pragma on the store's write connection, whose settings are the ones that matter.
    func pragma(_ name: String) throws -> String? {
        try write { db in try db.queryFirst("PRAGMA \(name)") { $0.string(name) } }
    }

    /// How many rows a table has.
    func count(_ table: String) throws -> Int {
        try read { db in try db.queryFirst("SELECT count(*) AS rows FROM \(table)") { $0.int("rows") } ?? 0 }
    }
}

/// The error `body` throws, for inspection.
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)")
        return nil
    }
}
