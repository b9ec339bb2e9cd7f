import Core
import Foundation
import Git
import Synchronization
import TestSupport
import Testing

@Suite("Mirrors over git://")
struct FetchTests {
    @Test("first fetch clones a bare mirror with exactly the requested refs")
    func firstFetchClones() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let main = try await origin.commit(["integrations/a/PANDIUM.yaml": .file("version: 1.0\n")])
        let other = try await origin.commit(["README": .file("other\n")], on: "other")
        try await origin.tag("v1", at: main)
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))

        let progress = ProgressLog()
        let result = try await harness.store.fetch(
            FetchRequest(remote: remote, branches: ["main"], transfer: TransferOptions(progress: progress.record)))

        #expect(result.createdMirror)
        let reports = progress.values
        #expect(!reports.isEmpty)
        #expect(reports.last?.phase == .done)
        #expect(reports.last?.receivedObjects == result.receivedObjects)
        #expect(reports.last?.fractionCompleted == 1)
        #expect(result.head(ofBranch: "main") == ObjectID(main))
        #expect(result.refs["refs/heads/other"] == nil)
        #expect(result.refs["refs/tags/v1"] == ObjectID(try await origin.revParse("refs/tags/v1")))
        #expect(result.updates.map(\.kind) == [.created, .created])
        let mirror = harness.store.mirrorDirectory(for: remote)
        #expect(mirror.hasSuffix("/mirrors/127.0.0.1%3A\(daemon.port)/repo.git"))
        let mirrorRefs = try await GitCommand.run(["--git-dir=" + mirror, "for-each-ref", "--format=%(refname)"])
        #expect(mirrorRefs == "refs/heads/main\nrefs/tags/v1\n")
        #expect(try await GitCommand.run(["--git-dir=" + mirror, "rev-parse", "--is-bare-repository"]) == "true\n")
        // No remote, no URL in the mirror's config.
        let config = try String(contentsOfFile: mirror + "/config", encoding: .utf8)
        #expect(!config.contains("[remote"))
        #expect(!config.contains("127.0.0.1"))
        #expect(filesContaining("127.0.0.1:\(daemon.port)", below: mirror).isEmpty)
        _ = other
    }

    @Test("an incremental fetch transfers only the new objects; a no-change fetch transfers none")
    func incrementalFetch() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        var files: [String: FixtureRepository.Change] = [:]
        for index in 0..<50 { files["app/file\(index).txt"] = .file("content \(index)\n") }
        try await origin.commit(files)
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        let first = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        #expect(first.receivedObjects >= 53)

        let next = try await origin.commit(["app/file7.txt": .file("changed\n")])
        let second = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        // commit + root tree + app/ tree + the one changed blob
        #expect(second.receivedObjects == 4)
        #expect(!second.createdMirror)
        #expect(second.head(ofBranch: "main") == ObjectID(next))
        #expect(second.updates.map(\.kind) == [.fastForward])

        let third = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        #expect(third.receivedObjects == 0)
        #expect(third.updates.isEmpty)
    }

    @Test("a new store on the same data directory reuses the mirror (kept across restarts)")
    func keptAcrossRestarts() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        try await origin.commit(["a": .file("1\n")])
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        let restarted = MirrorStore(
            configuration: .init(dataDirectory: harness.dataDirectory, pool: harness.pool, logger: .disabled))
        let result = try await restarted.fetch(FetchRequest(remote: remote, branches: ["main"]))
        #expect(!result.createdMirror)
        #expect(result.receivedObjects == 0)
    }

    @Test("force-push and branch deletion are mirrored")
    func forcePushAndDeletion() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let first = try await origin.commit(["a": .file("1\n")])
        let second = try await origin.commit(["a": .file("2\n")])
        try await origin.commit(["b": .file("feature\n")], on: "feature")
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main", "feature"]))

        // Rewrite main to a commit that does not descend from the old head; delete feature.
        let rewritten = try await origin.commit(["a": .file("rewritten\n")], parent: first)
        try await origin.deleteRef("refs/heads/feature")
        let result = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main", "feature"]))

        #expect(result.head(ofBranch: "main") == ObjectID(rewritten))
        #expect(result.head(ofBranch: "feature") == nil)
        let kinds = Dictionary(uniqueKeysWithValues: result.updates.map { ($0.name, $0.kind) })
        #expect(kinds == ["refs/heads/main": .forced, "refs/heads/feature": .deleted])
        let mirror = harness.store.mirrorDirectory(for: remote)
        #expect(
            try await GitCommand.run(["--git-dir=" + mirror, "for-each-ref", "--format=%(refname)"])
                == "refs/heads/main\n")
        // The old head stays readable in the mirror (objects are never pruned by a fetch).
        let old = try await harness.store.commit(for: second, in: remote)
        #expect(old.id == ObjectID(second))
    }

    @Test("ls-remote lists the server's heads without fetching")
    func remoteHeads() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let main = try await origin.commit(["a": .file("1\n")])
        try await origin.tag("v1", at: main)
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        let heads = try await harness.store.remoteHeads(
            of: remote, credentials: .anonymous, transfer: TransferOptions())
        let byName = Dictionary(uniqueKeysWithValues: heads.map { ($0.name, $0.id) })
        #expect(byName["refs/heads/main"] == ObjectID(main))
        #expect(byName["HEAD"] == ObjectID(main))
        #expect(byName["refs/tags/v1^{}"] == ObjectID(main))
        #expect(!FileManager.default.fileExists(atPath: harness.store.mirrorDirectory(for: remote)))
    }

    @Test("a repository that does not exist gives a clear error naming it")
    func missingRepository() async throws {
        let harness = try Harness()
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("nope.git"))
        let error = try #require(
            await gitError { try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"])) })
        #expect(error.code == .repositoryNotFound)
        #expect(error.message.contains(remote.redacted))
        #expect(!FileManager.default.fileExists(atPath: harness.store.mirrorDirectory(for: remote)))
    }

    @Test("a closed port fails fast with a network error")
    func connectionRefused() async throws {
        let harness = try Harness()
        let port = try freeLoopbackPort()
        let remote = try RemoteURL("git://127.0.0.1:\(port)/repo.git")
        let (error, elapsed) = await timed {
            await gitError { try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"])) }
        }
        #expect(error?.code == .network)
        #expect(error?.message.contains("git://127.0.0.1:\(port)/repo.git") == true)
        #expect(elapsed < .seconds(10))
    }

    @Test(
        "bad branch names are refused before any network work", arguments: ["", "a..b", "refs/../x", "bad name", "-x*"])
    func badBranchNames(branch: String) async throws {
        let harness = try Harness()
        let remote = try RemoteURL("git://127.0.0.1:1/repo.git")
        let error = await gitError { try await harness.store.fetch(FetchRequest(remote: remote, branches: [branch])) }
        #expect(error?.code == .invalidArgument)
    }
}

/// Collects progress reports (and when they came) from the transfer thread.
final class ProgressLog: Sendable {
    private let reports = Mutex<[(ContinuousClock.Instant, GitProgress)]>([])
    var values: [GitProgress] { reports.withLock { $0.map(\.1) } }
    var lastReport: ContinuousClock.Instant? { reports.withLock { $0.last?.0 } }
    var record: @Sendable (GitProgress) -> Void {
        { report in self.reports.withLock { $0.append((.now, report)) } }
    }
}
