import Core
import Foundation
import Testing

@testable import Database

@Suite struct BuildTests {
    let fixture: Fixture
    var store: SQLiteStore { fixture.store }

    init() throws {
        fixture = try Fixture()
    }

    func buildJob(_ build: Build) throws -> Job {
        try #require(
            try store.read { db in
                try db.queryFirst(
                    "SELECT * FROM jobs WHERE key = ? ORDER BY id DESC LIMIT 1", ["build:\(build.id)"], Job.init)
            })
    }

    @Test func aRequestQueuesTheBuildItsJobAndItsDecisions() throws {
        let relay = try fixture.integration()
        let decisions = try fixture.submit([relay]).decisions
        let request = try fixture.requestBuild(relay, commit: sha("a"), decisions: decisions, now: at(1))
        guard case .created(let build) = request else {
            Issue.record("expected a new build, got \(request)")
            return
        }
        #expect(build.status == .queued && build.attempts == 0 && build.trigger == .webhook)
        #expect(build.ref == "refs/heads/main" && build.tag == nil && build.commitSHA == sha("a"))
        #expect(build.inputsDigest == "sha256:" + sha("a") && build.createdAt == at(1))
        #expect(
            build.releaseID == nil && build.startedAt == nil && build.completedAt == nil && build.diagnostics.isEmpty)
        #expect(try store.build(id: build.id) == build)

        let job = try buildJob(build)
        #expect(job.kind == "build" && job.group == "integration:\(relay.id)" && job.state == .queued)
        #expect(job.payload == .object(["build_id": .int(Int(build.id))]) && job.maxAttempts == 3)

        let decision = try #require(
            try store.decisions(integrationID: relay.id, repositoryKey: nil, limit: 1, offset: 0).first)
        #expect(decision.outcome == .queued && decision.buildID == build.id)
        #expect(decision.commitSHA == sha("a") && decision.inputsDigest == build.inputsDigest)
        #expect(decision.steps.last?.stage == "queued")
    }

    @Test func aTagIsBuiltOncePerIntegration() throws {
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon")
        let first = try fixture.requestBuild(relay, ref: "refs/tags/v1", tag: "v1")
        let late = try fixture.submit([relay]).decisions
        let again = try fixture.requestBuild(relay, commit: sha("2"), ref: "refs/tags/v1", tag: "v1", decisions: late)
        #expect(again == .existing(first.build))
        #expect(try store.decision(late[0].id)?.buildID == first.build.id, "an unfinished tag build serves them too")
        #expect(try store.jobs(key: "build:\(first.build.id)").count == 1)
        #expect(try fixture.requestBuild(beacon, ref: "refs/tags/v1", tag: "v1").build.id != first.build.id)

        _ = try store.startBuild(id: first.build.id, now: at(1))
        _ = try store.publish(newRelease(first.build.id), now: at(2))
        let after = try fixture.submit([relay]).decisions
        let finished = try fixture.requestBuild(relay, ref: "refs/tags/v1", tag: "v1", decisions: after)
        #expect(finished.build.id == first.build.id && finished.build.status == .succeeded)
        #expect(try store.decision(after[0].id)?.outcome == .pending, "a finished tag build leaves them to the caller")
        #expect(try store.jobs(key: "build:\(first.build.id)").count == 1, "nothing left to run for a finished build")
    }

    @Test func anUnfinishedBuildWhoseJobWasGivenUpGetsANewJob() throws {
        let relay = try fixture.integration()
        let build = try fixture.requestBuild(relay, ref: "refs/tags/v1", tag: "v1").build
        let job = try #require(try store.claim(owner: "w", kinds: nil, lease: .seconds(60), now: at(1)))
        _ = try store.fail(
            jobID: job.id, owner: "w", error: "toolchain missing", retryable: false, retryAfter: nil,
            backoff: .standard, now: at(2))
        #expect(try fixture.requestBuild(relay, ref: "refs/tags/v1", tag: "v1", now: at(3)) == .existing(build))
        let jobs = try store.jobs(key: "build:\(build.id)")
        #expect(jobs.map(\.state) == [.failed, .queued])
        #expect(jobs.last?.runAfter == at(3))
    }

    @Test func aNewerPushCoalescesIntoTheQueuedBuildOfItsBranch() throws {
        let relay = try fixture.integration()
        let older = try fixture.submit([relay]).decisions
        let first = try fixture.requestBuild(relay, commit: sha("a"), decisions: older)
        let newer = try fixture.submit([relay], now: at(1)).decisions
        let second = try fixture.requestBuild(relay, commit: sha("b"), decisions: newer, now: at(1))
        guard case .coalesced(let build) = second else {
            Issue.record("expected coalescing, got \(second)")
            return
        }
        #expect(build.id == first.build.id && build.commitSHA == sha("b") && build.inputsDigest == "sha256:" + sha("b"))
        let coalesced = try #require(try store.decision(older[0].id))
        #expect(coalesced.outcome == .coalesced && coalesced.reason.contains("bbbbbbb"))
        #expect(coalesced.steps.last?.stage == "coalesced")
        #expect(try store.decision(newer[0].id)?.outcome == .queued)
        #expect(try store.decision(newer[0].id)?.buildID == build.id)
        #expect(try store.count("builds") == 1 && store.counts()[.queued] == 1)

        let same = try fixture.submit([relay], now: at(2)).decisions
        #expect(try fixture.requestBuild(relay, commit: sha("b"), decisions: same, now: at(2)) == .coalesced(build))
        #expect(try store.decision(newer[0].id)?.outcome == .queued, "the same commit again coalesces nobody away")
    }

    @Test func onlyAnUnclaimedBranchBuildOfTheSameRefCoalesces() throws {
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon")
        let main = try fixture.requestBuild(relay, commit: sha("a")).build
        #expect(try fixture.requestBuild(relay, commit: sha("b"), ref: "refs/heads/dev").build.id != main.id)
        #expect(try fixture.requestBuild(beacon, commit: sha("b")).build.id != main.id)
        #expect(try fixture.requestBuild(relay, commit: sha("c"), ref: "refs/tags/v1", tag: "v1").build.id != main.id)

        let job = try #require(try store.claim(owner: "w", kinds: ["build"], lease: .seconds(60), now: at(1)))
        #expect(job.key == "build:\(main.id)")
        let next = try fixture.requestBuild(relay, commit: sha("d"), now: at(2))
        guard case .created(let created) = next else {
            Issue.record("expected a new build, got \(next)")
            return
        }
        #expect(try store.build(id: main.id)?.commitSHA == sha("a"), "a claimed build is not changed under its worker")
        #expect(try buildJob(created).state == .queued)
    }

    @Test func startingABuildCountsAttempts() throws {
        let relay = try fixture.integration()
        let build = try fixture.requestBuild(relay).build
        let started = try store.startBuild(id: build.id, now: at(1))
        #expect(started.status == .running && started.attempts == 1 && started.startedAt == at(1))
        let restarted = try store.startBuild(id: build.id, now: at(5))
        #expect(restarted.attempts == 2 && restarted.startedAt == at(5))
        let failed = try store.failBuild(
            id: build.id, failure: "exit 1", diagnostics: [], validation: false, now: at(6))
        #expect(try store.startBuild(id: build.id, now: at(7)) == failed, "a finished build is returned unchanged")
        #expect(storeError { _ = try store.startBuild(id: 999, now: at(7)) }?.code == .notFound)
    }

    @Test(arguments: [(true, DecisionOutcome.failedValidation), (false, .failedBuild)])
    func aFailedBuildRecordsWhyAndSettlesItsDecisions(validation: Bool, outcome: DecisionOutcome) throws {
        let relay = try fixture.integration()
        let decisions = try fixture.submit([relay]).decisions
        let build = try fixture.requestBuild(relay, decisions: decisions).build
        _ = try store.startBuild(id: build.id, now: at(1))
        let diagnostics = [
            Diagnostic(.error, at: SourceLocation(line: 12, column: 5), path: "PANDIUM.yaml", "unknown base 'nod'"),
            Diagnostic(.warning, at: SourceLocation(line: 1, column: 1), path: "PANDIUM.yaml", "no configs"),
        ]
        let failure = "PANDIUM.yaml:12:5: error: unknown base 'nod'"
        let failed = try store.failBuild(
            id: build.id, failure: failure, diagnostics: diagnostics, validation: validation, now: at(2))
        #expect(failed.status == .failed && failed.failure == failure && failed.completedAt == at(2))
        #expect(failed.diagnostics == diagnostics)
        #expect(try store.build(id: build.id) == failed)
        let decision = try #require(try store.decision(decisions[0].id))
        #expect(decision.outcome == outcome && decision.reason == failure)

        #expect(
            try store.failBuild(id: build.id, failure: "again", diagnostics: [], validation: false, now: at(3))
                == failed)
        let published = try fixture.release(relay, commit: sha("9"))
        let error = storeError {
            try store.failBuild(id: published.buildID, failure: "late", diagnostics: [], validation: false, now: at(4))
        }
        #expect(error?.code == .conflict)
    }

    @Test func logsKeepTheirOrder() throws {
        let relay = try fixture.integration()
        let build = try fixture.requestBuild(relay).build
        let first = [
            LogLine(at: at(1), stream: .slipway, text: "$ npm ci"), LogLine(at: at(2), stream: .stdout, text: ""),
        ]
        let second = [LogLine(at: at(3), stream: .stderr, text: "warn: ünïcode ✓ and a\u{0}nul")]
        try store.appendBuildLog(buildID: build.id, lines: first)
        try store.appendBuildLog(buildID: build.id, lines: second)
        #expect(try store.buildLog(buildID: build.id) == first + second)
        #expect(try store.buildLog(buildID: 999).isEmpty)
        #expect(storeError { try store.appendBuildLog(buildID: 999, lines: first) }?.code == .notFound)
    }

    @Test func buildsAreListedNewestFirstAndFoundByDigest() throws {
        let relay = try fixture.integration()
        var builds: [Build] = []
        for (index, commit) in ["a", "b", "a"].enumerated() {
            let build = try fixture.requestBuild(relay, commit: sha(Character(commit)), now: at(Double(index))).build
            _ = try store.failBuild(
                id: build.id, failure: "x", diagnostics: [], validation: false, now: at(Double(index)))
            builds.append(try #require(try store.build(id: build.id)))
        }
        #expect(try store.builds(integrationID: relay.id, limit: 10, offset: 0) == builds.reversed())
        #expect(try store.builds(integrationID: relay.id, limit: 1, offset: 1) == [builds[1]])
        #expect(try store.latestBuild(integrationID: relay.id, inputsDigest: "sha256:" + sha("a")) == builds[2])
        #expect(try store.latestBuild(integrationID: relay.id, inputsDigest: "sha256:none") == nil)
    }

    @Test func aRequestServingAnotherIntegrationsDecisionChangesNothing() throws {
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon")
        let decisions = try fixture.submit([beacon]).decisions
        #expect(storeError { _ = try fixture.requestBuild(relay, decisions: decisions) }?.code == .notFound)
        #expect(storeError { _ = try fixture.requestBuild(Integration.unknown) }?.code == .notFound)
        #expect(try store.count("builds") == 0 && store.count("jobs") == 0)
        #expect(try store.decision(decisions[0].id)?.outcome == .pending)
    }
}

extension SQLiteStore {
    /// The jobs with this key, oldest first.
    func jobs(key: String) throws -> [Job] {
        try read { db in try db.query("SELECT * FROM jobs WHERE key = ? ORDER BY id", [key], Job.init) }
    }

    /// One decision, by id.
    func decision(_ id: Int64) throws -> Decision? {
        try read { db in try db.queryFirst("SELECT * FROM decisions WHERE id = ?", [id], Decision.init) }
    }
}

extension Integration {
    /// An integration the store does not have.
    static let unknown = Integration(
        id: 999, name: "unknown", longName: "", kind: .internal, connectionID: nil, repositoryID: nil,
        repositoryURL: nil, trackingBranch: nil, path: "", include: [], defaultReleaseID: nil,
        defaultReleaseChannel: nil, createdAt: start, modifiedAt: start)
}
