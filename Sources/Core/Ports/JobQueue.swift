package import Foundation

/// The durable job queue (SPEC invariant 8): jobs survive crashes; a worker holds a job through a lease it
/// renews by heartbeats; a lease that lapses (the worker died) frees the job for another worker.
///
/// Every method takes `now` so that tests can drive time; implementations never read the clock themselves.
package protocol JobQueue: Sendable {
    /// Adds a job unless one with the same key is still queued (not yet claimed): then returns that one with
    /// `created == false`. A running or finished job with the key does not prevent a new one.
    func enqueue(_ spec: JobSpec, now: Date) throws -> (job: Job, created: Bool)

    /// Claims the oldest job that may run: queued with `runAfter <= now`, or running with a lapsed lease; of
    /// `kinds` only (nil: any); never a job whose group has another job running under a live lease, and never
    /// a job while an older queued job of its group waits. Increments `attempts`; a job whose lease lapsed on
    /// its last allowed attempt is given up instead (``JobState/failed``, the reason kept).
    func claim(owner: String, kinds: Set<String>?, lease: Duration, now: Date) throws -> Job?

    /// Renews the lease; false when `owner` no longer holds the job (its lease lapsed and it was reclaimed).
    func heartbeat(jobID: Int64, owner: String, lease: Duration, now: Date) throws -> Bool

    /// Marks the job succeeded; false when `owner` no longer holds it.
    @discardableResult
    func complete(jobID: Int64, owner: String, now: Date) throws -> Bool

    /// Records a failed attempt: re-queued after `backoff` (or `retryAfter` when given) while attempts remain
    /// and the failure is retryable, else given up with `error` kept. Returns the job as it now stands, or nil
    /// when `owner` no longer holds it.
    @discardableResult
    func fail(
        jobID: Int64, owner: String, error: String, retryable: Bool, retryAfter: Duration?, backoff: Backoff, now: Date
    )
        throws -> Job?

    /// Makes every running job's lease lapse now, so the next claim takes the job over; returns how many.
    /// Only a process that knows no other worker is alive may call it (Slipway holds the data directory's
    /// lock): it lets work interrupted by a crash resume at once instead of after the lease.
    func expireLeases(now: Date) throws -> Int

    /// The job with this id.
    func job(id: Int64) throws -> Job?

    /// How many jobs are in each state.
    func counts() throws -> [JobState: Int]
}
