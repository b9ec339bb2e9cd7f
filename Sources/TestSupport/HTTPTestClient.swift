import Foundation

/// What an HTTP request made with the system `curl` saw.
package struct HTTPTestResponse: Sendable {
    /// The status (0 when no answer came).
    package var status: Int
    /// Response header fields by lowercase name, the first value of each.
    package var headers: [String: String]
    /// The body.
    package var body: [UInt8]

    /// The body as text.
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (nil when it is not JSON).
    package var json: Any? { try? JSONSerialization.jsonObject(with: Data(body)) }

    /// The body as a JSON object (empty when it is not one).
    package var object: [String: Any] { json as? [String: Any] ?? [:] }

    /// The body as a JSON array (empty when it is not one).
    package var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
}

/// Real HTTP over loopback for tests: each request is one `curl` process, waited for on the plumbing pool
/// (never on Swift's cooperative threads).
package struct HTTPTestClient: Sendable {
    /// `http://127.0.0.1:<port>`.
    package let base: String

    /// A client for a server on 127.0.0.1.
    package init(port: Int) { base = "http://127.0.0.1:\(port)" }

    /// Sends `method path` with `headers` and `body` (a file is used for large bodies); bounded by `timeout`.
    package func request(
        _ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8]? = nil,
        timeout: Duration = .seconds(30)
    ) async throws -> HTTPTestResponse {
        let scratch = try TemporaryDirectory(prefix: "curl")
        var arguments = [
            "curl", "-sS", "-X", method, "--max-time", String(Int(timeout.components.seconds)), "-D",
            scratch.appending("headers"), "-o", scratch.appending("body"), "-w", "%{http_code}",
            "-H", "Expect:",
        ]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            let file = scratch.appending("request")
            try Data(body).write(to: URL(fileURLWithPath: file))
            arguments += ["--data-binary", "@" + file]
            if headers.keys.contains(where: { $0.lowercased() == "content-type" }) == false {
                arguments += ["-H", "Content-Type: application/json"]
            }
        }
        arguments.append(base + path)
        let output = try await GitCommand.runProgram(arguments, timeout: timeout + .seconds(10))
        var headerFields: [String: String] = [:]
        let rawHeaders = (try? String(contentsOfFile: scratch.appending("headers"), encoding: .utf8)) ?? ""
        for line in rawHeaders.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            if headerFields[name] == nil {
                headerFields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        let body = (try? Data(contentsOf: URL(fileURLWithPath: scratch.appending("body")))).map(Array.init) ?? []
        return HTTPTestResponse(
            status: Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, headers: headerFields, body: body)
    }
}
