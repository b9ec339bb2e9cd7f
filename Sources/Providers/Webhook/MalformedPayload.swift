/// A verified webhook whose body Slipway cannot read: answer 400 with ``message``.
package struct MalformedPayload: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of reasons, kept open to additions.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The body is not JSON (nor, for GitHub, a form with a `payload` field).
        package static let unsupportedContentType = Code("unsupportedContentType")
        /// The body does not parse as JSON, or is not a JSON object.
        package static let notJSON = Code("notJSON")
        /// The request names no event where the descriptor says it does.
        package static let missingEvent = Code("missingEvent")
        /// A field the push needs is absent or null.
        package static let missingField = Code("missingField")
        /// A field has the wrong JSON type.
        package static let wrongType = Code("wrongType")
        /// A field has the right type but an unusable value (a ref without `refs/`, a SHA that is not hex).
        package static let invalidValue = Code("invalidValue")

        package var description: String { name }
    }

    /// Which kind of problem.
    package var code: Code
    /// What is wrong with the body, and what to do; fit for a 400 answer.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
