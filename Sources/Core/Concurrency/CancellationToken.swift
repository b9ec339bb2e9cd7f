import Synchronization

/// An explicit cancel switch that can be handed to long operations (fetches, exports) next to Swift task
/// cancellation, for callers that cancel from outside the task (an admin API call, a shutdown).
package final class CancellationToken: Sendable {
    private struct State {
        var isCancelled = false
        var nextID = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Creates a token that is not cancelled.
    package init() {}

    /// Whether ``cancel()`` has been called.
    package var isCancelled: Bool { state.withLock { $0.isCancelled } }

    /// Cancels: runs every registered handler once; later calls do nothing.
    package func cancel() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.isCancelled else { return [] }
            state.isCancelled = true
            defer { state.handlers = [:] }
            return Array(state.handlers.values)
        }
        for handler in handlers { handler() }
    }

    /// Runs `handler` when the token is cancelled (at once if it already is); the result removes the handler.
    @discardableResult
    package func onCancel(_ handler: @escaping @Sendable () -> Void) -> Registration {
        let id = state.withLock { state -> Int? in
            guard !state.isCancelled else { return nil }
            state.nextID += 1
            state.handlers[state.nextID] = handler
            return state.nextID
        }
        guard let id else {
            handler()
            return Registration(token: nil, id: 0)
        }
        return Registration(token: self, id: id)
    }

    fileprivate func remove(_ id: Int) {
        _ = state.withLock { $0.handlers.removeValue(forKey: id) }
    }

    /// A registered handler; ``remove()`` unregisters it.
    package struct Registration: Sendable {
        fileprivate let token: CancellationToken?
        fileprivate let id: Int

        /// Unregisters the handler (nothing happens if it already ran).
        package func remove() { token?.remove(id) }
    }
}
