/// A position in a source file, both numbers 1-based; columns count characters, not bytes.
package struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    package var line: Int
    /// 1-based column, in Unicode scalars from the start of the line.
    package var column: Int

    /// Creates a location; both numbers are clamped to at least 1.
    package init(line: Int, column: Int) {
        self.line = max(1, line)
        self.column = max(1, column)
    }

    /// The start of a file.
    package static let start = SourceLocation(line: 1, column: 1)

    package var description: String { "\(line):\(column)" }

    package static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// How bad a diagnostic is: errors make a manifest invalid, warnings do not.
package enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
}

/// One problem found in a file, pointing at the offending node.
///
/// `message` says what is wrong and how to fix it; `path` is the key path of the node
/// (`configs.schema.properties.age.default`, `configs.uischema.elements[2].scope`), empty for
/// the document itself.
package struct Diagnostic: Sendable, Hashable, Codable {
    /// Error or warning.
    package var severity: Severity
    /// Where the offending node starts.
    package var location: SourceLocation
    /// Key path of the offending node; empty for the whole document.
    package var path: String
    /// What is wrong and how to fix it.
    package var message: String

    /// Creates a diagnostic.
    package init(_ severity: Severity, at location: SourceLocation, path: String, _ message: String) {
        self.severity = severity
        self.location = location
        self.path = path
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case severity, line, column, path, message
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        severity = try container.decode(Severity.self, forKey: .severity)
        location = SourceLocation(
            line: try container.decode(Int.self, forKey: .line), column: try container.decode(Int.self, forKey: .column)
        )
        path = try container.decode(String.self, forKey: .path)
        message = try container.decode(String.self, forKey: .message)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(location.line, forKey: .line)
        try container.encode(location.column, forKey: .column)
        try container.encode(path, forKey: .path)
        try container.encode(message, forKey: .message)
    }
}

extension Diagnostic: Comparable {
    /// Diagnostics sort by position, errors before warnings at the same position.
    package static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity == .error }
        return lhs.message < rhs.message
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    package var hasErrors: Bool { contains { $0.severity == .error } }
}
