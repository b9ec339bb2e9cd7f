import Artifacts
import Core
import Database
import Foundation
import TestSupport
import Testing

/// SPEC invariant 8: `slipway build` is killed with SIGKILL at random moments (fixed seed) of its fetch,
/// build and store while new commits keep arriving; after a last uninterrupted run nothing is lost, no
/// release is made twice, no half-written artifact is visible, and the queue has drained.
@Suite(.timeLimit(.minutes(5))) struct CrashSafetyTests {
    static let killsWanted = 50

    @Test func killingTheBuilderAtRandomPointsLosesNothing() async throws {
        let scratch = try TemporaryDirectory(prefix: "crash")
        let served = scratch.appending("served")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        let origin = try await FixtureRepository.create(at: served + "/app.git")
        let daemon = try await GitDaemon.start(basePath: served, logDirectory: scratch.path)
        let data = scratch.appending("data")
        let manifest =
            "version: 1.0\nbase: shell\nbuild: sleep 0.05; cat counter.txt > built.txt\nrun: cat built.txt\nconfigs: {}\n"
        var head = try await origin.commit(["PANDIUM.yaml": .file(manifest), "counter.txt": .file("0\n")])
        var random = SplitMix64(seed: 0xC4A5_4E55)
        var kills = 0
        var finished: [String] = []
        var rounds = 0
        while kills < Self.killsWanted && rounds < 200 {
            rounds += 1
            if rounds % 2 == 0 {
                head = try await origin.commit(["counter.txt": .file("\(rounds)\n")])
            }
            let run = try ChildProcess(
                [Built.slipway, "build", "--repo", daemon.url("app.git"), "--data", data, "--format", "json"],
                logPrefix: scratch.appending("run-\(rounds)"))
            let delay = Int(random.next() % 400)
            try await Task.sleep(for: .milliseconds(delay))
            if run.isRunning {
                run.kill(SIGKILL)
                kills += 1
            } else {
                finished.append("round \(rounds): \(run.standardOutput.prefix(300)) \(run.standardError.suffix(300))")
            }
            run.stop()
        }
        #expect(
            kills >= Self.killsWanted,
            "only \(kills) of \(rounds) runs were still running when killed; the others: \(finished.suffix(5))")

        let final = try await Built.run(["build", "--repo", daemon.url("app.git"), "--data", data, "--format", "json"])
        #expect(final.status == 0, "\(final.output.replacingOccurrences(of: "\n", with: " "))\n\(final.errors)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(final.output.utf8)) as? [String: Any])
        let release = try #require(result["release"] as? [String: Any])
        #expect(release["commit"] as? String == head)

        let store = try SQLiteStore(path: data + "/slipway.db")
        // A job that failed an attempt for a passing reason waits out its backoff: run again until the queue
        // is empty (a few rounds at most), as a server would.
        for _ in 0..<4 {
            let counts = try store.counts()
            guard (counts[.queued] ?? 0) + (counts[.running] ?? 0) > 0 else { break }
            try await Task.sleep(for: .seconds(6))
            _ = try await Built.run(["build", "--repo", daemon.url("app.git"), "--data", data, "--format", "json"])
        }
        let integration = try #require(try store.allIntegrations().first)
        let releases = try store.releases(integrationID: integration.id, limit: 500, offset: 0)
        // No release twice: numbers are 1…n without gaps, one per build, and never the same inputs twice.
        #expect(releases.map(\.number).sorted() == Array(1...releases.count))
        #expect(Set(releases.map(\.buildID)).count == releases.count)
        #expect(Set(releases.map(\.inputsDigest)).count == releases.count)
        // Nothing lost: every decision is settled, every build finished.
        let open = try store.decisions(integrationID: integration.id, repositoryKey: nil, limit: 5_000, offset: 0)
            .filter { !$0.outcome.isFinal }
        #expect(open.isEmpty, "\(open.map { "\($0.id) \($0.outcome): \($0.reason)" })")
        let builds = try store.builds(integrationID: integration.id, limit: 5_000, offset: 0)
        let unfinished = try builds.filter { !$0.status.isFinished }.map { build in
            "build \(build.id) \(build.status) attempts \(build.attempts): "
                + (try store.buildLog(buildID: build.id).suffix(3).map(\.text).joined(separator: " / "))
        }
        #expect(unfinished.isEmpty, "builds not finished: \(unfinished)")
        // The queue drained.
        let counts = try store.counts()
        #expect((counts[.queued] ?? 0) + (counts[.running] ?? 0) == 0, "\(counts)")
        // Every visible artifact is complete: its bytes hash to its name; every release's artifact is there.
        let artifacts = data + "/artifacts/sha256"
        var visible = 0
        for shard in try FileManager.default.contentsOfDirectory(atPath: artifacts) {
            for name in try FileManager.default.contentsOfDirectory(atPath: artifacts + "/" + shard) {
                let digest = try FileArtifactStore.digest(ofFile: artifacts + "/" + shard + "/" + name)
                let expected = "sha256:" + name.dropLast(".tar.gz".count)
                #expect(digest == expected)
                visible += 1
            }
        }
        #expect(visible >= Set(releases.map(\.artifactDigest)).count)
        let artifactStore = try FileArtifactStore(root: data + "/artifacts")
        for release in releases { #expect(artifactStore.contains(release.artifactDigest)) }
    }
}

/// A small deterministic generator (SplitMix64), so the kill points repeat run after run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
