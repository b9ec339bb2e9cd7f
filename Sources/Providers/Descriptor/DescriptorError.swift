package import Core

/// A provider descriptor that could not be read, with its file, line and column.
package struct DescriptorError: Error, Sendable, CustomStringConvertible {
    /// The closed set of reasons, kept open to additions.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The folder or file cannot be read.
        package static let unreadable = Code("unreadable")
        /// The file is not valid YAML, or has duplicate keys.
        package static let syntax = Code("syntax")
        /// A required key is missing.
        package static let missingField = Code("missingField")
        /// A value has the wrong type (a list where a string belongs).
        package static let wrongType = Code("wrongType")
        /// A key the schema does not know (usually a typo).
        package static let unknownKey = Code("unknownKey")
        /// A value outside a closed set: an unknown family, scheme or placeholder.
        package static let unknownValue = Code("unknownValue")
        /// A value of the right type that cannot be used (an empty header name, a bad provider name).
        package static let invalidValue = Code("invalidValue")
        /// Two descriptors claim the same name.
        package static let duplicateName = Code("duplicateName")

        package var description: String { name }
    }

    /// Which kind of failure.
    package var code: Code
    /// The descriptor file (or folder).
    package var file: String
    /// Where in it.
    package var location: SourceLocation
    /// What is wrong and what to do.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, file: String, at location: SourceLocation, _ message: String) {
        self.code = code
        self.file = file
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message`, as compilers print it.
    package var description: String { "\(file):\(location): error: \(message)" }
}
