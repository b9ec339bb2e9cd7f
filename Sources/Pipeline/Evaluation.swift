import Core
import Foundation
import Manifest

/// Detect, for one integration after a fetch: the inputs digest of each ref that matters (its tracking
/// branch, branches an API request named, new and requested tags), compared with its releases and
/// builds, settles every open decision of the integration.
struct Evaluation {
    let stage: FetchStage
    let integration: Integration
    let repository: RepositoryRecord
    let remote: RemoteURL
    let triggers: [Int64: Trigger]

    private var parts: PipelineParts { stage.parts }

    func run(
        open: [Decision], result: FetchResult, tags: [(name: String, commit: ObjectID)],
        existingTags: [String: ObjectID]
    ) async throws {
        var handled = Set<Int64>()
        var branches = integration.trackingBranch.map { [$0] } ?? []
        for decision in open where FetchStage.isExplicit(decision.source) {
            if let branch = decision.ref.flatMap(Intake.branch(of:)), !branches.contains(branch) {
                branches.append(branch)
            }
        }
        // Tags first: a branch head that a new tag also names is then answered by the tag's build.
        for tag in tags {
            let ref = "refs/tags/" + tag.name
            let decisions = open.filter { $0.ref == ref }
            handled.formUnion(decisions.map(\.id))
            try await evaluate(ref: ref, tag: tag.name, commit: tag.commit, decisions: decisions)
        }
        for branch in branches {
            let ref = "refs/heads/" + branch
            let decisions = open.filter { $0.ref == ref || ($0.ref == nil && branch == integration.trackingBranch) }
            handled.formUnion(decisions.map(\.id))
            guard let head = result.head(ofBranch: branch) else {
                try stage.settle(
                    decisions, .ignoredDelete, "branch \(branch) does not exist in \(remote.redacted)", stage: "fetched"
                )
                if branch == integration.trackingBranch {
                    parts.log.warning(
                        "tracked branch missing", [("integration", integration.name), ("branch", branch)])
                }
                continue
            }
            try await evaluate(ref: ref, tag: nil, commit: head, decisions: decisions)
        }
        // Settled in groups, one transaction per outcome and reason.
        var rest: [String: (outcome: DecisionOutcome, decisions: [Decision])] = [:]
        for decision in open where !handled.contains(decision.id) {
            let outcome: DecisionOutcome
            let reason: String
            if let tag = decision.ref.flatMap(Intake.tag(of:)), existingTags[tag] == nil {
                (outcome, reason) = (.ignoredDelete, "tag \(tag) does not exist (deleted?)")
            } else {
                let what = decision.ref.map(Intake.describe) ?? "this ref"
                let tracked = integration.trackingBranch ?? "no branch"
                (outcome, reason) = (.ignoredRef, "\(integration.name) tracks \(tracked); \(what) is not built")
            }
            rest[reason, default: (outcome, [])].decisions.append(decision)
        }
        for (reason, group) in rest.sorted(by: { $0.key < $1.key }) {
            try stage.settle(group.decisions, group.outcome, reason, stage: "fetched")
        }
    }

    /// Decides what one ref at one commit means for the integration.
    private func evaluate(ref: String, tag: String?, commit: ObjectID, decisions: [Decision]) async throws {
        let location = integration.manifestLocation
        let folder = try RepositoryPath(location.folder)
        let includes = try integration.include.map { try RepositoryPath($0) }
        let manifest = try await readManifest(folder: folder, file: location.file, commit: commit)
        let template = self.template(of: manifest)
        let digest: InputsDigest
        do {
            digest = try await parts.git.inputsDigest(
                InputsDigestRequest(
                    commit: commit, integrationPath: folder, includes: includes, manifest: manifest,
                    templateName: template.name, templateVersion: template.version,
                    builderVersion: stage.settings.builderVersion),
                in: remote)
        } catch let error as GitError where error.code == .pathNotFound {
            let reason =
                "the integration folder \(folder) does not exist at \(Intake.describe(ref)) (\(commit.abbreviated)); "
                + "fix the integration's repository_path"
            try stage.settle(decisions, .failedValidation, reason, stage: "digest", commit: commit.hex)
            return
        }
        let facts = "\(Intake.describe(ref)) at \(commit.abbreviated), inputs \(digest.value.prefix(19))…"
        if let tag {
            if let existing = try parts.store.release(integrationID: integration.id, inputsDigest: digest.value) {
                if !existing.tags.contains(tag) {
                    do {
                        _ = try parts.store.addTag(releaseID: existing.id, tag: tag, now: parts.now())
                    } catch let error as StoreError where error.code == .conflict {
                        parts.log.warning("tag already on another release", [("tag", tag), ("error", error.message)])
                    }
                }
                let reason =
                    "tag \(tag) names the same inputs as release \(existing.number) (\(existing.name)); attached to it"
                try settleOrRecord(decisions, .tagAttached, reason, commit: commit, digest: digest.value)
                return
            }
        } else {
            if let latest = try parts.store.latestRelease(integrationID: integration.id),
                latest.inputsDigest == digest.value
            {
                let reason = "inputs unchanged since release \(latest.number) (\(latest.name)): \(facts)"
                try stage.settle(
                    decisions, .skippedUnchanged, reason, stage: "digest", commit: commit.hex, digest: digest.value)
                return
            }
            if let previous = try parts.store.latestBuild(integrationID: integration.id, inputsDigest: digest.value) {
                switch previous.status {
                case .failed:
                    let reason =
                        "build \(previous.id) of the same inputs failed (\(previous.failure ?? "see its log")); "
                        + "push a fix, or rebuild through the API"
                    try stage.settle(
                        decisions, .skippedFailedBefore, reason, stage: "digest", commit: commit.hex,
                        digest: digest.value,
                        buildID: previous.id)
                    return
                case .running:
                    let reason = "build \(previous.id) is already building these inputs"
                    try stage.settle(
                        decisions, .coalesced, reason, stage: "digest", commit: commit.hex, digest: digest.value,
                        buildID: previous.id)
                    return
                case .queued where previous.tag != nil:
                    let reason =
                        "the build of tag \(previous.tag ?? "") (build \(previous.id)) makes a release of these inputs"
                    try stage.settle(
                        decisions, .coalesced, reason, stage: "digest", commit: commit.hex, digest: digest.value,
                        buildID: previous.id)
                    return
                case .queued, .succeeded, .skipped:
                    break
                }
            }
        }
        try await queueBuild(ref: ref, tag: tag, commit: commit, digest: digest.value, decisions: decisions)
    }

    private func queueBuild(
        ref: String, tag: String?, commit: ObjectID, digest: String, decisions: [Decision]
    ) async throws {
        var attach = decisions
        if tag == nil {
            // Pushes whose commit is not the branch's head now are answered by the head's build.
            let newest = decisions.filter { decision in
                guard let after = triggers[decision.triggerID]?.after else { return true }
                return after == commit.hex
            }
            let newestIDs = Set(newest.map(\.id))
            let superseded = decisions.filter { !newestIDs.contains($0.id) }
            attach = newest.isEmpty ? Array(decisions.suffix(1)) : newest
            if !superseded.isEmpty {
                let kept = Set(attach.map(\.id))
                try stage.settle(
                    superseded.filter { !kept.contains($0.id) }, .coalesced,
                    "a newer commit of \(Intake.describe(ref)) (\(commit.abbreviated)) is built instead",
                    stage: "digest",
                    commit: commit.hex, digest: digest)
            }
        }
        if attach.isEmpty {
            // Found by the fetch itself (a tag nobody announced, a head no webhook told of): record why it builds.
            let reason = "\(Intake.describe(ref)) moved to \(commit.abbreviated) with new inputs"
            let recorded = try parts.store.recordDecision(
                triggerID: nil, integrationID: integration.id,
                DecisionUpdate(
                    outcome: .pending, reason: reason, commitSHA: commit.hex, inputsDigest: digest,
                    step: DecisionStep(at: parts.now(), stage: "fetched", detail: reason)),
                now: parts.now())
            attach = [recorded]
        } else {
            try stage.settle(
                attach, .pending, "inputs digest \(digest)", stage: "digest", commit: commit.hex, digest: digest)
        }
        let source = attach.first.map(\.source) ?? .poll
        let request = try parts.store.requestBuild(
            NewBuild(
                integrationID: integration.id, trigger: source, ref: ref, tag: tag, commitSHA: commit.hex,
                inputsDigest: digest),
            decisionIDs: attach.map(\.id), maxAttempts: stage.settings.maxAttempts, now: parts.now())
        let what: String
        switch request {
        case .created: what = "queued"
        case .coalesced: what = "coalesced into queued build"
        case .existing: what = "already requested"
        }
        parts.log.info(
            "build \(what)",
            [
                ("integration", integration.name), ("build", String(request.build.id)), ("ref", ref),
                ("commit", commit.abbreviated),
            ])
    }

    /// Settles the decisions, or records one when the fetch found this ref by itself.
    private func settleOrRecord(
        _ decisions: [Decision], _ outcome: DecisionOutcome, _ reason: String, commit: ObjectID, digest: String
    ) throws {
        guard decisions.isEmpty else {
            try stage.settle(decisions, outcome, reason, stage: "digest", commit: commit.hex, digest: digest)
            return
        }
        try parts.store.recordDecision(
            triggerID: nil, integrationID: integration.id,
            DecisionUpdate(
                outcome: outcome, reason: reason, commitSHA: commit.hex, inputsDigest: digest,
                step: DecisionStep(at: parts.now(), stage: "digest", detail: reason)),
            now: parts.now())
    }

    /// The manifest bytes, or none when the file is missing (the build then fails validation and says so).
    private func readManifest(folder: RepositoryPath, file: String, commit: ObjectID) async throws -> [UInt8] {
        do {
            return try await parts.git.readFile(
                at: try folder.appending(file), commit: commit, in: remote, maxBytes: stage.settings.maxManifestBytes)
        } catch let error as GitError
            where error.code == .pathNotFound || error.code == .notAFile || error.code == .limitExceeded
        {
            return []
        }
    }

    /// The template the manifest's `base` selects, read leniently: an unreadable manifest still gets a
    /// digest (its build will fail validation with every diagnostic).
    private func template(of manifest: [UInt8]) -> (name: String, version: Int) {
        guard let document = try? YAMLReader.read(SourceText(manifest)),
            let base = document.root?["base"]?.scalar?.text,
            let runtime = base.split(separator: ":").first.map(String.init),
            let template = stage.validator.templates.template(forRuntime: runtime.trimmingCharacters(in: .whitespaces))
        else { return ("unknown", 0) }
        return (template.name, template.templateVersion)
    }
}
