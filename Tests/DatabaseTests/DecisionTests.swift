import Core
import Foundation
import Testing

@testable import Database

@Suite struct DecisionTests {
    let fixture: Fixture
    var store: SQLiteStore { fixture.store }

    init() throws {
        fixture = try Fixture()
    }

    @Test func submitRecordsTheTriggerAPendingDecisionPerIntegrationAndItsJobs() throws {
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon", path: "beacon")
        let fetch = JobSpec(kind: "fetch", key: "fetch:\(fixture.repository.id)", group: "repository:1")
        let trigger = NewTrigger(
            source: .webhook, provider: "github", deliveryID: "d-1", repositoryKey: fixture.repository.key,
            ref: "refs/heads/main", before: sha("0"), after: sha("b"))
        let result = try store.submit(
            trigger, integrationIDs: [relay.id, beacon.id, relay.id], unmatchedReason: "", jobs: [fetch], now: start)

        #expect(result.created)
        #expect(result.trigger.source == .webhook && result.trigger.provider == "github")
        #expect(result.trigger.deliveryID == "d-1" && result.trigger.ref == "refs/heads/main")
        #expect(result.trigger.before == sha("0") && result.trigger.after == sha("b"))
        #expect(result.trigger.receivedAt == start)
        #expect(try store.trigger(id: result.trigger.id) == result.trigger)

        #expect(result.decisions.map(\.integrationID) == [relay.id, beacon.id])
        for decision in result.decisions {
            #expect(decision.outcome == .pending && decision.triggerID == result.trigger.id)
            #expect(decision.source == .webhook && decision.provider == "github" && decision.deliveryID == "d-1")
            #expect(decision.repository == fixture.repository.key && decision.ref == "refs/heads/main")
            #expect(decision.steps.map(\.stage) == ["received", "matched"])
            #expect(decision.steps[0].detail.contains("d-1") && decision.steps[0].at == start)
            #expect(decision.createdAt == start && decision.updatedAt == start && decision.buildID == nil)
        }
        #expect(result.decisions[1].steps[1].detail.contains("beacon"))
        #expect(try store.counts()[.queued] == 1)
        #expect(try !store.enqueue(fetch, now: at(1)).created, "the fetch job was enqueued with the trigger")
    }

    @Test func manyDecisionsSettleTogetherAndTriggersReadInOneCall() throws {
        let relay = try fixture.integration()
        let submitted = try (0..<5).map { _ in try fixture.submit([relay]) }
        let ids = submitted.flatMap { $0.decisions.map(\.id) }
        let step = DecisionStep(at: at(2), stage: "fetch", detail: "unreachable")
        try store.updateDecisions(
            ids: Array(ids.prefix(4)), DecisionUpdate(outcome: .fetchFailed, reason: "unreachable", step: step),
            now: at(2))
        let open = try store.openDecisions(repositoryID: fixture.repository.id)
        #expect(open.filter { $0.outcome == .fetchFailed }.map(\.id) == Array(ids.prefix(4)))
        #expect(open.filter { $0.outcome == .pending }.map(\.id) == [ids[4]])
        #expect(open.first?.reason == "unreachable" && open.allSatisfy(\.steps.isEmpty))
        let settled = try store.decisions(integrationID: relay.id, repositoryKey: nil, limit: 10, offset: 0)
        #expect(settled.count == 5)
        let before = Dictionary(uniqueKeysWithValues: submitted.flatMap(\.decisions).map { ($0.id, $0.steps.count) })
        for decision in settled {
            let appended = ids.prefix(4).contains(decision.id)
            #expect(decision.steps.count == before[decision.id, default: -1] + (appended ? 1 : 0))
            #expect((decision.steps.last == step) == appended)
        }

        // All or nothing: an unknown id fails the whole update.
        #expect(throws: StoreError.self) {
            try store.updateDecisions(
                ids: [ids[4], 9_999], DecisionUpdate(outcome: .ignoredRef, reason: "x", step: step), now: at(3))
        }
        #expect(try store.openDecisions(repositoryID: fixture.repository.id).last?.outcome == .pending)

        let triggers = try store.triggers(ids: Set(submitted.map(\.trigger.id) + [9_999]))
        #expect(triggers.count == 5)
        #expect(submitted.allSatisfy { triggers[$0.trigger.id] == $0.trigger })
        #expect(try store.triggers(ids: []).isEmpty)
    }

    @Test func submittedDecisionsReadBackAsTheyWereReturned() throws {
        let relay = try fixture.integration()
        let now = Date(timeIntervalSince1970: 1_800_000_000.123_456)  // finer than the columns keep
        let submitted = try fixture.submit([relay], now: now)
        let stored = try store.decisions(integrationID: relay.id, repositoryKey: nil, limit: 10, offset: 0)
        #expect(stored == submitted.decisions)
        #expect(stored.first?.steps.map(\.stage) == ["received", "matched"])
    }

    @Test func aRepeatedDeliveryIsRecordedOnce() throws {
        let relay = try fixture.integration()
        let first = try fixture.submit([relay], delivery: "same")
        let repeated = try store.submit(
            NewTrigger(source: .webhook, provider: "github", deliveryID: "same", ref: "refs/heads/other"),
            integrationIDs: [relay.id], unmatchedReason: "",
            jobs: [JobSpec(kind: "fetch", key: "fetch:again")], now: at(5))
        #expect(!repeated.created)
        #expect(repeated.trigger == first.trigger)
        #expect(repeated.decisions == first.decisions)
        #expect(try store.counts()[.queued] == 0, "a duplicate enqueues nothing")
        #expect(try store.count("triggers") == 1 && store.count("decisions") == 1)

        #expect(
            try store.submit(
                NewTrigger(source: .webhook, provider: "gitlab", deliveryID: "same"), integrationIDs: [relay.id],
                unmatchedReason: "", jobs: [], now: at(6)
            ).created, "delivery ids are per provider")
        for second in 0..<2 {
            #expect(
                try store.submit(
                    NewTrigger(source: .api), integrationIDs: [relay.id], unmatchedReason: "", jobs: [],
                    now: at(Double(second))
                ).created, "triggers without a delivery id are never duplicates")
        }
    }

    @Test func aTriggerThatMatchesNothingGetsOneUnmatchedDecision() throws {
        let result = try store.submit(
            NewTrigger(source: .webhook, provider: "github", deliveryID: "x", repositoryKey: "github.com/acme/other"),
            integrationIDs: [], unmatchedReason: "no integration watches github.com/acme/other", jobs: [], now: start)
        let decision = try #require(result.decisions.first)
        #expect(result.decisions.count == 1)
        #expect(decision.outcome == .unmatched && decision.integrationID == nil)
        #expect(decision.reason == "no integration watches github.com/acme/other")
        #expect(decision.repository == "github.com/acme/other")
        #expect(decision.steps.map(\.stage) == ["received", "matched"])
        #expect(
            try store.decisions(integrationID: nil, repositoryKey: "github.com/acme/other", limit: 10, offset: 0)
                == [decision])
    }

    @Test func aSubmitNamingAnUnknownIntegrationRecordsNothing() throws {
        let relay = try fixture.integration()
        let error = storeError {
            _ = try store.submit(
                NewTrigger(source: .webhook, provider: "github", deliveryID: "d"), integrationIDs: [relay.id, 999],
                unmatchedReason: "", jobs: [JobSpec(kind: "fetch", key: "fetch:1")], now: start)
        }
        #expect(error?.code == .notFound && error?.message.contains("integration 999") == true)
        #expect(try store.count("triggers") == 0 && store.count("decisions") == 0 && store.count("jobs") == 0)
        #expect(try fixture.submit([relay], delivery: "d").created, "the delivery was not recorded")
    }

    @Test func openDecisionsAreTheUnfinishedOnesOfTheRepositoryOldestFirst() throws {
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon")
        let elsewhere = try store.upsertRepository(key: "github.com/acme/else", url: "https://e", connectionID: nil)
        let other = try store.createIntegration(
            NewIntegration(name: "other", repositoryID: elsewhere.id, repositoryURL: nil, trackingBranch: "main"),
            now: start)
        let decisions = try fixture.submit([relay, beacon, other]).decisions
        let more = try fixture.submit([relay], now: at(1)).decisions
        #expect(
            try store.openDecisions(repositoryID: fixture.repository.id).map(\.id)
                == [decisions[0].id, decisions[1].id, more[0].id])

        let step = DecisionStep(at: at(2), stage: "digest", detail: "unchanged")
        try store.updateDecision(
            id: decisions[0].id, DecisionUpdate(outcome: .skippedUnchanged, reason: "same", step: step), now: at(2))
        try store.updateDecision(
            id: decisions[1].id, DecisionUpdate(outcome: .fetchFailed, reason: "down", step: step), now: at(2))
        _ = try fixture.requestBuild(relay, decisions: more, now: at(3))
        #expect(try store.openDecisions(repositoryID: fixture.repository.id).map(\.outcome) == [.fetchFailed, .queued])
        #expect(try store.openDecisions(repositoryID: elsewhere.id).map(\.id) == [decisions[2].id])
    }

    @Test func updatesSetTheOutcomeKeepKnownFactsAndExtendTheTrail() throws {
        let relay = try fixture.integration()
        let decision = try #require(try fixture.submit([relay]).decisions.first)
        let fetched = try store.updateDecision(
            id: decision.id,
            DecisionUpdate(
                outcome: .pending, reason: "fetched", commitSHA: sha("c"), inputsDigest: "sha256:d",
                step: DecisionStep(at: at(1), stage: "fetched", detail: "commit ccccccc")), now: at(1))
        let skipped = try store.updateDecision(
            id: decision.id,
            DecisionUpdate(
                outcome: .skippedUnchanged, reason: "release 3 has these inputs",
                step: DecisionStep(at: at(2), stage: "digest", detail: "sha256:d")), now: at(2))
        #expect(fetched.commitSHA == sha("c") && fetched.updatedAt == at(1))
        #expect(skipped.outcome == .skippedUnchanged && skipped.reason == "release 3 has these inputs")
        #expect(skipped.commitSHA == sha("c") && skipped.inputsDigest == "sha256:d", "facts given before are kept")
        #expect(skipped.steps.map(\.stage) == ["received", "matched", "fetched", "digest"])
        #expect(skipped.steps.last == DecisionStep(at: at(2), stage: "digest", detail: "sha256:d"))
        #expect(skipped.createdAt == start && skipped.updatedAt == at(2))
        #expect(try store.decisions(integrationID: relay.id, repositoryKey: nil, limit: 1, offset: 0) == [skipped])

        let step = DecisionStep(at: at(3), stage: "x", detail: "")
        #expect(
            storeError {
                try store.updateDecision(id: 999, DecisionUpdate(outcome: .built, reason: "", step: step), now: at(3))
            }?.code == .notFound)
        #expect(
            storeError {
                try store.updateDecision(
                    id: decision.id, DecisionUpdate(outcome: .queued, reason: "", buildID: 999, step: step), now: at(3))
            }?.code == .notFound)
    }

    @Test func recordedDecisionsTakeWhatIsKnownAboutThem() throws {
        let relay = try fixture.integration()
        let trigger = try fixture.submit([relay], delivery: "t-1").trigger
        let update = DecisionUpdate(
            outcome: .tagAttached, reason: "tag v2 names release 1", commitSHA: sha("e"),
            step: DecisionStep(at: at(1), stage: "tag-attached", detail: "v2"))

        let underTrigger = try store.recordDecision(triggerID: trigger.id, integrationID: relay.id, update, now: at(1))
        #expect(underTrigger.triggerID == trigger.id && underTrigger.deliveryID == "t-1")
        #expect(underTrigger.source == .webhook && underTrigger.ref == "refs/heads/main")
        #expect(underTrigger.outcome == .tagAttached && underTrigger.steps == [update.step])
        #expect(underTrigger.commitSHA == sha("e"))

        let alone = try store.recordDecision(triggerID: nil, integrationID: relay.id, update, now: at(2))
        #expect(alone.triggerID == Decision.noTrigger && alone.source == .api)
        #expect(alone.repository == fixture.repository.key && alone.integrationID == relay.id)

        let build = try fixture.requestBuild(relay).build
        var withBuild = update
        withBuild.buildID = build.id
        #expect(
            try store.recordDecision(triggerID: nil, integrationID: relay.id, withBuild, now: at(3)).source == .webhook)

        #expect(
            storeError { try store.recordDecision(triggerID: 999, integrationID: relay.id, update, now: at(4)) }?.code
                == .notFound)
        #expect(
            storeError { try store.recordDecision(triggerID: nil, integrationID: 999, update, now: at(4)) }?.code
                == .notFound)
    }

    @Test func decisionsAreListedNewestFirstAndFiltered() throws {
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon")
        var all: [Decision] = []
        for index in 0..<3 {
            all += try fixture.submit([relay, beacon], now: at(Double(index))).decisions
        }
        let unmatched = try store.submit(
            NewTrigger(source: .poll, repositoryKey: "elsewhere"), integrationIDs: [], unmatchedReason: "none",
            jobs: [], now: at(9)
        ).decisions
        let newestFirst = (all + unmatched).reversed().map(\.id)
        #expect(
            try store.decisions(integrationID: nil, repositoryKey: nil, limit: 100, offset: 0).map(\.id) == newestFirst)
        #expect(
            try store.decisions(integrationID: nil, repositoryKey: nil, limit: 2, offset: 1).map(\.id)
                == Array(newestFirst[1...2]))
        #expect(
            try store.decisions(integrationID: beacon.id, repositoryKey: nil, limit: 100, offset: 0).map(\.id)
                == all.filter { $0.integrationID == beacon.id }.reversed().map(\.id))
        #expect(
            try store.decisions(integrationID: nil, repositoryKey: fixture.repository.key, limit: 100, offset: 0)
                .count == 6)
        #expect(try store.decisions(integrationID: relay.id, repositoryKey: "elsewhere", limit: 100, offset: 0).isEmpty)
    }
}
