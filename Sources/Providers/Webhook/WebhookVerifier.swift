import Core
package import Foundation

extension ProviderDescriptor {
    /// Checks that `request` comes from the provider, over its raw bytes and before any parsing, with the
    /// schemes of the descriptor that `secrets` configures; comparisons run in constant time.
    ///
    /// A connection with no secret for any of the provider's schemes is rejected
    /// (``WebhookRejection/Code/noSecretConfigured``): Slipway never accepts unauthenticated webhooks. With
    /// several schemes configured, ``WebhookSettings/require`` says whether one passing is enough (`any`) or all
    /// must pass (`all`). `now` bounds the replay window of signed timestamps.
    package func verify(
        _ request: WebhookRequest, secrets: WebhookSecrets, now: Date
    ) throws(WebhookRejection) -> VerifiedWebhook {
        let configured = webhook.schemes.filter { $0.isConfigured(by: secrets) }
        guard !configured.isEmpty else {
            let needs = webhook.schemes.map(\.secretNeeded).uniqued().joined(separator: " or ")
            throw WebhookRejection(
                .noSecretConfigured,
                "the connection has no webhook secret for \(name), so no request can be verified; set \(needs) on "
                    + "the connection and the same value in the provider's webhook settings")
        }
        var passed: [String] = []
        var failures: [WebhookRejection] = []
        for scheme in configured {
            do throws(WebhookRejection) {
                try scheme.check(request, secrets: secrets, now: now)
                passed.append(scheme.kind)
            } catch {
                failures.append(error)
            }
        }
        switch webhook.require {
        case .any:
            guard passed.isEmpty else { break }
            throw Self.strongest(failures)
        case .all:
            if let first = failures.first { throw first }
        }
        return VerifiedWebhook(provider: self, request: request, schemes: passed)
    }

    /// The failure that best explains a rejection when any scheme would have done: a wrong signature says more
    /// than a header that is absent because the provider uses another scheme.
    private static func strongest(_ failures: [WebhookRejection]) -> WebhookRejection {
        if let telling = failures.first(where: { $0.code != .missingCredentials }) { return telling }
        guard failures.count > 1 else { return failures[0] }
        return WebhookRejection(
            .missingCredentials,
            failures.map(\.message).joined(separator: "; and ")
                + " (any one of these schemes would do)")
    }
}

extension AuthenticationScheme {
    /// Whether `secrets` holds what this scheme needs.
    func isConfigured(by secrets: WebhookSecrets) -> Bool {
        switch self {
        case .hmacSHA256Hex, .sharedToken: secrets.secret.isSet
        case .standardWebhooks: secrets.signingKeyText != nil
        case .basicAuth: secrets.basicAuth.map { $0.password.isSet || $0.user.isSet } ?? false
        case .customHeader:
            secrets.customHeader.map { !$0.name.isEmpty && $0.value.isSet } ?? false
        }
    }

    /// What the admin sets on the connection for this scheme, for messages.
    var secretNeeded: String {
        switch self {
        case .hmacSHA256Hex, .sharedToken: "the webhook secret"
        case .standardWebhooks: "the signing secret (whsec_…)"
        case .basicAuth: "the basic-auth user and password"
        case .customHeader: "a custom header name and value"
        }
    }

    /// Throws why `request` fails this scheme.
    func check(_ request: WebhookRequest, secrets: WebhookSecrets, now: Date) throws(WebhookRejection) {
        switch self {
        case .hmacSHA256Hex(let header, let prefix):
            try checkHexSignature(request, header: header, prefix: prefix, secret: secrets.secret?.revealed ?? "")
        case .sharedToken(let header):
            try checkSharedToken(request, header: header, secret: secrets.secret?.revealed ?? "")
        case .standardWebhooks(let settings):
            try checkStandardWebhooks(request, settings: settings, keyText: secrets.signingKeyText ?? "", now: now)
        case .basicAuth(let header):
            guard let credentials = secrets.basicAuth else { return }
            try checkBasicAuth(request, header: header, credentials: credentials)
        case .customHeader:
            guard let custom = secrets.customHeader else { return }
            try checkCustomHeader(request, secret: custom)
        }
    }
}

extension WebhookSecrets {
    /// The text of the Standard Webhooks key: the signing secret, else the shared secret when it is `whsec_…`.
    var signingKeyText: String? {
        if let signing = signingSecret, signing.isSet { return signing.revealed }
        if let secret, secret.revealed.hasPrefix(standardWebhooksSecretPrefix) { return secret.revealed }
        return nil
    }
}

extension Optional where Wrapped == Redacted<String> {
    var isSet: Bool { self.map { !$0.revealed.isEmpty } ?? false }
}

extension Redacted<String> {
    var isSet: Bool { !revealed.isEmpty }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
