import Foundation
import Synchronization

/// One thread that looks at every running transfer ten times a second and aborts those that stalled or were
/// cancelled (see ``TransferSession/watchdogTick()``).
///
/// A thread of its own rather than a task: stall detection must keep working when Swift's cooperative threads
/// are busy, and a stuck transfer must never wait for one of them to free up.
final class TransferWatchdog: Sendable {
    static let shared = TransferWatchdog()

    private let sessions = Mutex<[ObjectIdentifier: TransferSession]>([:])
    private let interval: useconds_t = 100_000

    private init() {
        let thread = Thread { [self] in
            while true {
                usleep(interval)
                let watched = sessions.withLock { Array($0.values) }
                for session in watched { session.watchdogTick() }
            }
        }
        thread.name = "slipway-git-watchdog"
        thread.start()
    }

    func watch(_ session: TransferSession) {
        sessions.withLock { $0[ObjectIdentifier(session)] = session }
    }

    func forget(_ session: TransferSession) {
        _ = sessions.withLock { $0.removeValue(forKey: ObjectIdentifier(session)) }
    }
}
