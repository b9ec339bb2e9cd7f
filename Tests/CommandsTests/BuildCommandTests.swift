import Foundation
import TestSupport
import Testing

/// `slipway build` as a child process against a repository served by `git daemon` on 127.0.0.1.
@Suite(.timeLimit(.minutes(3))) struct BuildCommandTests {
    /// A served repository and a data directory.
    final class World: Sendable {
        let scratch: TemporaryDirectory
        let origin: FixtureRepository
        let daemon: GitDaemon
        var url: String { daemon.url("app.git") }
        var data: String { scratch.appending("data") }

        init() async throws {
            scratch = try TemporaryDirectory(prefix: "build-cli")
            let served = scratch.appending("served")
            try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
            origin = try await FixtureRepository.create(at: served + "/app.git")
            daemon = try await GitDaemon.start(basePath: served, logDirectory: scratch.path)
        }

        func build(_ extra: [String] = []) async throws -> (Built.Outcome, [String: Any]) {
            let outcome = try await Built.run(["build", "--repo", url, "--data", data, "--format", "json"] + extra)
            let json = (try? JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any]) ?? [:]
            return (outcome, json)
        }
    }

    static let manifest = "version: 1.0\nbase: shell\nbuild: echo compiled > out.txt\nrun: cat out.txt\nconfigs: {}\n"

    @Test func aBuildThenUnchangedOnTheSameCommit() async throws {
        let world = try await World()
        let commit = try await world.origin.commit(["svc/PANDIUM.yaml": .file(Self.manifest)])
        let (first, json) = try await world.build(["--path", "svc"])
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        #expect(json["status"] as? String == "built")
        let release = try #require(json["release"] as? [String: Any])
        #expect(release["number"] as? Int == 1)
        #expect(release["name"] as? String == "1-\(commit.prefix(7))")
        #expect(release["commit"] as? String == commit)
        #expect((release["inputs_digest"] as? String)?.hasPrefix("sha256:") == true)
        #expect((release["artifact_digest"] as? String)?.hasPrefix("sha256:") == true)
        #expect((json["log"] as? String)?.contains("$ echo compiled > out.txt") == true)

        let (second, again) = try await world.build(["--path", "svc"])
        #expect(second.status == 0)
        #expect(again["status"] as? String == "unchanged")
        #expect((again["release"] as? [String: Any])?["number"] as? Int == 1)
    }

    @Test func textOutputShowsProgressAndEndsWithTheRelease() async throws {
        let world = try await World()
        try await world.origin.commit(["PANDIUM.yaml": .file(Self.manifest)])
        let outcome = try await Built.run(["build", "--repo", world.url, "--data", world.data])
        #expect(outcome.status == 0)
        #expect(outcome.output.hasPrefix("built release 1 (1-"))
        #expect(outcome.output.contains("artifact        sha256:"))
        #expect(outcome.errors.contains("fetching git://127.0.0.1:"))
        #expect(outcome.errors.contains("-- $ echo compiled > out.txt"))
        #expect(outcome.errors.contains("-- release 1 (1-"))
    }

    @Test func aTagBuildIsNamedAfterTheTag() async throws {
        let world = try await World()
        let commit = try await world.origin.commit(["PANDIUM.yaml": .file(Self.manifest)])
        try await world.origin.tag("v1.0.0", at: commit)
        let (outcome, json) = try await world.build(["--tag", "v1.0.0"])
        #expect(outcome.status == 0, "\(outcome.output)")
        let release = try #require(json["release"] as? [String: Any])
        #expect(release["name"] as? String == "v1.0.0")
        #expect(release["tags"] as? [String] == ["v1.0.0"])
    }

    @Test func anInvalidManifestFailsWithEveryDiagnosticAndExitsOne() async throws {
        let world = try await World()
        let bad = "version: 3\nbase: cobol\nbuild: make\nrun: ./a\nconfigs: {}\n"
        try await world.origin.commit(["PANDIUM.yaml": .file(bad)])
        let (outcome, json) = try await world.build()
        #expect(outcome.status == 1)
        #expect(json["status"] as? String == "failed")
        #expect(json["release"] is NSNull)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { "\($0["line"] ?? ""):\($0["column"] ?? "")" } == ["1:10", "2:7"])
        #expect((json["reason"] as? String)?.contains("PANDIUM.yaml is invalid (2 errors)") == true)
    }

    @Test func aFailingCommandExitsOneWithItsLog() async throws {
        let world = try await World()
        let failing = "version: 1.0\nbase: shell\nbuild: echo broken >&2; exit 7\nrun: ./a\nconfigs: {}\n"
        try await world.origin.commit(["PANDIUM.yaml": .file(failing)])
        let (outcome, json) = try await world.build()
        #expect(outcome.status == 1)
        #expect((json["reason"] as? String)?.hasPrefix("the build command exited with status 7") == true)
        #expect((json["log"] as? String)?.contains("[stderr] broken") == true)
    }

    @Test(arguments: [
        (["build"], "missing --repo URL"),
        (
            ["build", "--repo", "git://127.0.0.1:1/x.git", "--branch", "a", "--tag", "b"],
            "give --branch or --tag, not both"
        ),
        (["build", "--repo", "ftp://example.com/x"], "remote URL"),
        (["build", "--repo", "git://127.0.0.1:1/x.git", "--path", "../up"], "must be relative to the repository root"),
        (["build", "--repo", "git://127.0.0.1:1/x.git", "--token-env", "SLIPWAY_TEST_UNSET_VARIABLE"], "is not set"),
        (
            ["build", "--repo", "git://127.0.0.1:1/x.git", "--token-env", "PATH", "--provider", "sourceforge"],
            "no provider descriptor is named 'sourceforge'"
        ),
        (["build", "--repo", "git://127.0.0.1:1/x.git", "--name", "Bad_Name"], "not a valid integration name"),
    ])
    func usageErrorsExitTwo(arguments: [String], message: String) async throws {
        let scratch = try TemporaryDirectory(prefix: "build-usage")
        let outcome = try await Built.run(arguments + ["--data", scratch.appending("data")])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains(message), "\(outcome.errors)")
    }

    @Test func aDataDirectoryInUseIsRefused() async throws {
        let world = try await World()
        let slow = "version: 1.0\nbase: shell\nbuild: sleep 3\nrun: ./a\nconfigs: {}\n"
        try await world.origin.commit(["PANDIUM.yaml": .file(slow)])
        let first = try ChildProcess(
            [Built.slipway, "build", "--repo", world.url, "--data", world.data],
            logPrefix: world.scratch.appending("first"))
        defer { first.stop() }
        #expect(await waitUntil(timeout: .seconds(20)) { first.standardError.contains("$ sleep 3") })
        let (second, _) = try await world.build()
        #expect(second.status == 2)
        #expect(second.errors.contains("another slipway process (pid \(first.pid)) is using the data directory"))
    }

    @Test func helpDescribesTheCommand() async throws {
        let outcome = try await Built.run(["build", "--help"])
        #expect(outcome.status == 0)
        for word in ["--repo", "--branch", "--tag", "--path", "--format", "EXIT CODES", "--token-env"] {
            #expect(outcome.output.contains(word))
        }
    }
}

@Suite struct GCCommandTests {
    @Test func garbageCollectionKeepsWhatReleasesReference() async throws {
        let world = try await BuildCommandTests.World()
        try await world.origin.commit(["PANDIUM.yaml": .file(BuildCommandTests.manifest)])
        let (built, json) = try await world.build()
        #expect(built.status == 0)
        let digest = try #require((json["release"] as? [String: Any])?["artifact_digest"] as? String)
        // An unreferenced artifact, as a crash between storing and publishing would leave.
        let orphan = "sha256:" + String(repeating: "ab", count: 32)
        let shard = world.data + "/artifacts/sha256/ab"
        try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: true)
        try Data("orphan".utf8).write(to: URL(fileURLWithPath: shard + "/" + orphan.dropFirst(7) + ".tar.gz"))
        let outcome = try await Built.run(["gc", "--data", world.data, "--min-age-hours", "0", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("\"removed\": 1") && outcome.output.contains("\"kept_referenced\": 1"))
        let path = world.data + "/artifacts/sha256/\(digest.dropFirst(7).prefix(2))/\(digest.dropFirst(7)).tar.gz"
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: shard + "/" + orphan.dropFirst(7) + ".tar.gz"))
    }
}
