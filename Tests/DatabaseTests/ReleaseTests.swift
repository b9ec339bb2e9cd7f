import Core
import Foundation
import Testing

@testable import Database

@Suite struct ReleaseTests {
    let fixture: Fixture
    var store: SQLiteStore { fixture.store }

    init() throws {
        fixture = try Fixture()
    }

    @Test func publishingNumbersNamesAndRecordsTheRelease() throws {
        let relay = try fixture.integration()
        let decisions = try fixture.submit([relay]).decisions
        let build = try fixture.requestBuild(relay, commit: "abcdef1234" + sha("0").dropFirst(10), decisions: decisions)
        _ = try store.startBuild(id: build.build.id, now: at(1))
        let first = try store.publish(newRelease(build.build.id, digest: "sha256:one"), now: at(2))
        #expect(first.number == 1 && first.name == "1-abcdef1" && first.gitTag == nil && first.tags.isEmpty)
        #expect(first.integrationID == relay.id && first.buildID == build.build.id && first.createdAt == at(2))
        #expect(first.commitSHA == build.build.commitSHA && first.inputsDigest == build.build.inputsDigest)
        #expect(first.artifactDigest == "sha256:one" && first.artifactSize == 1234)
        #expect(first.runCommand == "node index.js" && first.configVersion == "1.0")
        #expect(first.provenance == newRelease(0).provenance)
        #expect(try store.release(id: first.id) == first)

        let built = try #require(try store.build(id: build.build.id))
        #expect(built.status == .succeeded && built.releaseID == first.id && built.completedAt == at(2))
        let decision = try #require(try store.decision(decisions[0].id))
        #expect(decision.outcome == .built && decision.reason.contains("1-abcdef1"))
        #expect(decision.steps.last?.stage == "built")

        let second = try fixture.release(relay, commit: sha("2"), tag: "v2.0.0", now: at(3))
        #expect(second.number == 2 && second.name == "v2.0.0" && second.gitTag == "v2.0.0")
        #expect(second.tags == ["v2.0.0"])
        let third = try fixture.release(relay, commit: sha("3"), now: at(4))
        #expect(third.number == 3 && third.name == "3-3333333")

        let beacon = try fixture.integration("beacon")
        #expect(try fixture.release(beacon).number == 1, "numbers count per integration")
    }

    @Test func theFirstReleaseBecomesTheDefaultOnce() throws {
        let relay = try fixture.integration()
        let submitted = try fixture.submit([relay], delivery: "first")
        let first = try fixture.release(relay, commit: sha("1"), decisions: submitted.decisions, now: at(1))
        #expect(try store.integration(id: relay.id)?.defaultReleaseID == first.id)
        #expect(try store.integration(id: relay.id)?.modifiedAt == at(1))
        let defaultSet = try store.decisions(integrationID: relay.id, repositoryKey: nil, limit: 10, offset: 0)
            .filter { $0.outcome == .defaultSet }
        #expect(defaultSet.count == 1)
        #expect(defaultSet.first?.triggerID == submitted.trigger.id && defaultSet.first?.deliveryID == "first")
        #expect(defaultSet.first?.buildID == first.buildID && defaultSet.first?.reason.contains(first.name) == true)

        _ = try fixture.release(relay, commit: sha("2"), now: at(2))
        #expect(try store.integration(id: relay.id)?.defaultReleaseID == first.id)
        #expect(
            try store.decisions(integrationID: relay.id, repositoryKey: nil, limit: 10, offset: 0)
                .filter { $0.outcome == .defaultSet }.count == 1)
    }

    @Test func publishingABuildAgainReturnsItsRelease() throws {
        let relay = try fixture.integration()
        let first = try fixture.release(relay, tag: "v1")
        let again = try store.publish(newRelease(first.buildID, digest: "sha256:other"), now: at(9))
        #expect(again == first)
        #expect(try store.count("releases") == 1 && store.count("release_tags") == 1)
        #expect(try store.count("decisions") == 1, "one default-set decision")
    }

    @Test func aFailedBuildCannotBePublished() throws {
        let relay = try fixture.integration()
        let build = try fixture.requestBuild(relay).build
        _ = try store.failBuild(id: build.id, failure: "exit 2", diagnostics: [], validation: false, now: at(1))
        #expect(storeError { _ = try store.publish(newRelease(build.id), now: at(2)) }?.code == .conflict)
        #expect(storeError { _ = try store.publish(newRelease(999), now: at(2)) }?.code == .notFound)
        #expect(try store.count("releases") == 0)
    }

    @Test func releasesAreFoundByNumberDigestAndArtifact() throws {
        let relay = try fixture.integration()
        let one = try fixture.release(relay, commit: sha("a"), now: at(1))
        let two = try fixture.release(relay, commit: sha("b"), now: at(2))
        let three = try fixture.release(relay, commit: sha("a"), now: at(3))
        #expect(try store.releases(integrationID: relay.id, limit: 10, offset: 0) == [three, two, one])
        #expect(try store.releases(integrationID: relay.id, limit: 1, offset: 2) == [one])
        #expect(try store.latestRelease(integrationID: relay.id) == three)
        #expect(try store.release(integrationID: relay.id, inputsDigest: "sha256:" + sha("a")) == three)
        #expect(try store.release(integrationID: relay.id, inputsDigest: "sha256:" + sha("b")) == two)
        #expect(try store.release(integrationID: relay.id, inputsDigest: "sha256:none") == nil)
        #expect(try store.latestRelease(integrationID: 999) == nil)
        #expect(
            try store.referencedArtifactDigests() == ["sha256:artifact-" + sha("a"), "sha256:artifact-" + sha("b")])
    }

    @Test func tagsAreUniqueWithinAnIntegrationAndListedSorted() throws {
        let relay = try fixture.integration("relay")
        let one = try fixture.release(relay, commit: sha("1"), tag: "v1")
        let two = try fixture.release(relay, commit: sha("2"))
        #expect(try store.addTag(releaseID: one.id, tag: "stable", now: at(1)).tags == ["stable", "v1"])
        #expect(try store.addTag(releaseID: one.id, tag: "beta", now: at(1)).tags == ["beta", "stable", "v1"])
        #expect(try store.addTag(releaseID: one.id, tag: "beta", now: at(2)).tags == ["beta", "stable", "v1"])
        #expect(
            try store.releases(integrationID: relay.id, limit: 5, offset: 0).last?.tags == ["beta", "stable", "v1"])

        let taken = storeError { _ = try store.addTag(releaseID: two.id, tag: "stable", now: at(3)) }
        #expect(taken?.code == .conflict && taken?.message.contains("release \(one.id)") == true)
        #expect(storeError { _ = try store.addTag(releaseID: 999, tag: "x", now: at(3)) }?.code == .notFound)

        let beacon = try fixture.integration("beacon")
        #expect(try store.addTag(releaseID: fixture.release(beacon).id, tag: "stable", now: at(4)).tags == ["stable"])

        #expect(try store.removeTag(releaseID: one.id, tag: "stable").tags == ["beta", "v1"])
        #expect(try store.addTag(releaseID: two.id, tag: "stable", now: at(5)).tags == ["stable"])
        let absent = storeError { _ = try store.removeTag(releaseID: one.id, tag: "stable") }
        #expect(absent?.code == .notFound && absent?.message.contains("beta, v1") == true)
    }

    @Test func aGitTagTakesItsNameFromAHandMadeTag() throws {
        let relay = try fixture.integration()
        let one = try fixture.release(relay, commit: sha("1"))
        _ = try store.addTag(releaseID: one.id, tag: "v3", now: at(1))
        let three = try fixture.release(relay, commit: sha("3"), tag: "v3", now: at(2))
        #expect(three.tags == ["v3"] && three.name == "v3")
        #expect(try store.release(id: one.id)?.tags == [])
    }

    @Test func theDefaultIsOneOfTheIntegrationsReleases() throws {
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon")
        let one = try fixture.release(relay, commit: sha("1"))
        let two = try fixture.release(relay, commit: sha("2"))
        let foreign = try fixture.release(beacon)
        let updated = try store.setDefaultRelease(integrationID: relay.id, releaseID: two.id, now: at(5))
        #expect(updated.defaultReleaseID == two.id && updated.modifiedAt == at(5))
        #expect(try store.integration(id: relay.id) == updated)
        #expect(
            storeError { _ = try store.setDefaultRelease(integrationID: relay.id, releaseID: foreign.id, now: at(6)) }?
                .code == .notFound)
        #expect(
            storeError { _ = try store.setDefaultRelease(integrationID: 999, releaseID: one.id, now: at(6)) }?.code
                == .notFound)
        #expect(try store.integration(id: relay.id)?.defaultReleaseID == two.id)
    }
}
