import Configuration
import Core
import Database
import Foundation
import TestSupport
import Testing

@testable import Commands

@Suite struct ConfigApplierTests {
    private func load(_ text: String, in scratch: TemporaryDirectory) throws -> ServerConfiguration {
        let file = scratch.appending("slipway.yaml")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try ServerConfiguration.load(file: file, knownProviders: ["github"])
    }

    @Test func applyingTheSameFileAgainChangesNothing() throws {
        let scratch = try TemporaryDirectory(prefix: "config-apply")
        let store = try SQLiteStore(path: scratch.appending("slipway.db"))
        let first = try ConfigApplier.apply(
            try load(Configs.relay, in: scratch), to: store, now: Date(timeIntervalSince1970: 100))
        #expect(first.created.sorted() == ["acme", "relay"] && first.updated.isEmpty)

        let again = try ConfigApplier.apply(
            try load(Configs.relay, in: scratch), to: store, now: Date(timeIntervalSince1970: 200))
        #expect(again.created.isEmpty && again.updated.isEmpty)
        #expect(try store.connection(id: "acme")?.modifiedAt == Date(timeIntervalSince1970: 100))

        let changed = Configs.relay.replacingOccurrences(of: "{env: HOOK_SECRET}", with: "{env: OTHER_SECRET}")
        let third = try ConfigApplier.apply(
            try load(changed, in: scratch), to: store, now: Date(timeIntervalSince1970: 300))
        #expect(third.updated == ["acme"])
        #expect(try store.connection(id: "acme")?.modifiedAt == Date(timeIntervalSince1970: 300))
    }
}
