package import Core
import Foundation
package import Manifest

/// The release pipeline (SPEC §2): intake → fetch → detect → validate → build → store → publish, as
/// durable jobs on the queue, run by ``PipelineWorker``s.
///
/// ```swift
/// let pipeline = ReleasePipeline(parts: parts, settings: settings, validator: validator)
/// try pipeline.prepare()
/// _ = try pipeline.intake.submit(NewTrigger(source: .webhook, repositoryKey: key, ref: "refs/heads/main"))
/// await PipelineWorker(pipeline: pipeline, owner: "worker-1").runUntilIdle()
/// ```
package final class ReleasePipeline: Sendable {
    /// The ports it runs on.
    package let parts: PipelineParts
    /// Its settings.
    package let settings: PipelineSettings
    /// The manifest validator (with the build templates).
    package let validator: ManifestValidator
    /// Where triggers come in.
    package let intake: Intake

    /// Wires a pipeline.
    package init(parts: PipelineParts, settings: PipelineSettings, validator: ManifestValidator) {
        self.parts = parts
        self.settings = settings
        self.validator = validator
        intake = Intake(parts: parts, settings: settings)
    }

    /// Empties the work folder: workspaces of builds that a crash interrupted are never reused.
    package func prepare() throws {
        try? FileManager.default.removeItem(atPath: settings.workDirectory)
        try FileManager.default.createDirectory(atPath: settings.workDirectory, withIntermediateDirectories: true)
    }

    /// Runs one claimed job to its end; errors are retried by the queue.
    package func handle(_ job: Job) async throws {
        switch job.kind {
        case JobNames.fetch:
            try await FetchStage(parts: parts, settings: settings, validator: validator).run(job)
        case JobNames.build:
            try await BuildStage(parts: parts, settings: settings, validator: validator).run(job)
        default:
            throw PipelineError.unknownJob(job.kind)
        }
    }

    /// Called when the queue gives a job up: a build fails with the reason; a fetch's decisions say so.
    package func gaveUp(_ job: Job, error: String) throws {
        switch job.kind {
        case JobNames.build:
            try BuildStage(parts: parts, settings: settings, validator: validator).gaveUp(job, error: error)
        case JobNames.fetch:
            guard let repositoryID = job.payload["repository_id"]?.numberValue.map({ Int64($0) }) else { return }
            let reason = "gave up fetching after \(job.attempts) attempts: \(error); the next trigger tries again"
            let now = parts.now()
            // Queued decisions wait for a build, not for the fetch.
            let waiting = try parts.store.openDecisions(repositoryID: repositoryID).filter { $0.outcome != .queued }
            try parts.store.updateDecisionsInBatches(
                ids: waiting.map(\.id),
                DecisionUpdate(
                    outcome: .fetchFailed, reason: reason, step: DecisionStep(at: now, stage: "fetch", detail: reason)),
                now: now)
        default:
            break
        }
    }

    /// Whether a failure may succeed on another attempt (network trouble, a busy database, a crash) or
    /// needs a person (bad credentials, a missing repository).
    package static func isRetryable(_ error: any Error) -> Bool {
        if let error = error as? GitError {
            let final: Set<GitError.Code> = [
                .invalidURL, .invalidArgument, .authentication, .repositoryNotFound, .unsupported, .unsafeContent,
                .limitExceeded,
            ]
            return !final.contains(error.code)
        }
        if let error = error as? StoreError { return error.code == .unavailable }
        if error is PipelineError { return false }
        return true
    }
}

/// Pipeline failures that are not a port's.
package enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// A job of a kind this version does not know (a newer version queued it?).
    case unknownJob(String)

    package var description: String {
        switch self {
        case .unknownJob(let kind): "unknown job kind '\(kind)'; was it queued by a newer Slipway?"
        }
    }
}
