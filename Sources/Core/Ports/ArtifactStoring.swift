package import Foundation

/// An artifact in the store.
package struct StoredArtifact: Sendable, Hashable {
    /// `sha256:<hex>`.
    package var digest: String
    /// Size in bytes.
    package var size: Int64
    /// Where the verified file is (read-only; never modify it).
    package var path: String

    /// Creates a value.
    package init(digest: String, size: Int64, path: String) {
        self.digest = digest
        self.size = size
        self.path = path
    }
}

/// What a garbage collection removed and kept.
package struct ArtifactCollection: Sendable, Hashable {
    /// Digests removed.
    package var removed: [String]
    /// Bytes freed.
    package var freedBytes: Int64
    /// Artifacts kept because a release references them.
    package var keptReferenced: Int
    /// Unreferenced artifacts kept (young enough, or within the count to keep).
    package var keptUnreferenced: Int

    /// Creates a report.
    package init(removed: [String], freedBytes: Int64, keptReferenced: Int, keptUnreferenced: Int) {
        self.removed = removed
        self.freedBytes = freedBytes
        self.keptReferenced = keptReferenced
        self.keptUnreferenced = keptUnreferenced
    }
}

/// The content-addressed artifact store (SPEC invariant 7): artifacts are stored under their SHA-256,
/// written atomically, and verified when read. A filesystem implementation lives in the Artifacts
/// module; an OCI registry or S3 store can take its place later.
package protocol ArtifactStoring: Sendable {
    /// A folder on the store's file system for writing new artifacts before ``store(file:digest:)``.
    var temporaryDirectory: String { get }

    /// Moves a finished file (written in ``temporaryDirectory``) into the store under `digest`, after
    /// checking that the file's SHA-256 is `digest`; storing a digest already present keeps the existing
    /// file. The move is atomic: the artifact is either absent or complete.
    func store(file: String, digest: String) throws -> StoredArtifact

    /// The artifact, its bytes verified against its digest now; a corrupt file is moved aside and the
    /// read fails.
    func verified(_ digest: String) throws -> StoredArtifact

    /// Whether the store holds `digest` (not verified).
    func contains(_ digest: String) -> Bool

    /// Removes artifacts no release references: those older than `minimumAge`, then the oldest beyond
    /// `keepUnreferenced`. Referenced artifacts are never removed.
    func collectGarbage(
        referenced: Set<String>, minimumAge: Duration, keepUnreferenced: Int, now: Date
    ) throws
        -> ArtifactCollection
}

/// Why the artifact store failed.
package struct ArtifactError: Error, Sendable, CustomStringConvertible {
    /// The closed set of reasons, kept open to additions.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// No artifact with this digest.
        package static let notFound = Code("notFound")
        /// The bytes do not match the digest.
        package static let corrupt = Code("corrupt")
        /// A digest that is not `sha256:<64 hex>`.
        package static let invalidDigest = Code("invalidDigest")
        /// A file could not be read, written or moved.
        package static let fileSystem = Code("fileSystem")
        /// The workspace holds something that cannot be archived, or is over a limit.
        package static let unsafeContent = Code("unsafeContent")

        package var description: String { name }
    }

    /// Which kind of failure.
    package var code: Code
    /// What failed and what to do.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}

/// A built workspace packed as a deterministic `.tar.gz`, not yet in the store.
package struct PackedWorkspace: Sendable, Hashable {
    /// The temporary file.
    package var file: String
    /// `sha256:<hex>` of the file.
    package var digest: String
    /// Its size.
    package var size: Int64
    /// Regular files packed.
    package var files: Int
    /// Paths left out because they are neither files, folders nor links (sockets, FIFOs, devices).
    package var skipped: [String]

    /// Creates a value.
    package init(file: String, digest: String, size: Int64, files: Int, skipped: [String]) {
        self.file = file
        self.digest = digest
        self.size = size
        self.files = files
        self.skipped = skipped
    }
}

/// Packs a built workspace into a deterministic archive: entries sorted, one fixed mtime, uid/gid 0,
/// modes 0644/0755, links kept as links.
package protocol WorkspacePacking: Sendable {
    /// Packs `directory` without the paths matching `excluding` (a pattern without `/` matches a name at any
    /// depth, `*.log`; one with `/` matches a path from the top, `node_modules/.cache`), every entry dated
    /// `mtime` (seconds since the epoch), into a new file in `temporaryDirectory`.
    func pack(
        directory: String, excluding: [String], mtime: Int64, into temporaryDirectory: String
    ) throws
        -> PackedWorkspace
}
