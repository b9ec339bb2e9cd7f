package import Core
import Foundation

/// Claims jobs from the durable queue and runs them through the pipeline, renewing its lease while a job
/// runs; a job whose lease is lost (this worker stalled, another took over) is cancelled here.
package final class PipelineWorker: Sendable {
    private let pipeline: ReleasePipeline
    private let owner: String
    private let kinds: Set<String>?
    private let executor: BlockingPool?

    /// A worker named `owner` (unique per process and worker), taking jobs of `kinds` (nil: all), running
    /// them on `executor` (nil: Swift's default; a server passes threads of its own).
    package init(pipeline: ReleasePipeline, owner: String, kinds: Set<String>? = nil, executor: BlockingPool? = nil) {
        self.pipeline = pipeline
        self.owner = owner
        self.kinds = kinds
        self.executor = executor
    }

    /// Claims and runs one job; false when no job was ready.
    @discardableResult
    package func runOne() async -> Bool {
        let parts = pipeline.parts
        let settings = pipeline.settings
        let job: Job
        do {
            guard
                let claimed = try parts.queue.claim(owner: owner, kinds: kinds, lease: settings.lease, now: parts.now())
            else { return false }
            job = claimed
        } catch {
            parts.log.error("cannot claim a job", [("worker", owner), ("error", "\(error)")])
            return false
        }
        let log = parts.log.with("job", "\(job.kind):\(job.id)")
        log.debug("claimed", [("attempt", String(job.attempts)), ("worker", owner)])
        let work = Task(executorPreference: executor) { [pipeline] in try await pipeline.handle(job) }
        let heartbeat = Task(executorPreference: executor) { [owner] in
            while !Task.isCancelled {
                // `Task.sleep`, not ``idle(_:)``: holding a pool thread for a third of the lease would keep it from
                // the job. A beat that wakes late (seconds, under a flood of requests) still has two thirds of the
                // lease to spare.
                try? await Task.sleep(for: settings.lease / 3)
                if Task.isCancelled { return }
                let held =
                    (try? parts.queue.heartbeat(jobID: job.id, owner: owner, lease: settings.lease, now: parts.now()))
                if held == false {
                    log.warning("lease lost; stopping the job", [("worker", owner)])
                    work.cancel()
                    return
                }
            }
        }
        defer { heartbeat.cancel() }
        do {
            try await work.value
            try parts.queue.complete(jobID: job.id, owner: owner, now: parts.now())
        } catch {
            let retryable = ReleasePipeline.isRetryable(error) && !(error is CancellationError)
            log.warning("attempt failed", [("error", "\(error)"), ("retryable", String(retryable))])
            do {
                let updated = try parts.queue.fail(
                    jobID: job.id, owner: owner, error: "\(error)", retryable: retryable, retryAfter: nil,
                    backoff: settings.backoff, now: parts.now())
                if let updated, updated.state == .failed {
                    try pipeline.gaveUp(updated, error: "\(error)")
                }
            } catch {
                log.error("cannot record the failure", [("error", "\(error)")])
            }
        }
        return true
    }

    /// Runs jobs until none is ready now.
    package func runUntilIdle() async {
        while !Task.isCancelled, await runOne() {}
    }

    /// Runs jobs until the task is cancelled or `stop` says so (the job in hand is finished first), looking for
    /// new ones every `pollInterval` when idle.
    package func run(
        pollInterval: Duration = .milliseconds(500), stop: @escaping @Sendable () -> Bool = { false }
    ) async {
        while !Task.isCancelled && !stop() {
            if await runOne() { continue }
            await idle(pollInterval)
        }
    }

    /// Waits `interval` between looks at the queue. On a pool of its own the worker waits on its own thread:
    /// `Task.sleep` resumes through Swift's shared threads, which a flood of HTTP requests keeps busy, and
    /// was measured waking workers seconds late under load.
    private func idle(_ interval: Duration) async {
        guard let executor else {
            try? await Task.sleep(for: interval)
            return
        }
        _ = try? await executor.run { Thread.sleep(forTimeInterval: interval.inSeconds) }
    }
}
