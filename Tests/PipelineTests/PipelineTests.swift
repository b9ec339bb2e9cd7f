import Core
import Database
import Foundation
import Git
import Pipeline
import TestSupport
import Testing

/// The release pipeline end to end on real parts: pushes to a repository served by `git daemon`, a SQLite
/// store, libgit2 mirrors, real build commands, a real artifact store.
@Suite(.timeLimit(.minutes(3))) struct PipelineTests {
    @Test func aPushBecomesAReleaseWithAnArtifactAndTheDefault() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay")
        let commit = try await world.origin.commit([
            "PANDIUM.yaml": .file(shellManifest()), "run.sh": .executable("#!/bin/sh\necho run\n"),
        ])
        let outcome = try world.push(after: commit)
        #expect(outcome.fetchQueued)
        await world.drain()

        let releases = try world.releases(relay)
        let builds = try world.builds(relay).map { "\($0.status) \($0.failure ?? "")" } + world.log.recorded
        try #require(releases.count == 1, "\(builds)")
        let release = releases[0]
        #expect(release.number == 1)
        #expect(release.name == "1-\(commit.prefix(7))")
        #expect(release.commitSHA == commit)
        #expect(release.artifactDigest.hasPrefix("sha256:"))
        #expect(try world.store.integration(id: relay.id)?.defaultReleaseID == release.id)
        let artifact = try world.pipeline.parts.artifacts.verified(release.artifactDigest)
        let listing = try await GitCommand.runProgram(["tar", "-tzf", artifact.path])
        #expect(listing.split(separator: "\n").sorted() == ["PANDIUM.yaml", "built.txt", "run.sh"])
        let outcomes = try world.decisions(relay).map(\.outcome)
        #expect(outcomes.contains(.built) && outcomes.contains(.defaultSet))
        let build = try #require(try world.builds(relay).first)
        #expect(build.status == .succeeded)
        let log = try world.logText(build)
        #expect(log.contains("$ echo built > built.txt"))
        #expect(log.contains("release 1 (\(release.name)) published"))
        #expect(release.provenance["predicateType"] == .string("https://slsa.dev/provenance/v1"))
    }

    @Test func unchangedInputsAreSkippedAndTheDecisionSaysWhy() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay", path: "services/relay")
        let first = try await world.origin.commit(["services/relay/PANDIUM.yaml": .file(shellManifest())])
        try world.push(after: first)
        await world.drain()
        let second = try await world.origin.commit(["docs/readme.md": .file("words\n")])
        try world.push(after: second)
        await world.drain()
        #expect(try world.releases(relay).count == 1)
        #expect(try world.builds(relay).count == 1)
        let latest = try #require(try world.decisions(relay).first)
        #expect(latest.outcome == .skippedUnchanged)
        #expect(latest.commitSHA == second)
        #expect(latest.reason.contains("inputs unchanged since release 1"))
        #expect(latest.steps.map(\.stage).contains("digest"))
    }

    @Test func pushesSoonAfterAFetchWaitOutTheMinimumIntervalButAPersonDoesNot() async throws {
        let world = try await PipelineHarness { $0.fetchMinimumInterval = .seconds(600) }
        let relay = try world.integration("relay")
        try world.push(after: try await world.origin.commit(["PANDIUM.yaml": .file(shellManifest())]))
        await world.drain()
        #expect(try world.releases(relay).count == 1)

        // Fetched a moment ago: the next push's fetch is queued for the end of the interval, not run now.
        let second = try await world.origin.commit(["notes.txt": .file("2\n")])
        let pushed = try world.push(after: second)
        #expect(pushed.fetchQueued)
        await world.drain()
        #expect(try world.decisions(relay).first?.outcome == .pending)
        let repository = try #require(try world.store.repository(key: try world.repositoryKey))
        let fetchedAt = try #require(repository.lastFetchedAt)
        // The queue answers a request for the same key with the job already waiting.
        let waiting = try world.store.enqueue(JobNames.fetch(repositoryID: repository.id, maxAttempts: 5), now: Date())
        #expect(!waiting.created && waiting.job.runAfter.timeIntervalSince(fetchedAt) > 590)

        // A person asking builds now; the waiting push is settled by the same fetch.
        _ = try world.pipeline.intake.requestBuild(integrationID: relay.id, ref: nil, source: .api)
        await world.drain()
        let latest = try world.decisions(relay)
        #expect(latest.prefix(2).allSatisfy { $0.outcome != .pending }, "\(latest.prefix(2).map(\.reason))")
        #expect(latest.contains { $0.commitSHA == second })
    }

    @Test func givingUpAFetchLeavesDecisionsWaitingForTheirBuildAlone() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay")
        try world.push(after: try await world.origin.commit(["PANDIUM.yaml": .file(shellManifest())]))
        #expect(await world.worker.runOne(), "the fetch ran and queued a build")
        #expect(try world.decisions(relay).first?.outcome == .queued)
        try world.push(after: try await world.origin.commit(["notes.txt": .file("2\n")]))

        let repository = try #require(try world.store.repository(key: try world.repositoryKey))
        let fetch = try world.store.enqueue(JobNames.fetch(repositoryID: repository.id, maxAttempts: 5), now: Date())
        try world.pipeline.gaveUp(fetch.job, error: "the server is gone")
        let outcomes = try world.decisions(relay).map(\.outcome)
        #expect(outcomes == [.fetchFailed, .queued], "newest first: the push gave up, the build still waits")
    }

    @Test func aMonorepoBuildsExactlyTheIntegrationsAPushTouches() async throws {
        let world = try await PipelineHarness()
        let names = ["alpha", "bravo", "charlie", "delta", "echo"]
        var integrations: [String: Integration] = [:]
        var files: [String: FixtureRepository.Change] = ["libs/common/util.sh": .file("util() { :; }\n")]
        for name in names {
            let include = name == "alpha" || name == "bravo" ? ["libs/common"] : []
            integrations[name] = try world.integration(name, path: "services/\(name)", include: include)
            files["services/\(name)/PANDIUM.yaml"] = .file(shellManifest())
        }
        try world.push(after: try await world.origin.commit(files))
        await world.drain()
        func releaseCounts() throws -> [String: Int] {
            try integrations.mapValues { try world.releases($0).count }
        }
        #expect(try releaseCounts() == Dictionary(uniqueKeysWithValues: names.map { ($0, 1) }))

        try world.push(after: try await world.origin.commit(["services/charlie/extra.txt": .file("1\n")]))
        await world.drain()
        #expect(try releaseCounts() == ["alpha": 1, "bravo": 1, "charlie": 2, "delta": 1, "echo": 1])

        try world.push(after: try await world.origin.commit(["libs/common/util.sh": .file("util() { true; }\n")]))
        await world.drain()
        #expect(try releaseCounts() == ["alpha": 2, "bravo": 2, "charlie": 2, "delta": 1, "echo": 1])

        try world.push(after: try await world.origin.commit(["docs/guide.md": .file("guide\n")]))
        await world.drain()
        #expect(try releaseCounts() == ["alpha": 2, "bravo": 2, "charlie": 2, "delta": 1, "echo": 1])
        for integration in integrations.values {
            let last = try #require(try world.decisions(integration).first)
            #expect(last.outcome == .skippedUnchanged, "\(integration.name): \(last.reason)")
        }
    }

    @Test func oneFetchServesEveryIntegrationOfARepository() async throws {
        let world = try await PipelineHarness()
        for name in ["one", "two", "three"] { try world.integration(name, path: name) }
        let files = Dictionary(
            uniqueKeysWithValues: ["one", "two", "three"].map {
                ("\($0)/PANDIUM.yaml", FixtureRepository.Change.file(shellManifest()))
            })
        try world.push(after: try await world.origin.commit(files))
        await world.drain()
        let fetches = await world.mirrors.fetchesPerformed
        #expect(fetches == 1)
        #expect(try world.store.allIntegrations().allSatisfy { try world.releases($0).count == 1 })
    }

    @Test func twentyQuickPushesCoalesceIntoOneBuildOfTheNewest() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay")
        try world.push(after: try await world.origin.commit(["PANDIUM.yaml": .file(shellManifest())]))
        await world.drain()
        var commits: [String] = []
        for index in 1...20 {
            commits.append(try await world.origin.commit(["counter.txt": .file("\(index)\n")]))
            try world.push(after: commits.last)
        }
        await world.drain()
        let releases = try world.releases(relay)
        #expect(releases.count == 2)
        #expect(releases.first?.commitSHA == commits.last)
        let decisions = try world.decisions(relay).filter { $0.outcome != .defaultSet }
        let outcomes = decisions.prefix(20).map(\.outcome)
        #expect(outcomes.filter { $0 == .coalesced }.count == 19)
        #expect(outcomes.filter { $0 == .built }.count == 1)
        #expect(await world.mirrors.fetchesPerformed == 2)
    }

    @Test func tenTagsPushedInABurstMakeTenReleasesInPushOrder() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay")
        try world.push(after: try await world.origin.commit(["PANDIUM.yaml": .file(shellManifest())]))
        await world.drain()
        // Tag names that do not sort in push order, to show the order is the push order.
        let tags = ["v1.9", "v1.10", "a-tag", "v2", "z", "release-3", "b", "v0.1", "x1", "final"]
        for tag in tags {
            let commit = try await world.origin.commit(["version.txt": .file(tag + "\n")])
            try await world.origin.tag(tag, at: commit)
        }
        for tag in tags { try world.push(ref: "refs/tags/" + tag, after: nil) }
        await world.drain()
        let releases = try world.releases(relay).sorted { $0.number < $1.number }
        #expect(releases.count == 11)
        #expect(releases.dropFirst().map(\.name) == tags)
        #expect(releases.dropFirst().map(\.gitTag) == tags)
        #expect(releases.dropFirst().allSatisfy { $0.tags.contains($0.gitTag ?? "") })

        // The same tag again: built exactly once.
        try world.push(ref: "refs/tags/v2", after: nil)
        await world.drain()
        #expect(try world.releases(relay).count == 11)
    }

    @Test func thePayloadIsOnlyAHintTheTruthComesFromGit() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay")
        let real = try await world.origin.commit(["PANDIUM.yaml": .file(shellManifest())])
        try world.push(after: String(repeating: "ab", count: 20))
        await world.drain()
        #expect(try world.releases(relay).first?.commitSHA == real)
    }

    @Test func anInvalidManifestFailsBeforeAnyCommandRuns() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay")
        let marker = world.scratch.appending("build-ran")
        let manifest = "version: 1.0\nbase: nod:20\nbuild: touch \(marker)\nrun: ./run.sh\nconfigs: {}\n"
        try world.push(after: try await world.origin.commit(["PANDIUM.yaml": .file(manifest)]))
        await world.drain()
        let build = try #require(try world.builds(relay).first)
        #expect(build.status == .failed)
        #expect(build.diagnostics.contains { $0.location == SourceLocation(line: 2, column: 7) && $0.path == "base" })
        #expect(build.failure?.contains("PANDIUM.yaml is invalid (1 error); first: PANDIUM.yaml:2:7") == true)
        #expect(try world.logText(build).contains("PANDIUM.yaml:2:7: error: unknown runtime `nod`"))
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try world.releases(relay).isEmpty)
        #expect(try world.decisions(relay).first?.outcome == .failedValidation)
    }

    @Test func aFailingBuildCommandMakesNoReleaseAndSameInputsAreNotRetriedByPushes() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay", path: "app")
        try world.push(
            after: try await world.origin.commit([
                "app/PANDIUM.yaml": .file(shellManifest(build: "echo compiling; exit 3"))
            ]))
        await world.drain()
        let build = try #require(try world.builds(relay).first)
        #expect(build.status == .failed)
        #expect(build.failure?.hasPrefix("the build command exited with status 3") == true)
        let log = try world.logText(build)
        #expect(log.contains("compiling"))
        #expect(try world.releases(relay).isEmpty)
        #expect(try world.decisions(relay).first?.outcome == .failedBuild)

        try world.push(after: try await world.origin.commit(["elsewhere.txt": .file("x\n")]))
        await world.drain()
        #expect(try world.builds(relay).count == 1)
        #expect(try world.decisions(relay).first?.outcome == .skippedFailedBefore)
    }

    @Test func aBuildPastItsTimeoutIsKilledAndFails() async throws {
        let world = try await PipelineHarness { $0.buildTimeout = .seconds(1) }
        let relay = try world.integration("relay")
        try world.push(after: try await world.origin.commit(["PANDIUM.yaml": .file(shellManifest(build: "sleep 30"))]))
        let start = ContinuousClock.now
        await world.drain()
        #expect(ContinuousClock.now - start < .seconds(20))
        let build = try #require(try world.builds(relay).first)
        #expect(build.status == .failed)
        #expect(build.failure?.contains("ran longer than 1.00s and was stopped") == true)
        #expect(try world.releases(relay).isEmpty)
    }

    @Test func aMissingToolchainFailsTheBuildNamingTheRuntime() async throws {
        let world = try await PipelineHarness(toolchains: AnyVersionToolchains(missing: ["node"]))
        let relay = try world.integration("relay")
        let manifest = "version: 1.0\nbase: node:20\nbuild: npm ci\nrun: node .\nconfigs: {}\n"
        try world.push(after: try await world.origin.commit(["PANDIUM.yaml": .file(manifest)]))
        await world.drain()
        let build = try #require(try world.builds(relay).first)
        #expect(build.status == .failed)
        #expect(build.failure?.contains("the node toolchain is missing on this host") == true)
        #expect(build.failure?.contains("install node 20") == true)
        #expect(try world.logText(build).contains("base: node:20"))
    }

    @Test func deletionsOtherBranchesAndUnknownRepositoriesBuildNothing() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay")
        let deleted = try world.push(ref: "refs/heads/main", after: String(repeating: "0", count: 40))
        #expect(!deleted.fetchQueued)
        #expect(deleted.decisions.map(\.outcome) == [.ignoredDelete])
        // Recorded final in the trigger's own transaction, as the store reads it back.
        #expect(deleted.decisions.first?.steps.map(\.stage) == ["received", "matched", "settled"])
        #expect(try world.decisions(relay).first == deleted.decisions.first)
        let other = try world.push(ref: "refs/heads/feature", after: String(repeating: "1", count: 40))
        #expect(other.decisions.map(\.outcome) == [.ignoredRef])
        let unknown = try world.pipeline.intake.submit(
            NewTrigger(source: .webhook, provider: "github", deliveryID: "x", repositoryKey: "example.com/nobody/none"))
        #expect(unknown.decisions.map(\.outcome) == [.unmatched])
        #expect(unknown.decisions.first?.reason == "no integration watches this repository")
        await world.drain()
        #expect(try world.builds(relay).isEmpty)
    }

    @Test func aDuplicateDeliveryIsProcessedOnce() async throws {
        let world = try await PipelineHarness()
        try world.integration("relay")
        let commit = try await world.origin.commit(["PANDIUM.yaml": .file(shellManifest())])
        let first = try world.push(after: commit, delivery: "delivery-1")
        let second = try world.push(after: commit, delivery: "delivery-1")
        #expect(first.created && !second.created)
        #expect(second.trigger.id == first.trigger.id)
        #expect(!second.fetchQueued)
    }

    @Test func aSymlinkLeavingTheTreeFailsTheBuildNamingIt() async throws {
        let world = try await PipelineHarness()
        let relay = try world.integration("relay", path: "app")
        try world.push(
            after: try await world.origin.commit([
                "app/PANDIUM.yaml": .file(shellManifest()), "app/secrets": .symlink("../../../etc/passwd"),
            ]))
        await world.drain()
        let build = try #require(try world.builds(relay).first)
        #expect(build.status == .failed)
        #expect(build.failure?.contains("app/secrets") == true)
        #expect(try world.releases(relay).isEmpty)
    }

    @Test func theSameCommitGivesTheSameArtifactInTwoDataDirectories() async throws {
        let first = try await PipelineHarness()
        let second = try await PipelineHarness()
        var releases: [Release] = []
        for world in [first, second] {
            let relay = try world.integration("relay", path: "app")
            // Fixture commits carry fixed dates, so both repositories get the very same commit.
            try world.push(
                after: try await world.origin.commit([
                    "app/PANDIUM.yaml": .file(shellManifest(build: "mkdir -p dist && echo v1 > dist/app.txt")),
                    "app/src/main.sh": .executable("#!/bin/sh\necho hi\n"),
                ]))
            await world.drain()
            releases.append(try #require(try world.releases(relay).first))
        }
        #expect(releases[0].commitSHA == releases[1].commitSHA)
        #expect(releases[0].inputsDigest == releases[1].inputsDigest)
        #expect(releases[0].artifactDigest == releases[1].artifactDigest)
    }
}
