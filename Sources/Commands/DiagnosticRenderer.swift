import Core
import Foundation
import Manifest

/// Prints validation results: compiler-style text with the source line and a caret, a
/// summary line, or JSON for scripts.
struct DiagnosticRenderer {
    /// Whether to color the text (standard output is a terminal and NO_COLOR is unset).
    var colors: Bool

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Every diagnostic of one file, each followed by its source line and a caret.
    func text(_ result: FileResult) -> String {
        if let readError = result.readError {
            return "\(paint(result.file, "1")): \(paint("error:", "1;31")) \(readError)\n"
        }
        guard let report = result.report else { return "" }
        var text = ""
        for diagnostic in report.diagnostics {
            let label = diagnostic.severity == .error ? paint("error:", "1;31") : paint("warning:", "1;35")
            let location = diagnostic.path.isEmpty ? "" : " [\(diagnostic.path)]"
            text +=
                "\(paint("\(result.file):\(diagnostic.location)", "1")): \(label) \(diagnostic.message)\(location)\n"
            if let excerpt = report.source.excerpt(at: diagnostic.location) {
                let lines = excerpt.split(separator: "\n", omittingEmptySubsequences: false)
                text += lines[0] + "\n" + paint(String(lines[1]), "1;32") + "\n"
            }
        }
        return text
    }

    /// "3 files checked: 2 valid, 1 invalid (4 errors, 1 warning)".
    func summary(_ results: [FileResult]) -> String {
        let unreadable = results.filter(\.isUnreadable).count
        let valid = results.filter(\.isValid).count
        let invalid = results.count - valid - unreadable
        let diagnostics = results.flatMap { $0.report?.diagnostics ?? [] }
        let errors = diagnostics.filter { $0.severity == .error }.count
        var parts = ["\(valid) valid"]
        if invalid > 0 { parts.append("\(invalid) invalid") }
        if unreadable > 0 { parts.append("\(unreadable) unreadable") }
        return "\(plural(results.count, "file")) checked: \(parts.joined(separator: ", ")) "
            + "(\(plural(errors, "error")), \(plural(diagnostics.count - errors, "warning")))"
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The results as a JSON array: `[{"file", "valid", "diagnostics", "manifest", "error"?}]`.
    func json(_ results: [FileResult]) -> String {
        let files = results.map { result in
            FileJSON(
                file: result.file, valid: result.isValid, diagnostics: result.report?.diagnostics ?? [],
                manifest: result.report?.manifest?.json, error: result.readError)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return String(decoding: try encoder.encode(files), as: UTF8.self)
        } catch {
            return #"[{"error": "cannot encode the results as JSON: \#(error)"}]"#
        }
    }
}

private struct FileJSON: Encodable {
    var file: String
    var valid: Bool
    var diagnostics: [Diagnostic]
    var manifest: JSONValue?
    var error: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(valid, forKey: .valid)
        try container.encode(diagnostics, forKey: .diagnostics)
        try container.encode(manifest ?? .null, forKey: .manifest)
        try container.encodeIfPresent(error, forKey: .error)
    }

    private enum CodingKeys: String, CodingKey {
        case file, valid, diagnostics, manifest, error
    }
}
