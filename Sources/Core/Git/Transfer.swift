/// How far a fetch has got, in values a CLI can turn into a progress bar.
package struct GitProgress: Sendable, Hashable {
    /// What the transfer is doing.
    package enum Phase: String, Sendable, Hashable {
        /// Connecting, authenticating, negotiating what to send.
        case connecting
        /// Receiving the pack: `receivedObjects` of `totalObjects`, `receivedBytes` so far.
        case receiving
        /// Resolving deltas: `indexedDeltas` of `totalDeltas`.
        case resolving
        /// Finished receiving; refs are being updated.
        case done
    }

    /// What the transfer is doing.
    package var phase: Phase
    /// Objects received so far.
    package var receivedObjects: Int
    /// Objects the server announced.
    package var totalObjects: Int
    /// Objects indexed so far.
    package var indexedObjects: Int
    /// Bytes received so far.
    package var receivedBytes: Int
    /// Deltas resolved so far.
    package var indexedDeltas: Int
    /// Deltas to resolve.
    package var totalDeltas: Int

    /// Creates a progress value.
    package init(
        phase: Phase, receivedObjects: Int = 0, totalObjects: Int = 0, indexedObjects: Int = 0,
        receivedBytes: Int = 0, indexedDeltas: Int = 0, totalDeltas: Int = 0
    ) {
        self.phase = phase
        self.receivedObjects = receivedObjects
        self.totalObjects = totalObjects
        self.indexedObjects = indexedObjects
        self.receivedBytes = receivedBytes
        self.indexedDeltas = indexedDeltas
        self.totalDeltas = totalDeltas
    }

    /// 0…1 over receiving then resolving, or nil while the totals are unknown.
    package var fractionCompleted: Double? {
        guard totalObjects > 0 else { return nil }
        let work = Double(totalObjects + totalDeltas)
        return Double(receivedObjects + indexedDeltas) / work
    }
}

/// Per-call options of a network operation (fetch, remote heads).
package struct TransferOptions: Sendable {
    /// Abort when no data or callback has arrived for this long (libgit2 1.5 has no timeout of its own).
    package var stallTimeout: Duration
    /// An explicit cancel switch, in addition to task cancellation.
    package var cancellation: CancellationToken?
    /// Called with progress, at most about ten times a second, on a background thread.
    package var progress: (@Sendable (GitProgress) -> Void)?

    /// Creates options.
    package init(
        stallTimeout: Duration = .seconds(60), cancellation: CancellationToken? = nil,
        progress: (@Sendable (GitProgress) -> Void)? = nil
    ) {
        self.stallTimeout = stallTimeout
        self.cancellation = cancellation
        self.progress = progress
    }
}
