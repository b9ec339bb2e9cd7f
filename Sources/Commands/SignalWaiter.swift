import Dispatch
import Foundation
import Synchronization

/// Waits for SIGTERM or SIGINT: the default handlers are replaced by dispatch sources, so the process is not
/// killed and can shut down on its own terms.
final class SignalWaiter: @unchecked Sendable {
    // Unchecked: `sources` is written once in init and only kept alive afterwards; the rest is a Mutex and an atomic.
    private let received = Mutex<(signal: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
    /// Set once a signal arrived; workers read it to stop claiming jobs.
    let flag = StopFlag()
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32]) {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for (number, source) in zip(signals, sources) {
            source.setEventHandler { [self] in deliver(number) }
            source.resume()
        }
    }

    private func deliver(_ number: Int32) {
        flag.set()
        let waiters = received.withLock { state -> [CheckedContinuation<Int32, Never>] in
            if state.signal == nil { state.signal = number }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: number) }
    }

    /// The first signal received, once it arrives.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let already = received.withLock { state -> Int32? in
                if let signal = state.signal { return signal }
                state.waiters.append(continuation)
                return nil
            }
            if let already { continuation.resume(returning: already) }
        }
    }
}

/// A one-way switch read from many threads.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
