internal import CGit2
import Core

/// One open libgit2 repository (a mirror). Owns the `git_repository*`, freed in `deinit`.
///
/// libgit2 repositories must not be used from two threads at once: a `Repository` is opened, used and dropped
/// inside one blocking-pool job (per-call open), and is not `Sendable`.
final class Repository {
    let handle: OpaquePointer
    let path: String

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit { git_repository_free(handle) }

    /// Opens the bare repository at `path` (no discovery, no parent search).
    static func openBare(_ path: String) throws(LibGit2Failure) -> Repository {
        _ = libgit2Ready
        var raw: OpaquePointer?
        try check("git_repository_open_bare") { git_repository_open_bare(&raw, path) }
        return Repository(handle: raw!, path: path)
    }

    /// Creates an empty bare repository at `path` that never writes reflogs.
    static func createBare(_ path: String) throws(LibGit2Failure) -> Repository {
        _ = libgit2Ready
        var raw: OpaquePointer?
        try check("git_repository_init") { git_repository_init(&raw, path, 1) }
        let repository = Repository(handle: raw!, path: path)
        var config: OpaquePointer?
        try check("git_repository_config") { git_repository_config(&config, repository.handle) }
        defer { git_config_free(config) }
        try check("git_config_set_bool") { git_config_set_bool(config, "core.logAllRefUpdates", 0) }
        return repository
    }

    // MARK: Objects

    func commit(_ id: ObjectID) throws(LibGit2Failure) -> Commit {
        var oid = id.gitOID
        var raw: OpaquePointer?
        try check("git_commit_lookup") { git_commit_lookup(&raw, handle, &oid) }
        return Commit(raw!)
    }

    func tree(_ id: ObjectID) throws(LibGit2Failure) -> Tree {
        var oid = id.gitOID
        var raw: OpaquePointer?
        try check("git_tree_lookup") { git_tree_lookup(&raw, handle, &oid) }
        return Tree(raw!)
    }

    func blob(_ id: ObjectID) throws(LibGit2Failure) -> Blob {
        var oid = id.gitOID
        var raw: OpaquePointer?
        try check("git_blob_lookup") { git_blob_lookup(&raw, handle, &oid) }
        return Blob(raw!)
    }

    /// Size and type of an object without inflating it.
    func header(_ id: ObjectID, odb: ObjectDatabase) throws(LibGit2Failure) -> (size: Int, type: git_object_t) {
        var oid = id.gitOID
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check("git_odb_read_header") { git_odb_read_header(&size, &type, odb.handle, &oid) }
        return (size, type)
    }

    func objectDatabase() throws(LibGit2Failure) -> ObjectDatabase {
        var raw: OpaquePointer?
        try check("git_repository_odb") { git_repository_odb(&raw, handle) }
        return ObjectDatabase(raw!)
    }

    // MARK: References

    /// Direct refs matching `glob` (`refs/heads/*`), with their targets; symbolic refs are skipped.
    func references(matching glob: String) throws(LibGit2Failure) -> [String: ObjectID] {
        var iterator: OpaquePointer?
        try check("git_reference_iterator_glob_new") { git_reference_iterator_glob_new(&iterator, handle, glob) }
        defer { git_reference_iterator_free(iterator) }
        var result: [String: ObjectID] = [:]
        while true {
            var reference: OpaquePointer?
            let code = git_reference_next(&reference, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check("git_reference_next") { code }
            defer { git_reference_free(reference) }
            guard let target = git_reference_target(reference) else { continue }
            result[cString(git_reference_name(reference))] = ObjectID(target.pointee)
        }
        return result
    }

    /// The commit a ref points to, peeling annotated tags; nil when the ref does not exist.
    func peeledCommit(ofReference name: String) throws(LibGit2Failure) -> ObjectID? {
        var reference: OpaquePointer?
        do throws(LibGit2Failure) {
            try check("git_reference_lookup") { git_reference_lookup(&reference, handle, name) }
        } catch  where error.isNotFound || error.code == GIT_EINVALIDSPEC.rawValue {
            return nil
        }
        defer { git_reference_free(reference) }
        var object: OpaquePointer?
        try check("git_reference_peel") { git_reference_peel(&object, reference, GIT_OBJECT_COMMIT) }
        defer { git_object_free(object) }
        return ObjectID(git_object_id(object).pointee)
    }

    /// Whether `descendant` has `ancestor` in its history.
    func isDescendant(_ descendant: ObjectID, of ancestor: ObjectID) -> Bool {
        var commit = descendant.gitOID
        var base = ancestor.gitOID
        return git_graph_descendant_of(handle, &commit, &base) == 1
    }
}

@available(*, unavailable)
extension Repository: Sendable {}

/// Owns a `git_odb*` reference.
final class ObjectDatabase {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_odb_free(handle) }

    func contains(_ id: ObjectID) -> Bool {
        var oid = id.gitOID
        return git_odb_exists(handle, &oid) == 1
    }
}

/// Owns a `git_commit*`.
final class Commit {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_commit_free(handle) }

    var id: ObjectID { ObjectID(git_commit_id(handle).pointee) }
    var treeID: ObjectID { ObjectID(git_commit_tree_id(handle).pointee) }
    var committerTime: Int64 { git_commit_time(handle) }

    var parents: [ObjectID] {
        (0..<git_commit_parentcount(handle)).compactMap { index in
            git_commit_parent_id(handle, index).map { ObjectID($0.pointee) }
        }
    }

    var summary: String { git_commit_summary(handle).map { cString($0) } ?? "" }

    var info: CommitInfo {
        CommitInfo(id: id, tree: treeID, parents: parents, committerTime: committerTime, summary: summary)
    }
}

/// One entry of a tree, copied out of libgit2's memory.
struct TreeEntryInfo {
    /// The raw name bytes (git allows any bytes but NUL).
    var name: [UInt8]
    var id: ObjectID
    var mode: UInt32

    var kind: TreeEntryKind? {
        switch mode {
        case GIT_FILEMODE_TREE.rawValue: .tree
        case GIT_FILEMODE_BLOB.rawValue: .file
        case GIT_FILEMODE_BLOB_EXECUTABLE.rawValue: .executable
        case GIT_FILEMODE_LINK.rawValue: .symlink
        case GIT_FILEMODE_COMMIT.rawValue: .submodule
        default: nil
        }
    }
}

/// Owns a `git_tree*`.
final class Tree {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_tree_free(handle) }

    var id: ObjectID { ObjectID(git_tree_id(handle).pointee) }

    var entries: [TreeEntryInfo] {
        let count = git_tree_entrycount(handle)
        var result: [TreeEntryInfo] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(handle, index) else { continue }
            result.append(
                TreeEntryInfo(
                    name: cStringBytes(git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry).pointee),
                    mode: git_tree_entry_filemode(entry).rawValue))
        }
        return result
    }

    /// The entry at a slash-separated path below this tree, nil when absent.
    func entry(atPath path: String) throws(LibGit2Failure) -> TreeEntryInfo? {
        var raw: OpaquePointer?
        do throws(LibGit2Failure) {
            try check("git_tree_entry_bypath") { git_tree_entry_bypath(&raw, handle, path) }
        } catch  where error.isNotFound {
            return nil
        }
        defer { git_tree_entry_free(raw) }
        return TreeEntryInfo(
            name: cStringBytes(git_tree_entry_name(raw)), id: ObjectID(git_tree_entry_id(raw).pointee),
            mode: git_tree_entry_filemode(raw).rawValue)
    }
}

/// Owns a `git_blob*`.
final class Blob {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_blob_free(handle) }

    var size: Int { Int(git_blob_rawsize(handle)) }

    /// The content, valid while this `Blob` lives.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: git_blob_rawcontent(handle), count: size))
    }

    var bytes: [UInt8] { withBytes { Array($0) } }
}
