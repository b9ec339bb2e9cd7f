/// What a tree entry is, from its git file mode.
package enum TreeEntryKind: String, Sendable, Hashable, Codable {
    /// A directory (mode 040000).
    case tree
    /// A regular file (100644, or any non-executable file mode).
    case file
    /// An executable file (100755).
    case executable
    /// A symbolic link (120000); the blob holds the target.
    case symlink
    /// A submodule commit (gitlink, 160000); its content is in another repository.
    case submodule
}

/// The object found at a path in a commit's tree.
package struct PathEntry: Sendable, Hashable {
    /// The path looked up.
    package var path: RepositoryPath
    /// What is there.
    package var kind: TreeEntryKind
    /// The tree, blob or submodule commit id.
    package var id: ObjectID

    /// Creates an entry.
    package init(path: RepositoryPath, kind: TreeEntryKind, id: ObjectID) {
        self.path = path
        self.kind = kind
        self.id = id
    }
}

/// A commit's identity and the fields releases and decision records show.
package struct CommitInfo: Sendable, Hashable {
    /// The commit.
    package var id: ObjectID
    /// Its root tree.
    package var tree: ObjectID
    /// Parent commits, first parent first.
    package var parents: [ObjectID]
    /// Committer time, seconds since 1970 (the mtime of every exported file).
    package var committerTime: Int64
    /// The first line of the message.
    package var summary: String

    /// Creates a value.
    package init(id: ObjectID, tree: ObjectID, parents: [ObjectID], committerTime: Int64, summary: String) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.committerTime = committerTime
        self.summary = summary
    }
}

/// A file that differs between two commits.
package struct ChangedFile: Sendable, Hashable, CustomStringConvertible {
    /// How it differs.
    package enum Change: String, Sendable, Hashable {
        case added
        case deleted
        case modified
        /// Became or stopped being a symlink or submodule.
        case typeChanged
    }

    /// Repository-relative path (lossy UTF-8 for names that are not UTF-8).
    package var path: String
    /// How it differs.
    package var change: Change
    /// Blob before; nil when added.
    package var oldID: ObjectID?
    /// Blob after; nil when deleted.
    package var newID: ObjectID?

    /// Creates a value.
    package init(path: String, change: Change, oldID: ObjectID?, newID: ObjectID?) {
        self.path = path
        self.change = change
        self.oldID = oldID
        self.newID = newID
    }

    package var description: String { "\(change.rawValue) \(path)" }
}
