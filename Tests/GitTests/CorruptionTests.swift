import Core
import Foundation
import Git
import TestSupport
import Testing

@Suite("Corrupt mirrors")
struct CorruptionTests {
    private static let damages: [(String, @Sendable (String) throws -> Void)] = [
        (
            "lost pack files",
            { mirror in
                for file in try FileManager.default.contentsOfDirectory(atPath: mirror + "/objects/pack") {
                    try FileManager.default.removeItem(atPath: mirror + "/objects/pack/" + file)
                }
            }
        ),
        ("no objects directory", { mirror in try FileManager.default.removeItem(atPath: mirror + "/objects") }),
        (
            "a ref to a missing commit",
            { mirror in
                try (String(repeating: "1", count: 40) + "\n").write(
                    toFile: mirror + "/refs/heads/main", atomically: true, encoding: .utf8)
            }
        ),
    ]

    /// A served repository with one commit, fetched once into its mirror; the daemon must outlive the test.
    private func fetchedMirror() async throws -> (Harness, FixtureRepository, GitDaemon, RemoteURL, String) {
        let harness = try Harness()
        let origin = try await harness.origin()
        try await origin.commit(["a": .file("1\n")])
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        return (harness, origin, daemon, remote, harness.store.mirrorDirectory(for: remote))
    }

    @Test("a damaged mirror is moved aside with a log line and re-cloned", arguments: [0, 1, 2])
    func recovers(damage index: Int) async throws {
        let (name, damage) = Self.damages[index]
        let (harness, origin, daemon, remote, mirror) = try await fetchedMirror()
        defer { withExtendedLifetime(daemon) {} }
        try await GitCommand.run(["--git-dir=" + mirror, "repack", "-a", "-d", "-q"])
        try damage(mirror)

        let head = try await origin.commit(["a": .file("2\n")])
        let result = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))

        #expect(result.replacedCorruptMirror, "\(name)")
        #expect(result.createdMirror)
        #expect(result.head(ofBranch: "main") == ObjectID(head))
        let siblings = try FileManager.default.contentsOfDirectory(
            atPath: (mirror as NSString).deletingLastPathComponent)
        #expect(siblings.contains { $0.hasPrefix("repo.git.corrupt-") })
        #expect(harness.log.recorded.contains { $0.contains("mirror is corrupt; moved it aside and re-cloning") })
        try await GitCommand.run(["--git-dir=" + mirror, "fsck", "--no-progress"])
    }

    @Test("lock files left by a killed fetch are removed, with a log line, and the fetch goes on")
    func staleLocks() async throws {
        let (harness, origin, daemon, remote, mirror) = try await fetchedMirror()
        defer { withExtendedLifetime(daemon) {} }
        let locks = ["refs/heads/main.lock", "packed-refs.lock", "config.lock", "refs/tags/v1.lock"]
        try FileManager.default.createDirectory(atPath: mirror + "/refs/tags", withIntermediateDirectories: true)
        for lock in locks { _ = FileManager.default.createFile(atPath: mirror + "/" + lock, contents: Data()) }

        // The process that fetched died mid-fetch; the next one finds the locks.
        let head = try await origin.commit(["a": .file("2\n")])
        let result = try await harness.restartedStore().fetch(FetchRequest(remote: remote, branches: ["main"]))

        #expect(result.head(ofBranch: "main") == ObjectID(head))
        #expect(!result.replacedCorruptMirror)
        for lock in locks { #expect(!FileManager.default.fileExists(atPath: mirror + "/" + lock), "\(lock)") }
        let line = harness.log.recorded.first { $0.contains("removed lock files left in the mirror") }
        #expect(line?.contains("refs/heads/main.lock") == true)
        #expect(line?.contains("packed-refs.lock") == true)
    }
}
