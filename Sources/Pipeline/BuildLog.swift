import Core
import Foundation
import Synchronization

/// A build's log on its way to the store: lines from the build command (on the process supervisor's
/// thread) and Slipway's own notes, buffered and written in batches so a chatty build costs few
/// transactions.
final class BuildLog: Sendable {
    private struct State {
        var pending: [LogLine] = []
        var lastFlush = ContinuousClock.now
        var failure: (any Error)?
    }

    private let store: any PipelineStore
    private let buildID: Int64
    private let now: @Sendable () -> Date
    private let observer: (any PipelineObserver)?
    private let state = Mutex(State())
    private static let batch = 200
    private static let interval = Duration.seconds(1)

    init(
        store: any PipelineStore, buildID: Int64, now: @escaping @Sendable () -> Date, observer: (any PipelineObserver)?
    ) {
        self.store = store
        self.buildID = buildID
        self.now = now
        self.observer = observer
    }

    /// A line from the build command.
    func append(_ line: LogLine) {
        observer?.buildOutput(line, buildID: buildID)
        let due = state.withLock { state -> [LogLine]? in
            state.pending.append(line)
            guard state.pending.count >= Self.batch || ContinuousClock.now - state.lastFlush >= Self.interval else {
                return nil
            }
            state.lastFlush = ContinuousClock.now
            defer { state.pending.removeAll(keepingCapacity: true) }
            return state.pending
        }
        if let due { write(due) }
    }

    /// A line from Slipway itself (`[slipway] …` in the log).
    func note(_ text: String) {
        append(LogLine(at: now(), stream: .slipway, text: text))
    }

    /// Writes what is buffered; throws the first write failure seen since the last flush.
    func flush() throws {
        let (lines, failure) = state.withLock { state -> ([LogLine], (any Error)?) in
            defer {
                state.pending.removeAll()
                state.failure = nil
                state.lastFlush = ContinuousClock.now
            }
            return (state.pending, state.failure)
        }
        if let failure { throw failure }
        if !lines.isEmpty { try store.appendBuildLog(buildID: buildID, lines: lines) }
    }

    private func write(_ lines: [LogLine]) {
        do {
            try store.appendBuildLog(buildID: buildID, lines: lines)
        } catch {
            state.withLock { if $0.failure == nil { $0.failure = error } }
        }
    }
}
