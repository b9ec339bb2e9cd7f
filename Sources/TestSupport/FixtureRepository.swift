import Foundation
import Synchronization

/// A bare repository built with the real `git` command line, standing for a repository on a git server.
///
/// Commits get fixed author and committer dates (one second apart, from 2023-11-14) so that object ids are the
/// same on every run. Hostile trees (names `..` or containing `/`, duplicate names) are written at the object
/// level with ``writeRawTree(_:)``, since `git mktree` refuses them.
package final class FixtureRepository: Sendable {
    /// What a commit does to one path.
    package enum Change: Sendable {
        /// A regular file with this text.
        case file(String)
        /// A regular file with these bytes.
        case bytes([UInt8])
        /// An executable file with this text.
        case executable(String)
        /// A symlink to this target.
        case symlink(String)
        /// A submodule (gitlink) pinned at this commit id.
        case submodule(String)
        /// An existing blob, with a git mode (`100644`).
        case blob(id: String, mode: String)
        /// Removes the path.
        case delete
    }

    /// One entry of a raw tree: any name bytes, any mode.
    package struct RawEntry: Sendable {
        /// Mode as git writes it (`100644`, `40000`, `120000`, `160000`).
        package var mode: String
        /// The name bytes.
        package var name: [UInt8]
        /// The object id (hex).
        package var id: String

        /// Creates an entry.
        package init(mode: String, name: [UInt8], id: String) {
            self.mode = mode
            self.name = name
            self.id = id
        }

        /// Creates an entry with a UTF-8 name.
        package init(mode: String, name: String, id: String) {
            self.init(mode: mode, name: Array(name.utf8), id: id)
        }
    }

    /// The bare repository's path.
    package let path: String
    private let clock = Mutex(0)

    private init(path: String) { self.path = path }

    /// Creates an empty bare repository at `path` whose HEAD names `main`.
    package static func create(at path: String) async throws -> FixtureRepository {
        try await GitCommand.run(["init", "--quiet", "--bare", "--initial-branch=main", path])
        return FixtureRepository(path: path)
    }

    /// Runs git in this repository.
    @discardableResult
    package func git(
        _ arguments: String..., input: [UInt8]? = nil, environment: [String: String] = [:]
    ) async throws -> String {
        try await GitCommand.run(["--git-dir=" + path] + arguments, input: input, environment: environment)
    }

    private func dates() -> [String: String] {
        let tick = clock.withLock { tick in
            tick += 1
            return tick
        }
        let date = "\(1_700_000_000 + tick) +0000"
        return ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]
    }

    /// Commits `changes` on top of `branch` (or of `parent`, or as a root commit when the branch does not exist)
    /// and moves the branch to it; returns the commit id.
    @discardableResult
    package func commit(
        _ changes: [String: Change], on branch: String = "main", parent: String? = nil, message: String = "change"
    ) async throws -> String {
        var base = parent
        if base == nil { base = try? await revParse("refs/heads/" + branch) }
        // One `git fast-import` per commit: fast for 10,000 files, and it writes a pack like a real server has.
        let date = dates()["GIT_COMMITTER_DATE"]!
        let identity = "Slipway Fixture <fixture@slipway.invalid> \(date)"
        var stream: [UInt8] = []
        func line(_ text: String) { stream += Array((text + "\n").utf8) }
        func data(_ bytes: [UInt8]) {
            line("data \(bytes.count)")
            stream += bytes
            line("")
        }
        line("commit refs/heads/" + branch)
        line("mark :1")
        line("author " + identity)
        line("committer " + identity)
        data(Array((message + "\n").utf8))
        if let base { line("from " + base) }
        for (name, change) in changes.sorted(by: { $0.key < $1.key }) {
            switch change {
            case .file(let text): inline("100644", name, Array(text.utf8))
            case .bytes(let bytes): inline("100644", name, bytes)
            case .executable(let text): inline("100755", name, Array(text.utf8))
            case .symlink(let target): inline("120000", name, Array(target.utf8))
            case .submodule(let commit): line("M 160000 \(commit) \(name)")
            case .blob(let id, let mode): line("M \(mode) \(id) \(name)")
            case .delete: line("D " + name)
            }
        }
        func inline(_ mode: String, _ name: String, _ bytes: [UInt8]) {
            line("M \(mode) inline \(name)")
            data(bytes)
        }
        line("done")
        let scratch = try TemporaryDirectory(prefix: "fixture")
        let marks = scratch.appending("marks")
        try await git("fast-import", "--quiet", "--done", "--force", "--export-marks=" + marks, input: stream)
        let exported = try String(contentsOfFile: marks, encoding: .utf8)
        guard let commit = exported.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines),
            commit.count == 40
        else { throw TestSupportError("git fast-import wrote no commit id (marks: \(exported))") }
        return commit
    }

    /// Writes a blob of `bytes`; returns its id.
    package func writeBlob(_ bytes: [UInt8]) async throws -> String {
        try await git("hash-object", "-w", "--no-filters", "--stdin", input: bytes)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a blob of `count` zero bytes through a file (for large blobs); returns its id.
    package func writeZeroBlob(count: Int) async throws -> String {
        let scratch = try TemporaryDirectory(prefix: "fixture-blob")
        let file = scratch.appending("zeros")
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = FileHandle(forWritingAtPath: file)!
        let chunk = Data(count: 1 << 20)
        var remaining = count
        while remaining > 0 {
            let size = min(remaining, chunk.count)
            handle.write(chunk.prefix(size))
            remaining -= size
        }
        try handle.close()
        return try await git("hash-object", "-w", "--no-filters", file).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a tree object exactly as given (no name checks, no sorting): the way to build hostile trees.
    package func writeRawTree(_ entries: [RawEntry]) async throws -> String {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += Array("\(entry.mode) ".utf8) + entry.name + [0]
            var index = entry.id.startIndex
            while index < entry.id.endIndex {
                let next = entry.id.index(index, offsetBy: 2)
                bytes.append(UInt8(entry.id[index..<next], radix: 16)!)
                index = next
            }
        }
        return try await git("hash-object", "-t", "tree", "--literally", "-w", "--stdin", input: bytes)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates a commit of `tree` with `parents`; returns its id.
    package func commitTree(_ tree: String, parents: [String], message: String = "change") async throws -> String {
        try await GitCommand.run(
            ["--git-dir=" + path, "commit-tree", tree] + parents.flatMap { ["-p", $0] } + ["-m", message],
            environment: dates()
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Points `ref` at `id` (a force-push when the ref existed).
    package func setRef(_ ref: String, to id: String) async throws {
        try await git("update-ref", ref, id)
    }

    /// Deletes `ref` (a branch deletion on the server).
    package func deleteRef(_ ref: String) async throws {
        try await git("update-ref", "-d", ref)
    }

    /// Creates the annotated tag `name` at `target`.
    package func tag(_ name: String, at target: String, message: String = "release") async throws {
        try await git("tag", "-a", name, target, "-m", message, environment: dates())
    }

    /// The object id `revision` names.
    package func revParse(_ revision: String) async throws -> String {
        try await git("rev-parse", "--verify", "--quiet", revision).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
