/// The git side of the release pipeline: shared bare mirrors of remote repositories, fetched incrementally,
/// and read-only queries against them. Implemented with libgit2 by the Git module; the pipeline depends only on
/// this protocol.
///
/// Every query names the repository by its ``RemoteURL``; all URLs with the same ``RemoteURL/repositoryKey``
/// share one mirror. Queries read the mirror as of the last fetch and throw ``GitError/Code/notMirrored`` when
/// there is none yet. Errors are ``GitError``s.
package protocol GitMirrors: Sendable {
    /// Brings the mirror up to date for the request's branches (and tags), creating it on first use.
    ///
    /// Concurrent requests for one repository coalesce into one fetch (see ``FetchRequest/notBefore``); the
    /// number of fetches running at once is bounded across all repositories.
    func fetch(_ request: FetchRequest) async throws -> FetchResult

    /// The refs the server advertises, without fetching (ls-remote): a cheap "did anything change" check.
    func remoteHeads(
        of remote: RemoteURL, credentials: GitCredentials, transfer: TransferOptions
    ) async throws -> [RemoteHead]

    /// The commit a ref names in the mirror: a full ref (`refs/heads/main`, `refs/tags/v1`), a short branch or
    /// tag name (branches win), or a commit id present in the mirror. Annotated tags are peeled.
    func commit(for ref: String, in remote: RemoteURL) async throws -> CommitInfo

    /// What is at `path` in `commit` (tree id for a folder), or nil when nothing is there.
    func treeEntry(at path: RepositoryPath, commit: ObjectID, in remote: RemoteURL) async throws -> PathEntry?

    /// The integration's inputs digest at a commit. Throws ``GitError/Code/pathNotFound`` naming the path and
    /// commit when the integration path is missing.
    func inputsDigest(_ request: InputsDigestRequest, in remote: RemoteURL) async throws -> InputsDigest

    /// Files that differ between two commits below any of `paths` (all files for the root), sorted by path.
    func changedFiles(
        from old: ObjectID, to new: ObjectID, below paths: [RepositoryPath], in remote: RemoteURL
    ) async throws -> [ChangedFile]

    /// The bytes of the regular file at `path` (the `PANDIUM.yaml`), refusing files larger than `maxBytes`.
    func readFile(
        at path: RepositoryPath, commit: ObjectID, in remote: RemoteURL, maxBytes: Int
    ) async throws -> [UInt8]

    /// Writes a deterministic `.tar.gz` of the request's paths, read straight from the object database, into a
    /// new temporary file in `temporaryDirectory`, and returns its digest and size.
    func exportArchive(
        _ request: ExportRequest, in remote: RemoteURL, temporaryDirectory: String
    ) async throws -> ArchiveResult

    /// Writes the same files as ``exportArchive(_:in:temporaryDirectory:)`` into `directory`, which must not
    /// exist or be empty; nothing is ever written outside it.
    func materialize(
        _ request: ExportRequest, in remote: RemoteURL, into directory: String
    ) async throws
        -> ExportSummary
}
