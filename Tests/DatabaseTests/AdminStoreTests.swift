import Core
import Foundation
import Testing

@testable import Database

@Suite struct AdminStoreTests {
    @Test func connectionsAreSavedUpdatedAndKeepTheirCreationTime() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let saved = try store.saveConnection(
            Connection(
                id: "acme-github", provider: "github", apiURL: "https://ghe.example.com/api/v3",
                token: .environment("GH_TOKEN"), webhookSecret: .stored, pollIntervalSeconds: 30, fromConfig: true),
            now: start)
        #expect(saved.createdAt == start && saved.modifiedAt == start)
        #expect(saved.token == .environment("GH_TOKEN") && saved.webhookSecret == .stored)
        var changed = saved
        changed.apiURL = nil
        changed.webhookSecret = .file("/run/secrets/hook")
        let updated = try store.saveConnection(changed, now: at(60))
        #expect(updated.createdAt == start && updated.modifiedAt == at(60))
        #expect(updated.apiURL == nil && updated.webhookSecret == .file("/run/secrets/hook"))
        #expect(try store.connection(id: "acme-github") == updated)
        #expect(try store.connection(id: "nobody") == nil)
    }

    @Test func aConnectionInUseCannotBeDeletedAndDeletingRemovesItsSecrets() throws {
        let fixture = try Fixture()
        let store = fixture.store
        try store.saveConnection(Connection(id: "acme-github", provider: "github"), now: start)
        try store.saveSealedSecret(
            scope: "connection:acme-github", name: "token", keyID: "k1", sealed: [1, 2], now: start)
        var integration = try fixture.integration()
        integration.connectionID = "acme-github"
        _ = try store.updateIntegration(integration, now: start)
        #expect {
            try store.deleteConnection(id: "acme-github")
        } throws: { error in
            (error as? StoreError)?.code == .conflict && "\(error)".contains("orbit-relay")
        }
        try store.deleteIntegration(id: integration.id)
        try store.deleteConnection(id: "acme-github")
        #expect(try store.connection(id: "acme-github") == nil)
        #expect(try store.sealedSecret(scope: "connection:acme-github", name: "token") == nil)
        #expect {
            try store.deleteConnection(id: "acme-github")
        } throws: { error in
            (error as? StoreError)?.code == .notFound
        }
    }

    @Test func sealedSecretsAreStoredReplacedAndRemoved() throws {
        let fixture = try Fixture()
        let store = fixture.store
        try store.saveSealedSecret(scope: "connection:a", name: "token", keyID: "k1", sealed: [9, 9, 9], now: start)
        try store.saveSealedSecret(scope: "connection:a", name: "token", keyID: "k2", sealed: [7], now: at(1))
        let secret = try #require(try store.sealedSecret(scope: "connection:a", name: "token"))
        #expect(secret.keyID == "k2" && secret.sealed == [7])
        try store.deleteSealedSecret(scope: "connection:a", name: "token")
        try store.deleteSealedSecret(scope: "connection:a", name: "token")
        #expect(try store.sealedSecret(scope: "connection:a", name: "token") == nil)
    }

    @Test func apiKeysAuthenticateByHashUntilRevoked() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let key = try store.createAPIKey(
            name: "ci", role: .releaseManager, hash: "aa11", prefix: "slw_abcd", now: start)
        #expect(key.role == .releaseManager && key.lastUsedAt == nil && key.revokedAt == nil)
        let used = try #require(try store.authenticate(keyHash: "aa11", now: at(5)))
        #expect(used.id == key.id && used.lastUsedAt == at(5))
        #expect(try store.authenticate(keyHash: "aa11", now: at(50))?.lastUsedAt == at(5), "within the minute")
        #expect(try store.authenticate(keyHash: "aa11", now: at(65))?.lastUsedAt == at(65))
        #expect(try store.authenticate(keyHash: "bb22", now: at(5)) == nil)
        let revoked = try store.revokeAPIKey(id: key.id, now: at(9))
        #expect(revoked.revokedAt == at(9))
        #expect(try store.authenticate(keyHash: "aa11", now: at(10)) == nil)
        #expect(try store.apiKeys().map(\.id) == [key.id])
        #expect(throws: StoreError.self) { _ = try store.revokeAPIKey(id: 999, now: at(11)) }
        // Two keys never share a hash.
        #expect(throws: StoreError.self) {
            _ = try store.createAPIKey(name: "twin", role: .viewer, hash: "aa11", prefix: "x", now: at(12))
        }
    }

    @Test func listsArePagedSortedAndCounted() throws {
        let fixture = try Fixture()
        for name in ["charlie", "alpha", "echo", "bravo", "delta"] { _ = try fixture.integration(name) }
        let store = fixture.store
        let byName = try store.integrations(page: PageRequest(limit: 2, offset: 1, sortField: "name", ascending: true))
        #expect(byName.total == 5)
        #expect(byName.items.map(\.name) == ["bravo", "charlie"])
        let newestFirst = try store.integrations(page: PageRequest(limit: 10, sortField: "id", ascending: false))
        #expect(newestFirst.items.map(\.name) == ["delta", "bravo", "echo", "alpha", "charlie"])
        #expect {
            _ = try store.integrations(page: PageRequest(sortField: "name; DROP TABLE integrations"))
        } throws: { error in
            (error as? StoreError)?.code == .conflict
        }
        #expect(try store.integrations(page: PageRequest()).total == 5)
    }

    @Test func buildsAndDecisionsArePagedByIntegration() throws {
        let fixture = try Fixture()
        let one = try fixture.integration("one")
        let two = try fixture.integration("two")
        _ = try fixture.submit([one])
        _ = try fixture.submit([one, two])
        let decisions = try fixture.store.decisions(
            integrationID: one.id, repositoryKey: nil, page: PageRequest(limit: 1, sortField: "id", ascending: false))
        #expect(decisions.total == 2 && decisions.items.count == 1)
        let all = try fixture.store.decisions(
            integrationID: nil, repositoryKey: fixture.repository.key, page: PageRequest())
        #expect(all.total == 3)
        #expect(try fixture.store.builds(integrationID: nil, page: PageRequest()).total == 0)
    }
}
