import Foundation
import Glibc

/// A fresh directory under the system temporary directory, removed with everything in it on `deinit`.
package final class TemporaryDirectory: Sendable {
    /// Its absolute path.
    package let path: String

    /// Creates `<tmp>/slipway-<prefix>-XXXXXX`.
    package init(prefix: String = "test") throws {
        var template = Array(
            (NSTemporaryDirectory() as NSString).appendingPathComponent("slipway-\(prefix)-XXXXXX").utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestSupportError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        path = String(cString: created)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// `path/relative`.
    package func appending(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }
}

/// A failure in test plumbing (a git command, a server that would not start), with its output.
package struct TestSupportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    package var description: String

    /// Creates an error.
    package init(_ description: String) { self.description = description }
}

/// Polls `condition` every `interval` until it holds or `timeout` passes; returns whether it held.
package func waitUntil(
    timeout: Duration, interval: Duration = .milliseconds(20), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}

/// Every file below `directory` (recursively) whose bytes contain `needle`; used to prove secrets never reach disk.
package func filesContaining(_ needle: String, below directory: String) -> [String] {
    let bytes = Data(needle.utf8)
    var hits: [String] = []
    guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
    for case let relative as String in walker {
        let full = (directory as NSString).appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: full)
        else { continue }
        if data.range(of: bytes) != nil { hits.append(relative) }
    }
    return hits
}

/// Runs blocking `work` (a child process wait, a socket read) on a thread of its own, so that it never occupies
/// one of Swift's few cooperative threads, which servers under test need.
package func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
