package import Core

/// Why a YAML document could not be read at all.
package struct YAMLError: Error, Sendable, CustomStringConvertible {
    /// The closed set of reasons, kept open to additions.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The bytes are not text: invalid UTF-8, NUL or other control characters.
        package static let notText = Code("notText")
        /// The text is not valid YAML (indentation, a missing `:`, an unclosed quote…).
        package static let syntax = Code("syntax")
        /// The document is too large, too deep, or expands too far through aliases.
        package static let limit = Code("limit")

        package var description: String { name }
    }

    /// Which kind of failure.
    package var code: Code
    /// Where it happened.
    package var location: SourceLocation
    /// What is wrong and how to fix it.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, at location: SourceLocation, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    package var description: String { "\(location): \(message)" }

    /// The error as a diagnostic of the document.
    package var diagnostic: Diagnostic {
        Diagnostic(.error, at: location, path: "", message)
    }
}

/// Bounds that keep hostile documents cheap to refuse.
package struct YAMLLimits: Sendable, Hashable {
    /// Largest accepted input, in bytes.
    package var maxBytes: Int
    /// Deepest accepted nesting of mappings and sequences.
    package var maxDepth: Int
    /// Most nodes the document may hold once every alias is expanded.
    package var maxNodes: Int

    /// Creates limits.
    package init(maxBytes: Int, maxDepth: Int, maxNodes: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    /// Generous for any hand-written manifest or config file: 1 MiB, 128 levels, 1,000,000 nodes.
    package static let standard = YAMLLimits(maxBytes: 1 << 20, maxDepth: 128, maxNodes: 1_000_000)
}
