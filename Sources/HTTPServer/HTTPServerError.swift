/// Why an ``MHDServer`` could not start.
package struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The code's name, `cannotListen`.
        package var description: String { name }

        /// The host is not an address the server can listen on.
        package static let invalidAddress = Code(name: "invalidAddress")
        /// A limit is out of range.
        package static let invalidLimits = Code(name: "invalidLimits")
        /// libmicrohttpd could not start: the port is taken or not permitted, or the system is out of resources.
        package static let cannotListen = Code(name: "cannotListen")
    }

    /// The kind of failure.
    package let code: Code
    /// What failed and what to do about it.
    package let message: String

    /// An error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
