import Core
import Foundation
import Testing

@testable import Database

@Suite struct IntegrationTests {
    let scratch = Scratch()
    let store: SQLiteStore

    init() throws {
        store = try scratch.store()
    }

    @Test func repositoriesAreUpsertedByKey() throws {
        let created = try store.upsertRepository(key: "github.com/acme/relay", url: "https://a", connectionID: "gh")
        #expect(created.key == "github.com/acme/relay" && created.url == "https://a" && created.connectionID == "gh")
        #expect(created.lastFetchedAt == nil && created.lastFetchError == nil && !created.tagsBaselined)
        let kept = try store.upsertRepository(key: "github.com/acme/relay", url: "ssh://b", connectionID: nil)
        #expect(kept.id == created.id && kept.url == "ssh://b" && kept.connectionID == "gh")
        let moved = try store.upsertRepository(key: "github.com/acme/relay", url: "ssh://b", connectionID: "gl")
        #expect(moved.connectionID == "gl")
        #expect(try store.repository(id: created.id) == moved)
        #expect(try store.repository(key: "github.com/acme/relay") == moved)
        #expect(try store.repository(key: "github.com/acme/none") == nil)
        #expect(try store.upsertRepository(key: "gitlab.com/x", url: "https://x", connectionID: nil).id != created.id)
    }

    @Test func fetchesAreRecorded() throws {
        let repository = try store.upsertRepository(key: "k", url: "u", connectionID: nil)
        try store.recordFetch(repositoryID: repository.id, error: "authentication failed", now: at(1))
        let failed = try #require(try store.repository(id: repository.id))
        #expect(failed.lastFetchedAt == at(1) && failed.lastFetchError == "authentication failed")
        try store.recordFetch(repositoryID: repository.id, error: nil, now: at(2))
        let fetched = try #require(try store.repository(id: repository.id))
        #expect(fetched.lastFetchedAt == at(2) && fetched.lastFetchError == nil)
        #expect(storeError { try store.recordFetch(repositoryID: 999, error: nil, now: at(3)) }?.code == .notFound)
    }

    @Test func tagsSeenAreRemembered() throws {
        let repository = try store.upsertRepository(key: "k", url: "u", connectionID: nil)
        #expect(try store.knownTags(repositoryID: repository.id).isEmpty)
        try store.recordTags(
            repositoryID: repository.id, seen: ["v1": sha("1"), "v2": sha("2")], removed: [], baseline: true, now: at(1)
        )
        #expect(try store.repository(id: repository.id)?.tagsBaselined == true)
        #expect(try store.knownTags(repositoryID: repository.id) == ["v1": sha("1"), "v2": sha("2")])
        try store.recordTags(
            repositoryID: repository.id, seen: ["v2": sha("9"), "v3": sha("3")], removed: ["v1"], baseline: false,
            now: at(2))
        #expect(try store.knownTags(repositoryID: repository.id) == ["v2": sha("9"), "v3": sha("3")])
        #expect(try store.repository(id: repository.id)?.tagsBaselined == true, "a baseline is never undone")

        let other = try store.upsertRepository(key: "k2", url: "u2", connectionID: nil)
        try store.recordTags(repositoryID: other.id, seen: ["v1": sha("a")], removed: [], baseline: false, now: at(3))
        #expect(try store.repository(id: other.id)?.tagsBaselined == false)
        #expect(try store.knownTags(repositoryID: other.id) == ["v1": sha("a")])
        #expect(
            storeError { try store.recordTags(repositoryID: 999, seen: [:], removed: [], baseline: true, now: at(4)) }?
                .code == .notFound)
    }

    @Test func integrationsKeepEveryField() throws {
        let repository = try store.upsertRepository(key: "k", url: "https://k", connectionID: nil)
        let new = NewIntegration(
            name: "orbit-relay", longName: "Orbit Relay", kind: .internal, connectionID: "acme-github",
            repositoryID: repository.id, repositoryURL: "https://k", trackingBranch: "main", path: "services/relay",
            include: ["shared/lib", "proto"], defaultReleaseChannel: .latest)
        let created = try store.createIntegration(new, now: at(1))
        #expect(created.name == "orbit-relay" && created.longName == "Orbit Relay" && created.kind == .internal)
        #expect(created.connectionID == "acme-github" && created.repositoryID == repository.id)
        #expect(
            created.repositoryURL == "https://k" && created.trackingBranch == "main" && created.path == "services/relay"
        )
        #expect(created.include == ["shared/lib", "proto"] && created.defaultReleaseChannel == .latest)
        #expect(created.defaultReleaseID == nil && created.createdAt == at(1) && created.modifiedAt == at(1))
        #expect(try store.integration(id: created.id) == created)
        #expect(try store.integration(named: "orbit-relay") == created)
        #expect(try store.integration(named: "none") == nil)

        let listing = try store.createIntegration(
            NewIntegration(
                name: "listing", kind: .external, repositoryID: nil, repositoryURL: nil, trackingBranch: nil),
            now: at(2))
        #expect(listing.kind == .external && listing.repositoryID == nil && listing.longName == "listing")
        #expect(try store.allIntegrations() == [created, listing])
        #expect(try store.integrations(repositoryID: repository.id) == [created])

        let taken = storeError { _ = try store.createIntegration(new, now: at(3)) }
        #expect(taken?.code == .conflict && taken?.message.contains("orbit-relay") == true)
        var orphan = new
        orphan.name = "orphan"
        orphan.repositoryID = 999
        #expect(storeError { _ = try store.createIntegration(orphan, now: at(3)) }?.code == .notFound)
        #expect(try store.allIntegrations().count == 2)
    }

    @Test func updatesSaveEverythingButIdentityAndCreation() throws {
        let repository = try store.upsertRepository(key: "k", url: "https://k", connectionID: nil)
        let created = try store.createIntegration(
            NewIntegration(
                name: "relay", repositoryID: repository.id, repositoryURL: "https://k", trackingBranch: "main"),
            now: at(1))
        _ = try store.createIntegration(
            NewIntegration(name: "beacon", repositoryID: nil, repositoryURL: nil, trackingBranch: nil), now: at(1))
        var changed = created
        changed.name = "relay-2"
        changed.longName = "Relay Two"
        changed.trackingBranch = "release"
        changed.path = "relay.yaml"
        changed.include = ["lib"]
        changed.defaultReleaseChannel = .default
        changed.createdAt = at(100)
        let saved = try store.updateIntegration(changed, now: at(5))
        #expect(saved.name == "relay-2" && saved.longName == "Relay Two" && saved.trackingBranch == "release")
        #expect(saved.path == "relay.yaml" && saved.include == ["lib"] && saved.defaultReleaseChannel == .default)
        #expect(saved.createdAt == at(1) && saved.modifiedAt == at(5))
        #expect(try store.integration(id: created.id) == saved)

        changed.name = "beacon"
        #expect(storeError { _ = try store.updateIntegration(changed, now: at(6)) }?.code == .conflict)
        changed.name = "relay-2"
        changed.defaultReleaseID = 999
        #expect(storeError { _ = try store.updateIntegration(changed, now: at(6)) }?.code == .notFound)
        #expect(storeError { _ = try store.updateIntegration(Integration.unknown, now: at(6)) }?.code == .notFound)
        #expect(try store.integration(id: created.id) == saved)
    }

    @Test func deletingAnIntegrationRemovesEverythingItOwns() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon")
        let submitted = try fixture.submit([relay, beacon])
        let release = try fixture.release(relay, commit: sha("1"), tag: "v1", decisions: [submitted.decisions[0]])
        try store.appendBuildLog(buildID: release.buildID, lines: [LogLine(at: start, stream: .stdout, text: "ok")])
        _ = try store.addTag(releaseID: release.id, tag: "stable", now: start)
        let tenant = try store.createTenant(
            name: "acme", integrationID: relay.id, releaseID: release.id, releaseChannel: nil, now: start)
        let queued = try fixture.requestBuild(relay, commit: sha("2")).build
        let kept = try fixture.release(beacon, tag: "v1", decisions: [submitted.decisions[1]])
        let otherTenant = try store.createTenant(
            name: "acme", integrationID: beacon.id, releaseID: kept.id, releaseChannel: nil, now: start)

        try store.deleteIntegration(id: relay.id)
        #expect(try store.integration(id: relay.id) == nil)
        #expect(try store.build(id: release.buildID) == nil && store.build(id: queued.id) == nil)
        #expect(try store.buildLog(buildID: release.buildID).isEmpty)
        #expect(try store.release(id: release.id) == nil && store.tenant(id: tenant.id) == nil)
        #expect(try store.decisions(integrationID: relay.id, repositoryKey: nil, limit: 100, offset: 0).isEmpty)
        #expect(try store.jobs(key: "build:\(queued.id)").isEmpty, "its queued build jobs are dropped")
        #expect(try store.count("release_tags") == 1)

        #expect(try store.release(id: kept.id) == kept && store.tenant(id: otherTenant.id) == otherTenant)
        #expect(try store.trigger(id: submitted.trigger.id) == submitted.trigger)
        #expect(try store.decisions(integrationID: beacon.id, repositoryKey: nil, limit: 100, offset: 0).count == 2)
        #expect(try store.repository(id: fixture.repository.id) != nil)
        #expect(try store.read { db in try db.queryFirst("PRAGMA foreign_key_check") { _ in true } } == nil)
        #expect(storeError { try store.deleteIntegration(id: relay.id) }?.code == .notFound)
    }
}
