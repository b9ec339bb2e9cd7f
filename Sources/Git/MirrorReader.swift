internal import CGit2
import Core
import Crypto

/// Read-only questions about one open mirror: commits, entries, digests, diffs, file contents. Used inside one
/// pool job; errors name the repository, commit and path.
struct MirrorReader {
    let repository: Repository
    let remote: RemoteURL

    // MARK: Commits and entries

    func commitInfo(_ id: ObjectID) throws(GitError) -> CommitInfo {
        try commit(id).info
    }

    func commit(_ id: ObjectID) throws(GitError) -> Commit {
        do throws(LibGit2Failure) {
            return try repository.commit(id)
        } catch {
            if error.isNotFound {
                throw GitError(
                    .objectNotFound,
                    "commit \(id.abbreviated) is not in the mirror of \(remote.redacted); fetch the branch or tag that "
                        + "contains it", cause: error)
            }
            throw GitError(
                .invalidArgument, "\(id.abbreviated) in \(remote.redacted) is not a commit: \(error.message)",
                cause: error)
        }
    }

    func resolve(ref: String) throws(GitError) -> CommitInfo {
        if let id = ObjectID(hex: ref) { return try commitInfo(id) }
        let candidates = ref.hasPrefix("refs/") ? [ref] : ["refs/heads/" + ref, "refs/tags/" + ref]
        for name in candidates {
            let peeled: ObjectID?
            do throws(LibGit2Failure) {
                peeled = try repository.peeledCommit(ofReference: name)
            } catch {
                throw GitError(
                    .invalidArgument, "\(name) in \(remote.redacted) does not lead to a commit: \(error.message)",
                    cause: error)
            }
            if let peeled { return try commitInfo(peeled) }
        }
        throw GitError(
            .refNotFound,
            "'\(ref)' is not a branch or tag in the mirror of \(remote.redacted); check the name, and that the branch "
                + "is tracked (only tracked branches and tags are fetched)")
    }

    func rootTree(of commitID: ObjectID) throws(GitError) -> Tree {
        let treeID = try commit(commitID).treeID
        do throws(LibGit2Failure) {
            return try repository.tree(treeID)
        } catch {
            throw GitError(
                .corruptMirror,
                "the tree of commit \(commitID.abbreviated) is missing from the mirror of \(remote.redacted): "
                    + "\(error.message); the next fetch re-clones it", cause: error)
        }
    }

    /// The entry at `path` below `root`, or nil.
    func entry(at path: RepositoryPath, in root: Tree) throws(GitError) -> PathEntry? {
        if path.isRoot { return PathEntry(path: path, kind: .tree, id: root.id) }
        let found: TreeEntryInfo?
        do throws(LibGit2Failure) {
            found = try root.entry(atPath: path.value)
        } catch {
            throw GitError(.library, "cannot look up \(path) in \(remote.redacted): \(error.message)", cause: error)
        }
        guard let found, let kind = found.kind else { return nil }
        return PathEntry(path: path, kind: kind, id: found.id)
    }

    // MARK: Inputs digest

    func inputsDigest(_ request: InputsDigestRequest) throws(GitError) -> InputsDigest {
        let root = try rootTree(of: request.commit)
        guard let integration = try entry(at: request.integrationPath, in: root) else {
            throw GitError(
                .pathNotFound,
                "the integration path '\(request.integrationPath)' does not exist at commit "
                    + "\(request.commit.abbreviated) of \(remote.redacted); fix the integration's repository path or "
                    + "restore the folder")
        }
        var includes: [InputTree] = []
        for path in request.includes {
            let found = try entry(at: path, in: root)
            includes.append(InputTree(path: path, kind: found?.kind, id: found?.id))
        }
        let integrationTree = InputTree(path: request.integrationPath, kind: integration.kind, id: integration.id)
        let manifestDigest = sha256(request.manifest).prefixed
        let bytes = InputsDigestEncoding.encode(
            integration: integrationTree, includes: includes, manifestDigest: manifestDigest,
            templateName: request.templateName, templateVersion: request.templateVersion,
            builderVersion: request.builderVersion)
        return InputsDigest(
            value: sha256(bytes).prefixed, integration: integrationTree,
            includes: InputsDigestEncoding.canonicalIncludes(includes, integration: request.integrationPath),
            manifestDigest: manifestDigest)
    }

    // MARK: Changes

    func changedFiles(
        from old: ObjectID, to new: ObjectID, below paths: [RepositoryPath]
    ) throws(GitError)
        -> [ChangedFile]
    {
        let oldRoot = try rootTree(of: old)
        let newRoot = try rootTree(of: new)
        let requested = paths.isEmpty ? [RepositoryPath.root] : paths
        // Drop paths that lie inside another requested path: their changes are already included.
        let selected = requested.filter { path in !requested.contains { $0 != path && $0.contains(path) } }
        var changes: [String: ChangedFile] = [:]
        for path in Set(selected) {
            let before = try entry(at: path, in: oldRoot)
            let after = try entry(at: path, in: newRoot)
            if before?.id == after?.id && before?.kind == after?.kind { continue }
            let beforeTree = before?.kind == .tree ? before : nil
            let afterTree = after?.kind == .tree ? after : nil
            if beforeTree != nil || afterTree != nil {
                for change in try diff(beforeTree?.id, afterTree?.id, prefix: path) { changes[change.path] = change }
            }
            let beforeFile = before?.kind == .tree ? nil : before
            let afterFile = after?.kind == .tree ? nil : after
            if let change = fileChange(path: path.value, before: beforeFile, after: afterFile) {
                changes[change.path] = change
            }
        }
        return changes.values.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private func fileChange(path: String, before: PathEntry?, after: PathEntry?) -> ChangedFile? {
        switch (before, after) {
        case (nil, nil): return nil
        case (nil, let after?): return ChangedFile(path: path, change: .added, oldID: nil, newID: after.id)
        case (let before?, nil): return ChangedFile(path: path, change: .deleted, oldID: before.id, newID: nil)
        case (let before?, let after?):
            if before.id == after.id && before.kind == after.kind { return nil }
            let typeChanged =
                (before.kind == .symlink) != (after.kind == .symlink) || before.kind == .submodule
                || after.kind == .submodule
            return ChangedFile(
                path: path, change: typeChanged ? .typeChanged : .modified, oldID: before.id, newID: after.id)
        }
    }

    private func diff(_ old: ObjectID?, _ new: ObjectID?, prefix: RepositoryPath) throws(GitError) -> [ChangedFile] {
        do throws(LibGit2Failure) {
            let oldTree = try old.map { id throws(LibGit2Failure) in try repository.tree(id) }
            let newTree = try new.map { id throws(LibGit2Failure) in try repository.tree(id) }
            var options = git_diff_options()
            git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
            options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
            var raw: OpaquePointer?
            try check("git_diff_tree_to_tree") {
                git_diff_tree_to_tree(&raw, repository.handle, oldTree?.handle, newTree?.handle, &options)
            }
            defer { git_diff_free(raw) }
            var result: [ChangedFile] = []
            for index in 0..<git_diff_num_deltas(raw) {
                guard let delta = git_diff_get_delta(raw, index)?.pointee else { continue }
                let change: ChangedFile.Change
                switch delta.status {
                case GIT_DELTA_ADDED: change = .added
                case GIT_DELTA_DELETED: change = .deleted
                case GIT_DELTA_TYPECHANGE: change = .typeChanged
                default: change = .modified
                }
                let file = change == .deleted ? delta.old_file : delta.new_file
                let relative = file.path.map { cString($0) } ?? ""
                result.append(
                    ChangedFile(
                        path: prefix.isRoot ? relative : prefix.value + "/" + relative, change: change,
                        oldID: change == .added ? nil : ObjectID(delta.old_file.id),
                        newID: change == .deleted ? nil : ObjectID(delta.new_file.id)))
            }
            return result
        } catch {
            throw GitError(
                .library, "cannot compare trees below \(prefix) in \(remote.redacted): \(error.message)", cause: error)
        }
    }

    // MARK: Files

    func readFile(at path: RepositoryPath, commit: ObjectID, maxBytes: Int) throws(GitError) -> [UInt8] {
        let root = try rootTree(of: commit)
        guard let found = try entry(at: path, in: root) else {
            throw GitError(
                .pathNotFound,
                "'\(path)' does not exist at commit \(commit.abbreviated) of \(remote.redacted); check the "
                    + "integration's repository path")
        }
        guard found.kind == .file || found.kind == .executable else {
            throw GitError(
                .notAFile,
                "'\(path)' at commit \(commit.abbreviated) of \(remote.redacted) is a \(found.kind.rawValue), "
                    + "not a regular file")
        }
        do {
            let size = try repository.header(found.id, odb: try repository.objectDatabase()).size
            guard size <= maxBytes else {
                throw GitError(
                    .limitExceeded,
                    "'\(path)' at commit \(commit.abbreviated) of \(remote.redacted) has \(size) bytes, more than "
                        + "the limit of \(maxBytes)")
            }
            return try repository.blob(found.id).bytes
        } catch let error as GitError {
            throw error
        } catch {
            throw GitError(.corruptMirror, "cannot read '\(path)' from \(remote.redacted): \(error)")
        }
    }
}
