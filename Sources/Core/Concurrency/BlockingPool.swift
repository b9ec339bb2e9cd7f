import Foundation
import Synchronization

/// A fixed set of threads for blocking work (libgit2 transfers, tree walks, file writes), so that such work never
/// occupies a thread of Swift's cooperative pool.
///
/// ```swift
/// let pool = BlockingPool(threads: 4, name: "git")
/// let heads = try await pool.run { try listRemoteHeads() }
/// ```
///
/// A job whose task is cancelled before a thread picks it up is dropped and throws `CancellationError`. A job
/// already running runs to completion: blocking code learns about cancellation through its own callbacks.
/// The threads live until ``shutdown()``; a pool is meant to be created once and shared.
///
/// A pool is also a `TaskExecutor`: `Task(executorPreference: pool) { … }` runs a task's code (and its child
/// tasks') on the pool's threads, so that async code that makes blocking calls throughout (the pipeline's
/// workers and their SQLite reads and writes) leaves the cooperative threads to the HTTP handlers.
package final class BlockingPool: @unchecked Sendable {  // `queue` and `isShutDown` are guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [(any PoolJob)?] = []
    private var head = 0
    private var isShutDown = false
    private var liveThreads = 0

    /// How many threads run jobs.
    package let threadCount: Int

    /// Starts `threads` threads named `name-<n>`.
    package init(threads: Int, name: String = "slipway-blocking") {
        precondition(threads > 0, "a BlockingPool needs at least one thread")
        self.threadCount = threads
        liveThreads = threads
        for index in 0..<threads {
            let thread = Thread { [self] in workerLoop() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Runs `work` on one of the pool's threads and returns its result.
    ///
    /// Throws `CancellationError` when the task is cancelled before the work starts, or
    /// ``BlockingPoolError`` when the pool has been shut down.
    package func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let job = PoolTask(work)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard job.attach(continuation) else { return }
                if !enqueue(job) { job.fail(BlockingPoolError()) }
            }
        } onCancel: {
            job.cancelIfWaiting()
        }
    }

    /// Stops accepting jobs; threads finish the jobs already queued, then exit.
    package func shutdown() {
        condition.lock()
        isShutDown = true
        condition.broadcast()
        condition.unlock()
    }

    private func enqueue(_ job: any PoolJob) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isShutDown else { return false }
        queue.append(job)
        condition.signal()
        return true
    }

    private func workerLoop() {
        while let job = nextJob() {
            job.execute()
        }
    }

    private func nextJob() -> (any PoolJob)? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count {
            if isShutDown {
                liveThreads -= 1
                return nil
            }
            condition.wait()
        }
        // Taken jobs leave the queue at once: a finished job must not keep what its closure captured alive.
        let job = queue[head].take()!
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return job
    }
}

extension BlockingPool: TaskExecutor {
    /// Runs a partial task on one of the pool's threads; after ``shutdown()``, on a thread of its own (a task's
    /// job cannot be dropped).
    package func enqueue(_ job: consuming ExecutorJob) {
        let step = ExecutorStep(job: UnownedJob(job), executor: asUnownedTaskExecutor())
        if !enqueue(step) { Thread { step.execute() }.start() }
    }
}

private struct ExecutorStep: PoolJob {
    let job: UnownedJob
    let executor: UnownedTaskExecutor

    func execute() { job.runSynchronously(on: executor) }
}

/// The pool was shut down before the work could run.
package struct BlockingPoolError: Error, Sendable, CustomStringConvertible {
    package var description: String { "the blocking thread pool has been shut down; no more work can run" }
}

private protocol PoolJob: Sendable {
    func execute()
}

private final class PoolTask<T: Sendable>: PoolJob {
    private enum State {
        case created
        case cancelledEarly
        case waiting(CheckedContinuation<T, any Error>)
        case running
        case done
    }

    private let state = Mutex<State>(.created)
    private let work: @Sendable () throws -> T

    init(_ work: @escaping @Sendable () throws -> T) { self.work = work }

    /// Stores the continuation; false (and the continuation resumed) when the task was cancelled first.
    func attach(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            if case .cancelledEarly = state { return true }
            state = .waiting(continuation)
            return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
        return !cancelled
    }

    func cancelIfWaiting() {
        let continuation = state.withLock { state -> CheckedContinuation<T, any Error>? in
            switch state {
            case .created:
                state = .cancelledEarly
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .cancelledEarly, .running, .done:
                return nil
            }
        }
        continuation?.resume(throwing: CancellationError())
    }

    func fail(_ error: any Error) {
        let continuation = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done
            return continuation
        }
        continuation?.resume(throwing: error)
    }

    func execute() {
        let continuation = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .running
            return continuation
        }
        guard let continuation else { return }
        let result = Result { try work() }
        state.withLock { $0 = .done }
        continuation.resume(with: result)
    }
}
