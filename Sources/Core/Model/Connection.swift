package import Foundation

/// Where a secret's value comes from: the environment or a file (named in the config file, never copied
/// into the database), or sealed in the database (set through the API).
package enum SecretReference: Sendable, Hashable, Codable {
    /// An environment variable of the Slipway process.
    case environment(String)
    /// A file readable by the Slipway process (its content, trailing line break removed).
    case file(String)
    /// Sealed with the master key in the database, under the connection's id and the secret's name.
    case stored
}

/// One source-control account (SPEC §1): provider, API base URL, credentials and webhook secrets.
///
/// Secrets are references (``SecretReference``); their values never leave the process through the API.
package struct Connection: Sendable, Hashable, Codable {
    /// The id, also the webhook path: `POST /hooks/{id}`.
    package var id: String
    /// The provider descriptor's name (`github`, `gitlab`, …, `gitea`).
    package var provider: String
    /// The API base URL, when not the provider's default (Enterprise and self-managed hosts).
    package var apiURL: String?
    /// The API and clone token.
    package var token: SecretReference?
    /// The token owner's account name, for providers whose clone convention needs it.
    package var accountName: String?
    /// The HMAC key or shared webhook token.
    package var webhookSecret: SecretReference?
    /// Basic-auth user name expected on webhooks (Azure DevOps).
    package var webhookBasicAuthUser: String?
    /// Basic-auth password expected on webhooks.
    package var webhookBasicAuthPassword: SecretReference?
    /// A custom header expected on webhooks (Azure DevOps): its name.
    package var webhookHeaderName: String?
    /// The custom header's value.
    package var webhookHeaderValue: SecretReference?
    /// Seconds between polls of this connection's repositories (nil: the default).
    package var pollIntervalSeconds: Int?
    /// Whether the config file declares it (and would restore it at the next start).
    package var fromConfig: Bool
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var modifiedAt: Date

    /// Creates a connection value.
    package init(
        id: String, provider: String, apiURL: String? = nil, token: SecretReference? = nil, accountName: String? = nil,
        webhookSecret: SecretReference? = nil, webhookBasicAuthUser: String? = nil,
        webhookBasicAuthPassword: SecretReference? = nil, webhookHeaderName: String? = nil,
        webhookHeaderValue: SecretReference? = nil, pollIntervalSeconds: Int? = nil, fromConfig: Bool = false,
        createdAt: Date = Date(timeIntervalSince1970: 0), modifiedAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.id = id
        self.provider = provider
        self.apiURL = apiURL
        self.token = token
        self.accountName = accountName
        self.webhookSecret = webhookSecret
        self.webhookBasicAuthUser = webhookBasicAuthUser
        self.webhookBasicAuthPassword = webhookBasicAuthPassword
        self.webhookHeaderName = webhookHeaderName
        self.webhookHeaderValue = webhookHeaderValue
        self.pollIntervalSeconds = pollIntervalSeconds
        self.fromConfig = fromConfig
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }
}

/// What an API key may do (SPEC §6).
package enum APIRole: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Read only.
    case viewer
    /// Releases, defaults, tags, tenants' release policies, builds, runs; reads everything.
    case releaseManager = "release-manager"
    /// Everything.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .releaseManager: 1
        case .admin: 2
        }
    }

    package static func < (lhs: APIRole, rhs: APIRole) -> Bool { lhs.rank < rhs.rank }
}

/// An API key as stored: the key itself is never stored, only its SHA-256.
package struct APIKey: Sendable, Hashable, Codable {
    /// Store-assigned id.
    package var id: Int64
    /// A name for people (`ci-deployer`).
    package var name: String
    /// What it may do.
    package var role: APIRole
    /// The key's first characters, to recognise it in lists (`slw_3Fq9`).
    package var prefix: String
    /// When it was created.
    package var createdAt: Date
    /// When it last authenticated a request.
    package var lastUsedAt: Date?
    /// When it was revoked; a revoked key authenticates nothing.
    package var revokedAt: Date?

    /// Creates a key value.
    package init(
        id: Int64, name: String, role: APIRole, prefix: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// One page of a list (SPEC §6: `limit` ≤ 500, `skip`, `sort_by=<field>__ASC|__DESC`, total in `X-Total-Count`).
package struct PageRequest: Sendable, Hashable {
    /// Items per page, 1…500.
    package var limit: Int
    /// Items skipped.
    package var offset: Int
    /// The field sorted on (validated by the caller against the resource's sortable fields).
    package var sortField: String
    /// Ascending or descending.
    package var ascending: Bool

    /// Creates a page request.
    package init(limit: Int = 100, offset: Int = 0, sortField: String = "id", ascending: Bool = true) {
        self.limit = limit
        self.offset = offset
        self.sortField = sortField
        self.ascending = ascending
    }
}

/// A page of items and the total count.
package struct Page<Item: Sendable>: Sendable {
    /// The items of this page.
    package var items: [Item]
    /// How many items there are in all.
    package var total: Int

    /// Creates a page.
    package init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}
