import Core
import Foundation
import Git
import TestSupport
import Testing

/// Repositories built at the object level to attack the exporter. Each must give a clear error or the documented
/// behaviour, and nothing may be written outside the destination.
@Suite("Hostile repositories")
struct HostileTreeTests {
    enum Hostile: String, CaseIterable, Sendable {
        case symlinkOutside, absoluteSymlink, symlinkChainEscape, dotDotEntry, dotEntry, slashInName, gitEntry
        case duplicateNames, absoluteName
    }

    /// The absolute path the `absoluteName` entry names: in this test's scratch folder, so that no other run's
    /// file can be mistaken for a write.
    private static func absoluteTarget(of origin: FixtureRepository) -> String { origin.path + "-absolute-victim" }

    /// Builds `integrations/bad/<hostile entry>` next to a harmless PANDIUM.yaml; returns the commit.
    private func build(_ hostile: Hostile, in origin: FixtureRepository) async throws -> String {
        let manifest = try await origin.writeBlob(Array("version: 1.0\n".utf8))
        let victim = try await origin.writeBlob(Array("overwritten\n".utf8))
        var entries = [FixtureRepository.RawEntry(mode: "100644", name: "PANDIUM.yaml", id: manifest)]
        switch hostile {
        case .symlinkOutside:
            entries.append(
                .init(mode: "120000", name: "escape", id: try await origin.writeBlob(Array("../../../outside".utf8))))
        case .absoluteSymlink:
            entries.append(
                .init(mode: "120000", name: "escape", id: try await origin.writeBlob(Array("/etc/passwd".utf8))))
        case .symlinkChainEscape:
            entries.append(.init(mode: "120000", name: "here", id: try await origin.writeBlob(Array(".".utf8))))
            entries.append(
                .init(mode: "120000", name: "up", id: try await origin.writeBlob(Array("here/../../..".utf8))))
        case .dotDotEntry:
            let inner = try await origin.writeRawTree([.init(mode: "100644", name: "victim.txt", id: victim)])
            entries.append(.init(mode: "40000", name: "..", id: inner))
        case .dotEntry:
            entries.append(.init(mode: "100644", name: ".", id: victim))
        case .slashInName:
            entries.append(.init(mode: "100644", name: "../../victim.txt", id: victim))
        case .gitEntry:
            let hooks = try await origin.writeRawTree([.init(mode: "100755", name: "post-checkout", id: victim)])
            entries.append(.init(mode: "40000", name: ".git", id: hooks))
        case .absoluteName:
            entries.append(.init(mode: "100644", name: Self.absoluteTarget(of: origin), id: victim))
        case .duplicateNames:
            entries.append(.init(mode: "100644", name: "same", id: victim))
            entries.append(.init(mode: "100644", name: "same", id: manifest))
        }
        let bad = try await origin.writeRawTree(entries.sorted { $0.name.lexicographicallyPrecedes($1.name) })
        let integrations = try await origin.writeRawTree([.init(mode: "40000", name: "bad", id: bad)])
        let root = try await origin.writeRawTree([.init(mode: "40000", name: "integrations", id: integrations)])
        let commit = try await origin.commitTree(root, parents: [])
        try await origin.setRef("refs/heads/main", to: commit)
        return commit
    }

    @Test(
        "each hostile tree is refused with a clear error, for archives and for materialize", arguments: Hostile.allCases
    )
    func refused(_ hostile: Hostile) async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let commit = try await build(hostile, in: origin)
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        let request = ExportRequest(commit: ObjectID(commit), root: try RepositoryPath("integrations/bad"))

        let out = harness.scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let archiveError = await gitError {
            try await harness.store.exportArchive(request, in: remote, temporaryDirectory: out)
        }
        #expect(archiveError?.code == .unsafeContent, "\(hostile): \(String(describing: archiveError))")
        #expect(archiveError?.message.contains("integrations/bad/") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)

        // Materialize into a nested destination; nothing may appear next to it or above it.
        let sandbox = harness.scratch.appending("sandbox")
        let destination = sandbox + "/a/b/workspace"
        try FileManager.default.createDirectory(atPath: sandbox + "/a/b", withIntermediateDirectories: true)
        let materializeError = await gitError {
            try await harness.store.materialize(request, in: remote, into: destination)
        }
        #expect(materializeError?.code == .unsafeContent)
        let everything = FileManager.default.enumerator(atPath: sandbox)?.allObjects as? [String] ?? []
        #expect(everything.sorted() == ["a", "a/b"], "\(hostile)")
        #expect(!FileManager.default.fileExists(atPath: harness.scratch.appending("outside")))
        #expect(!FileManager.default.fileExists(atPath: Self.absoluteTarget(of: origin)))
        _ = daemon
    }

    @Test("a 100 MB blob against a 10 MB limit is refused, naming the file and the limit")
    func largeBlob() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let big = try await origin.writeZeroBlob(count: 100 << 20)
        let head = try await origin.commit([
            "integrations/a/PANDIUM.yaml": .file("version: 1.0\n"),
            "integrations/a/model.bin": .blob(id: big, mode: "100644"),
        ])
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        let limits = ExportLimits(maxFileBytes: 10 << 20, maxTotalBytes: 1 << 30, maxEntries: 1000)
        let request = ExportRequest(commit: ObjectID(head), root: try RepositoryPath("integrations/a"), limits: limits)
        let out = harness.scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let (error, elapsed) = await timed {
            await gitError { try await harness.store.exportArchive(request, in: remote, temporaryDirectory: out) }
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("integrations/a/model.bin") == true)
        #expect(error?.message.contains("104857600 bytes") == true)
        #expect(error?.message.contains("10485760") == true)
        #expect(elapsed < .seconds(5))
        let total = ExportLimits(maxFileBytes: 200 << 20, maxTotalBytes: 50 << 20, maxEntries: 1000)
        let totalError = await gitError {
            try await harness.store.exportArchive(
                ExportRequest(commit: ObjectID(head), root: try RepositoryPath("integrations/a"), limits: total),
                in: remote, temporaryDirectory: out)
        }
        #expect(totalError?.code == .limitExceeded)
        #expect(totalError?.message.contains("total limit of 52428800 bytes") == true)
        _ = daemon
    }

    @Test("a symlink to another exported folder is kept; one into a folder that is not exported is refused")
    func symlinkScope() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let head = try await origin.commit([
            "integrations/a/PANDIUM.yaml": .file("version: 1.0\n"), "integrations/a/lib": .symlink("../../shared/lib"),
            "integrations/a/self": .symlink("."), "integrations/a/loop": .symlink("loop"),
            "shared/lib/x.js": .file("x\n"),
        ])
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        let out = harness.scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let without = await gitError {
            try await harness.store.exportArchive(
                ExportRequest(commit: ObjectID(head), root: try RepositoryPath("integrations/a")), in: remote,
                temporaryDirectory: out)
        }
        #expect(without?.code == .unsafeContent)
        let loopOrScope = without?.message ?? ""
        #expect(loopOrScope.contains("integrations/a/lib") || loopOrScope.contains("integrations/a/loop"))

        let fixed = try await origin.commit(["integrations/a/loop": .delete])
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        let archive = try await harness.store.exportArchive(
            ExportRequest(
                commit: ObjectID(fixed), root: try RepositoryPath("integrations/a"),
                includes: [try RepositoryPath("shared/lib")]), in: remote, temporaryDirectory: out)
        #expect(archive.summary.symlinks == 2)
        _ = daemon
    }
}
