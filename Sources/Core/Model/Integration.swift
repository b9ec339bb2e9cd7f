package import Foundation

/// Whether Slipway builds and runs an integration, or only lists it.
package enum IntegrationKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Built from a repository and run for tenants.
    case `internal`
    /// A listing only: a name and content, no builds, no runs.
    case external
}

/// How a tenant follows an integration's releases (SPEC §1).
package enum ReleaseChannel: String, Sendable, Hashable, Codable, CaseIterable {
    /// "Dynamic Default": the tenant moves to the integration's current default at its next run.
    case `default` = "Default"
    /// The newest successful release, always.
    case latest = "Latest"
}

/// One integration: a named thing Slipway builds (internal) or lists (external).
package struct Integration: Sendable, Hashable, Codable {
    /// Store-assigned id.
    package var id: Int64
    /// Unique short name (`orbit-relay`).
    package var name: String
    /// Display name.
    package var longName: String
    /// Internal or external.
    package var kind: IntegrationKind
    /// The source-control connection it is reached through (`acme-github`), if any.
    package var connectionID: String?
    /// The repository it is built from; nil for external integrations.
    package var repositoryID: Int64?
    /// The repository URL as configured, never with credentials.
    package var repositoryURL: String?
    /// The branch whose pushes make releases (`main`).
    package var trackingBranch: String?
    /// The folder of its `PANDIUM.yaml` (or the file itself), relative to the repository root; "" is the root.
    package var path: String
    /// Extra input folders (monorepos), relative to the repository root.
    package var include: [String]
    /// The release new tenants get; set automatically to the first successful release.
    package var defaultReleaseID: Int64?
    /// The channel new tenants follow (nil: pinned to the default at install).
    package var defaultReleaseChannel: ReleaseChannel?
    /// When it was created.
    package var createdAt: Date
    /// When it was last changed.
    package var modifiedAt: Date

    /// Creates an integration value.
    package init(
        id: Int64, name: String, longName: String, kind: IntegrationKind, connectionID: String?, repositoryID: Int64?,
        repositoryURL: String?, trackingBranch: String?, path: String, include: [String], defaultReleaseID: Int64?,
        defaultReleaseChannel: ReleaseChannel?, createdAt: Date, modifiedAt: Date
    ) {
        self.id = id
        self.name = name
        self.longName = longName
        self.kind = kind
        self.connectionID = connectionID
        self.repositoryID = repositoryID
        self.repositoryURL = repositoryURL
        self.trackingBranch = trackingBranch
        self.path = path
        self.include = include
        self.defaultReleaseID = defaultReleaseID
        self.defaultReleaseChannel = defaultReleaseChannel
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    /// The folder holding the manifest and the manifest's file name: `path` names either the folder
    /// (`services/relay` → `services/relay` + `PANDIUM.yaml`) or the file itself (`services/relay/relay.yaml`).
    package var manifestLocation: (folder: String, file: String) {
        let lowered = path.lowercased()
        guard lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") else { return (path, "PANDIUM.yaml") }
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }
}

/// What is needed to create an integration; the store assigns the id and dates.
package struct NewIntegration: Sendable, Hashable {
    /// Unique short name.
    package var name: String
    /// Display name (defaults to the name).
    package var longName: String
    /// Internal or external.
    package var kind: IntegrationKind
    /// Connection id, if any.
    package var connectionID: String?
    /// The repository (see ``PipelineStore/upsertRepository(_:)``); nil for external integrations.
    package var repositoryID: Int64?
    /// The repository URL without credentials.
    package var repositoryURL: String?
    /// The tracked branch.
    package var trackingBranch: String?
    /// Folder (or file) of the manifest.
    package var path: String
    /// Extra input folders.
    package var include: [String]
    /// The channel new tenants follow.
    package var defaultReleaseChannel: ReleaseChannel?

    /// Creates the description of a new integration.
    package init(
        name: String, longName: String? = nil, kind: IntegrationKind = .internal, connectionID: String? = nil,
        repositoryID: Int64?, repositoryURL: String?, trackingBranch: String?, path: String = "",
        include: [String] = [], defaultReleaseChannel: ReleaseChannel? = nil
    ) {
        self.name = name
        self.longName = longName ?? name
        self.kind = kind
        self.connectionID = connectionID
        self.repositoryID = repositoryID
        self.repositoryURL = repositoryURL
        self.trackingBranch = trackingBranch
        self.path = path
        self.include = include
        self.defaultReleaseChannel = defaultReleaseChannel
    }
}

/// A remote repository Slipway mirrors, shared by every integration built from it.
package struct RepositoryRecord: Sendable, Hashable, Codable {
    /// Store-assigned id.
    package var id: Int64
    /// The normalized identity (`github.com/acme/relay`): URLs that differ only in scheme, case, `.git` or
    /// credentials share one record.
    package var key: String
    /// The URL to fetch from, without credentials.
    package var url: String
    /// The connection whose credentials fetch it, if any.
    package var connectionID: String?
    /// When the last fetch finished, successful or not.
    package var lastFetchedAt: Date?
    /// Why the last fetch failed; nil after a success.
    package var lastFetchError: String?
    /// Whether the tags present at the first fetch were recorded as already seen (they are not built).
    package var tagsBaselined: Bool

    /// Creates a repository value.
    package init(
        id: Int64, key: String, url: String, connectionID: String?, lastFetchedAt: Date?, lastFetchError: String?,
        tagsBaselined: Bool
    ) {
        self.id = id
        self.key = key
        self.url = url
        self.connectionID = connectionID
        self.lastFetchedAt = lastFetchedAt
        self.lastFetchError = lastFetchError
        self.tagsBaselined = tagsBaselined
    }
}

extension String {
    /// Lowercase letters, digits and `-`, not first or last, at most 63 characters: the form of integration
    /// names and connection ids, which go in URLs.
    package var isSlug: Bool {
        !isEmpty && count <= 63 && !hasPrefix("-") && !hasSuffix("-")
            && allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
