package import Foundation

/// Where a build request came from.
package enum TriggerSource: String, Sendable, Hashable, Codable, CaseIterable {
    case webhook, poll, api, cli
}

/// The life of a build.
package enum BuildStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a worker.
    case queued
    /// A worker is validating, building or storing it.
    case running
    /// It made a release.
    case succeeded
    /// Validation, the build command or storing failed; no release.
    case failed
    /// Nothing to do (inputs unchanged), recorded for the audit trail.
    case skipped

    /// Whether the build has reached an end state.
    package var isFinished: Bool { self == .succeeded || self == .failed || self == .skipped }
}

/// One attempt to produce a release from a commit of an integration.
package struct Build: Sendable, Hashable, Codable {
    /// Store-assigned id.
    package var id: Int64
    /// The integration built.
    package var integrationID: Int64
    /// Where it stands.
    package var status: BuildStatus
    /// What asked for it.
    package var trigger: TriggerSource
    /// The full ref built (`refs/heads/main`, `refs/tags/v1.2.0`).
    package var ref: String
    /// The git tag when built from one (the release will carry it and be named after it).
    package var tag: String?
    /// The commit built.
    package var commitSHA: String
    /// The inputs digest at that commit (`sha256:<hex>`).
    package var inputsDigest: String
    /// The release made, when it succeeded.
    package var releaseID: Int64?
    /// Every manifest diagnostic (errors make the build fail before any command runs).
    package var diagnostics: [Diagnostic]
    /// Why it failed or was skipped, in one sentence; nil otherwise.
    package var failure: String?
    /// How many times a worker has started it (more than one after a crash or a retry).
    package var attempts: Int
    /// When it was requested.
    package var createdAt: Date
    /// When a worker started it.
    package var startedAt: Date?
    /// When it reached an end state.
    package var completedAt: Date?

    /// Creates a build value.
    package init(
        id: Int64, integrationID: Int64, status: BuildStatus, trigger: TriggerSource, ref: String, tag: String?,
        commitSHA: String, inputsDigest: String, releaseID: Int64?, diagnostics: [Diagnostic], failure: String?,
        attempts: Int, createdAt: Date, startedAt: Date?, completedAt: Date?
    ) {
        self.id = id
        self.integrationID = integrationID
        self.status = status
        self.trigger = trigger
        self.ref = ref
        self.tag = tag
        self.commitSHA = commitSHA
        self.inputsDigest = inputsDigest
        self.releaseID = releaseID
        self.diagnostics = diagnostics
        self.failure = failure
        self.attempts = attempts
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.completedAt = completedAt
    }
}

/// A build to create: queued, for an integration at a commit.
package struct NewBuild: Sendable, Hashable {
    /// The integration.
    package var integrationID: Int64
    /// What asked for it.
    package var trigger: TriggerSource
    /// The full ref.
    package var ref: String
    /// The git tag, for tag builds.
    package var tag: String?
    /// The commit.
    package var commitSHA: String
    /// The inputs digest at the commit.
    package var inputsDigest: String

    /// Creates the description of a build.
    package init(
        integrationID: Int64, trigger: TriggerSource, ref: String, tag: String?, commitSHA: String, inputsDigest: String
    ) {
        self.integrationID = integrationID
        self.trigger = trigger
        self.ref = ref
        self.tag = tag
        self.commitSHA = commitSHA
        self.inputsDigest = inputsDigest
    }
}

/// One line of a build's log.
package struct LogLine: Sendable, Hashable, Codable {
    /// Which stream (or Slipway itself) wrote it.
    package enum Stream: String, Sendable, Hashable, Codable {
        case stdout, stderr, slipway
    }

    /// When it was written.
    package var at: Date
    /// Where it came from.
    package var stream: Stream
    /// The text, without its line break.
    package var text: String

    /// Creates a log line.
    package init(at: Date, stream: Stream, text: String) {
        self.at = at
        self.stream = stream
        self.text = text
    }
}
