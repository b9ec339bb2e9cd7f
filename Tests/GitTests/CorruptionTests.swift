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

    @Test("a damaged mirror is moved aside with a log line and re-cloned", arguments: [0, 1, 2])
    func recovers(damage index: Int) async throws {
        let (name, damage) = Self.damages[index]
        let harness = try Harness()
        let origin = try await harness.origin()
        try await origin.commit(["a": .file("1\n")])
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        let mirror = harness.store.mirrorDirectory(for: remote)
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
}
