import Core
import Foundation
import Testing

@testable import Database

@Suite struct JobQueueTests {
    let scratch = Scratch()
    let queue: SQLiteStore

    init() throws {
        queue = try scratch.store()
    }

    func enqueue(
        _ key: String, kind: String = "fetch", group: String? = nil, maxAttempts: Int = 5, runAfter: Date? = nil
    ) throws -> Job {
        try queue.enqueue(
            JobSpec(kind: kind, key: key, group: group, maxAttempts: maxAttempts, runAfter: runAfter), now: start
        ).job
    }

    func claim(
        _ owner: String = "w1", kinds: Set<String>? = nil, lease: Duration = .seconds(600), now: Date = start
    )
        throws -> Job?
    {
        try queue.claim(owner: owner, kinds: kinds, lease: lease, now: now)
    }

    @Test func enqueueIsIdempotentOnlyWhileTheJobIsQueued() throws {
        let spec = JobSpec(kind: "fetch", key: "fetch:3", payload: .object(["repository_id": .int(3)]))
        let first = try queue.enqueue(spec, now: start)
        #expect(first.created)
        #expect(first.job.state == .queued && first.job.runAfter == start && first.job.attempts == 0)
        let again = try queue.enqueue(spec, now: at(1))
        #expect(!again.created && again.job == first.job)

        #expect(try claim()?.id == first.job.id)
        let whileRunning = try queue.enqueue(spec, now: at(2))
        #expect(whileRunning.created && whileRunning.job.id != first.job.id)
        #expect(try !queue.enqueue(spec, now: at(3)).created)

        #expect(try queue.complete(jobID: first.job.id, owner: "w1", now: at(4)))
        #expect(try claim(now: at(5))?.id == whileRunning.job.id)
        #expect(try queue.complete(jobID: whileRunning.job.id, owner: "w1", now: at(6)))
        #expect(try queue.enqueue(spec, now: at(7)).created)
        #expect(try queue.counts() == [.queued: 1, .running: 0, .succeeded: 2, .failed: 0])
    }

    @Test func aPersonAskingAgainForAJobWaitingOutItsBackoffMakesItDueNow() throws {
        let spec = JobSpec(kind: "fetch", key: "fetch:4")
        let job = try queue.enqueue(spec, now: start).job
        #expect(try claim()?.id == job.id)
        let retried = try #require(
            try queue.fail(
                jobID: job.id, owner: "w1", error: "network down", retryable: true, retryAfter: .seconds(300),
                backoff: .standard, now: at(1)))
        #expect(retried.state == .queued && retried.runAfter == at(301))
        #expect(try claim(now: at(2)) == nil)

        // Asked again automatically (a webhook): the backoff stands.
        #expect(try queue.enqueue(spec, now: at(3)).job.runAfter == at(301))
        // Asked again by a person: the same job (attempts kept), due at once.
        var expedited = spec
        expedited.expedite = true
        let again = try queue.enqueue(expedited, now: at(3))
        #expect(!again.created && again.job.id == job.id && again.job.runAfter == at(3) && again.job.attempts == 1)
        #expect(try claim(now: at(3))?.id == job.id)
        // A request for later never delays a job that is already due.
        let other = try enqueue("fetch:5")
        let later = JobSpec(kind: "fetch", key: "fetch:5", runAfter: at(500), expedite: true)
        #expect(try queue.enqueue(later, now: at(4)).job == other)
    }

    @Test func claimTakesTheOldestDueJobAndCountsTheAttempt() throws {
        let later = try enqueue("a", runAfter: at(60))
        let first = try enqueue("b")
        let second = try enqueue("c")

        let claimed = try #require(try claim("w1", lease: .seconds(100), now: at(1)))
        #expect(claimed.id == first.id)
        #expect(claimed.state == .running && claimed.attempts == 1)
        #expect(claimed.leaseOwner == "w1" && claimed.leaseExpiresAt == at(101) && claimed.updatedAt == at(1))
        #expect(try queue.job(id: first.id) == claimed)
        #expect(try claim(now: at(1))?.id == second.id)
        #expect(try claim(now: at(59)) == nil)
        #expect(try claim(now: at(60))?.id == later.id)
    }

    @Test func kindsFilterWhatIsClaimed() throws {
        let fetch = try enqueue("fetch:1", kind: "fetch")
        let build = try enqueue("build:1", kind: "build")
        #expect(try claim(kinds: []) == nil)
        #expect(try claim(kinds: ["run"]) == nil)
        #expect(try claim(kinds: ["build", "run"])?.id == build.id)
        #expect(try claim(kinds: nil)?.id == fetch.id)
    }

    @Test func aGroupRunsOneJobAtATimeInOrder() throws {
        let first = try enqueue("g1", group: "repository:1")
        let second = try enqueue("g2", group: "repository:1")
        let other = try enqueue("h1", group: "repository:2")

        #expect(try claim()?.id == first.id)
        #expect(try claim()?.id == other.id, "the second job of a group waits while the first runs")
        #expect(try claim() == nil)
        #expect(try queue.complete(jobID: first.id, owner: "w1", now: at(1)))
        #expect(try claim(now: at(1))?.id == second.id)
    }

    @Test func aNewerJobWaitsBehindAnOlderOneOfItsGroupThatIsNotDue() throws {
        let older = try enqueue("g1", group: "integration:7", runAfter: at(100))
        let newer = try enqueue("g2", group: "integration:7")
        let unrelated = try enqueue("x")
        #expect(try claim()?.id == unrelated.id)
        #expect(try claim(now: at(99)) == nil)
        #expect(try claim(now: at(100))?.id == older.id)
        #expect(try queue.complete(jobID: older.id, owner: "w1", now: at(101)))
        #expect(try claim(now: at(101))?.id == newer.id)
    }

    @Test func aRetriedJobKeepsItsPlaceInItsGroup() throws {
        let first = try enqueue("g1", group: "g")
        let second = try enqueue("g2", group: "g")
        #expect(try claim()?.id == first.id)
        let retried = try queue.fail(
            jobID: first.id, owner: "w1", error: "network down", retryable: true, retryAfter: nil, backoff: .standard,
            now: at(1))
        #expect(retried?.state == .queued && retried?.runAfter == at(6))
        #expect(try claim(now: at(2)) == nil, "the older job of the group waits for its retry, so the newer waits")
        #expect(try claim(now: at(6))?.id == first.id)
        #expect(try queue.job(id: second.id)?.state == .queued)
    }

    @Test func aDeadWorkersJobIsReclaimedAfterItsLeaseLapses() throws {
        let job = try enqueue("build:9", group: "integration:1")
        let next = try enqueue("build:10", group: "integration:1")
        #expect(try claim("dead", lease: .seconds(30), now: at(0))?.id == job.id)
        // The worker dies: no heartbeat. Until the lease lapses nobody else gets the job or its group.
        #expect(try claim("alive", now: at(29)) == nil)
        let reclaimed = try #require(try claim("alive", lease: .seconds(30), now: at(30)))
        #expect(reclaimed.id == job.id && reclaimed.attempts == 2 && reclaimed.leaseOwner == "alive")
        #expect(reclaimed.leaseExpiresAt == at(60))

        #expect(try !queue.heartbeat(jobID: job.id, owner: "dead", lease: .seconds(30), now: at(31)))
        #expect(try !queue.complete(jobID: job.id, owner: "dead", now: at(31)))
        let failedByDead = try queue.fail(
            jobID: job.id, owner: "dead", error: "late", retryable: true, retryAfter: nil, backoff: .standard,
            now: at(31))
        #expect(failedByDead == nil)
        #expect(try claim("third", now: at(31)) == nil, "the group waits for the live lease")
        #expect(try queue.complete(jobID: job.id, owner: "alive", now: at(32)))
        #expect(try queue.job(id: job.id)?.state == .succeeded)
        #expect(try claim("third", now: at(33))?.id == next.id)
    }

    @Test func heartbeatsKeepTheLease() throws {
        let job = try enqueue("k")
        _ = try claim("w1", lease: .seconds(30), now: at(0))
        #expect(try queue.heartbeat(jobID: job.id, owner: "w1", lease: .seconds(30), now: at(20)))
        #expect(try queue.job(id: job.id)?.leaseExpiresAt == at(50))
        #expect(try claim("w2", now: at(40)) == nil)
        // A lapsed lease that nobody took over is still the worker's to renew.
        #expect(try queue.heartbeat(jobID: job.id, owner: "w1", lease: .seconds(30), now: at(55)))
        #expect(try claim("w2", now: at(70)) == nil)
        #expect(try claim("w2", now: at(85))?.leaseOwner == "w2")
    }

    @Test func aJobWhoseLeaseLapsesOnItsLastAttemptIsGivenUp() throws {
        let job = try enqueue("fragile", group: "g", maxAttempts: 2)
        let next = try enqueue("after", group: "g")
        #expect(try claim("a", lease: .seconds(30), now: at(0))?.attempts == 1)
        #expect(try claim("b", lease: .seconds(30), now: at(30))?.attempts == 2)
        // Nobody may try a third time: the claim gives it up and moves on to the next job of the group.
        #expect(try claim("c", now: at(60))?.id == next.id)
        let gaveUp = try #require(try queue.job(id: job.id))
        #expect(gaveUp.state == .failed && gaveUp.attempts == 2 && gaveUp.leaseOwner == nil)
        #expect(gaveUp.lastError?.contains("lease lapsed 2 times") == true)
        #expect(gaveUp.lastError?.contains("'b'") == true)
        #expect(gaveUp.lastError?.contains("probably crashed") == true)
        #expect(try queue.counts()[.failed] == 1)
    }

    @Test(
        arguments: [
            (nil, 1, 5.0), (nil, 2, 10.0), (nil, 3, 20.0), (Duration.seconds(42), 1, 42.0),
            (.milliseconds(1500), 2, 1.5),
        ] as [(Duration?, Int, Double)])
    func aRetryableFailureIsRetriedLater(retryAfter: Duration?, attempts: Int, delay: Double) throws {
        let job = try enqueue("retry", maxAttempts: 5)
        var now = start
        for attempt in 1...attempts {
            let claimed = try #require(try claim(now: now))
            #expect(claimed.attempts == attempt)
            if attempt < attempts {
                now = try #require(
                    try queue.fail(
                        jobID: job.id, owner: "w1", error: "try \(attempt)", retryable: true, retryAfter: nil,
                        backoff: .standard, now: now)
                ).runAfter
            }
        }
        let failed = try #require(
            try queue.fail(
                jobID: job.id, owner: "w1", error: "HTTP 503", retryable: true, retryAfter: retryAfter,
                backoff: .standard, now: now))
        #expect(failed.state == .queued && failed.lastError == "HTTP 503")
        #expect(failed.leaseOwner == nil && failed.leaseExpiresAt == nil)
        #expect(failed.runAfter == now.addingTimeInterval(delay))
        #expect(try claim(now: now.addingTimeInterval(delay - 0.001)) == nil)
        #expect(try claim(now: now.addingTimeInterval(delay))?.attempts == attempts + 1)
    }

    @Test(arguments: [(false, 5), (true, 1)])
    func aFailureIsFinalWhenNotRetryableOrOutOfAttempts(retryable: Bool, maxAttempts: Int) throws {
        let job = try enqueue("final", maxAttempts: maxAttempts)
        _ = try claim()
        let failed = try queue.fail(
            jobID: job.id, owner: "w1", error: "manifest invalid", retryable: retryable, retryAfter: .seconds(1),
            backoff: .standard, now: at(1))
        #expect(failed?.state == .failed && failed?.lastError == "manifest invalid" && failed?.leaseOwner == nil)
        #expect(try claim(now: at(100)) == nil)
    }

    @Test func onlyTheOwnerFinishesAJob() throws {
        let job = try enqueue("mine")
        _ = try claim("w1")
        #expect(try !queue.heartbeat(jobID: job.id, owner: "w2", lease: .seconds(30), now: at(1)))
        #expect(try !queue.complete(jobID: job.id, owner: "w2", now: at(1)))
        let failed = try queue.fail(
            jobID: job.id, owner: "w2", error: "no", retryable: false, retryAfter: nil, backoff: .standard, now: at(1))
        #expect(failed == nil)
        #expect(try !queue.complete(jobID: 999, owner: "w1", now: at(1)))
        #expect(try queue.job(id: job.id)?.state == .running)
        #expect(try queue.complete(jobID: job.id, owner: "w1", now: at(2)))
        #expect(try !queue.complete(jobID: job.id, owner: "w1", now: at(3)), "a finished job is nobody's")
    }

    @Test func aRetryGivesWayToTheSameKeyQueuedMeanwhile() throws {
        let job = try enqueue("fetch:1")
        _ = try claim()
        let successor = try queue.enqueue(JobSpec(kind: "fetch", key: "fetch:1"), now: at(1))
        #expect(successor.created)
        let failed = try queue.fail(
            jobID: job.id, owner: "w1", error: "timeout", retryable: true, retryAfter: nil, backoff: .standard,
            now: at(2))
        #expect(failed?.state == .failed)
        #expect(
            failed?.lastError
                == "timeout; not retried: job \(successor.job.id) with the same key is queued and does this work, "
                + "after the same delay")
        // The successor waits out the backoff the retry would have had (5 s after the failure at 2 s).
        #expect(try queue.job(id: successor.job.id)?.runAfter == at(7))
        #expect(try claim(now: at(6)) == nil)
        #expect(try claim(now: at(7))?.id == successor.job.id)
    }

    @Test func jobsKeepTheirFields() throws {
        let payload: JSONValue = .object([
            "build_id": .int(12), "tags": .array([.string("v1"), .null]), "ratio": .double(0.5), "ok": .bool(true),
        ])
        let spec = JobSpec(kind: "build", key: "build:12", group: "integration:3", payload: payload, maxAttempts: 7)
        let job = try queue.enqueue(spec, now: start).job
        #expect(job.kind == "build" && job.key == "build:12" && job.group == "integration:3")
        #expect(job.payload == payload && job.maxAttempts == 7 && job.createdAt == start && job.updatedAt == start)
        #expect(try queue.job(id: job.id) == job)
        #expect(try queue.job(id: job.id + 1) == nil)
    }

    @Test func countsCoverEveryState() throws {
        #expect(try queue.counts() == [.queued: 0, .running: 0, .succeeded: 0, .failed: 0])
        let done = try enqueue("done")
        let failing = try enqueue("failing")
        _ = try enqueue("running")
        _ = try enqueue("waiting")
        _ = try claim()
        _ = try claim()
        _ = try claim()
        #expect(try queue.complete(jobID: done.id, owner: "w1", now: at(1)))
        _ = try queue.fail(
            jobID: failing.id, owner: "w1", error: "x", retryable: false, retryAfter: nil, backoff: .standard,
            now: at(1))
        #expect(try queue.counts() == [.queued: 1, .running: 1, .succeeded: 1, .failed: 1])
    }

    @Test func expiringLeasesLetsTheNextClaimTakeRunningJobsOverAtOnce() throws {
        let job = try enqueue("build:1", kind: "build")
        #expect(try claim("dead-process", lease: .seconds(600))?.id == job.id)
        #expect(try claim("new-process", now: at(5)) == nil)
        #expect(try queue.expireLeases(now: at(6)) == 1)
        let taken = try #require(try claim("new-process", now: at(6)))
        #expect(taken.id == job.id && taken.leaseOwner == "new-process" && taken.attempts == 2)
        #expect(try queue.heartbeat(jobID: job.id, owner: "dead-process", lease: .seconds(60), now: at(7)) == false)
    }
}
