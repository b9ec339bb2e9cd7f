import Foundation

/// Runs gzip compression on a second thread while the export thread reads blobs and builds the tar stream.
///
/// Deflate at level 6 is most of an export's time; overlapping it with the object reads brings an export close
/// to the cost of compression alone. The tar bytes are cut into fixed 256 KiB chunks and compressed in order by
/// one zlib stream, so the output is the same bytes as compressing on one thread. At most four chunks wait at a
/// time. The compressing thread is a short-lived thread of its own (not a pool thread), so an export can never
/// wait for a pool slot that it holds itself.
///
/// `@unchecked Sendable`: `queue`, `finished`, `failure` and `done` are guarded by `condition`; `current` belongs
/// to the export thread.
package final class CompressionPipeline: @unchecked Sendable {
    private static let chunkSize = 1 << 18
    private static let maxQueued = 4

    private let condition = NSCondition()
    private var queue: [[UInt8]] = []
    private var finished = false
    private var done = false
    private var failure: (any Error)?
    private var current: [UInt8] = []

    /// Starts the compressing thread, which feeds `gzip` (and whatever `gzip` writes to) and nothing else.
    package init(gzip: GzipWriter) {
        current.reserveCapacity(Self.chunkSize)
        let handoff = Handoff(gzip: gzip)
        let thread = Thread { [self] in compress(into: handoff.gzip) }
        thread.name = "slipway-gzip"
        thread.start()
    }

    /// Appends tar bytes; throws the compressing thread's error, if it failed.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let take = min(Self.chunkSize - current.count, bytes.count - offset)
            current.append(contentsOf: bytes[offset..<(offset + take)])
            offset += take
            if current.count == Self.chunkSize { try hand(over: false) }
        }
    }

    /// Hands over the last bytes, waits until everything is compressed and finished, and rethrows any failure.
    package func finish() throws {
        try hand(over: true)
        condition.lock()
        while !done { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// Stops the compressing thread without finishing the stream (the export failed).
    package func abandon() {
        condition.lock()
        finished = true
        queue.removeAll()
        condition.broadcast()
        while !done { condition.wait() }
        condition.unlock()
    }

    /// The writer moves to the compressing thread before anyone uses it; the export thread never touches it again.
    private struct Handoff: @unchecked Sendable {
        let gzip: GzipWriter
    }

    private func hand(over last: Bool) throws {
        let chunk = current
        current = []
        current.reserveCapacity(Self.chunkSize)
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.maxQueued && failure == nil { condition.wait() }
        if let failure { throw failure }
        if !chunk.isEmpty { queue.append(chunk) }
        if last { finished = true }
        condition.broadcast()
    }

    private func compress(into gzip: GzipWriter) {
        while true {
            condition.lock()
            while queue.isEmpty && !finished { condition.wait() }
            let next = queue.isEmpty ? nil : queue.removeFirst()
            let complete = next == nil && finished
            condition.broadcast()
            condition.unlock()
            do {
                if let next {
                    try next.withUnsafeBytes { try gzip.write($0) }
                } else if complete {
                    try gzip.finish()
                    break
                }
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
                break
            }
        }
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }
}
