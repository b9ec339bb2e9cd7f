import Synchronization

/// A counting semaphore for tasks: at most `permits` holders at a time, waiters served first come, first served.
///
/// Bounds work such as concurrent fetches across every repository. A waiter whose task is cancelled leaves the
/// queue and throws `CancellationError`.
package final class AsyncSemaphore: Sendable {
    private struct State {
        var available: Int
        var nextID = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var cancelledBeforeWaiting: Set<Int> = []
    }

    private enum WaitOutcome {
        case cancelled
        case acquired
        case waiting
    }

    private let state: Mutex<State>

    /// Creates a semaphore with `permits` free permits.
    package init(permits: Int) {
        precondition(permits > 0, "a semaphore needs at least one permit")
        state = Mutex(State(available: permits))
    }

    /// Waits for a permit; pair every successful call with one ``release()``.
    package func acquire() async throws {
        let id = state.withLock { state -> Int? in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> WaitOutcome in
                    if state.cancelledBeforeWaiting.remove(id) != nil { return .cancelled }
                    // A permit may have been released between the first check and now.
                    if state.available > 0 {
                        state.available -= 1
                        return .acquired
                    }
                    state.waiters.append((id, continuation))
                    return .waiting
                }
                switch outcome {
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .acquired: continuation.resume()
                case .waiting: break
                }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: index).continuation
                }
                state.cancelledBeforeWaiting.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Returns a permit, waking the longest waiter if there is one.
    package func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
