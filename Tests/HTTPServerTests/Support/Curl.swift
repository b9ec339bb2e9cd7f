import Foundation
import TestSupport

/// What one curl run saw.
struct CurlResult: Sendable {
    /// The HTTP status (0 when no answer came).
    var status: Int
    /// curl's exit code (0 = transfer done; 7 = could not connect; 52 = empty reply; 55/56 = send/receive failure).
    var exitCode: Int32
    /// Response header fields by lowercase name, every value in order.
    var headers: [String: [String]]
    var body: Data
    /// Wall time of the whole curl run.
    var elapsed: Duration
    /// How many body bytes curl sent.
    var uploaded: Int

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers[name.lowercased()]?.first }

    /// The body parsed as a JSON object.
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
}

/// Runs the system `curl` with `arguments` (URL included) and returns what it saw; bounded by `maxTime`.
///
/// The process is waited for on a thread of its own (``offPool(_:)``), never on the cooperative pool.
func curl(_ arguments: [String], maxTime: Duration = .seconds(10)) async throws -> CurlResult {
    let directory = try TemporaryDirectory()
    let bodyPath = directory.path + "/body"
    let seconds = String(max(1, Int(maxTime.components.seconds)))
    let full =
        ["curl", "-sS", "--max-time", seconds, "-o", bodyPath, "-w", "%{json}\n---slipway---\n%{header_json}"]
        + arguments
    let started = ContinuousClock.now
    let out = try await runToEnd(full, logPrefix: directory.path + "/curl", timeout: maxTime + .seconds(5))
    let elapsed = ContinuousClock.now - started
    let parts = out.components(separatedBy: "\n---slipway---\n")
    let info = parts.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any] ?? [:]
    let headerObject =
        parts.count > 1 ? (try? JSONSerialization.jsonObject(with: Data(parts[1].utf8))) as? [String: Any] : nil
    var headers: [String: [String]] = [:]
    for (name, values) in headerObject ?? [:] { headers[name.lowercased()] = values as? [String] ?? [] }
    return CurlResult(
        status: info["http_code"] as? Int ?? 0, exitCode: Int32(info["exitcode"] as? Int ?? -1), headers: headers,
        body: FileManager.default.contents(atPath: bodyPath) ?? Data(), elapsed: elapsed,
        uploaded: info["size_upload"] as? Int ?? -1)
}

/// Runs `arguments` (the program looked up on PATH) to its end and returns its standard output; killed when
/// it outlives `timeout`. Waited for on a thread of its own.
func runToEnd(_ arguments: [String], logPrefix: String, timeout: Duration) async throws -> String {
    let child = try ChildProcess(arguments, logPrefix: logPrefix)
    await offPool {
        let deadline = ContinuousClock.now + timeout
        while child.isRunning && ContinuousClock.now < deadline { usleep(2_000) }
        child.stop()
    }
    return child.standardOutput
}
