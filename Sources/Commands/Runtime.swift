import Artifacts
package import Core
package import Database
import Foundation
package import Git
package import Manifest
package import Pipeline
import Processes

/// The composition root: the concrete store, mirrors, runner and artifact store wired into a pipeline,
/// on one data directory.
package final class Runtime: Sendable {
    /// The data directory, locked for this process.
    package let data: DataDirectoryHandle
    /// The SQLite store and job queue.
    package let store: SQLiteStore
    /// The mirrors.
    package let mirrors: MirrorStore
    /// The release pipeline.
    package let pipeline: ReleasePipeline
    /// Threads for blocking work.
    package let pool: BlockingPool

    /// Opens the data directory (taking its lock), the database (migrating it) and the stores, and
    /// prepares the pipeline: work folders of a crashed process are removed and its jobs' leases lapse
    /// at once, so interrupted work resumes now.
    package init(
        dataDirectory: String, templates: TemplateCatalog, logger: Logger, observer: (any PipelineObserver)? = nil,
        credentials: @escaping @Sendable (RepositoryRecord) -> GitCredentials = { _ in .anonymous },
        configure: (inout PipelineSettings) -> Void = { _ in }
    ) throws {
        let data = try DataDirectory(dataDirectory)
        self.data = DataDirectoryHandle(data)
        store = try SQLiteStore(path: data.database)
        pool = BlockingPool(threads: 4, name: "slipway-git")
        mirrors = MirrorStore(configuration: .init(dataDirectory: data.path, pool: pool, logger: logger))
        var settings = PipelineSettings(dataDirectory: data.path, builderVersion: CLI.version)
        configure(&settings)
        let parts = PipelineParts(
            store: store, queue: store, git: mirrors, runner: ProcessRunner(),
            artifacts: try FileArtifactStore(root: data.artifacts), packer: WorkspacePacker(),
            toolchains: ProcessToolchainProbe(), pool: pool, credentials: credentials, log: logger, observer: observer)
        pipeline = ReleasePipeline(
            parts: parts, settings: settings, validator: ManifestValidator(templates: templates, toolchains: nil))
        try pipeline.prepare()
        let resumed = try store.expireLeases(now: Date())
        if resumed > 0 {
            logger.warning("resuming work interrupted by a previous process", [("jobs", String(resumed))])
        }
    }

    deinit { pool.shutdown() }
}

/// Keeps the data directory's lock for as long as the runtime lives.
package final class DataDirectoryHandle: @unchecked Sendable {
    // Unchecked: the wrapped value is immutable after init and only closed in deinit.
    let directory: DataDirectory
    init(_ directory: DataDirectory) { self.directory = directory }
    /// The directory.
    package var path: String { directory.path }
}
