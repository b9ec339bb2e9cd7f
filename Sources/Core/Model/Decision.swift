package import Foundation

/// Something that may start builds: a webhook delivery, a poll that saw a new head, an API or CLI request.
package struct Trigger: Sendable, Hashable, Codable {
    /// Store-assigned id.
    package var id: Int64
    /// What kind of trigger.
    package var source: TriggerSource
    /// The provider kind (`github`), for webhooks and polls.
    package var provider: String?
    /// The provider's delivery id, for webhooks.
    package var deliveryID: String?
    /// The repository's normalized key, when known.
    package var repositoryKey: String?
    /// The full ref it is about (`refs/heads/main`, `refs/tags/v1`), when known.
    package var ref: String?
    /// The commit before the push, when the provider says.
    package var before: String?
    /// The commit after the push (a hint: the truth is fetched from git).
    package var after: String?
    /// When it arrived.
    package var receivedAt: Date

    /// Creates a trigger value.
    package init(
        id: Int64, source: TriggerSource, provider: String?, deliveryID: String?, repositoryKey: String?, ref: String?,
        before: String?, after: String?, receivedAt: Date
    ) {
        self.id = id
        self.source = source
        self.provider = provider
        self.deliveryID = deliveryID
        self.repositoryKey = repositoryKey
        self.ref = ref
        self.before = before
        self.after = after
        self.receivedAt = receivedAt
    }
}

/// A trigger to record; the store assigns the id.
package struct NewTrigger: Sendable, Hashable {
    /// What kind of trigger.
    package var source: TriggerSource
    /// Provider kind.
    package var provider: String?
    /// Delivery id.
    package var deliveryID: String?
    /// Repository key.
    package var repositoryKey: String?
    /// Full ref.
    package var ref: String?
    /// Commit before.
    package var before: String?
    /// Commit after.
    package var after: String?

    /// Creates the description of a trigger.
    package init(
        source: TriggerSource, provider: String? = nil, deliveryID: String? = nil, repositoryKey: String? = nil,
        ref: String? = nil, before: String? = nil, after: String? = nil
    ) {
        self.source = source
        self.provider = provider
        self.deliveryID = deliveryID
        self.repositoryKey = repositoryKey
        self.ref = ref
        self.before = before
        self.after = after
    }
}

/// Where a decision ended up: why a trigger did, or did not, become a release.
package enum DecisionOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// Recorded, waiting for the repository's fetch.
    case pending
    /// A build was queued for it.
    case queued
    /// Its build made a release.
    case built
    /// The inputs digest equals the newest release's: nothing to build.
    case skippedUnchanged = "skipped-unchanged"
    /// The inputs digest equals a build that already failed; a rebuild must be asked for.
    case skippedFailedBefore = "skipped-failed-before"
    /// The manifest is invalid; the build failed before any command ran.
    case failedValidation = "failed-validation"
    /// The build command, the toolchain, or storing the artifact failed.
    case failedBuild = "failed-build"
    /// A newer push to the same branch is built instead.
    case coalesced
    /// A branch or tag was deleted: nothing to build.
    case ignoredDelete = "ignored-delete"
    /// The ref is not one an integration builds (another branch).
    case ignoredRef = "ignored-ref"
    /// No integration watches this repository.
    case unmatched
    /// A git tag on inputs that already have a release: the tag was attached to it.
    case tagAttached = "tag-attached"
    /// The first release of the integration became its default.
    case defaultSet = "default-set"
    /// The repository could not be fetched; the trigger will be retried.
    case fetchFailed = "fetch-failed"

    /// Whether nothing more will happen to a decision with this outcome.
    package var isFinal: Bool {
        switch self {
        case .pending, .queued, .fetchFailed: false
        default: true
        }
    }
}

/// One step of a decision's trail: received → verified → matched → fetched → digest → built/skipped.
package struct DecisionStep: Sendable, Hashable, Codable {
    /// When it happened.
    package var at: Date
    /// The stage (`received`, `matched`, `fetched`, `digest`, `queued`, `built`, …).
    package var stage: String
    /// What was found (`commit 1a2b3c4`, `sha256:…`, `build 12`).
    package var detail: String

    /// Creates a step.
    package init(at: Date, stage: String, detail: String) {
        self.at = at
        self.stage = stage
        self.detail = detail
    }
}

/// Why a trigger did or did not build an integration (SPEC invariant 9): one per trigger and
/// matched integration, or one for a trigger that matched none.
package struct Decision: Sendable, Hashable, Codable {
    /// Store-assigned id.
    package var id: Int64
    /// The trigger.
    package var triggerID: Int64
    /// The trigger's source.
    package var source: TriggerSource
    /// Provider kind.
    package var provider: String?
    /// Delivery id.
    package var deliveryID: String?
    /// The repository key.
    package var repository: String?
    /// The ref.
    package var ref: String?
    /// The commit fetched (the truth), once known.
    package var commitSHA: String?
    /// The integration, nil when none matched.
    package var integrationID: Int64?
    /// The build it led to, if any.
    package var buildID: Int64?
    /// The inputs digest computed, once known.
    package var inputsDigest: String?
    /// Where it ended up.
    package var outcome: DecisionOutcome
    /// Why, in one sentence.
    package var reason: String
    /// The trail.
    package var steps: [DecisionStep]
    /// When it was recorded.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date

    /// Creates a decision value.
    package init(
        id: Int64, triggerID: Int64, source: TriggerSource, provider: String?, deliveryID: String?, repository: String?,
        ref: String?, commitSHA: String?, integrationID: Int64?, buildID: Int64?, inputsDigest: String?,
        outcome: DecisionOutcome, reason: String, steps: [DecisionStep], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.triggerID = triggerID
        self.source = source
        self.provider = provider
        self.deliveryID = deliveryID
        self.repository = repository
        self.ref = ref
        self.commitSHA = commitSHA
        self.integrationID = integrationID
        self.buildID = buildID
        self.inputsDigest = inputsDigest
        self.outcome = outcome
        self.reason = reason
        self.steps = steps
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A change to a decision: a new outcome and reason, facts learned, a step for the trail.
package struct DecisionUpdate: Sendable, Hashable {
    /// The new outcome.
    package var outcome: DecisionOutcome
    /// Why.
    package var reason: String
    /// The commit, when learned.
    package var commitSHA: String?
    /// The digest, when learned.
    package var inputsDigest: String?
    /// The build, when one was made or joined.
    package var buildID: Int64?
    /// The step appended to the trail.
    package var step: DecisionStep

    /// Creates an update.
    package init(
        outcome: DecisionOutcome, reason: String, commitSHA: String? = nil, inputsDigest: String? = nil,
        buildID: Int64? = nil, step: DecisionStep
    ) {
        self.outcome = outcome
        self.reason = reason
        self.commitSHA = commitSHA
        self.inputsDigest = inputsDigest
        self.buildID = buildID
        self.step = step
    }
}
