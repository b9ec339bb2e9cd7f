package import Core
import Foundation

extension MirrorStore {
    /// Lists the server's refs through a detached remote (no mirror needed), under the stall watchdog.
    package nonisolated func remoteHeads(
        of remote: RemoteURL, credentials: GitCredentials, transfer: TransferOptions
    ) async throws -> [RemoteHead] {
        try checkSSHSupport(remote: remote, credentials: credentials)
        let session = TransferSession(remote: remote, credentials: credentials, stallTimeout: transfer.stallTimeout)
        let registration = transfer.cancellation?.onCancel { session.abort(.cancelled) }
        defer { registration?.remove() }
        do {
            return try await withTaskCancellationHandler {
                try await session.run(on: pool) {
                    let handle = try Remote.detached(url: remote.connectionString)
                    try handle.connect(session)
                    defer { handle.disconnect() }
                    return try handle.advertisedHeads().sorted { $0.name < $1.name }
                }
            } onCancel: {
                session.abort(.cancelled)
            }
        } catch {
            throw session.gitError(error, doing: "Listing the heads of")
        }
    }

    /// Resolves `ref` in the mirror (see ``GitMirrors/commit(for:in:)``).
    package nonisolated func commit(for ref: String, in remote: RemoteURL) async throws -> CommitInfo {
        try await reading(remote) { reader in try reader.resolve(ref: ref) }
    }

    /// The entry at `path` in `commit`, or nil.
    package nonisolated func treeEntry(
        at path: RepositoryPath, commit: ObjectID, in remote: RemoteURL
    ) async throws -> PathEntry? {
        try await reading(remote) { reader in try reader.entry(at: path, in: try reader.rootTree(of: commit)) }
    }

    /// The inputs digest of an integration at a commit (``InputsDigestEncoding``, hashed with SHA-256).
    package nonisolated func inputsDigest(
        _ request: InputsDigestRequest, in remote: RemoteURL
    ) async throws
        -> InputsDigest
    {
        try await reading(remote) { reader in try reader.inputsDigest(request) }
    }

    /// Files that differ between two commits below `paths`, by comparing only the subtrees that changed.
    package nonisolated func changedFiles(
        from old: ObjectID, to new: ObjectID, below paths: [RepositoryPath], in remote: RemoteURL
    ) async throws -> [ChangedFile] {
        try await reading(remote) { reader in try reader.changedFiles(from: old, to: new, below: paths) }
    }

    /// The bytes of the regular file at `path`, checked against `maxBytes` before it is read.
    package nonisolated func readFile(
        at path: RepositoryPath, commit: ObjectID, in remote: RemoteURL, maxBytes: Int
    ) async throws -> [UInt8] {
        try await reading(remote) { reader in try reader.readFile(at: path, commit: commit, maxBytes: maxBytes) }
    }

    /// A deterministic `.tar.gz` of the request, planned and checked first, then streamed from the mirror.
    package nonisolated func exportArchive(
        _ request: ExportRequest, in remote: RemoteURL, temporaryDirectory: String
    ) async throws -> ArchiveResult {
        let cancellation = CancellationToken()
        return try await withTaskCancellationHandler {
            try await reading(remote) { reader in
                let plan = try ExportPlanner(reader: reader, request: request, cancellation: cancellation).plan()
                return try ArchiveWriter(reader: reader, plan: plan, cancellation: cancellation)
                    .write(inDirectory: temporaryDirectory)
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// The same files as the archive, written into `directory` (see ``Materializer``).
    package nonisolated func materialize(
        _ request: ExportRequest, in remote: RemoteURL, into directory: String
    ) async throws -> ExportSummary {
        let cancellation = CancellationToken()
        return try await withTaskCancellationHandler {
            try await reading(remote) { reader in
                let plan = try ExportPlanner(reader: reader, request: request, cancellation: cancellation).plan()
                try Materializer(reader: reader, plan: plan, cancellation: cancellation).write(into: directory)
                return plan.summary
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Opens the mirror of `remote` on a pool thread and runs `body` with it.
    private nonisolated func reading<T: Sendable>(
        _ remote: RemoteURL, _ body: @escaping @Sendable (MirrorReader) throws -> T
    ) async throws -> T {
        let directory = mirrorDirectory(for: remote)
        return try await pool.run {
            guard FileManager.default.fileExists(atPath: directory) else {
                throw GitError(.notMirrored, "there is no mirror of \(remote.redacted) yet; fetch it first")
            }
            let repository: Repository
            do throws(LibGit2Failure) {
                repository = try Repository.openBare(directory)
            } catch {
                throw GitError(
                    .corruptMirror,
                    "the mirror of \(remote.redacted) at \(directory) cannot be opened (\(error.message)); the next "
                        + "fetch replaces it", cause: error)
            }
            return try body(MirrorReader(repository: repository, remote: remote))
        }
    }
}
