import Foundation

/// Runs blocking `work` (a child process wait, a socket read) on a thread of its own, so that it never occupies
/// a thread of Swift's cooperative pool, which the server's handlers need.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.start()
    }
}

/// Waits (polling, bounded by `timeout`) until `condition` holds; returns whether it did.
func eventually(
    timeout: Duration = .seconds(20), _ condition: @Sendable () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
