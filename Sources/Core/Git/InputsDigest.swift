/// What the inputs digest of an integration is computed from (SPEC §2, invariant 4).
///
/// The commit id itself is not part of the digest: a push that leaves the integration's trees, its manifest and
/// its build versions alone gives the same digest, so no build happens.
package struct InputsDigestRequest: Sendable, Hashable {
    /// The commit whose trees are read.
    package var commit: ObjectID
    /// The integration's folder (or file); it must exist at the commit.
    package var integrationPath: RepositoryPath
    /// Extra input paths; a missing one is recorded as missing (so creating it later changes the digest).
    package var includes: [RepositoryPath]
    /// The manifest bytes as read (their SHA-256 enters the digest).
    package var manifest: [UInt8]
    /// The build template's name (`node`).
    package var templateName: String
    /// The build template's version.
    package var templateVersion: Int
    /// Slipway's builder version.
    package var builderVersion: String

    /// Creates a request.
    package init(
        commit: ObjectID, integrationPath: RepositoryPath, includes: [RepositoryPath], manifest: [UInt8],
        templateName: String, templateVersion: Int, builderVersion: String
    ) {
        self.commit = commit
        self.integrationPath = integrationPath
        self.includes = includes
        self.manifest = manifest
        self.templateName = templateName
        self.templateVersion = templateVersion
        self.builderVersion = builderVersion
    }
}

/// One input path and what was found there.
package struct InputTree: Sendable, Hashable, Codable {
    /// The path.
    package var path: RepositoryPath
    /// Kind and id found at the path; nil when the path does not exist (includes only).
    package var kind: TreeEntryKind?
    /// The tree (or blob) id; nil when missing.
    package var id: ObjectID?

    /// Creates a value.
    package init(path: RepositoryPath, kind: TreeEntryKind?, id: ObjectID?) {
        self.path = path
        self.kind = kind
        self.id = id
    }
}

/// The inputs digest and what went into it (for releases and decision records).
package struct InputsDigest: Sendable, Hashable {
    /// `sha256:<hex>` of ``InputsDigestEncoding``'s bytes.
    package var value: String
    /// The integration path's entry.
    package var integration: InputTree
    /// The include entries, sorted by path, duplicates removed.
    package var includes: [InputTree]
    /// `sha256:<hex>` of the manifest bytes.
    package var manifestDigest: String

    /// Creates a value.
    package init(value: String, integration: InputTree, includes: [InputTree], manifestDigest: String) {
        self.value = value
        self.integration = integration
        self.includes = includes
        self.manifestDigest = manifestDigest
    }
}

/// The canonical, versioned byte encoding hashed into an inputs digest. Changing it changes every digest (and
/// so rebuilds everything): bump ``version`` when you do.
///
/// ```
/// slipway-inputs v1
/// integration <len>:<path> <kind> <id>
/// include <len>:<path> <kind> <id>        (sorted by path bytes, one line each)
/// include <len>:<path> missing
/// manifest sha256:<hex>
/// template <len>:<name> <version>
/// builder <len>:<version>
/// ```
///
/// Strings are length-prefixed (UTF-8 byte count) so that no name can imitate another line.
package enum InputsDigestEncoding {
    /// The encoding's version, written in its first line.
    package static let version = 1

    /// The include entries as encoded: sorted by path bytes, duplicates and the integration path removed.
    package static func canonicalIncludes(_ includes: [InputTree], integration: RepositoryPath) -> [InputTree] {
        var seen: Set<RepositoryPath> = [integration]
        var result: [InputTree] = []
        for include in includes.sorted(by: { $0.path < $1.path }) where seen.insert(include.path).inserted {
            result.append(include)
        }
        return result
    }

    /// The bytes to hash.
    package static func encode(
        integration: InputTree, includes: [InputTree], manifestDigest: String, templateName: String,
        templateVersion: Int, builderVersion: String
    ) -> [UInt8] {
        var text = "slipway-inputs v\(version)\n"
        text += "integration " + entry(integration) + "\n"
        for include in canonicalIncludes(includes, integration: integration.path) {
            text += "include " + entry(include) + "\n"
        }
        text += "manifest \(manifestDigest)\n"
        text += "template \(prefixed(templateName)) \(templateVersion)\n"
        text += "builder \(prefixed(builderVersion))\n"
        return Array(text.utf8)
    }

    private static func entry(_ tree: InputTree) -> String {
        guard let kind = tree.kind, let id = tree.id else { return prefixed(tree.path.value) + " missing" }
        return "\(prefixed(tree.path.value)) \(kind.rawValue) \(id.hex)"
    }

    private static func prefixed(_ text: String) -> String { "\(text.utf8.count):\(text)" }
}
