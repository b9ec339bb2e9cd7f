internal import COpenSSL

/// AES-256-GCM sealing of small secrets (tokens, passwords) at rest.
///
/// A sealed value is `nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`; the nonce is random for every seal.
/// `context` is bound as additional authenticated data, so a sealed value moved to another record (another
/// connection, another secret name) no longer opens.
///
/// ```swift
/// let box = try SecretBox(key: masterKey)
/// let sealed = try box.seal(Array("s3cret".utf8), context: "connection:acme/token")
/// let opened = try box.open(sealed, context: "connection:acme/token")
/// ```
package struct SecretBox: Sendable {
    /// The 32-byte key.
    private let key: [UInt8]
    /// A short public name of the key (first 8 hex digits of its SHA-256), stored next to what it sealed so
    /// that a key rotation knows what to re-seal.
    package let keyID: String

    private static let nonceLength = 12
    private static let tagLength = 16

    /// A box for `key`, which must be 32 bytes.
    package init(key: [UInt8]) throws {
        guard key.count == 32 else {
            throw CryptoError(.invalidKey, "an AES-256-GCM key has 32 bytes, not \(key.count)")
        }
        self.key = key
        keyID = String(sha256(key).hex.prefix(8))
    }

    /// Seals `plaintext`.
    package func seal(_ plaintext: [UInt8], context: String) throws -> [UInt8] {
        let nonce = try secureRandomBytes(count: Self.nonceLength)
        let context = Array(context.utf8)
        let cipher = try Cipher(encrypting: true)
        try cipher.start(key: key, nonce: nonce)
        try cipher.authenticate(context)
        var output = nonce + (try cipher.update(plaintext))
        try cipher.finish()
        output += try cipher.tag()
        return output
    }

    /// Opens what ``seal(_:context:)`` sealed with the same key and context.
    package func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        guard sealed.count >= Self.nonceLength + Self.tagLength else {
            throw CryptoError(.decryptionFailed, "the sealed secret is too short to have been sealed by Slipway")
        }
        let nonce = Array(sealed.prefix(Self.nonceLength))
        let body = Array(sealed.dropFirst(Self.nonceLength).dropLast(Self.tagLength))
        let tag = Array(sealed.suffix(Self.tagLength))
        let cipher = try Cipher(encrypting: false)
        try cipher.start(key: key, nonce: nonce)
        try cipher.authenticate(Array(context.utf8))
        let plaintext = try cipher.update(body)
        try cipher.setTag(tag)
        do {
            try cipher.finish()
        } catch {
            throw CryptoError(
                .decryptionFailed,
                "a sealed secret does not open with master key \(keyID): it was tampered with, or sealed under "
                    + "another master key (restore the key it was sealed with)")
        }
        return plaintext
    }
}

/// One `EVP_CIPHER_CTX` for AES-256-GCM, freed in `deinit`.
private final class Cipher {
    private let context: OpaquePointer
    private let encrypting: Bool

    init(encrypting: Bool) throws {
        guard let context = EVP_CIPHER_CTX_new() else {
            throw CryptoError(.library, "EVP_CIPHER_CTX_new: out of memory")
        }
        self.context = context
        self.encrypting = encrypting
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    private func check(_ function: String, _ status: Int32) throws {
        guard status == 1 else { throw CryptoError(.library, "\(function) failed: \(lastOpenSSLError())") }
    }

    func start(key: [UInt8], nonce: [UInt8]) throws {
        let initialize = encrypting ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        try check("init", initialize(context, EVP_aes_256_gcm(), nil, nil, nil))
        try check("set IV length", EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_IVLEN, Int32(nonce.count), nil))
        try check("init key", initialize(context, nil, nil, key, nonce))
    }

    func authenticate(_ data: [UInt8]) throws {
        guard !data.isEmpty else { return }
        var length: Int32 = 0
        let update = encrypting ? EVP_EncryptUpdate : EVP_DecryptUpdate
        try check("add context", update(context, nil, &length, data, Int32(data.count)))
    }

    func update(_ input: [UInt8]) throws -> [UInt8] {
        guard !input.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var length: Int32 = 0
        let update = encrypting ? EVP_EncryptUpdate : EVP_DecryptUpdate
        try check("update", update(context, &output, &length, input, Int32(input.count)))
        return Array(output.prefix(Int(length)))
    }

    func finish() throws {
        var scratch = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0
        let final = encrypting ? EVP_EncryptFinal_ex : EVP_DecryptFinal_ex
        try check("final", final(context, &scratch, &length))
    }

    func tag() throws -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: 16)
        try check("get tag", EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, 16, &tag))
        return tag
    }

    func setTag(_ tag: [UInt8]) throws {
        var tag = tag
        try check("set tag", EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(tag.count), &tag))
    }
}
