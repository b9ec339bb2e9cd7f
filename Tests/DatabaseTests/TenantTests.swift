import Core
import Foundation
import Testing

@testable import Database

@Suite struct TenantTests {
    let fixture: Fixture
    var store: SQLiteStore { fixture.store }

    init() throws {
        fixture = try Fixture()
    }

    @Test func tenantsAreNamedUniquelyWithinTheirIntegration() throws {
        let relay = try fixture.integration("relay")
        let beacon = try fixture.integration("beacon")
        let release = try fixture.release(relay)
        let pinned = try store.createTenant(
            name: "acme", integrationID: relay.id, releaseID: release.id, releaseChannel: nil, now: at(1))
        #expect(pinned.name == "acme" && pinned.integrationID == relay.id && pinned.releaseID == release.id)
        #expect(pinned.releaseChannel == nil && pinned.createdAt == at(1) && pinned.modifiedAt == at(1))
        #expect(try store.tenant(id: pinned.id) == pinned)
        let following = try store.createTenant(
            name: "globex", integrationID: relay.id, releaseID: nil, releaseChannel: .latest, now: at(2))
        #expect(following.releaseChannel == .latest && following.releaseID == nil)
        #expect(try store.tenants(integrationID: relay.id) == [pinned, following])

        let taken = storeError {
            _ = try store.createTenant(
                name: "acme", integrationID: relay.id, releaseID: nil, releaseChannel: nil, now: at(3))
        }
        #expect(taken?.code == .conflict && taken?.message.contains("acme") == true)
        #expect(
            try store.createTenant(
                name: "acme", integrationID: beacon.id, releaseID: nil, releaseChannel: .default, now: at(3)
            )
            .integrationID == beacon.id)
        #expect(
            storeError {
                _ = try store.createTenant(
                    name: "x", integrationID: beacon.id, releaseID: release.id, releaseChannel: nil, now: at(3))
            }?.code == .notFound)
        #expect(
            storeError {
                _ = try store.createTenant(
                    name: "x", integrationID: 999, releaseID: nil, releaseChannel: nil, now: at(3))
            }?.code == .notFound)
        #expect(try store.tenant(id: 999) == nil)
    }

    /// Tenants a, b on release one; c on release two; d following Latest.
    func tenants() throws -> (integration: Integration, one: Release, two: Release, tenants: [Tenant]) {
        let relay = try fixture.integration("relay")
        let one = try fixture.release(relay, commit: sha("1"))
        let two = try fixture.release(relay, commit: sha("2"))
        let tenants = try [("a", one.id, nil), ("b", one.id, nil), ("c", two.id, nil), ("d", nil, .latest)].map {
            (name: String, release: Int64?, channel: ReleaseChannel?) in
            try store.createTenant(
                name: name, integrationID: relay.id, releaseID: release, releaseChannel: channel, now: start)
        }
        return (relay, one, two, tenants)
    }

    enum Selecting: CaseIterable { case someIDs, onReleaseOne, all }

    @Test(arguments: Selecting.allCases)
    func tenantsArePinnedToARelease(selecting: Selecting) throws {
        let (relay, one, two, tenants) = try tenants()
        let selection: TenantSelection
        let expected: [String]
        switch selecting {
        case .someIDs: (selection, expected) = (.ids([tenants[3].id, tenants[0].id, tenants[2].id]), ["a", "d"])
        case .onReleaseOne: (selection, expected) = (.onRelease(one.id), ["a", "b"])
        case .all: (selection, expected) = (.all, ["a", "b", "d"])
        }
        let moved = try store.moveTenants(
            integrationID: relay.id, selection: selection, releaseID: two.id, channel: nil, now: at(9))
        #expect(moved.map(\.name) == expected, "tenants already pinned to the release are not changed")
        for tenant in moved {
            #expect(tenant.releaseID == two.id && tenant.releaseChannel == nil && tenant.modifiedAt == at(9))
        }
        let untouched = try store.tenants(integrationID: relay.id).filter { !expected.contains($0.name) }
        #expect(untouched == tenants.filter { !expected.contains($0.name) })
    }

    @Test func tenantsAreMovedToAChannel() throws {
        let (relay, one, _, tenants) = try tenants()
        let moved = try store.moveTenants(
            integrationID: relay.id, selection: .all, releaseID: nil, channel: .default, now: at(9))
        #expect(moved.map(\.name) == ["a", "b", "c", "d"])
        #expect(moved.map(\.releaseChannel) == [.default, .default, .default, .default])
        #expect(
            moved.map(\.releaseID) == tenants.map(\.releaseID), "the release they are on is kept until their next run")
        let both = try store.moveTenants(
            integrationID: relay.id, selection: .ids([tenants[2].id]), releaseID: one.id, channel: .latest, now: at(10))
        #expect(both.first?.releaseID == one.id && both.first?.releaseChannel == .latest)
        #expect(
            try store.moveTenants(
                integrationID: relay.id, selection: .all, releaseID: nil, channel: .default, now: at(11)
            )
            .map(\.name) == ["c"])
    }

    @Test func aBadMoveMovesNobody() throws {
        let (relay, one, two, tenants) = try tenants()
        let beacon = try fixture.integration("beacon")
        let foreignRelease = try fixture.release(beacon)
        let stranger = try store.createTenant(
            name: "z", integrationID: beacon.id, releaseID: nil, releaseChannel: nil, now: start)
        let cases: [(TenantSelection, Int64?, ReleaseChannel?, StoreError.Code)] = [
            (.ids([tenants[0].id, stranger.id]), two.id, nil, .notFound),
            (.ids([tenants[0].id, 999]), two.id, nil, .notFound),
            (.all, foreignRelease.id, nil, .notFound),
            (.onRelease(foreignRelease.id), one.id, nil, .notFound),
            (.all, nil, nil, .conflict),
        ]
        for (selection, release, channel, code) in cases {
            let error = storeError {
                _ = try store.moveTenants(
                    integrationID: relay.id, selection: selection, releaseID: release, channel: channel, now: at(9))
            }
            #expect(error?.code == code, "\(selection)")
        }
        #expect(
            storeError {
                _ = try store.moveTenants(
                    integrationID: 999, selection: .all, releaseID: nil, channel: .latest, now: at(9))
            }?.code == .notFound)
        #expect(try store.tenants(integrationID: relay.id) == tenants)
    }
}
