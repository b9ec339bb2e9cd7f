package import Core
package import Foundation

/// The knobs of the release pipeline, with the defaults SPEC §2 and the issues name.
package struct PipelineSettings: Sendable {
    /// Where builds get their working folders (`<data>/work`); emptied when a process starts.
    package var workDirectory: String
    /// `HOME` for build commands (`<data>/build-home`): shared by builds so package caches survive.
    package var buildHome: String
    /// Slipway's version, part of every inputs digest and provenance record.
    package var builderVersion: String
    /// A build command is killed (its whole process group) after this long.
    package var buildTimeout: Duration = .seconds(15 * 60)
    /// Bytes of build output kept in the log.
    package var buildOutputLimit: Int = 10 << 20
    /// `PATH` handed to build commands.
    package var buildPath: String = "/usr/local/bin:/usr/bin:/bin"
    /// Limits on what is exported from a commit.
    package var exportLimits: ExportLimits = .standard
    /// A fetch with no progress for this long is aborted.
    package var fetchStallTimeout: Duration = .seconds(60)
    /// Webhooks and polls about a repository fetched less than this long ago wait out the rest: a push storm
    /// makes one fetch per interval, not one per push (a person's request through the API or CLI never waits).
    package var fetchMinimumInterval: Duration = .seconds(1)
    /// How long a worker's lease on a job lasts between heartbeats.
    package var lease: Duration = .seconds(30)
    /// Attempts of a fetch or build job before it is given up (crashes and platform errors; a failing
    /// build command is not retried).
    package var maxAttempts: Int = 5
    /// Waits between failed attempts.
    package var backoff: Backoff = .standard
    /// Largest manifest read from a commit.
    package var maxManifestBytes: Int = 1 << 20

    /// Settings rooted in a data directory.
    package init(dataDirectory: String, builderVersion: String) {
        workDirectory = dataDirectory + "/work"
        buildHome = dataDirectory + "/build-home"
        self.builderVersion = builderVersion
    }
}

/// The parts the pipeline is wired from: ports implemented elsewhere (Git, Database, Artifacts,
/// Processes), the manifest validator and a clock.
package struct PipelineParts: Sendable {
    /// Recorded state.
    package var store: any PipelineStore
    /// Durable jobs.
    package var queue: any JobQueue
    /// Mirrors and trees.
    package var git: any GitMirrors
    /// Child processes.
    package var runner: any CommandRunning
    /// Artifacts.
    package var artifacts: any ArtifactStoring
    /// Packs workspaces into artifacts.
    package var packer: any WorkspacePacking
    /// Host toolchains.
    package var toolchains: any ToolchainProbing
    /// Threads for blocking work (packing, hashing, removing workspaces), off Swift's cooperative pool.
    package var pool: BlockingPool
    /// The credentials to fetch a repository with.
    package var credentials: @Sendable (RepositoryRecord) -> GitCredentials
    /// The time now.
    package var now: @Sendable () -> Date
    /// Log lines.
    package var log: Logger
    /// Watches fetches and builds as they happen (the CLI's progress, a live log), if anyone does.
    package var observer: (any PipelineObserver)?

    /// Creates the parts.
    package init(
        store: any PipelineStore, queue: any JobQueue, git: any GitMirrors, runner: any CommandRunning,
        artifacts: any ArtifactStoring, packer: any WorkspacePacking, toolchains: any ToolchainProbing,
        pool: BlockingPool, credentials: @escaping @Sendable (RepositoryRecord) -> GitCredentials = { _ in .anonymous },
        now: @escaping @Sendable () -> Date = { Date() }, log: Logger, observer: (any PipelineObserver)? = nil
    ) {
        self.store = store
        self.queue = queue
        self.git = git
        self.runner = runner
        self.artifacts = artifacts
        self.packer = packer
        self.toolchains = toolchains
        self.pool = pool
        self.credentials = credentials
        self.now = now
        self.log = log
        self.observer = observer
    }
}

/// Job kinds and how their keys and groups are named.
package enum JobNames {
    /// Fetch a repository and decide what to build.
    package static let fetch = "fetch"
    /// Run one build.
    package static let build = "build"

    /// The fetch job of a repository: one queued per repository, one running per repository. `expedite` when a
    /// person asked (see ``JobSpec/expedite``).
    package static func fetch(
        repositoryID: Int64, maxAttempts: Int, runAfter: Date? = nil, expedite: Bool = false
    ) -> JobSpec {
        JobSpec(
            kind: fetch, key: "fetch:\(repositoryID)", group: "repository:\(repositoryID)",
            payload: .object(["repository_id": .int(Int(repositoryID))]), maxAttempts: maxAttempts,
            runAfter: runAfter, expedite: expedite)
    }
}

/// Sees the pipeline's progress as it happens; called on background threads.
package protocol PipelineObserver: Sendable {
    /// A fetch's transfer progress.
    func fetchProgress(_ progress: GitProgress, repository: String)
    /// A line of a build's log (the command's output, and Slipway's notes).
    func buildOutput(_ line: LogLine, buildID: Int64)
    /// A fetch ended, successfully when `error` is nil.
    func fetchFinished(repository: String, duration: Duration, error: String?)
    /// A build ended (succeeded or failed).
    func buildFinished(buildID: Int64, status: BuildStatus, duration: Duration)
}

extension PipelineObserver {
    /// Ignored unless the observer cares.
    package func fetchProgress(_ progress: GitProgress, repository: String) {}
    /// Ignored unless the observer cares.
    package func buildOutput(_ line: LogLine, buildID: Int64) {}
    /// Ignored unless the observer cares.
    package func fetchFinished(repository: String, duration: Duration, error: String?) {}
    /// Ignored unless the observer cares.
    package func buildFinished(buildID: Int64, status: BuildStatus, duration: Duration) {}
}
