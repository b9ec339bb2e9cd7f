package import Foundation

/// One installed instance of an integration; only the release-policy part is here so far.
package struct Tenant: Sendable, Hashable, Codable {
    /// Store-assigned id.
    package var id: Int64
    /// Lowercase alphanumerics and `-`, at most 63 characters.
    package var name: String
    /// The integration.
    package var integrationID: Int64
    /// The release the tenant is on (pinned), or was last resolved to.
    package var releaseID: Int64?
    /// The channel it follows; nil means pinned to `releaseID`.
    package var releaseChannel: ReleaseChannel?
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var modifiedAt: Date

    /// Creates a tenant value.
    package init(
        id: Int64, name: String, integrationID: Int64, releaseID: Int64?, releaseChannel: ReleaseChannel?,
        createdAt: Date, modifiedAt: Date
    ) {
        self.id = id
        self.name = name
        self.integrationID = integrationID
        self.releaseID = releaseID
        self.releaseChannel = releaseChannel
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }
}

/// Which release a tenant runs, resolved at the start of every run (SPEC §1): a pure function of the
/// tenant's policy and the integration's default and latest releases.
package enum ReleasePolicy {
    /// Why a tenant has no release to run.
    package struct Unresolved: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is missing and what to do.
        package var description: String
    }

    /// The release a tenant runs now.
    ///
    /// - Pinned (`channel == nil`): its own `releaseID`, or the integration default when it has none yet (install).
    /// - `Default`: the integration's current default.
    /// - `Latest`: the newest successful release.
    package static func resolve(
        channel: ReleaseChannel?, pinned: Int64?, integrationDefault: Int64?, latest: Int64?
    ) -> Result<Int64, Unresolved> {
        let resolved: Int64?
        let missing: String
        switch channel {
        case nil:
            resolved = pinned ?? integrationDefault
            missing = "the tenant is pinned to no release and the integration has no default release yet"
        case .default?:
            resolved = integrationDefault
            missing = "the tenant follows the default release, but the integration has none yet"
        case .latest?:
            resolved = latest
            missing = "the tenant follows the latest release, but the integration has no successful release yet"
        }
        guard let resolved else {
            return .failure(Unresolved(description: missing + "; build a release or pin the tenant to one"))
        }
        return .success(resolved)
    }
}

/// Which tenants a bulk move applies to.
package enum TenantSelection: Sendable, Hashable {
    /// These tenants (all must belong to the integration).
    case ids([Int64])
    /// Every tenant currently on this release.
    case onRelease(Int64)
    /// Every tenant of the integration.
    case all
}
