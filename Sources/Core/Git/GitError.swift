/// Why a git operation failed: a code the pipeline can act on, a message that names the repository (without
/// credentials), path or ref and says what to do, and the underlying library error when there is one.
///
/// Codes say what happens next: a person must act (`authentication`, `invalidURL`, `unsafeContent`, …), or a
/// later attempt may succeed (`network`, `stalled`, `notMirrored`).
package struct GitError: Error, Sendable, CustomStringConvertible {
    /// The closed set of reasons, kept open to additions.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The remote URL cannot be used (unknown scheme, no path, a query string…). A person must fix it.
        package static let invalidURL = Code("invalidURL")
        /// A branch name, ref, path or option is malformed. A person must fix it.
        package static let invalidArgument = Code("invalidArgument")
        /// The server rejected the credentials, or asked for some and none were configured. A person must act.
        package static let authentication = Code("authentication")
        /// The server says the repository does not exist or is not exported to us. A person must act.
        package static let repositoryNotFound = Code("repositoryNotFound")
        /// This build of libgit2 cannot do what was asked (SSH without libssh2). An administrator must act.
        package static let unsupported = Code("unsupported")
        /// Connecting or transferring failed (refused, reset, DNS, TLS, HTTP 5xx). Retryable.
        package static let network = Code("network")
        /// No data arrived for longer than the stall timeout and the transfer was aborted. Retryable.
        package static let stalled = Code("stalled")
        /// The caller cancelled (task cancellation or a ``CancellationToken``).
        package static let cancelled = Code("cancelled")
        /// There is no mirror of the repository yet: fetch it first.
        package static let notMirrored = Code("notMirrored")
        /// A ref (branch, tag) does not exist in the mirror.
        package static let refNotFound = Code("refNotFound")
        /// A commit or object is not in the mirror (never fetched, or dropped by a re-clone).
        package static let objectNotFound = Code("objectNotFound")
        /// A path does not exist at the commit.
        package static let pathNotFound = Code("pathNotFound")
        /// A path exists but is not a regular file where one was expected (a directory, a symlink).
        package static let notAFile = Code("notAFile")
        /// The tree holds something that must not be exported: an entry named `..` or containing `/`, a `.git`
        /// entry, a symlink leaving the exported tree. A person must fix the repository.
        package static let unsafeContent = Code("unsafeContent")
        /// A configured size or count limit was exceeded. A person must shrink the input or raise the limit.
        package static let limitExceeded = Code("limitExceeded")
        /// Reading or writing the local file system failed (permissions, disk full, destination not empty).
        package static let fileSystem = Code("fileSystem")
        /// The mirror is damaged and could not be repaired by re-cloning. Retryable; an administrator should look.
        package static let corruptMirror = Code("corruptMirror")
        /// libgit2 failed in a way not listed above; the cause has its message.
        package static let library = Code("library")

        package var description: String { name }
    }

    /// Which kind of failure.
    package var code: Code
    /// What failed and what to do; never contains credentials.
    package var message: String
    /// The underlying error (a libgit2 failure, a system error), if any.
    package var cause: (any Error & Sendable)?

    /// Creates an error.
    package init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message; the cause stays available in ``cause`` for logs that want the library's own words.
    package var description: String { message }
}
