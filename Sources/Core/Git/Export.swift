/// Bounds on what one export may contain; exceeding one fails the export with an error naming the file and the
/// limit, before anything is written.
package struct ExportLimits: Sendable, Hashable {
    /// Largest single file, in bytes.
    package var maxFileBytes: Int
    /// Largest sum of all file sizes, in bytes.
    package var maxTotalBytes: Int
    /// Most entries (files, directories, symlinks).
    package var maxEntries: Int

    /// Creates limits.
    package init(maxFileBytes: Int, maxTotalBytes: Int, maxEntries: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxEntries = maxEntries
    }

    /// 100 MiB per file, 1 GiB in all, 200,000 entries.
    package static let standard = ExportLimits(maxFileBytes: 100 << 20, maxTotalBytes: 1 << 30, maxEntries: 200_000)
}

/// Which part of a commit to export.
///
/// The export holds `root` and each include at their repository-relative paths (an integration in
/// `integrations/billing` with include `shared/lib` gives `integrations/billing/…` and `shared/lib/…`), with
/// their parent directories, so relative references between them keep working.
package struct ExportRequest: Sendable, Hashable {
    /// The commit.
    package var commit: ObjectID
    /// The integration's folder; it must exist.
    package var root: RepositoryPath
    /// Extra folders or files; a missing one is skipped and reported.
    package var includes: [RepositoryPath]
    /// Size and count limits.
    package var limits: ExportLimits

    /// Creates a request.
    package init(
        commit: ObjectID, root: RepositoryPath, includes: [RepositoryPath] = [], limits: ExportLimits = .standard
    ) {
        self.commit = commit
        self.root = root
        self.includes = includes
        self.limits = limits
    }
}

/// A submodule (gitlink) met during an export: listed, not followed, not exported.
package struct SubmoduleReference: Sendable, Hashable {
    /// Its path in the repository.
    package var path: String
    /// The commit it pins.
    package var commit: ObjectID

    /// Creates a value.
    package init(path: String, commit: ObjectID) {
        self.path = path
        self.commit = commit
    }
}

/// What an export contained.
package struct ExportSummary: Sendable, Hashable {
    /// Regular and executable files.
    package var files: Int
    /// Directories, including the parents of the exported paths.
    package var directories: Int
    /// Symlinks (each resolves inside the export).
    package var symlinks: Int
    /// Sum of file sizes, in bytes.
    package var totalFileBytes: Int
    /// Submodules found and skipped.
    package var submodules: [SubmoduleReference]
    /// Includes that do not exist at the commit.
    package var missingIncludes: [RepositoryPath]
    /// The commit time used as every entry's mtime.
    package var commitTime: Int64

    /// Creates a value.
    package init(
        files: Int, directories: Int, symlinks: Int, totalFileBytes: Int, submodules: [SubmoduleReference],
        missingIncludes: [RepositoryPath], commitTime: Int64
    ) {
        self.files = files
        self.directories = directories
        self.symlinks = symlinks
        self.totalFileBytes = totalFileBytes
        self.submodules = submodules
        self.missingIncludes = missingIncludes
        self.commitTime = commitTime
    }
}

/// A deterministic `.tar.gz` written to a temporary file that the caller now owns (moves into the artifact
/// store, or deletes).
package struct ArchiveResult: Sendable, Hashable {
    /// The temporary file.
    package var file: String
    /// `sha256:<hex>` of the file (the artifact digest).
    package var digest: String
    /// Size of the file in bytes.
    package var size: Int
    /// `sha256:<hex>` of the uncompressed tar stream, which does not depend on the zlib build.
    package var tarDigest: String
    /// What was exported.
    package var summary: ExportSummary

    /// Creates a value.
    package init(file: String, digest: String, size: Int, tarDigest: String, summary: ExportSummary) {
        self.file = file
        self.digest = digest
        self.size = size
        self.tarDigest = tarDigest
        self.summary = summary
    }
}
