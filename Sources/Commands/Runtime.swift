import Artifacts
package import Core
package import Database
import Foundation
package import Git
package import Manifest
package import Pipeline
import Processes
package import Providers
package import Secrets

/// The composition root: the concrete store, mirrors, runner and artifact store wired into a pipeline,
/// on one data directory.
package final class Runtime: Sendable {
    /// The data directory, locked for this process.
    package let data: DataDirectory
    /// The SQLite store and job queue.
    package let store: SQLiteStore
    /// The mirrors.
    package let mirrors: MirrorStore
    /// The release pipeline.
    package let pipeline: ReleasePipeline
    /// Threads for blocking work.
    package let pool: BlockingPool
    /// Secrets by reference; nil when the runtime was opened with fixed credentials (`slipway build`).
    package let secrets: SecretVault?

    /// Where fetch credentials come from.
    package enum Credentials: Sendable {
        /// The same for every repository (`slipway build --token-env`).
        case fixed(GitCredentials)
        /// The token of each repository's connection, through the secret vault, with the clone user name of
        /// the connection's provider descriptor (`slipway serve`).
        case connections(ProviderCatalog)
    }

    /// Opens the data directory (taking its lock), the database (migrating it) and the stores, and
    /// prepares the pipeline: work folders of a crashed process are removed and its jobs' leases lapse
    /// at once, so interrupted work resumes now.
    package init(
        dataDirectory: String, templates: TemplateCatalog, logger: Logger, observer: (any PipelineObserver)? = nil,
        credentials: Credentials = .fixed(.anonymous), configure: (inout PipelineSettings) -> Void = { _ in }
    ) throws {
        let data = try DataDirectory(dataDirectory)
        self.data = data
        let store = try SQLiteStore(path: data.database)
        self.store = store
        let resolve: @Sendable (RepositoryRecord) -> GitCredentials
        switch credentials {
        case .fixed(let fixed):
            secrets = nil
            resolve = { _ in fixed }
        case .connections(let providers):
            let vault = SecretVault(
                store: store,
                box: try MasterKey.load(
                    dataDirectory: data.path, environment: ProcessInfo.processInfo.environment, log: logger),
                environment: ProcessInfo.processInfo.environment)
            secrets = vault
            resolve = { repository in
                Self.connectionCredentials(repository, store: store, vault: vault, providers: providers, log: logger)
            }
        }
        pool = BlockingPool(threads: 4, name: "slipway-git")
        mirrors = MirrorStore(configuration: .init(dataDirectory: data.path, pool: pool, logger: logger))
        var settings = PipelineSettings(dataDirectory: data.path, builderVersion: CLI.version)
        configure(&settings)
        let parts = PipelineParts(
            store: store, queue: store, git: mirrors, runner: ProcessRunner(),
            artifacts: try FileArtifactStore(root: data.artifacts), packer: WorkspacePacker(),
            toolchains: ProcessToolchainProbe(), pool: pool, credentials: resolve, log: logger, observer: observer)
        pipeline = ReleasePipeline(
            parts: parts, settings: settings, validator: ManifestValidator(templates: templates, toolchains: nil))
        try pipeline.prepare()
        let resumed = try store.expireLeases(now: Date())
        if resumed > 0 {
            logger.warning("resuming work interrupted by a previous process", [("jobs", String(resumed))])
        }
    }

    deinit { pool.shutdown() }

    /// The token of the repository's connection with the provider's clone user name, or anonymous access
    /// when the repository has no connection or the connection no token. A token that cannot be read is
    /// logged (without its value) and the fetch goes on anonymously, failing with a clear error if the
    /// repository is private.
    static func connectionCredentials(
        _ repository: RepositoryRecord, store: SQLiteStore, vault: SecretVault, providers: ProviderCatalog, log: Logger
    ) -> GitCredentials {
        guard let id = repository.connectionID else { return .anonymous }
        do {
            guard let connection = try store.connection(id: id),
                let token = try vault.value(of: connection.token, scope: "connection:" + id, name: "token")
            else { return .anonymous }
            return try providers.cloneCredentials(
                token, provider: connection.provider, accountName: connection.accountName)
        } catch {
            log.error(
                "cannot read the connection's token; fetching anonymously", [("connection", id), ("error", "\(error)")])
            return .anonymous
        }
    }
}
