import Core
import Foundation

/// How `slipway build` ends: a summary for people, or one JSON object for scripts.
struct BuildReport {
    let result: OneShotBuild.Result

    var status: String { result.status }

    init(result: OneShotBuild.Result) {
        self.result = result
    }

    func text() -> String {
        var text = ""
        switch result.status {
        case "built":
            text += "built"
            if let release = result.release { text += " release \(release.number) (\(release.name))" }
            text += "\n"
        case "unchanged":
            text += "unchanged: \(result.reason)\n"
        default:
            text += "failed: \(result.reason)\n"
            for diagnostic in result.diagnostics {
                text += "  \(diagnostic.location): \(diagnostic.severity): \(diagnostic.message)\n"
            }
        }
        if let release = result.release {
            if result.status != "built" { text += "  release         \(release.number) (\(release.name))\n" }
            text += "  commit          \(release.commitSHA)\n"
            text += "  inputs digest   \(release.inputsDigest)\n"
            text += "  artifact        \(release.artifactDigest) (\(release.artifactSize) bytes)\n"
            if !release.tags.isEmpty { text += "  tags            \(release.tags.joined(separator: ", "))\n" }
        }
        return text
    }

    func json() -> String {
        var object: [String: JSONValue] = [
            "status": .string(result.status),
            "reason": .string(result.reason),
            "release": .null,
            "diagnostics": .array(result.diagnostics.map(Self.json)),
            "log": .string(result.log.map(Self.line).joined(separator: "\n")),
            "build_id": result.build.map { .int(Int($0.id)) } ?? .null,
        ]
        if let release = result.release {
            object["release"] = .object([
                "id": .int(Int(release.id)), "number": .int(release.number), "name": .string(release.name),
                "commit": .string(release.commitSHA), "inputs_digest": .string(release.inputsDigest),
                "artifact_digest": .string(release.artifactDigest), "tags": .array(release.tags.map(JSONValue.string)),
            ])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONValue.object(object)) else {
            return #"{"status": "failed", "reason": "cannot encode the result"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func json(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            "severity": .string(diagnostic.severity.rawValue), "line": .int(diagnostic.location.line),
            "column": .int(diagnostic.location.column), "path": .string(diagnostic.path),
            "message": .string(diagnostic.message),
        ])
    }

    /// `2026-11-29T14:00:00Z [stdout] text`.
    static func line(_ line: LogLine) -> String {
        "\(line.at.formatted(.iso8601)) [\(line.stream.rawValue)] \(line.text)"
    }
}
