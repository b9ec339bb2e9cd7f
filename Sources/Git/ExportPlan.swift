import Core

/// Everything an export will write, decided and checked before the first byte is written: entries sorted by
/// their tar names, names validated, symlinks resolved inside the export, submodules listed, limits enforced.
struct ExportPlan {
    enum Kind {
        case directory
        case file(executable: Bool)
        case symlink(target: [UInt8])
    }

    struct Entry {
        /// Repository-relative path bytes, without a trailing slash.
        var path: [UInt8]
        var kind: Kind
        /// The blob, for files.
        var blob: ObjectID?
        var size: Int

        /// The name in the tar stream: directories end with `/`.
        var tarName: [UInt8] {
            if case .directory = kind { return path + [0x2F] }
            return path
        }
    }

    var entries: [Entry]
    var summary: ExportSummary
}

/// Builds an ``ExportPlan`` by walking the selected trees of one commit.
///
/// Refused with ``GitError/Code/unsafeContent``: entry names that are empty, `.`, `..`, contain `/` or are `.git`
/// in any case; two entries with one name in a tree; unknown file modes; symlinks whose target is absolute,
/// longer than 4 KiB, or resolves (following the export's other symlinks) above the export's root or outside the
/// exported paths and their parent directories. Submodules are listed in the summary and skipped.
struct ExportPlanner {
    let reader: MirrorReader
    let request: ExportRequest
    let cancellation: CancellationToken

    private static let maxSymlinkTarget = 4096

    func plan() throws -> ExportPlan {
        let commit = try reader.commit(request.commit)
        let root = try reader.rootTree(of: request.commit)
        let odb = try reader.repository.objectDatabase()
        var walk = Walk(reader: reader, request: request, odb: odb, cancellation: cancellation)

        var selected: [(RepositoryPath, PathEntry)] = []
        guard let rootEntry = try reader.entry(at: request.root, in: root) else {
            throw GitError(
                .pathNotFound,
                "the integration path '\(request.root)' does not exist at commit \(request.commit.abbreviated) of "
                    + "\(reader.remote.redacted); fix the repository path or restore the folder")
        }
        selected.append((request.root, rootEntry))
        var missing: [RepositoryPath] = []
        for include in Set(request.includes).sorted() where include != request.root {
            if let found = try reader.entry(at: include, in: root) {
                selected.append((include, found))
            } else {
                missing.append(include)
            }
        }
        // A path inside another selected path is already covered by the outer one.
        let paths = selected.map(\.0)
        selected.removeAll { item in paths.contains { $0 != item.0 && $0.contains(item.0) } }

        for (path, entry) in selected {
            walk.exportedRoots.append(Array(path.value.utf8))
            var prefix: [UInt8] = []
            for component in path.components.dropLast() {
                prefix += prefix.isEmpty ? Array(component.utf8) : [0x2F] + Array(component.utf8)
                try walk.add(ExportPlan.Entry(path: prefix, kind: .directory, blob: nil, size: 0))
            }
            try walk.visit(path: Array(path.value.utf8), entry: entry.kind, id: entry.id)
        }
        try walk.checkSymlinks()

        let entries = walk.entries.values.map { ($0.tarName, $0) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
            .map(\.1)
        var directories = 0
        var files = 0
        var symlinks = 0
        for entry in entries {
            switch entry.kind {
            case .directory: directories += 1
            case .file: files += 1
            case .symlink: symlinks += 1
            }
        }
        let summary = ExportSummary(
            files: files, directories: directories, symlinks: symlinks, totalFileBytes: walk.totalBytes,
            submodules: walk.submodules.sorted { $0.path < $1.path }, missingIncludes: missing,
            commitTime: commit.committerTime)
        return ExportPlan(entries: entries, summary: summary)
    }
}

private struct Walk {
    let reader: MirrorReader
    let request: ExportRequest
    let odb: ObjectDatabase
    let cancellation: CancellationToken
    var entries: [[UInt8]: ExportPlan.Entry] = [:]
    var exportedRoots: [[UInt8]] = []
    var submodules: [SubmoduleReference] = []
    var totalBytes = 0

    init(reader: MirrorReader, request: ExportRequest, odb: ObjectDatabase, cancellation: CancellationToken) {
        self.reader = reader
        self.request = request
        self.odb = odb
        self.cancellation = cancellation
    }

    var location: String { "at commit \(request.commit.abbreviated) of \(reader.remote.redacted)" }

    mutating func add(_ entry: ExportPlan.Entry) throws {
        if entries[entry.path] != nil { return }
        guard entries.count < request.limits.maxEntries else {
            throw GitError(
                .limitExceeded,
                "the export \(location) has more than \(request.limits.maxEntries) entries (limit maxEntries, reached at "
                    + "'\(display(entry.path))'); export a smaller folder or raise the limit")
        }
        entries[entry.path] = entry
    }

    mutating func visit(path: [UInt8], entry kind: TreeEntryKind, id: ObjectID) throws {
        if cancellation.isCancelled { throw GitError(.cancelled, "the export \(location) was cancelled") }
        switch kind {
        case .tree:
            // The repository root (an integration at the top) is the export itself, not an entry in it.
            if !path.isEmpty { try add(ExportPlan.Entry(path: path, kind: .directory, blob: nil, size: 0)) }
            let tree: Tree
            do throws(LibGit2Failure) {
                tree = try reader.repository.tree(id)
            } catch {
                throw GitError(
                    .corruptMirror, "cannot read the tree '\(display(path))' \(location): \(error.message)",
                    cause: error)
            }
            var seen = Set<[UInt8]>()
            for child in tree.entries {
                let childPath = path.isEmpty ? child.name : path + [0x2F] + child.name
                try checkName(child.name, parent: path)
                guard seen.insert(child.name).inserted else {
                    throw GitError(
                        .unsafeContent,
                        "the tree \(location) has two entries named '\(display(childPath))'; such a tree cannot be "
                            + "written to disk safely. Rewrite the history that created it")
                }
                guard let childKind = child.kind else {
                    throw GitError(
                        .unsafeContent,
                        "'\(display(childPath))' \(location) has the unsupported file mode \(String(child.mode, radix: 8))"
                    )
                }
                try visit(path: childPath, entry: childKind, id: child.id)
            }
        case .file, .executable:
            let size = try blobSize(id, path: path)
            guard size <= request.limits.maxFileBytes else {
                throw GitError(
                    .limitExceeded,
                    "'\(display(path))' \(location) has \(size) bytes, more than the single-file limit of "
                        + "\(request.limits.maxFileBytes) bytes (maxFileBytes); remove it from the exported folders "
                        + "or raise the limit")
            }
            totalBytes += size
            guard totalBytes <= request.limits.maxTotalBytes else {
                throw GitError(
                    .limitExceeded,
                    "the export \(location) exceeds the total limit of \(request.limits.maxTotalBytes) bytes "
                        + "(maxTotalBytes) at '\(display(path))'; export less or raise the limit")
            }
            try add(ExportPlan.Entry(path: path, kind: .file(executable: kind == .executable), blob: id, size: size))
        case .symlink:
            let size = try blobSize(id, path: path)
            guard size <= 4096 else {
                throw GitError(
                    .unsafeContent, "the symlink '\(display(path))' \(location) has a target longer than 4096 bytes")
            }
            let target: [UInt8]
            do {
                target = try reader.repository.blob(id).bytes
            } catch {
                throw GitError(.corruptMirror, "cannot read the symlink '\(display(path))' \(location)", cause: error)
            }
            try add(ExportPlan.Entry(path: path, kind: .symlink(target: target), blob: nil, size: 0))
        case .submodule:
            submodules.append(SubmoduleReference(path: display(path), commit: id))
        }
    }

    private func blobSize(_ id: ObjectID, path: [UInt8]) throws -> Int {
        do throws(LibGit2Failure) {
            return try reader.repository.header(id, odb: odb).size
        } catch {
            throw GitError(
                .corruptMirror, "cannot read '\(display(path))' \(location): \(error.message)", cause: error)
        }
    }

    private func checkName(_ name: [UInt8], parent: [UInt8]) throws {
        let reason: String?
        if name.isEmpty {
            reason = "has an empty name"
        } else if name == [0x2E] || name == [0x2E, 0x2E] {
            reason = "is named '\(display(name))'"
        } else if name.contains(0x2F) {
            reason = "has a '/' inside its name"
        } else if name.contains(0) {
            reason = "has a NUL byte inside its name"
        } else if name.count == 4, String(decoding: name, as: UTF8.self).lowercased() == ".git" {
            reason = "is named '.git' (git's own metadata directory)"
        } else {
            reason = nil
        }
        if let reason {
            let shown = display(parent.isEmpty ? name : parent + [0x2F] + name)
            throw GitError(
                .unsafeContent,
                "the entry '\(shown)' \(location) \(reason); it cannot be written to disk safely, so the export is "
                    + "refused. Rewrite the history that created it")
        }
    }

    /// Resolves every symlink the way the kernel would in the exported tree (following other exported symlinks,
    /// at most 40 hops) and refuses any that leaves it.
    func checkSymlinks() throws {
        for entry in entries.values {
            guard case .symlink(let target) = entry.kind else { continue }
            let resolved = try resolve(link: entry.path, target: target)
            let inside =
                resolved.isEmpty
                || exportedRoots.contains { root in
                    root.isEmpty || resolved == root || resolved.starts(with: root + [0x2F])
                }
                || {
                    if case .directory = entries[resolved]?.kind { return true }
                    return false
                }()
            guard inside else {
                throw GitError(
                    .unsafeContent,
                    "the symlink '\(display(entry.path))' \(location) points to '\(display(target))', which resolves to "
                        + "'\(display(resolved))' outside the exported folders; make it point inside them or remove it")
            }
        }
    }

    private func resolve(link: [UInt8], target: [UInt8]) throws -> [UInt8] {
        func refuse(_ why: String) -> GitError {
            GitError(
                .unsafeContent,
                "the symlink '\(display(link))' \(location) points to '\(display(target))', which \(why); make it a "
                    + "relative link inside the exported folders or remove it")
        }
        var stack = Array(link.split(separator: 0x2F).dropLast().map(Array.init))
        var pending = components(of: target)
        if target.first == 0x2F { throw refuse("is an absolute path") }
        if target.isEmpty || target.contains(0) { throw refuse("is empty or contains a NUL byte") }
        var hops = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == [0x2E, 0x2E] {
                guard !stack.isEmpty else { throw refuse("leaves the exported tree through '..'") }
                stack.removeLast()
                continue
            }
            stack.append(component)
            let current = Array(stack.joined(separator: [0x2F]))
            guard case .symlink(let next)? = entries[current]?.kind else { continue }
            hops += 1
            guard hops <= 40 else { throw refuse("is part of a symlink loop") }
            if next.first == 0x2F { throw refuse("goes through a symlink to an absolute path") }
            stack.removeLast()
            pending = components(of: next) + pending
        }
        return Array(stack.joined(separator: [0x2F]))
    }

    private func components(of path: [UInt8]) -> [[UInt8]] {
        path.split(separator: 0x2F).map(Array.init).filter { $0 != [0x2E] }
    }
}

/// A path for messages: lossy UTF-8 with control characters escaped.
func display(_ bytes: [UInt8]) -> String {
    var text = ""
    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
        text += scalar.value < 0x20 || scalar.value == 0x7f ? scalar.escaped(asASCII: true) : String(scalar)
    }
    return text
}
