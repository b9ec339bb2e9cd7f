package import Foundation

/// What the release pipeline records (SPEC §2): repositories, integrations, triggers and their decisions,
/// builds and their logs, releases and their tags, tenants' release policies. Implemented on SQLite by the
/// Database module (and later on PostgreSQL); the pipeline sees only this protocol.
///
/// Methods that change several records do it atomically, including the jobs they enqueue (same semantics as
/// ``JobQueue/enqueue(_:now:)``), so a crash never leaves half of a step behind. Every method takes `now`
/// where it writes a time. Errors are ``StoreError``s.
package protocol PipelineStore: Sendable {
    // MARK: Repositories and integrations

    /// The repository with this key, created if new; its URL and connection are updated when given.
    func upsertRepository(key: String, url: String, connectionID: String?) throws -> RepositoryRecord
    /// The repository with this id.
    func repository(id: Int64) throws -> RepositoryRecord?
    /// The repository with this key.
    func repository(key: String) throws -> RepositoryRecord?
    /// Records the end of a fetch: its time and, when it failed, why (nil clears the previous error).
    func recordFetch(repositoryID: Int64, error: String?, now: Date) throws

    /// Creates an integration; ``StoreError/Code/conflict`` when the name is taken.
    func createIntegration(_ integration: NewIntegration, now: Date) throws -> Integration
    /// Saves every field of `integration` but its id and creation time; ``StoreError/Code/conflict`` on a taken name.
    func updateIntegration(_ integration: Integration, now: Date) throws -> Integration
    /// Deletes an integration with its builds, releases, tags, tenants and decisions.
    func deleteIntegration(id: Int64) throws
    /// The integration with this id.
    func integration(id: Int64) throws -> Integration?
    /// The integration with this name.
    func integration(named name: String) throws -> Integration?
    /// Every integration built from the repository, by id.
    func integrations(repositoryID: Int64) throws -> [Integration]
    /// Every integration, by id.
    func allIntegrations() throws -> [Integration]

    // MARK: Triggers and decisions

    /// Records a trigger, one ``DecisionOutcome/pending`` decision per matched integration (or one
    /// ``DecisionOutcome/unmatched`` decision when `integrationIDs` is empty, with `unmatchedReason`), and
    /// enqueues `jobs` — atomically. With `settled`, the decisions are recorded final at once, with that outcome
    /// and reason (a deletion, a branch nobody tracks). A webhook trigger whose `(provider, deliveryID)` was
    /// recorded before is not recorded again: the earlier trigger is returned with `created == false`.
    func submit(
        _ trigger: NewTrigger, integrationIDs: [Int64], unmatchedReason: String, jobs: [JobSpec],
        settled: (outcome: DecisionOutcome, reason: String)?, now: Date
    ) throws -> (trigger: Trigger, decisions: [Decision], created: Bool)
    /// The trigger with this id.
    func trigger(id: Int64) throws -> Trigger?
    /// The decision with this id.
    func decision(id: Int64) throws -> Decision?
    /// The triggers with these ids, by id; unknown ids are left out.
    func triggers(ids: Set<Int64>) throws -> [Int64: Trigger]
    /// Decisions of the repository's integrations that are not final, oldest first (what a fetch must settle),
    /// without their trails: `steps` is empty, so that a backlog of thousands reads quickly.
    func openDecisions(repositoryID: Int64) throws -> [Decision]
    /// Applies an update to a decision.
    @discardableResult
    func updateDecision(id: Int64, _ update: DecisionUpdate, now: Date) throws -> Decision
    /// ``updateDecision(id:_:now:)`` for each decision, in one transaction: all are updated or none (an
    /// unknown id fails the whole update as not found).
    func updateDecisions(ids: [Int64], _ update: DecisionUpdate, now: Date) throws
    /// Records a finished decision that no trigger asked for (a default set, a tag attached by the fetch).
    @discardableResult
    func recordDecision(
        triggerID: Int64?, integrationID: Int64, _ update: DecisionUpdate, now: Date
    ) throws -> Decision
    /// Decisions, newest first, filtered by integration and/or repository key.
    func decisions(integrationID: Int64?, repositoryKey: String?, limit: Int, offset: Int) throws -> [Decision]

    // MARK: Tags seen in repositories

    /// Tags recorded for the repository: name → commit.
    func knownTags(repositoryID: Int64) throws -> [String: String]
    /// Records tags as seen (their builds, if any, are requested separately); `baseline` marks the first
    /// fetch, whose tags are never built. Deleted tags are forgotten when `removed` names them.
    func recordTags(repositoryID: Int64, seen: [String: String], removed: [String], baseline: Bool, now: Date) throws

    // MARK: Builds

    /// Requests a build, atomically with its job (`kind: "build"`, key `build:<id>`, group `integration:<id>`)
    /// and the decisions it serves (set to ``DecisionOutcome/queued``):
    /// - a tag build (`tag != nil`) is created once per integration and tag: asking again returns the first;
    /// - a branch build replaces the commit and digest of a still-queued branch build of the same integration
    ///   and ref (coalescing), whose earlier decisions become ``DecisionOutcome/coalesced``;
    /// - otherwise a new build is queued.
    func requestBuild(_ build: NewBuild, decisionIDs: [Int64], maxAttempts: Int, now: Date) throws -> BuildRequest
    /// The build with this id.
    func build(id: Int64) throws -> Build?
    /// The integration's builds, newest first.
    func builds(integrationID: Int64, limit: Int, offset: Int) throws -> [Build]
    /// The newest build of the integration with this digest (any status), for "already built / failed" checks.
    func latestBuild(integrationID: Int64, inputsDigest: String) throws -> Build?
    /// Marks a build running and counts the attempt; a finished build is returned unchanged.
    func startBuild(id: Int64, now: Date) throws -> Build
    /// Appends lines to a build's log.
    func appendBuildLog(buildID: Int64, lines: [LogLine]) throws
    /// A build's log, in order.
    func buildLog(buildID: Int64) throws -> [LogLine]
    /// Marks a build failed with the reason and diagnostics, and its decisions ``DecisionOutcome/failedValidation``
    /// (when `validation`) or ``DecisionOutcome/failedBuild``.
    @discardableResult
    func failBuild(id: Int64, failure: String, diagnostics: [Diagnostic], validation: Bool, now: Date) throws -> Build

    /// Publishes a successful build, atomically: the release (next number; named after the build's tag, or
    /// `<number>-<short sha>`), the build's git tag attached, the build succeeded, its decisions
    /// ``DecisionOutcome/built``, and — when the integration has no default — the release made default with a
    /// ``DecisionOutcome/defaultSet`` decision. Publishing the same build again returns the same release.
    func publish(_ release: NewRelease, now: Date) throws -> Release

    // MARK: Releases and tags

    /// The release with this id.
    func release(id: Int64) throws -> Release?
    /// The integration's releases, newest first.
    func releases(integrationID: Int64, limit: Int, offset: Int) throws -> [Release]
    /// The newest release of the integration ("latest").
    func latestRelease(integrationID: Int64) throws -> Release?
    /// The newest release of the integration with this inputs digest.
    func release(integrationID: Int64, inputsDigest: String) throws -> Release?
    /// Makes a release of the integration its default; ``StoreError/Code/notFound`` when the release is not
    /// one of the integration's.
    func setDefaultRelease(integrationID: Int64, releaseID: Int64, now: Date) throws -> Integration
    /// Attaches a tag to a release; ``StoreError/Code/conflict`` when another release of the integration has it.
    func addTag(releaseID: Int64, tag: String, now: Date) throws -> Release
    /// Removes a tag from a release; ``StoreError/Code/notFound`` when it does not carry it.
    func removeTag(releaseID: Int64, tag: String) throws -> Release
    /// Digests of every artifact a release references (never garbage-collected).
    func referencedArtifactDigests() throws -> Set<String>

    // MARK: Tenants' release policies

    /// Creates a tenant on an integration; ``StoreError/Code/conflict`` when the name is taken in it.
    func createTenant(
        name: String, integrationID: Int64, releaseID: Int64?, releaseChannel: ReleaseChannel?, now: Date
    ) throws -> Tenant
    /// The tenant with this id.
    func tenant(id: Int64) throws -> Tenant?
    /// The integration's tenants, by id.
    func tenants(integrationID: Int64) throws -> [Tenant]
    /// Moves the selected tenants of an integration to a release (pinning them) or a channel, atomically;
    /// returns the tenants changed. ``StoreError/Code/notFound`` when the release is not the integration's or
    /// a selected tenant is not on the integration.
    func moveTenants(
        integrationID: Int64, selection: TenantSelection, releaseID: Int64?, channel: ReleaseChannel?, now: Date
    ) throws -> [Tenant]
}

extension PipelineStore {
    /// ``submit(_:integrationIDs:unmatchedReason:jobs:settled:now:)`` with pending decisions.
    package func submit(
        _ trigger: NewTrigger, integrationIDs: [Int64], unmatchedReason: String, jobs: [JobSpec], now: Date
    ) throws -> (trigger: Trigger, decisions: [Decision], created: Bool) {
        try submit(
            trigger, integrationIDs: integrationIDs, unmatchedReason: unmatchedReason, jobs: jobs, settled: nil,
            now: now)
    }

    /// ``updateDecisions(ids:_:now:)`` in transactions of `batch`: a backlog of thousands (a fetch settling
    /// every pending decision of a busy repository) never holds the write lock long enough to delay a webhook.
    package func updateDecisionsInBatches(ids: [Int64], _ update: DecisionUpdate, now: Date, batch: Int = 128) throws {
        for start in stride(from: 0, to: ids.count, by: batch) {
            try updateDecisions(ids: Array(ids[start..<min(start + batch, ids.count)]), update, now: now)
        }
    }
}

/// The outcome of ``PipelineStore/requestBuild(_:decisionIDs:maxAttempts:now:)``.
package enum BuildRequest: Sendable, Hashable {
    /// A new build was queued.
    case created(Build)
    /// A still-queued branch build now builds this commit instead.
    case coalesced(Build)
    /// The tag was already requested for this integration: its existing build.
    case existing(Build)

    /// The build, whichever way.
    package var build: Build {
        switch self {
        case .created(let build), .coalesced(let build), .existing(let build): build
        }
    }
}

/// A store failure: what was not found or conflicted, or the database's own error.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The closed set of reasons, kept open to additions.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The record does not exist.
        package static let notFound = Code("notFound")
        /// A unique name or tag is taken, or the change contradicts another record.
        package static let conflict = Code("conflict")
        /// The database file is newer than this binary, or damaged; a person must act.
        package static let incompatible = Code("incompatible")
        /// The database is busy or failed; retryable.
        package static let unavailable = Code("unavailable")

        package var description: String { name }
    }

    /// Which kind of failure.
    package var code: Code
    /// What failed and what to do.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
