/// What to bring into a repository's mirror.
///
/// Only the listed branches (and, with `includeTags`, every tag) are fetched, as explicit forced refspecs
/// (`+refs/heads/main:refs/heads/main`, `+refs/tags/*:refs/tags/*`); a listed branch deleted on the server is
/// deleted from the mirror. Branches fetched earlier for other integrations stay untouched.
package struct FetchRequest: Sendable {
    /// The repository.
    package var remote: RemoteURL
    /// How to authenticate.
    package var credentials: GitCredentials
    /// Short branch names to bring up to date (`main`, `release/2.x`).
    package var branches: [String]
    /// Whether to fetch every tag too.
    package var includeTags: Bool
    /// A fetch already running is shared with this request only if it started at or after this instant (and
    /// covers its refs); otherwise the request waits for the next fetch. Set it to when the trigger (webhook,
    /// poll) was received, so that a push is never answered by a fetch that started before it. Defaults to now.
    package var notBefore: ContinuousClock.Instant
    /// Stall timeout, cancellation and progress.
    package var transfer: TransferOptions

    /// Creates a request.
    package init(
        remote: RemoteURL, credentials: GitCredentials = .anonymous, branches: [String], includeTags: Bool = true,
        notBefore: ContinuousClock.Instant = .now, transfer: TransferOptions = TransferOptions()
    ) {
        self.remote = remote
        self.credentials = credentials
        self.branches = branches
        self.includeTags = includeTags
        self.notBefore = notBefore
        self.transfer = transfer
    }
}

/// One ref changed by a fetch.
package struct RefUpdate: Sendable, Hashable, CustomStringConvertible {
    /// How the ref moved.
    package enum Kind: String, Sendable, Hashable {
        /// The ref is new in the mirror.
        case created
        /// The new commit descends from the old one.
        case fastForward
        /// History was rewritten (force-push): the old commit is not an ancestor of the new one.
        case forced
        /// The ref was deleted on the server and pruned from the mirror.
        case deleted
    }

    /// Full ref name (`refs/heads/main`).
    package var name: String
    /// Before the fetch; nil when created.
    package var old: ObjectID?
    /// After the fetch; nil when deleted.
    package var new: ObjectID?
    /// How the ref moved.
    package var kind: Kind

    /// Creates an update.
    package init(name: String, old: ObjectID?, new: ObjectID?, kind: Kind) {
        self.name = name
        self.old = old
        self.new = new
        self.kind = kind
    }

    package var description: String {
        "\(name) \(old?.abbreviated ?? "(none)")..\(new?.abbreviated ?? "(none)") \(kind.rawValue)"
    }
}

/// What a fetch did and where the mirror's refs stand.
package struct FetchResult: Sendable {
    /// The repository.
    package var remote: RemoteURL
    /// A number identifying the fetch that served this request; requests that coalesced share it.
    package var fetchNumber: Int
    /// How many requests this one fetch served.
    package var servedRequests: Int
    /// The mirror's requested refs after the fetch: `refs/heads/<branch>` for each requested branch that exists,
    /// and every `refs/tags/*` when tags were requested; values are what the ref points to (a tag object for
    /// annotated tags: use ``GitMirrors/commit(for:in:)`` to peel).
    package var refs: [String: ObjectID]
    /// Refs that moved, were created or were deleted, sorted by name.
    package var updates: [RefUpdate]
    /// Objects received from the server (0 when nothing changed).
    package var receivedObjects: Int
    /// Bytes received from the server.
    package var receivedBytes: Int
    /// Whether this fetch created the mirror (first clone, or re-clone after corruption).
    package var createdMirror: Bool
    /// Whether a corrupt mirror was moved aside and replaced during this fetch.
    package var replacedCorruptMirror: Bool
    /// Wall time of the fetch itself.
    package var duration: Duration

    /// Creates a result.
    package init(
        remote: RemoteURL, fetchNumber: Int, servedRequests: Int, refs: [String: ObjectID], updates: [RefUpdate],
        receivedObjects: Int, receivedBytes: Int, createdMirror: Bool, replacedCorruptMirror: Bool,
        duration: Duration
    ) {
        self.remote = remote
        self.fetchNumber = fetchNumber
        self.servedRequests = servedRequests
        self.refs = refs
        self.updates = updates
        self.receivedObjects = receivedObjects
        self.receivedBytes = receivedBytes
        self.createdMirror = createdMirror
        self.replacedCorruptMirror = replacedCorruptMirror
        self.duration = duration
    }

    /// The commit of a requested branch, nil when the branch does not exist on the server.
    package func head(ofBranch branch: String) -> ObjectID? { refs["refs/heads/" + branch] }
}

/// One ref advertised by a server (ls-remote).
package struct RemoteHead: Sendable, Hashable, CustomStringConvertible {
    /// Full ref name (`refs/heads/main`, `HEAD`, `refs/tags/v1^{}` for a peeled tag).
    package var name: String
    /// The object it points to.
    package var id: ObjectID
    /// For a symbolic ref such as `HEAD`, the ref it points to, when the server says.
    package var symbolicTarget: String?

    /// Creates a head.
    package init(name: String, id: ObjectID, symbolicTarget: String? = nil) {
        self.name = name
        self.id = id
        self.symbolicTarget = symbolicTarget
    }

    package var description: String { "\(id.hex)\t\(name)" }
}
