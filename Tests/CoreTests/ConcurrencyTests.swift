import Core
import Glibc
import Synchronization
import Testing

@Suite("Blocking pool, semaphore, cancellation token")
struct ConcurrencyTests {
    @Test("the pool runs work on its threads and returns results and errors")
    func poolRuns() async throws {
        let pool = BlockingPool(threads: 2, name: "test-pool")
        defer { pool.shutdown() }
        #expect(try await pool.run { 6 * 7 } == 42)
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await pool.run { throw Boom() } }
    }

    @Test("blocking jobs use at most the pool's threads")
    func bounded() async throws {
        let pool = BlockingPool(threads: 2, name: "test-pool")
        defer { pool.shutdown() }
        let running = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await pool.run {
                        running.enter()
                        usleep(50_000)
                        running.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(running.peak == 2)
    }

    @Test("a queued job whose task is cancelled never runs")
    func cancelledBeforeStart() async throws {
        let pool = BlockingPool(threads: 1, name: "test-pool")
        defer { pool.shutdown() }
        let gate = Flag()
        let started = Flag()
        let blocker = Task {
            try await pool.run {
                started.set()
                while !gate.isSet { usleep(1_000) }
            }
        }
        #expect(await waitFor(started))
        let ran = Flag()
        let queued = Task { try await pool.run { ran.set() } }
        try await Task.sleep(for: .milliseconds(50))
        queued.cancel()
        await #expect(throws: CancellationError.self) { try await queued.value }
        gate.set()
        try await blocker.value
        try await Task.sleep(for: .milliseconds(20))
        #expect(!ran.isSet)
    }

    @Test("a finished job no longer holds what its closure captured")
    func releasesCaptures() async throws {
        let pool = BlockingPool(threads: 1, name: "test-pool")
        defer { pool.shutdown() }
        let released = Flag()
        final class Captured: Sendable {
            let released: Flag
            init(_ released: Flag) { self.released = released }
            deinit { released.set() }
        }
        do {
            let captured = Captured(released)
            try await pool.run { _ = captured }
        }
        #expect(await waitFor(released))
    }

    @Test("the semaphore admits at most its permits and lets a cancelled waiter go")
    func semaphore() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let waiter = Task { try await semaphore.acquire() }
        try await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        let next = Task {
            try await semaphore.acquire()
            semaphore.release()
        }
        semaphore.release()
        try await next.value
    }

    @Test("a token runs its handlers once, and at once for late registrations")
    func token() {
        let token = CancellationToken()
        let calls = Gauge()
        let registration = token.onCancel { calls.add(1) }
        let removed = token.onCancel { calls.add(100) }
        removed.remove()
        token.cancel()
        token.cancel()
        #expect(token.isCancelled)
        #expect(calls.now == 1)
        token.onCancel { calls.add(10) }
        #expect(calls.now == 11)
        registration.remove()
    }
}

/// Polls `flag` for up to 10 seconds.
private func waitFor(_ flag: Flag) async -> Bool {
    for _ in 0..<1000 where !flag.isSet { try? await Task.sleep(for: .milliseconds(10)) }
    return flag.isSet
}

private final class Gauge: Sendable {
    private let state = Mutex((now: 0, peak: 0))
    var now: Int { state.withLock { $0.now } }
    var peak: Int { state.withLock { $0.peak } }
    func enter() { add(1) }
    func leave() { add(-1) }
    func add(_ amount: Int) {
        state.withLock { state in
            state.now += amount
            state.peak = max(state.peak, state.now)
        }
    }
}

private final class Flag: Sendable {
    private let state = Mutex(false)
    var isSet: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}
