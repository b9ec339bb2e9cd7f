package import Foundation

/// Where a job of the durable queue stands.
package enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting (possibly until `runAfter`, after a failed attempt).
    case queued
    /// Claimed by a worker whose lease has not expired.
    case running
    /// Done.
    case succeeded
    /// Given up after its last attempt; `lastError` says why.
    case failed
}

/// A unit of durable work: fetch a repository, run a build.
package struct Job: Sendable, Hashable, Codable {
    /// Store-assigned id; jobs of one group run in id order.
    package var id: Int64
    /// What to do (`fetch`, `build`).
    package var kind: String
    /// The idempotency key: while a job with this key is queued, enqueueing it again does nothing.
    package var key: String
    /// Jobs of the same group never run at the same time (`repository:3`, `integration:7`).
    package var group: String?
    /// Parameters, as JSON.
    package var payload: JSONValue
    /// Where it stands.
    package var state: JobState
    /// How many times it has been claimed.
    package var attempts: Int
    /// After this many failed attempts it is given up.
    package var maxAttempts: Int
    /// Not claimed before this time.
    package var runAfter: Date
    /// The worker holding it.
    package var leaseOwner: String?
    /// When the lease lapses unless renewed by a heartbeat.
    package var leaseExpiresAt: Date?
    /// The last failure, kept after giving up.
    package var lastError: String?
    /// When it was enqueued.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date

    /// Creates a job value.
    package init(
        id: Int64, kind: String, key: String, group: String?, payload: JSONValue, state: JobState, attempts: Int,
        maxAttempts: Int, runAfter: Date, leaseOwner: String?, leaseExpiresAt: Date?, lastError: String?,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.key = key
        self.group = group
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAfter = runAfter
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A job to enqueue.
package struct JobSpec: Sendable, Hashable {
    /// What to do.
    package var kind: String
    /// The idempotency key.
    package var key: String
    /// The exclusion group.
    package var group: String?
    /// Parameters.
    package var payload: JSONValue
    /// Attempts before giving up.
    package var maxAttempts: Int
    /// Not before this time (nil: now).
    package var runAfter: Date?
    /// Asked for by a person (CLI, API): a queued job with the key that waits out a retry's backoff is made due
    /// at `runAfter` instead. Automatic requests (webhooks, polls) leave the backoff alone, so that a push storm
    /// cannot hammer a server that is failing.
    package var expedite: Bool

    /// Creates a job description.
    package init(
        kind: String, key: String, group: String? = nil, payload: JSONValue = .object([:]), maxAttempts: Int = 5,
        runAfter: Date? = nil, expedite: Bool = false
    ) {
        self.kind = kind
        self.key = key
        self.group = group
        self.payload = payload
        self.maxAttempts = maxAttempts
        self.runAfter = runAfter
        self.expedite = expedite
    }
}

/// How long to wait before attempt `n + 1` after `n` failed attempts: doubling from `base`, capped at `maximum`.
package struct Backoff: Sendable, Hashable {
    /// The first delay.
    package var base: Duration
    /// The largest delay.
    package var maximum: Duration

    /// Creates a policy.
    package init(base: Duration, maximum: Duration) {
        self.base = base
        self.maximum = maximum
    }

    /// The standard policy: 5 s, 10 s, 20 s, … up to 10 minutes.
    package static let standard = Backoff(base: .seconds(5), maximum: .seconds(600))

    /// The delay after `failedAttempts` (1 or more) failures.
    package func delay(afterFailedAttempts failedAttempts: Int) -> Duration {
        let exponent = min(max(0, failedAttempts - 1), 30)
        let delay = base * (1 << exponent)
        return min(delay, maximum)
    }
}
