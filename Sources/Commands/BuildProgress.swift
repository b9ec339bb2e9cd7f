import Core
import Foundation
import Pipeline
import Synchronization

/// `slipway build`'s progress on standard error: the fetch's objects and bytes (one line rewritten in
/// place on a terminal), then the build's log as it runs, with the elapsed time.
final class BuildProgress: PipelineObserver {
    private let console: Console
    private let quiet: Bool
    private let started = ContinuousClock.now
    private let last = Mutex<(phase: GitProgress.Phase?, printed: ContinuousClock.Instant)>((nil, .now))

    init(console: Console, quiet: Bool) {
        self.console = console
        self.quiet = quiet
    }

    func fetchProgress(_ progress: GitProgress, repository: String) {
        guard !quiet else { return }
        let now = ContinuousClock.now
        let due = last.withLock { state -> Bool in
            let changed = state.phase != progress.phase
            guard changed || now - state.printed > .milliseconds(500) || progress.phase == .done else { return false }
            state = (progress.phase, now)
            return true
        }
        guard due else { return }
        let kib = Double(progress.receivedBytes) / 1024
        let objects =
            progress.totalObjects > 0
            ? "\(progress.receivedObjects)/\(progress.totalObjects) objects" : "\(progress.receivedObjects) objects"
        console.err(
            "[\(elapsed())] fetching \(repository): \(progress.phase.rawValue), \(objects), \(String(format: "%.1f", kib)) KiB\n"
        )
    }

    func buildOutput(_ line: LogLine, buildID: Int64) {
        guard !quiet else { return }
        let prefix = line.stream == .slipway ? "--" : line.stream == .stderr ? " !" : " |"
        console.err("[\(elapsed())] \(prefix) \(line.text)\n")
    }

    private func elapsed() -> String {
        let text = (ContinuousClock.now - started).readable
        return String(repeating: " ", count: max(0, 7 - text.count)) + text
    }
}
