package import Foundation

/// The immutable result of a successful build (SPEC §1).
package struct Release: Sendable, Hashable, Codable {
    /// Store-assigned id.
    package var id: Int64
    /// The integration.
    package var integrationID: Int64
    /// 1, 2, 3… per integration, in the order releases were made.
    package var number: Int
    /// The git tag when built from one, else `<number>-<short sha>`.
    package var name: String
    /// The git tag it was built from, or nil.
    package var gitTag: String?
    /// Every tag attached (the git tag, other git tags on the same inputs, manual tags), sorted.
    package var tags: [String]
    /// The commit built.
    package var commitSHA: String
    /// The inputs digest (`sha256:<hex>`).
    package var inputsDigest: String
    /// The artifact's digest (`sha256:<hex>`).
    package var artifactDigest: String
    /// The artifact's size in bytes.
    package var artifactSize: Int64
    /// The normalized manifest, as `slipway validate --format json` prints it.
    package var manifest: JSONValue
    /// The in-toto provenance statement (SLSA predicate).
    package var provenance: JSONValue
    /// The build that made it.
    package var buildID: Int64
    /// When it was made.
    package var createdAt: Date

    /// Creates a release value.
    package init(
        id: Int64, integrationID: Int64, number: Int, name: String, gitTag: String?, tags: [String], commitSHA: String,
        inputsDigest: String, artifactDigest: String, artifactSize: Int64, manifest: JSONValue, provenance: JSONValue,
        buildID: Int64, createdAt: Date
    ) {
        self.id = id
        self.integrationID = integrationID
        self.number = number
        self.name = name
        self.gitTag = gitTag
        self.tags = tags
        self.commitSHA = commitSHA
        self.inputsDigest = inputsDigest
        self.artifactDigest = artifactDigest
        self.artifactSize = artifactSize
        self.manifest = manifest
        self.provenance = provenance
        self.buildID = buildID
        self.createdAt = createdAt
    }

    /// The `run` command of its manifest.
    package var runCommand: String? { manifest["run"]?.stringValue }
    /// The manifest version (`config_version` in the API).
    package var configVersion: String? { manifest["version"]?.stringValue }
    /// `configs.schema`, if any.
    package var configSchema: JSONValue? { manifest["configs"]?["schema"].flatMap { $0 == .null ? nil : $0 } }
    /// `metadata_schema.schema`, if any.
    package var metadataSchema: JSONValue? { manifest["metadata_schema"]?["schema"].flatMap { $0 == .null ? nil : $0 } }

    /// `<number>-<short sha>`, the name of a release not built from a tag.
    package static func name(number: Int, commitSHA: String, gitTag: String?) -> String {
        gitTag ?? "\(number)-\(commitSHA.prefix(7))"
    }
}

/// What publishing a successful build records; the store assigns the number and name.
package struct NewRelease: Sendable, Hashable {
    /// The build that succeeded.
    package var buildID: Int64
    /// The artifact's digest.
    package var artifactDigest: String
    /// The artifact's size.
    package var artifactSize: Int64
    /// The normalized manifest.
    package var manifest: JSONValue
    /// The provenance statement, without the release fields the store fills in.
    package var provenance: JSONValue

    /// Creates the description of a release.
    package init(
        buildID: Int64, artifactDigest: String, artifactSize: Int64, manifest: JSONValue, provenance: JSONValue
    ) {
        self.buildID = buildID
        self.artifactDigest = artifactDigest
        self.artifactSize = artifactSize
        self.manifest = manifest
        self.provenance = provenance
    }
}
