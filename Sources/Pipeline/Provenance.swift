package import Core
package import Foundation

/// The provenance of a release: an in-toto Statement (v1) whose predicate is SLSA Provenance (v1), saying
/// which source, inputs and builder produced the artifact.
///
/// The statement holds no credentials: the source URL is the repository's redacted form.
package enum Provenance {
    /// The build type URI of a Slipway build of a `PANDIUM.yaml` integration.
    package static let buildType = "urn:slipway:build-type:pandium-yaml:v1"
    /// The builder's id.
    package static let builderID = "urn:slipway:builder"

    /// What the statement records.
    package struct Facts: Sendable {
        /// Integration name, used in the subject's name.
        package var integration: String
        /// Release name (`3-1a2b3c4`, `v1.2.0`).
        package var releaseName: String
        /// Artifact digest, `sha256:<hex>`.
        package var artifactDigest: String
        /// Repository URL without credentials.
        package var sourceURL: String
        /// The ref built.
        package var ref: String
        /// The commit built.
        package var commit: String
        /// Integration path and includes.
        package var path: String
        /// Extra input paths.
        package var include: [String]
        /// Inputs digest, `sha256:<hex>`.
        package var inputsDigest: String
        /// SHA-256 of the manifest bytes, `sha256:<hex>`.
        package var manifestDigest: String
        /// Build template name and version.
        package var template: (name: String, version: Int)
        /// Slipway's version.
        package var builderVersion: String
        /// The build's id.
        package var buildID: Int64
        /// When the build started and finished.
        package var startedAt: Date
        /// When the build finished.
        package var finishedAt: Date

        /// Creates the facts.
        package init(
            integration: String, releaseName: String, artifactDigest: String, sourceURL: String, ref: String,
            commit: String, path: String, include: [String], inputsDigest: String, manifestDigest: String,
            template: (name: String, version: Int), builderVersion: String, buildID: Int64, startedAt: Date,
            finishedAt: Date
        ) {
            self.integration = integration
            self.releaseName = releaseName
            self.artifactDigest = artifactDigest
            self.sourceURL = sourceURL
            self.ref = ref
            self.commit = commit
            self.path = path
            self.include = include
            self.inputsDigest = inputsDigest
            self.manifestDigest = manifestDigest
            self.template = template
            self.builderVersion = builderVersion
            self.buildID = buildID
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }

    /// The statement as JSON.
    package static func statement(_ facts: Facts) -> JSONValue {
        let hex =
            facts.artifactDigest.hasPrefix("sha256:") ? String(facts.artifactDigest.dropFirst(7)) : facts.artifactDigest
        return .object([
            "_type": .string("https://in-toto.io/Statement/v1"),
            "subject": .array([
                .object([
                    "name": .string("\(facts.integration)-\(facts.releaseName).tar.gz"),
                    "digest": .object(["sha256": .string(hex)]),
                ])
            ]),
            "predicateType": .string("https://slsa.dev/provenance/v1"),
            "predicate": .object([
                "buildDefinition": .object([
                    "buildType": .string(buildType),
                    "externalParameters": .object([
                        "repository": .string(facts.sourceURL), "ref": .string(facts.ref), "path": .string(facts.path),
                        "include": .array(facts.include.map(JSONValue.string)),
                    ]),
                    "internalParameters": .object([
                        "inputsDigest": .string(facts.inputsDigest),
                        "manifestDigest": .string(facts.manifestDigest),
                        "template": .object([
                            "name": .string(facts.template.name), "version": .int(facts.template.version),
                        ]),
                    ]),
                    "resolvedDependencies": .array([
                        .object([
                            "uri": .string("git+\(facts.sourceURL)@\(facts.ref)"),
                            "digest": .object(["gitCommit": .string(facts.commit)]),
                        ])
                    ]),
                ]),
                "runDetails": .object([
                    "builder": .object([
                        "id": .string(builderID), "version": .object(["slipway": .string(facts.builderVersion)]),
                    ]),
                    "metadata": .object([
                        "invocationId": .string("build-\(facts.buildID)"),
                        "startedOn": .string(timestamp(facts.startedAt)),
                        "finishedOn": .string(timestamp(facts.finishedAt)),
                    ]),
                ]),
            ]),
        ])
    }

    /// RFC 3339 UTC with seconds, as SLSA expects.
    package static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
