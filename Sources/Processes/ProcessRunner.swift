package import Core
import Foundation
import Glibc
import Synchronization

/// Runs commands as child processes in their own process group (posix_spawn with
/// `POSIX_SPAWN_SETPGROUP`), so a timeout or a cancellation kills the command and everything it started.
///
/// Each run is supervised by a dedicated thread that polls the child's stdout and stderr pipes, turns
/// them into timestamped lines, enforces the timeout and the output limit, and reaps the child: the
/// blocking work never touches Swift's cooperative pool.
///
/// ```swift
/// let result = try await ProcessRunner().run(.shell("npm ci", directory: folder, environment: env,
///                                                    timeout: .seconds(900))) { line in log.append(line) }
/// ```
package final class ProcessRunner: CommandRunning {
    /// Creates a runner.
    package init() {}

    package func run(_ spec: CommandSpec, onLine: @escaping @Sendable (LogLine) -> Void) async throws -> CommandResult {
        let cancelled = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    do {
                        let supervisor = try Supervisor(spec: spec, onLine: onLine, cancelled: cancelled)
                        continuation.resume(returning: supervisor.superviseToEnd())
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "slipway-process"
                thread.start()
            }
        } onCancel: {
            cancelled.set()
        }
    }
}

/// Set from any thread when the awaiting task is cancelled; read by the supervisor each tick.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}
