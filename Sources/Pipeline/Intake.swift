package import Core
import Foundation

/// The first stage: records a trigger with a decision per integration it concerns, settles at once what
/// needs no git (deletions, branches nobody tracks, unknown repositories), and queues one fetch of the
/// repository for the rest. Webhook payloads are hints: what gets built is decided after the fetch.
package struct Intake: Sendable {
    let parts: PipelineParts
    let settings: PipelineSettings

    /// What intake did with a trigger.
    package struct Outcome: Sendable {
        /// The recorded trigger.
        package var trigger: Trigger
        /// Its decisions as they stand after intake.
        package var decisions: [Decision]
        /// False when the trigger was a duplicate delivery, recorded before.
        package var created: Bool
        /// Whether a fetch was queued.
        package var fetchQueued: Bool
    }

    /// Records a trigger about a repository (webhook, poll): every internal integration built from it
    /// gets a decision; a fetch is queued unless nothing could come of it.
    /// With `connectionID`, only integrations reached through that connection count (a webhook of one account
    /// never builds another account's integrations).
    package func submit(_ trigger: NewTrigger, connectionID: String? = nil) throws -> Outcome {
        let now = parts.now()
        guard let key = trigger.repositoryKey, let repository = try parts.store.repository(key: key) else {
            return try record(trigger, integrations: [], fetch: nil, now: now)
        }
        let integrations = try parts.store.integrations(repositoryID: repository.id).filter {
            $0.kind == .internal && (connectionID == nil || $0.connectionID == connectionID)
        }
        guard !integrations.isEmpty else { return try record(trigger, integrations: [], fetch: nil, now: now) }
        if let after = trigger.after, !after.isEmpty, after.allSatisfy({ $0 == "0" }) {
            let what = trigger.ref.map(Self.describe) ?? "the ref"
            return try record(
                trigger, integrations: integrations, fetch: nil, now: now,
                settle: (.ignoredDelete, "\(what) was deleted; deleting a ref never builds or removes releases"))
        }
        if let ref = trigger.ref, let branch = Self.branch(of: ref),
            !integrations.contains(where: { $0.trackingBranch == branch })
        {
            let tracked = Set(integrations.compactMap(\.trackingBranch)).sorted().joined(separator: ", ")
            return try record(
                trigger, integrations: integrations, fetch: nil, now: now,
                settle: (.ignoredRef, "branch \(branch) is not tracked (integrations here track \(tracked))"))
        }
        // Not sooner than the minimum interval after the last fetch: a storm of pushes coalesces into a fetch
        // per interval.
        let earliest = repository.lastFetchedAt.map { $0.addingTimeInterval(settings.fetchMinimumInterval.inSeconds) }
        return try record(
            trigger, integrations: integrations, fetch: repository.id,
            runAfter: earliest.flatMap { $0 > now ? $0 : nil }, now: now)
    }

    /// Asks for a build of one integration now (API, CLI): its tracking branch, or `ref` (a branch, a tag
    /// or a full ref). The fetch decides whether anything changed.
    package func requestBuild(integrationID: Int64, ref: String?, source: TriggerSource) throws -> Outcome {
        guard let integration = try parts.store.integration(id: integrationID) else {
            throw StoreError(.notFound, "integration \(integrationID) does not exist")
        }
        guard integration.kind == .internal, let repositoryID = integration.repositoryID,
            let repository = try parts.store.repository(id: repositoryID)
        else {
            throw StoreError(
                .conflict, "integration \(integration.name) is external: it has no repository to build from")
        }
        let fullRef = Self.fullRef(ref ?? integration.trackingBranch ?? "main")
        let trigger = NewTrigger(source: source, repositoryKey: repository.key, ref: fullRef)
        return try record(trigger, integrations: [integration], fetch: repository.id, expedite: true, now: parts.now())
    }

    private func record(
        _ trigger: NewTrigger, integrations: [Integration], fetch repositoryID: Int64?, runAfter: Date? = nil,
        expedite: Bool = false, now: Date, settle: (outcome: DecisionOutcome, reason: String)? = nil
    ) throws -> Outcome {
        let jobs =
            repositoryID.map {
                [
                    JobNames.fetch(
                        repositoryID: $0, maxAttempts: settings.maxAttempts, runAfter: runAfter, expedite: expedite)
                ]
            } ?? []
        let (recorded, decisions, created) = try parts.store.submit(
            trigger, integrationIDs: integrations.map(\.id),
            unmatchedReason: "no integration watches this repository", jobs: jobs,
            settled: settle, now: now)
        if created {
            parts.log.info(
                "trigger recorded",
                [
                    ("trigger", String(recorded.id)), ("source", trigger.source.rawValue),
                    ("repository", trigger.repositoryKey ?? "-"), ("ref", trigger.ref ?? "-"),
                    ("integrations", String(integrations.count)), ("fetch", created && !jobs.isEmpty ? "queued" : "no"),
                ])
        }
        return Outcome(trigger: recorded, decisions: decisions, created: created, fetchQueued: created && !jobs.isEmpty)
    }

    /// `refs/heads/x` → `x`, else nil.
    static func branch(of ref: String) -> String? {
        ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : nil
    }

    /// `refs/tags/x` → `x`, else nil.
    static func tag(of ref: String) -> String? {
        ref.hasPrefix("refs/tags/") ? String(ref.dropFirst("refs/tags/".count)) : nil
    }

    /// A short name made full: `main` → `refs/heads/main`; full refs are kept.
    static func fullRef(_ ref: String) -> String {
        ref.hasPrefix("refs/") ? ref : "refs/heads/" + ref
    }

    /// "branch main", "tag v1.2", or the ref itself.
    static func describe(_ ref: String) -> String {
        if let branch = branch(of: ref) { return "branch \(branch)" }
        if let tag = tag(of: ref) { return "tag \(tag)" }
        return ref
    }
}
