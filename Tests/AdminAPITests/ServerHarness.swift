import AdminAPI
import Artifacts
import Core
import Crypto
import Database
import Foundation
import Git
import HTTPServer
import Manifest
import Pipeline
import Processes
import Providers
import Secrets
import TestSupport

/// A running server on 127.0.0.1, all real: the admin API and webhook intake over libmicrohttpd, a SQLite
/// store, the pipeline with libgit2 mirrors and a repository served by `git daemon`, real build commands.
final class ServerHarness: Sendable {
    let scratch: TemporaryDirectory
    let dataDirectory: String
    let origin: FixtureRepository
    let daemon: GitDaemon
    let store: SQLiteStore
    let pipeline: ReleasePipeline
    let worker: PipelineWorker
    let server: MHDServer
    let client: HTTPTestClient
    let metrics = Metrics()
    let log = RecordingLogSink()
    let pool = BlockingPool(threads: 4, name: "api-tests")
    let providers: ProviderCatalog
    let keys: [APIRole: String]
    /// Every route the server serves.
    let routes: [Router.Route]

    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let masterKey = [UInt8](repeating: 42, count: 32)

    /// A server on a data directory (a new scratch one unless given, to restart on the same data).
    init(reusing previous: ServerHarness? = nil, hookLimit: Int? = nil) async throws {
        if let previous {
            scratch = previous.scratch
            origin = previous.origin
            daemon = previous.daemon
        } else {
            scratch = try TemporaryDirectory(prefix: "api")
            let served = scratch.appending("served")
            try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
            origin = try await FixtureRepository.create(at: served + "/origin.git")
            daemon = try await GitDaemon.start(basePath: served, logDirectory: scratch.path)
        }
        dataDirectory = scratch.appending("data")
        store = try SQLiteStore(path: dataDirectory + "/slipway.db")
        let logger = Logger(sink: log, minimumLevel: .debug)
        let mirrors = MirrorStore(configuration: .init(dataDirectory: dataDirectory, pool: pool, logger: logger))
        let catalog = try TemplateCatalog.load(directory: Self.checkout + "/build-templates")
        let parts = PipelineParts(
            store: store, queue: store, git: mirrors, runner: ProcessRunner(),
            artifacts: try FileArtifactStore(root: dataDirectory + "/artifacts"), packer: WorkspacePacker(),
            toolchains: NoToolchains(), pool: pool, log: logger)
        pipeline = ReleasePipeline(
            parts: parts, settings: PipelineSettings(dataDirectory: dataDirectory, builderVersion: "test"),
            validator: ManifestValidator(templates: catalog, toolchains: nil))
        try pipeline.prepare()
        _ = try store.expireLeases(now: Date())
        worker = PipelineWorker(pipeline: pipeline, owner: "api-test")
        let vault = SecretVault(store: store, box: try SecretBox(key: Self.masterKey), environment: [:])
        providers = try ProviderCatalog.load(directory: Self.checkout + "/providers")
        let context = APIContext(
            store: store, pipeline: pipeline, secrets: vault, metrics: metrics, log: logger,
            buildDecisionWait: .seconds(10))
        let router = AdminAPI.router(context: context, providers: providers)
        routes = router.routes
        var limits = ServerLimits()
        if let hookLimit { limits.bodyBytesByPathPrefix["/hooks/"] = hookLimit }
        server = try MHDServer(
            responder: AdminAPI.responder(router, context: context),
            configuration: MHDServer.Configuration(host: "127.0.0.1", port: 0, limits: limits), logger: logger)
        client = HTTPTestClient(port: server.port)
        if let previous {
            keys = previous.keys
        } else {
            var keys: [APIRole: String] = [:]
            for role in APIRole.allCases {
                let key = try APIKeys.generate()
                _ = try store.createAPIKey(
                    name: role.rawValue, role: role, hash: APIKeys.hash(key), prefix: APIKeys.prefix(key), now: Date())
                keys[role] = key
            }
            self.keys = keys
        }
    }

    deinit { pool.shutdown() }

    /// Stops the server (for a restart on the same data).
    func stop() async { await server.shutdown(grace: .seconds(2)) }

    /// The served repository's URL.
    var repositoryURL: String { daemon.url("origin.git") }

    /// A request with the key of `role` (none when nil).
    func call(
        _ method: String, _ path: String, as role: APIRole?, body: [String: Any]? = nil
    ) async throws
        -> HTTPTestResponse
    {
        var headers: [String: String] = [:]
        if let role, let key = keys[role] { headers["X-API-KEY"] = key }
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) }
        return try await client.request(method, path, headers: headers, body: bytes)
    }

    func drain() async { await worker.runUntilIdle() }
}

/// Every toolchain counts as not checked (the test integrations build with `sh`).
struct NoToolchains: ToolchainProbing {
    func status(of check: ToolchainCheck) -> ToolchainStatus { .notChecked }
}

let shellManifest = "version: 1.0\nbase: shell\nbuild: echo built > built.txt\nrun: cat built.txt\nconfigs: {}\n"
