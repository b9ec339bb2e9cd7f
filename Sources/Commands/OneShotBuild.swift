import Core
import Database
import Foundation
import Git
import Pipeline

/// What `slipway build` does after parsing: make sure the integration exists as asked, submit a CLI
/// trigger, run the pipeline's worker until nothing is ready, and read back what happened.
struct OneShotBuild: Sendable {
    let runtime: Runtime
    let request: BuildRequestOptions

    /// The outcome, for the report.
    struct Result: Sendable {
        var status: String
        var release: Release?
        var build: Build?
        var diagnostics: [Diagnostic] = []
        var reason: String
        var log: [LogLine] = []
    }

    func run() async -> Result {
        do {
            let integration = try await ensureIntegration()
            let ref = request.tag.map { "refs/tags/" + $0 } ?? "refs/heads/" + (integration.trackingBranch ?? "main")
            let outcome = try runtime.pipeline.intake.requestBuild(
                integrationID: integration.id, ref: ref, source: .cli)
            guard let decision = outcome.decisions.first else {
                return Result(status: "failed", reason: "the trigger was not recorded")
            }
            await PipelineWorker(pipeline: runtime.pipeline, owner: "cli-\(getpid())").runUntilIdle()
            let settled = try runtime.store.decision(id: decision.id)
            return try result(of: settled ?? decision, integration: integration)
        } catch {
            return Result(status: "failed", reason: "\(error)")
        }
    }

    private func result(of decision: Decision, integration: Integration) throws -> Result {
        let store = runtime.store
        let build = try decision.buildID.flatMap { try store.build(id: $0) }
        let log = try build.map { try store.buildLog(buildID: $0.id) } ?? []
        switch decision.outcome {
        case .built:
            let release = try build?.releaseID.flatMap { try store.release(id: $0) }
            return Result(status: "built", release: release, build: build, reason: decision.reason, log: log)
        case .skippedUnchanged, .tagAttached:
            let release = try decision.inputsDigest.flatMap {
                try store.release(integrationID: integration.id, inputsDigest: $0)
            }
            return Result(status: "unchanged", release: release, build: nil, reason: decision.reason)
        case .coalesced where build?.status == .succeeded:
            let release = try build?.releaseID.flatMap { try store.release(id: $0) }
            return Result(status: "built", release: release, build: build, reason: decision.reason, log: log)
        case .failedValidation, .failedBuild, .skippedFailedBefore:
            return Result(
                status: "failed", release: nil, build: build, diagnostics: build?.diagnostics ?? [],
                reason: build?.failure ?? decision.reason, log: log)
        case .pending, .queued, .fetchFailed:
            let prefix =
                build.map { "build \($0.id) did not finish (\($0.status.rawValue)); run again to resume it: " } ?? ""
            let reason = prefix + decision.reason
            return Result(status: "failed", release: nil, build: build, reason: reason, log: log)
        default:
            return Result(status: "failed", release: nil, build: build, reason: decision.reason, log: log)
        }
    }

    /// The integration named by the request, created or updated to match it.
    private func ensureIntegration() async throws -> Integration {
        let store = runtime.store
        let remote = request.remote
        let repository = try store.upsertRepository(key: remote.repositoryKey, url: remote.redacted, connectionID: nil)
        let folder = BuildRequestOptions.normalizedPath(request.path)
        if var existing = try store.integration(named: request.name) {
            let before = existing
            existing.repositoryID = repository.id
            existing.repositoryURL = remote.redacted
            existing.path = folder
            existing.include = request.include
            existing.kind = .internal
            if let branch = request.branch { existing.trackingBranch = branch }
            if existing.trackingBranch == nil { existing.trackingBranch = try await defaultBranch() }
            // Written only when the request changed something, as the config file's integrations are.
            return existing == before ? existing : try store.updateIntegration(existing, now: Date())
        }
        let branch: String
        if let requested = request.branch {
            branch = requested
        } else {
            branch = try await defaultBranch()
        }
        return try store.createIntegration(
            NewIntegration(
                name: request.name, repositoryID: repository.id, repositoryURL: remote.redacted, trackingBranch: branch,
                path: folder, include: request.include),
            now: Date())
    }

    /// The branch the server's HEAD names, or `main` when it names none.
    private func defaultBranch() async throws -> String {
        let heads = try await runtime.mirrors.remoteHeads(
            of: request.remote, credentials: request.credentials, transfer: TransferOptions(stallTimeout: .seconds(60)))
        let target = heads.first { $0.name == "HEAD" }?.symbolicTarget
        return target.flatMap { $0.hasPrefix("refs/heads/") ? String($0.dropFirst("refs/heads/".count)) : nil }
            ?? "main"
    }
}
