package import Core

/// One provider's conventions, read from a file of `providers/`: which payload parser reads its webhooks, how
/// they are authenticated, where the delivery id is, how its REST API is called and how a token clones.
///
/// A GitHub-compatible forge (Gitea, Forgejo) is a new descriptor with `family: github`; no code names it.
package struct ProviderDescriptor: Sendable, Hashable {
    /// The provider kind a connection names (`github`, `gitea`): lowercase letters, digits and `-`.
    package var name: String
    /// Which payload parser reads this provider's webhooks.
    package var family: PayloadFamily
    /// The user name sent with a token when cloning over HTTPS.
    package var cloneUser: TokenUserName
    /// How the REST API is called (for polling).
    package var api: APISettings
    /// How webhooks are recognized, authenticated and identified.
    package var webhook: WebhookSettings
    /// The file the descriptor was read from, for messages.
    package var file: String

    /// Creates a descriptor.
    package init(
        name: String, family: PayloadFamily, cloneUser: TokenUserName, api: APISettings, webhook: WebhookSettings,
        file: String
    ) {
        self.name = name
        self.family = family
        self.cloneUser = cloneUser
        self.api = api
        self.webhook = webhook
        self.file = file
    }
}

/// The payload shapes Slipway can read; each has a folder of its own under `Sources/Providers`.
package enum PayloadFamily: String, Sendable, Hashable, CaseIterable {
    /// GitHub, GitHub Enterprise, GitHub App deliveries, and GitHub-compatible forges (Gitea, Forgejo).
    case github
    /// GitLab.com and self-managed GitLab.
    case gitlab
    /// bitbucket.org.
    case bitbucketCloud = "bitbucket-cloud"
    /// Bitbucket Server and Data Center.
    case bitbucketServer = "bitbucket-server"
    /// Azure DevOps Services and Server service hooks.
    case azureDevOps = "azure-devops"
}

/// An HTTP header: a name and a value.
package struct HTTPHeader: Sendable, Hashable {
    /// The header name as written; compared case-insensitively.
    package var name: String
    /// The value.
    package var value: String

    /// Creates a header.
    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Where a value of a webhook request is read from.
package enum ValueSource: Sendable, Hashable, CustomStringConvertible {
    /// A request header, by name (case-insensitive).
    case header(String)
    /// A member of the JSON body, by dotted path (`id`, `resource.repository.id`).
    case body(String)

    package var description: String {
        switch self {
        case .header(let name): "header \(name)"
        case .body(let path): "body field \(path)"
        }
    }
}

/// How webhook requests of a provider are recognized, authenticated and identified.
package struct WebhookSettings: Sendable, Hashable {
    /// Where the event name is; the first source present wins.
    package var event: [ValueSource]
    /// Event names that are pushes (`push`, `Push Hook`, `repo:refs_changed`).
    package var pushEvents: [String]
    /// Event names that are pings or connection tests, answered without doing anything.
    package var pingEvents: [String]
    /// Where the delivery id is; the first source present wins.
    package var deliveryID: [ValueSource]
    /// Whether one configured scheme passing is enough, or every configured scheme must pass.
    package var require: SchemeRequirement
    /// The authentication schemes the provider can send, in the order they are tried.
    package var schemes: [AuthenticationScheme]

    /// Creates webhook settings.
    package init(
        event: [ValueSource], pushEvents: [String], pingEvents: [String], deliveryID: [ValueSource],
        require: SchemeRequirement, schemes: [AuthenticationScheme]
    ) {
        self.event = event
        self.pushEvents = pushEvents
        self.pingEvents = pingEvents
        self.deliveryID = deliveryID
        self.require = require
        self.schemes = schemes
    }
}

/// How several authentication schemes configured on one connection combine.
package enum SchemeRequirement: String, Sendable, Hashable, CaseIterable {
    /// One configured scheme passing is enough (GitLab: secret token or signing token).
    case any
    /// Every scheme configured on the connection must pass (Azure DevOps: basic auth and a custom header).
    case all
}

/// One way a provider authenticates a webhook request; the closed set Slipway implements.
package enum AuthenticationScheme: Sendable, Hashable, CustomStringConvertible {
    /// Hex HMAC-SHA256 of the raw body keyed with the connection's secret, in `header`, after `prefix`
    /// (`sha256=`; empty when the provider sends the bare digest).
    case hmacSHA256Hex(header: String, prefix: String)
    /// The connection's secret itself in `header` (GitLab `X-Gitlab-Token`).
    case sharedToken(header: String)
    /// Standard Webhooks signatures (GitLab signing tokens): base64 HMAC-SHA256 of `id.timestamp.body`.
    case standardWebhooks(StandardWebhooksSettings)
    /// HTTP Basic authentication in `header` (normally `Authorization`) with the connection's user and password.
    case basicAuth(header: String)
    /// A header whose name and value are both set on the connection (Azure DevOps service hooks).
    case customHeader

    /// The scheme's name in descriptor files.
    package var kind: String {
        switch self {
        case .hmacSHA256Hex: "hmac-sha256-hex"
        case .sharedToken: "shared-token"
        case .standardWebhooks: "standard-webhooks"
        case .basicAuth: "basic-auth"
        case .customHeader: "custom-header"
        }
    }

    /// Every scheme name a descriptor may use.
    package static let kinds = ["hmac-sha256-hex", "shared-token", "standard-webhooks", "basic-auth", "custom-header"]

    package var description: String {
        switch self {
        case .hmacSHA256Hex(let header, _): "\(kind) (\(header))"
        case .sharedToken(let header): "\(kind) (\(header))"
        case .standardWebhooks(let settings): "\(kind) (\(settings.signatureHeader))"
        case .basicAuth(let header): "\(kind) (\(header))"
        case .customHeader: kind
        }
    }
}

/// The headers and replay window of a Standard Webhooks signature.
package struct StandardWebhooksSettings: Sendable, Hashable {
    /// The message id header (`webhook-id`); it is part of the signed text.
    package var idHeader: String
    /// The Unix-seconds timestamp header (`webhook-timestamp`).
    package var timestampHeader: String
    /// The signature header (`webhook-signature`): space-separated `v1,<base64>` entries.
    package var signatureHeader: String
    /// How far the timestamp may be from now, in seconds, either way (default 300).
    package var toleranceSeconds: Int

    /// Creates the settings.
    package init(idHeader: String, timestampHeader: String, signatureHeader: String, toleranceSeconds: Int) {
        self.idHeader = idHeader
        self.timestampHeader = timestampHeader
        self.signatureHeader = signatureHeader
        self.toleranceSeconds = toleranceSeconds
    }
}
