import Core
import Foundation

/// The requests handed to the responder and not yet answered, each with its deadline, and the thread that
/// answers them with 503 when the deadline passes.
///
/// One watcher thread per server rather than a timer task per request: registering is a dictionary insert
/// under a lock, and the thread sleeps until the earliest deadline it knows of. Timeouts are the same for
/// every request, so a later registration never has an earlier deadline and seldom needs to wake it.
///
/// `@unchecked Sendable`: every field is guarded by `condition`.
final class InFlightRequests: @unchecked Sendable {
    private let condition = NSCondition()
    private var entries: [ObjectIdentifier: (deadline: ContinuousClock.Instant, context: RequestContext)] = [:]
    private var isClosed = false
    private var isStopped = false
    /// The deadline the watcher sleeps until; nil while it sleeps with nothing to watch.
    private var watchedDeadline: ContinuousClock.Instant?

    init() {}

    /// Starts the watcher thread; `expire` runs on it, without the lock held, for each request past its deadline.
    /// The thread keeps this object and `expire` alive until ``stopWatching()``.
    func startWatching(name: String, expire: @escaping @Sendable (RequestContext) -> Void) {
        let thread = Thread { [self] in watch(expire) }
        thread.name = name
        thread.start()
    }

    /// Adds `context`; false once ``closeAndTakeAll()`` has run (the caller answers it at once instead).
    func register(_ context: RequestContext, deadline: ContinuousClock.Instant) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { return false }
        entries[ObjectIdentifier(context)] = (deadline, context)
        if watchedDeadline.map({ deadline < $0 }) ?? true { condition.signal() }
        return true
    }

    /// Forgets `context` (answered).
    func remove(_ context: RequestContext) {
        condition.lock()
        entries[ObjectIdentifier(context)] = nil
        condition.unlock()
    }

    /// Refuses further registrations and hands back every request still being handled.
    func closeAndTakeAll() -> [RequestContext] {
        condition.lock()
        defer { condition.unlock() }
        isClosed = true
        let all = entries.values.map(\.context)
        entries.removeAll()
        return all
    }

    /// Ends the watcher thread.
    func stopWatching() {
        condition.lock()
        isStopped = true
        condition.signal()
        condition.unlock()
    }

    private func watch(_ expire: @Sendable (RequestContext) -> Void) {
        condition.lock()
        while !isStopped {
            let now = ContinuousClock.now
            var expired: [RequestContext] = []
            var earliest: ContinuousClock.Instant?
            for (key, entry) in entries {
                if entry.deadline <= now {
                    expired.append(entry.context)
                    entries[key] = nil
                } else if earliest.map({ entry.deadline < $0 }) ?? true {
                    earliest = entry.deadline
                }
            }
            if !expired.isEmpty {
                condition.unlock()
                for context in expired { expire(context) }
                condition.lock()
                continue
            }
            watchedDeadline = earliest
            if let earliest {
                _ = condition.wait(until: Date().addingTimeInterval((earliest - now).inSeconds))
            } else {
                condition.wait()
            }
        }
        condition.unlock()
    }
}
