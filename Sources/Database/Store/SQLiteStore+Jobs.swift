package import Core
package import Foundation

// The durable job queue (SPEC invariant 8).
extension SQLiteStore {
    /// Adds a job, unless one with the same key is queued: then that one is returned with `created == false`,
    /// made due no later than the new request when that is ``JobSpec/expedite``d.
    package func enqueue(_ spec: JobSpec, now: Date) throws -> (job: Job, created: Bool) {
        try write { db in try Self.enqueue(spec, now: now, in: db) }
    }

    /// Claims the oldest job that may run, for `lease`: queued and due, or running under a lapsed lease (taken
    /// over). Within a group jobs run one at a time and in id order: a job waits while another of its group runs
    /// under a live lease, and while an older one of its group is unfinished (queued, even if not yet due, or
    /// running under a lapsed lease, which is reclaimed first). Counts the attempt. First, jobs whose lease
    /// lapsed on their last attempt are given up, with the reason.
    package func claim(owner: String, kinds: Set<String>?, lease: Duration, now: Date) throws -> Job? {
        if let kinds, kinds.isEmpty { return nil }
        return try write { db in
            try Self.giveUpLapsedJobs(now: now, in: db)
            let kinds = kinds?.sorted() ?? []
            let kindFilter =
                kinds.isEmpty
                ? "" : "AND j.kind IN (\(kinds.indices.map { "?\($0 + 2)" }.joined(separator: ", ")))"
            // `state IN (…)` and `state = 'running'` match the partial indexes' WHERE, so only unfinished jobs are
            // scanned, and each group check is one index seek: an older unfinished job, a live lease.
            let candidate = try db.queryFirst(
                """
                SELECT j.id, j.state FROM jobs j
                WHERE j.state IN ('queued', 'running')
                    AND ((j.state = 'queued' AND j.run_after <= ?1) OR (j.state = 'running' AND j.lease_expires_at <= ?1))
                    \(kindFilter)
                    AND NOT EXISTS (
                        SELECT 1 FROM jobs o
                        WHERE o.job_group = j.job_group AND o.state IN ('queued', 'running') AND o.id < j.id)
                    AND NOT EXISTS (
                        SELECT 1 FROM jobs o
                        WHERE o.job_group = j.job_group AND o.state = 'running' AND o.lease_expires_at > ?1
                            AND o.id <> j.id)
                ORDER BY j.id LIMIT 1
                """, [now as any SQLBindable] + kinds
            ) { row in (id: row.int64("id"), lapsed: row.string("state") == JobState.running.rawValue) }
            guard let candidate else { return nil }
            let expires = now.millisecondsSince1970 + lease.milliseconds
            return try db.queryFirst(
                """
                UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
                    lease_lapses = lease_lapses + ?, updated_at = ?
                WHERE id = ?
                RETURNING *
                """, [owner, expires, candidate.lapsed ? 1 : 0, now, candidate.id], Job.init)
        }
    }

    /// Makes every running job's lease lapse now; returns how many there were.
    package func expireLeases(now: Date) throws -> Int {
        try write { db in
            try db.run(
                "UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE state = 'running' AND lease_expires_at > ?",
                [now, now, now])
        }
    }

    /// Renews the lease; false when `owner` no longer holds the job. A lapsed lease not yet taken over by
    /// another worker is still held.
    package func heartbeat(jobID: Int64, owner: String, lease: Duration, now: Date) throws -> Bool {
        try write { db in
            try db.run(
                """
                UPDATE jobs SET lease_expires_at = ?, updated_at = ?
                WHERE id = ? AND state = 'running' AND lease_owner = ?
                """, [now.millisecondsSince1970 + lease.milliseconds, now, jobID, owner]) == 1
        }
    }

    /// Marks the job succeeded; false when `owner` no longer holds it.
    @discardableResult
    package func complete(jobID: Int64, owner: String, now: Date) throws -> Bool {
        try write { db in
            try db.run(
                """
                UPDATE jobs SET state = 'succeeded', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND state = 'running' AND lease_owner = ?
                """, [now, jobID, owner]) == 1
        }
    }

    /// Records a failed attempt: while attempts remain and the failure is retryable, the job is queued again
    /// after `retryAfter`, or else `backoff` for its number of attempts; otherwise it is given up with `error`.
    /// Nil when `owner` no longer holds the job.
    ///
    /// A retry would make a second queued job with the key when the key was enqueued again meanwhile (allowed
    /// while this one ran); that queued job does the same work, so this one is given up instead, saying so, and
    /// the queued one waits no less than the retry would have.
    @discardableResult
    package func fail(
        jobID: Int64, owner: String, error: String, retryable: Bool, retryAfter: Duration?, backoff: Backoff, now: Date
    ) throws -> Job? {
        try write { db in
            guard
                let job = try db.queryFirst(
                    "SELECT * FROM jobs WHERE id = ? AND state = 'running' AND lease_owner = ?", [jobID, owner],
                    Job.init)
            else { return nil }
            var state = JobState.failed
            var message = error
            var runAfter = job.runAfter.millisecondsSince1970
            if retryable && job.attempts < job.maxAttempts {
                let delay = retryAfter ?? backoff.delay(afterFailedAttempts: job.attempts)
                let retryAt = now.millisecondsSince1970 + max(0, delay.milliseconds)
                if let successor = try Self.queuedJob(key: job.key, in: db) {
                    // The successor waits out the backoff too: pushes arriving while a server fails do not
                    // make a retry each.
                    try db.run(
                        "UPDATE jobs SET run_after = max(run_after, ?), updated_at = ? WHERE id = ?",
                        [retryAt, now, successor.id])
                    message +=
                        "; not retried: job \(successor.id) with the same key is queued and does this work, after "
                        + "the same delay"
                } else {
                    state = .queued
                    runAfter = retryAt
                }
            }
            return try db.queryFirst(
                """
                UPDATE jobs SET state = ?, run_after = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = ?
                WHERE id = ?
                RETURNING *
                """, [state.rawValue, runAfter, message, now, jobID], Job.init)
        }
    }

    /// The job with this id.
    package func job(id: Int64) throws -> Job? {
        try read { db in try db.queryFirst("SELECT * FROM jobs WHERE id = ?", [id], Job.init) }
    }

    /// How many jobs are in each state (every state present, 0 when none).
    package func counts() throws -> [JobState: Int] {
        try read { db in
            var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
            let rows = try db.query("SELECT state, count(*) AS jobs FROM jobs GROUP BY state") { row in
                (try JSONColumn.value(JobState.self, row.string("state"), "a job's state"), row.int("jobs"))
            }
            for (state, count) in rows { counts[state] = count }
            return counts
        }
    }

    /// ``enqueue(_:now:)`` inside the caller's transaction.
    static func enqueue(_ spec: JobSpec, now: Date, in db: SQLiteConnection) throws -> (job: Job, created: Bool) {
        if let queued = try queuedJob(key: spec.key, in: db) {
            // A person asking again for work waiting out a retry's backoff wants it now.
            let due = spec.runAfter ?? now
            guard spec.expedite, queued.runAfter > due else { return (queued, false) }
            let advanced = try db.queryFirst(
                "UPDATE jobs SET run_after = ?, updated_at = ? WHERE id = ? RETURNING *", [due, now, queued.id],
                Job.init)
            return (try returned(advanced, "job", spec.key), false)
        }
        let sql = """
            INSERT INTO jobs (kind, key, job_group, payload, state, attempts, max_attempts, run_after, lease_lapses,
                created_at, updated_at)
            VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, 0, ?, ?)
            RETURNING *
            """
        let values: [any SQLBindable] = [
            spec.kind, spec.key, spec.group, try JSONColumn.encode(spec.payload, "job \(spec.key)'s payload"),
            max(1, spec.maxAttempts), spec.runAfter ?? now, now, now,
        ]
        return (try returned(try db.queryFirst(sql, values, Job.init), "job", spec.key), true)
    }

    private static func queuedJob(key: String, in db: SQLiteConnection) throws -> Job? {
        try db.queryFirst("SELECT * FROM jobs WHERE key = ? AND state = 'queued'", [key], Job.init)
    }

    /// Gives up every job whose lease lapsed on its last allowed attempt: its worker will not finish it, and no
    /// attempt is left to redo it.
    private static func giveUpLapsedJobs(now: Date, in db: SQLiteConnection) throws {
        let lapsed = try db.query(
            """
            SELECT * FROM jobs WHERE state = 'running' AND lease_expires_at <= ? AND attempts >= max_attempts
            """, [now]
        ) { row in (job: try Job(row: row), lapses: row.int("lease_lapses") + 1) }
        for (job, lapses) in lapsed {
            var reason =
                "the worker's lease lapsed \(lapses) \(lapses == 1 ? "time" : "times") (last held by "
                + "'\(job.leaseOwner ?? "unknown")'); the process probably crashed or hung. Given up after attempt "
                + "\(job.attempts) of \(job.maxAttempts)"
            if let earlier = job.lastError { reason += "; an earlier attempt failed with: \(earlier)" }
            try db.run(
                """
                UPDATE jobs SET state = 'failed', last_error = ?, lease_lapses = ?, lease_owner = NULL,
                    lease_expires_at = NULL, updated_at = ?
                WHERE id = ?
                """, [reason, lapses, now, job.id])
        }
    }
}
