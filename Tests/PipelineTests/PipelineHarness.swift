import Artifacts
import Core
import Database
import Foundation
import Git
import Manifest
import Pipeline
import Processes
import TestSupport

/// One test's world, all real: a bare repository served by `git daemon` on 127.0.0.1, a SQLite store,
/// mirrors, child processes and an artifact store in a scratch data directory, and the pipeline on top.
final class PipelineHarness: Sendable {
    let scratch: TemporaryDirectory
    let origin: FixtureRepository
    let daemon: GitDaemon
    let store: SQLiteStore
    let mirrors: MirrorStore
    let pipeline: ReleasePipeline
    let worker: PipelineWorker
    let log = RecordingLogSink()
    let pool = BlockingPool(threads: 4, name: "pipeline-tests")
    let dataDirectory: String
    let remoteURL: String

    /// - Parameters:
    ///   - toolchains: what the host "has" (default: every toolchain found at the version asked for).
    ///   - configure: changes to the settings (timeouts, limits).
    init(
        toolchains: any ToolchainProbing = AnyVersionToolchains(),
        configure: (inout PipelineSettings) -> Void = { _ in }
    ) async throws {
        scratch = try TemporaryDirectory(prefix: "pipeline")
        let served = scratch.appending("served")
        dataDirectory = scratch.appending("data")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        origin = try await FixtureRepository.create(at: served + "/origin.git")
        daemon = try await GitDaemon.start(basePath: served, logDirectory: scratch.path)
        remoteURL = daemon.url("origin.git")
        store = try SQLiteStore(path: dataDirectory + "/slipway.db")
        let logger = Logger(sink: log, minimumLevel: .debug)
        mirrors = MirrorStore(configuration: .init(dataDirectory: dataDirectory, pool: pool, logger: logger))
        var settings = PipelineSettings(dataDirectory: dataDirectory, builderVersion: "test")
        settings.lease = .seconds(10)
        settings.fetchMinimumInterval = .zero  // drain() runs due jobs only; the interval has a test of its own
        configure(&settings)
        let catalog = try TemplateCatalog.load(directory: Self.checkout + "/build-templates")
        let parts = PipelineParts(
            store: store, queue: store, git: mirrors, runner: ProcessRunner(),
            artifacts: try FileArtifactStore(root: dataDirectory + "/artifacts"), packer: WorkspacePacker(),
            toolchains: toolchains, pool: pool, log: logger)
        pipeline = ReleasePipeline(
            parts: parts, settings: settings, validator: ManifestValidator(templates: catalog, toolchains: nil))
        try pipeline.prepare()
        worker = PipelineWorker(pipeline: pipeline, owner: "test-worker")
    }

    deinit { pool.shutdown() }

    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The repository's normalized key.
    var repositoryKey: String { get throws { try RemoteURL(remoteURL).repositoryKey } }

    /// Creates an internal integration on the served repository.
    @discardableResult
    func integration(
        _ name: String, path: String = "", include: [String] = [], branch: String = "main"
    ) throws
        -> Integration
    {
        let repository = try store.upsertRepository(key: try repositoryKey, url: remoteURL, connectionID: nil)
        return try store.createIntegration(
            NewIntegration(
                name: name, repositoryID: repository.id, repositoryURL: remoteURL, trackingBranch: branch, path: path,
                include: include),
            now: Date())
    }

    /// A webhook-like trigger for a push of `ref` to `after`.
    @discardableResult
    func push(
        ref: String = "refs/heads/main", after: String?, delivery: String = UUID().uuidString
    ) throws
        -> Intake.Outcome
    {
        try pipeline.intake.submit(
            NewTrigger(
                source: .webhook, provider: "github", deliveryID: delivery, repositoryKey: try repositoryKey, ref: ref,
                after: after))
    }

    /// Runs the worker until no job is ready.
    func drain() async {
        await worker.runUntilIdle()
    }

    func releases(_ integration: Integration) throws -> [Release] {
        try store.releases(integrationID: integration.id, limit: 500, offset: 0)
    }

    func builds(_ integration: Integration) throws -> [Build] {
        try store.builds(integrationID: integration.id, limit: 500, offset: 0)
    }

    func decisions(_ integration: Integration) throws -> [Decision] {
        try store.decisions(integrationID: integration.id, repositoryKey: nil, limit: 500, offset: 0)
    }

    func logText(_ build: Build) throws -> String {
        try store.buildLog(buildID: build.id).map(\.text).joined(separator: "\n")
    }
}

/// A manifest for a shell integration whose build runs `build`.
func shellManifest(build: String = "echo built > built.txt", run: String = "./run.sh") -> String {
    "version: 1.0\nbase: shell\nbuild: \(build)\nrun: \(run)\nconfigs: {}\n"
}

/// Toolchains that answer with exactly the version asked for (or none: missing).
struct AnyVersionToolchains: ToolchainProbing {
    var missing: Set<String> = []

    func status(of check: ToolchainCheck) -> ToolchainStatus {
        missing.contains(check.command.first ?? "") ? .missing(reason: "not installed on this test host") : .notChecked
    }
}
