package import Core
package import Crypto
package import Foundation

/// Secrets by reference (see ``SecretResolving``): `{env: NAME}` from the process environment, `{file: PATH}`
/// from a file, and values sealed with the master key (AES-256-GCM) in the database, bound to their scope and
/// name so a sealed value cannot be moved to another record.
package struct SecretVault: SecretResolving {
    private let store: any AdminStore
    private let box: SecretBox
    private let environment: [String: String]
    private let now: @Sendable () -> Date

    /// A vault over `store`, sealing with `box`, reading `environment` for `{env: NAME}` references.
    package init(
        store: any AdminStore, box: SecretBox, environment: [String: String],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.box = box
        self.environment = environment
        self.now = now
    }

    package func value(of reference: SecretReference?, scope: String, name: String) throws -> Redacted<String>? {
        guard let reference else { return nil }
        switch reference {
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw SecretError(
                    "the \(name) of \(scope) comes from the environment variable \(variable), which is not set; "
                        + "set it for the Slipway process")
            }
            return Redacted(value)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SecretError(
                    "the \(name) of \(scope) comes from \(path), which cannot be read; check the path and its permissions"
                )
            }
            var text = String(decoding: data, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            guard !text.isEmpty else { throw SecretError("the \(name) of \(scope) comes from \(path), which is empty") }
            return Redacted(text)
        case .stored:
            guard let sealed = try store.sealedSecret(scope: scope, name: name) else {
                throw SecretError("the \(name) of \(scope) should be stored, but none is; set it again through the API")
            }
            guard sealed.keyID == box.keyID else {
                throw SecretError(
                    "the \(name) of \(scope) was sealed with master key \(sealed.keyID), but this process has key "
                        + "\(box.keyID); restore that key (SLIPWAY_MASTER_KEY or master.key in the data directory)")
            }
            let bytes = try box.open(sealed.sealed, context: Self.context(scope: scope, name: name))
            return Redacted(String(decoding: bytes, as: UTF8.self))
        }
    }

    package func store(_ value: Redacted<String>, scope: String, name: String) throws -> SecretReference {
        let sealed = try box.seal(Array(value.revealed.utf8), context: Self.context(scope: scope, name: name))
        try store.saveSealedSecret(scope: scope, name: name, keyID: box.keyID, sealed: sealed, now: now())
        return .stored
    }

    package func remove(scope: String, name: String) throws {
        try store.deleteSealedSecret(scope: scope, name: name)
    }

    /// What a sealed value is bound to.
    static func context(scope: String, name: String) -> String { scope + "/" + name }
}

/// A secret that could not be read; the message never contains a secret value.
package struct SecretError: Error, Sendable, CustomStringConvertible {
    /// What is missing and what to do.
    package var message: String

    init(_ message: String) { self.message = message }

    package var description: String { message }
}
