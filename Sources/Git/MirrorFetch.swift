import Core
import Foundation

/// The blocking part of one fetch, run on a pool thread: open the mirror (or build a new one), check it, fetch
/// the explicit refspecs with pruning, and replace the mirror by a fresh clone when it turns out to be corrupt.
struct MirrorFetch {
    struct Outcome: Sendable {
        var refs: [String: ObjectID]
        var updates: [RefUpdate]
        var receivedObjects: Int
        var receivedBytes: Int
        var createdMirror: Bool
        var replacedCorruptMirror: Bool
    }

    /// Why an existing mirror cannot be trusted.
    private struct MirrorDamage: Error, CustomStringConvertible {
        var description: String
    }

    let layout: MirrorLayout
    let remote: RemoteURL
    let branches: [String]
    let includeTags: Bool
    let logger: Logger
    let session: TransferSession
    /// Whether to look for lock files an earlier process left (see ``removeStaleLocks(in:)``).
    let sweepStaleLocks: Bool

    var refspecs: [String] {
        branches.sorted().map { "+refs/heads/\($0):refs/heads/\($0)" }
            + (includeTags ? ["+refs/tags/*:refs/tags/*"] : [])
    }

    func run() throws -> Outcome {
        let directory = layout.directory(for: remote)
        guard FileManager.default.fileExists(atPath: directory) else {
            return try clone(replacingCorrupt: false)
        }
        if sweepStaleLocks { removeStaleLocks(in: directory) }
        let repository: Repository
        do {
            repository = try Repository.openBare(directory)
            try verify(repository)
        } catch {
            try moveAside(directory, reason: "\(error)")
            return try clone(replacingCorrupt: true)
        }
        do {
            return try fetch(into: repository, created: false, replaced: false)
        } catch let failure as LibGit2Failure where failure.looksLikeCorruption && session.abortReason == nil {
            try moveAside(directory, reason: failure.message)
            return try clone(replacingCorrupt: true)
        }
    }

    /// Reads every ref's target and each branch's commit and root tree: a mirror that lost objects (a deleted
    /// pack, a truncated file) is caught here, before a fetch negotiates with objects it does not have.
    private func verify(_ repository: Repository) throws {
        let refs = try repository.references(matching: "refs/*")
        let odb = try repository.objectDatabase()
        for (name, id) in refs.sorted(by: { $0.key < $1.key }) {
            guard odb.contains(id) else {
                throw MirrorDamage(description: "\(name) points to \(id.abbreviated), which is missing")
            }
            if name.hasPrefix("refs/heads/") {
                _ = try repository.tree(try repository.commit(id).treeID)
            }
        }
    }

    /// Deletes the `*.lock` files a killed process left in the mirror (`refs/heads/main.lock`, `packed-refs.lock`,
    /// `config.lock`…): each would make every later fetch fail with "failed to lock file". None can be live here:
    /// fetches of one repository run one at a time, and the data directory's lock keeps other processes out.
    /// Done at a process's first fetch of the mirror: libgit2 removes its own locks when a fetch fails.
    private func removeStaleLocks(in directory: String) {
        let files = FileManager.default
        var stale: [String] = []
        for name in (try? files.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".lock") {
            stale.append(name)
        }
        if let walker = files.enumerator(atPath: directory + "/refs") {
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".lock") { stale.append("refs/" + relative) }
            }
        }
        guard !stale.isEmpty else { return }
        var removed: [String] = []
        for name in stale where (try? files.removeItem(atPath: directory + "/" + name)) != nil { removed.append(name) }
        logger.warning(
            "removed lock files left in the mirror by an interrupted fetch",
            [("repository", remote.redacted), ("files", removed.sorted().joined(separator: ","))])
    }

    private func moveAside(_ directory: String, reason: String) throws {
        let target: String
        do {
            target = try layout.moveAside(directory)
        } catch {
            throw GitError(
                .fileSystem,
                "the mirror of \(remote.redacted) at \(directory) is corrupt (\(reason)) and could not be moved "
                    + "aside: \(error.localizedDescription); check the data directory's permissions")
        }
        logger.warning(
            "mirror is corrupt; moved it aside and re-cloning",
            [("repository", remote.redacted), ("reason", reason), ("moved_to", target)])
    }

    private func clone(replacingCorrupt: Bool) throws -> Outcome {
        let directory = layout.directory(for: remote)
        let partial = layout.partialDirectory(for: remote)
        let files = FileManager.default
        do {
            if files.fileExists(atPath: partial) { try files.removeItem(atPath: partial) }
            try files.createDirectory(
                atPath: (directory as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw GitError(
                .fileSystem,
                "cannot prepare \(partial) for the mirror of \(remote.redacted): \(error.localizedDescription); "
                    + "check the data directory's permissions and free space")
        }
        do {
            let outcome = try {
                let repository = try Repository.createBare(partial)
                return try fetch(into: repository, created: true, replaced: replacingCorrupt)
            }()
            try files.moveItem(atPath: partial, toPath: directory)
            logger.info(
                "created mirror",
                [
                    ("repository", remote.redacted), ("objects", "\(outcome.receivedObjects)"),
                    ("bytes", "\(outcome.receivedBytes)"),
                ])
            return outcome
        } catch {
            try? files.removeItem(atPath: partial)
            throw error
        }
    }

    private func fetch(into repository: Repository, created: Bool, replaced: Bool) throws -> Outcome {
        session.resetRefChanges()
        let remoteHandle = try Remote.anonymous(in: repository, url: remote.connectionString)
        let received = try remoteHandle.fetch(refspecs: refspecs, session: session)
        var refs: [String: ObjectID] = [:]
        for branch in branches {
            if let id = try repository.references(matching: "refs/heads/" + branch)["refs/heads/" + branch] {
                refs["refs/heads/" + branch] = id
            }
        }
        if includeTags { refs.merge(try repository.references(matching: "refs/tags/*")) { $1 } }
        let updates = session.refChanges.map { change -> RefUpdate in
            let kind: RefUpdate.Kind
            switch (change.old, change.new) {
            case (nil, _): kind = .created
            case (_, nil): kind = .deleted
            case (let old?, let new?): kind = repository.isDescendant(new, of: old) ? .fastForward : .forced
            }
            return RefUpdate(name: change.name, old: change.old, new: change.new, kind: kind)
        }
        return Outcome(
            refs: refs, updates: updates.sorted { $0.name < $1.name }, receivedObjects: received.objects,
            receivedBytes: received.bytes, createdMirror: created, replacedCorruptMirror: replaced)
    }
}
