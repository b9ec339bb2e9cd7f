import Core
import Foundation
import Manifest

/// fetch → detect: brings a repository's mirror up to date once for every integration built from it,
/// then settles each open decision from what git says (never from the webhook payload): a build when the
/// inputs digest changed, a skip (with the reason) when it did not.
struct FetchStage {
    let parts: PipelineParts
    let settings: PipelineSettings
    let validator: ManifestValidator

    func run(_ job: Job) async throws {
        guard let repositoryID = job.payload["repository_id"]?.numberValue.map({ Int64($0) }),
            let repository = try parts.store.repository(id: repositoryID)
        else { return }
        let integrations = try parts.store.integrations(repositoryID: repository.id).filter { $0.kind == .internal }
        // Queued decisions wait for their build; only pending ones (and failed fetches) are settled here.
        let open = try parts.store.openDecisions(repositoryID: repository.id).filter {
            $0.outcome == .pending || $0.outcome == .fetchFailed
        }
        let triggers = try parts.store.triggers(ids: Set(open.map(\.triggerID)))
        let remote = try RemoteURL(repository.url)

        var branches = Set(integrations.compactMap(\.trackingBranch))
        for decision in open where Self.isExplicit(decision.source) {
            if let branch = decision.ref.flatMap(Intake.branch(of:)) { branches.insert(branch) }
        }
        let result: FetchResult
        let fetchStarted = ContinuousClock.now
        do {
            let request = FetchRequest(
                remote: remote, credentials: parts.credentials(repository), branches: branches.sorted(),
                includeTags: true, notBefore: .now,
                transfer: TransferOptions(
                    stallTimeout: settings.fetchStallTimeout, progress: progressReporter(for: remote)))
            result = try await parts.git.fetch(request)
        } catch {
            parts.observer?.fetchFinished(
                repository: remote.redacted, duration: ContinuousClock.now - fetchStarted, error: "\(error)")
            let message = "fetching \(remote.redacted) failed: \(error); the fetch will be retried"
            try parts.store.recordFetch(repositoryID: repository.id, error: "\(error)", now: parts.now())
            try settle(open.filter { $0.outcome != .fetchFailed }, .fetchFailed, message, stage: "fetch")
            throw error
        }
        parts.observer?.fetchFinished(
            repository: remote.redacted, duration: ContinuousClock.now - fetchStarted, error: nil)
        try parts.store.recordFetch(repositoryID: repository.id, error: nil, now: parts.now())
        parts.log.info(
            "fetched",
            [
                ("repository", remote.redacted), ("objects", String(result.receivedObjects)),
                ("bytes", String(result.receivedBytes)), ("updates", String(result.updates.count)),
            ])

        let tags = result.refs.filter { $0.key.hasPrefix("refs/tags/") }
        let known = try parts.store.knownTags(repositoryID: repository.id)
        let current = Dictionary(
            uniqueKeysWithValues: tags.map { (String($0.key.dropFirst("refs/tags/".count)), $0.value) })
        let newTags = repository.tagsBaselined ? current.keys.filter { known[$0] == nil } : []
        let requested = open.compactMap { $0.ref.flatMap(Intake.tag(of:)) }.filter { current[$0] != nil }
        let tagsToEvaluate = try await orderTags(
            Set(newTags).union(requested), requested: requested, current: current, remote: remote)

        for integration in integrations {
            let evaluation = Evaluation(
                stage: self, integration: integration, repository: repository, remote: remote, triggers: triggers)
            try await evaluation.run(
                open: open.filter { $0.integrationID == integration.id }, result: result, tags: tagsToEvaluate,
                existingTags: current)
        }
        let removed = known.keys.filter { current[$0] == nil }
        try parts.store.recordTags(
            repositoryID: repository.id, seen: current.mapValues(\.hex), removed: Array(removed),
            baseline: !repository.tagsBaselined, now: parts.now())
    }

    /// Tags in push order: as webhooks named them first, then the others by commit time, then by name.
    private func orderTags(
        _ tags: Set<String>, requested: [String], current: [String: ObjectID], remote: RemoteURL
    )
        async throws -> [(name: String, commit: ObjectID)]
    {
        var order: [String: Int] = [:]
        for (index, tag) in requested.enumerated() where order[tag] == nil { order[tag] = index }
        var found: [(name: String, commit: ObjectID, time: Int64)] = []
        for name in tags {
            guard current[name] != nil else { continue }
            let commit = try await parts.git.commit(for: "refs/tags/" + name, in: remote)
            found.append((name, commit.id, commit.committerTime))
        }
        found.sort { a, b in
            switch (order[a.name], order[b.name]) {
            case (let x?, let y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (a.time, a.name) < (b.time, b.name)
            }
        }
        return found.map { ($0.name, $0.commit) }
    }

    /// The fetch's progress, handed to the observer when there is one.
    private func progressReporter(for remote: RemoteURL) -> (@Sendable (GitProgress) -> Void)? {
        guard let observer = parts.observer else { return nil }
        let repository = remote.redacted
        return { progress in observer.fetchProgress(progress, repository: repository) }
    }

    /// API and CLI requests name exactly what to build; webhooks and polls are only hints.
    static func isExplicit(_ source: TriggerSource) -> Bool {
        source == .api || source == .cli
    }

    /// Applies one outcome to decisions, with a trail step.
    func settle(
        _ decisions: [Decision], _ outcome: DecisionOutcome, _ reason: String, stage: String, commit: String? = nil,
        digest: String? = nil, buildID: Int64? = nil
    ) throws {
        let now = parts.now()
        let update = DecisionUpdate(
            outcome: outcome, reason: reason, commitSHA: commit, inputsDigest: digest, buildID: buildID,
            step: DecisionStep(at: now, stage: stage, detail: reason))
        try parts.store.updateDecisionsInBatches(ids: decisions.map(\.id), update, now: now)
    }
}
