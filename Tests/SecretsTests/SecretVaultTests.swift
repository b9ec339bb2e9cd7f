import Core
import Crypto
import Database
import Foundation
import Secrets
import TestSupport
import Testing

@Suite struct SecretVaultTests {
    let scratch: TemporaryDirectory
    let store: SQLiteStore

    init() throws {
        scratch = try TemporaryDirectory(prefix: "secrets")
        store = try SQLiteStore(path: scratch.appending("slipway.db"))
    }

    private func vault(
        key: [UInt8] = [UInt8](repeating: 1, count: 32), environment: [String: String] = [:]
    ) throws
        -> SecretVault
    {
        SecretVault(store: store, box: try SecretBox(key: key), environment: environment)
    }

    @Test func referencesResolveFromTheEnvironmentFilesAndTheStore() throws {
        let file = scratch.appending("hook-secret")
        try Data("from-a-file\n".utf8).write(to: URL(fileURLWithPath: file))
        let vault = try vault(environment: ["GH_TOKEN": "from-the-env"])
        #expect(
            try vault.value(of: .environment("GH_TOKEN"), scope: "connection:a", name: "token")?.revealed
                == "from-the-env")
        #expect(
            try vault.value(of: .file(file), scope: "connection:a", name: "webhook_secret")?.revealed == "from-a-file")
        #expect(try vault.value(of: nil, scope: "connection:a", name: "token") == nil)
        let reference = try vault.store(Redacted("sealed-value"), scope: "connection:a", name: "token")
        #expect(reference == .stored)
        #expect(try vault.value(of: .stored, scope: "connection:a", name: "token")?.revealed == "sealed-value")
    }

    @Test func theDatabaseNeverHoldsTheValueInClear() throws {
        let vault = try vault()
        _ = try vault.store(Redacted("plain-text-canary-4711"), scope: "connection:a", name: "token")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.appending("slipway.db")))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: scratch.appending("slipway.db-wal")))) ?? Data()
        let canary = Data("plain-text-canary-4711".utf8)
        #expect(bytes.range(of: canary) == nil && wal.range(of: canary) == nil)
    }

    @Test func aSealedValueDoesNotMoveToAnotherScopeOrName() throws {
        let vault = try vault()
        _ = try vault.store(Redacted("one"), scope: "connection:a", name: "token")
        let sealed = try #require(try store.sealedSecret(scope: "connection:a", name: "token"))
        try store.saveSealedSecret(
            scope: "connection:b", name: "token", keyID: sealed.keyID, sealed: sealed.sealed, now: Date())
        #expect(throws: CryptoError.self) { _ = try vault.value(of: .stored, scope: "connection:b", name: "token") }
    }

    @Test func unreadableReferencesAreExplainedWithoutSecrets() throws {
        let vault = try vault(environment: ["EMPTY": ""])
        for reference in [
            SecretReference.environment("UNSET"), .environment("EMPTY"), .file("/nonexistent/secret"), .stored,
        ] {
            #expect {
                _ = try vault.value(of: reference, scope: "connection:a", name: "token")
            } throws: { error in
                "\(error)".contains("the token of connection:a")
            }
        }
        _ = try vault.store(Redacted("v"), scope: "connection:a", name: "token")
        let otherKey = try self.vault(key: [UInt8](repeating: 2, count: 32))
        #expect {
            _ = try otherKey.value(of: .stored, scope: "connection:a", name: "token")
        } throws: { error in
            "\(error)".contains("restore that key")
        }
    }

    @Test func theMasterKeyFileIsCreatedOnceWithMode0600() throws {
        let log = RecordingLogSink()
        let first = try MasterKey.load(dataDirectory: scratch.path, environment: [:], log: Logger(sink: log))
        let second = try MasterKey.load(dataDirectory: scratch.path, environment: [:], log: Logger(sink: log))
        #expect(first.keyID == second.keyID)
        let mode =
            try FileManager.default.attributesOfItem(atPath: scratch.appending("master.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(log.recorded.filter { $0.contains("back it up") }.count == 1)
    }

    @Test func theMasterKeyCanComeFromTheEnvironment() throws {
        let key = Data([UInt8](repeating: 9, count: 32)).base64EncodedString()
        let box = try MasterKey.load(
            dataDirectory: scratch.path, environment: ["SLIPWAY_MASTER_KEY": key], log: .disabled)
        #expect(box.keyID == (try SecretBox(key: [UInt8](repeating: 9, count: 32))).keyID)
        #expect(!FileManager.default.fileExists(atPath: scratch.appending("master.key")))
        #expect(throws: SecretError.self) {
            _ = try MasterKey.load(
                dataDirectory: scratch.path, environment: ["SLIPWAY_MASTER_KEY": "c2hvcnQ="], log: .disabled)
        }
    }
}
