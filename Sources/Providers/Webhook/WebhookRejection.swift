/// Why a webhook request was not accepted as coming from the provider: answer 401 and log ``message``.
///
/// The message names headers and schemes, never a secret or a value the request carried.
package struct WebhookRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of reasons, kept open to additions.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The connection has no secret for any scheme the provider uses; the admin must set one.
        package static let noSecretConfigured = Code("noSecretConfigured")
        /// A secret on the connection has a form the scheme cannot use (a signing secret that is not
        /// `whsec_<base64>`).
        package static let invalidSecret = Code("invalidSecret")
        /// The request lacks the header a scheme needs.
        package static let missingCredentials = Code("missingCredentials")
        /// The header is there but not in the scheme's form (wrong prefix, not hex, not a number).
        package static let malformedCredentials = Code("malformedCredentials")
        /// The signature, token or password does not match the connection's secret.
        package static let mismatch = Code("mismatch")
        /// A signed timestamp is outside the replay window.
        package static let outsideReplayWindow = Code("outsideReplayWindow")

        package var description: String { name }
    }

    /// Which kind of rejection.
    package var code: Code
    /// What is wrong and what to do, safe for logs.
    package var message: String

    /// Creates a rejection.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}

/// A request that passed the provider's authentication; only these are parsed (``event()``).
package struct VerifiedWebhook: Sendable {
    /// The provider it came from.
    package let provider: ProviderDescriptor
    /// The request, unchanged.
    package let request: WebhookRequest
    /// The schemes that passed (`hmac-sha256-hex`), for the log and the decision record.
    package let schemes: [String]

    // Internal: other modules get a VerifiedWebhook only from ProviderDescriptor.verify.
    init(provider: ProviderDescriptor, request: WebhookRequest, schemes: [String]) {
        self.provider = provider
        self.request = request
        self.schemes = schemes
    }
}
