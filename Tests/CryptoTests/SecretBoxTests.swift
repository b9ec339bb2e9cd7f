import Crypto
import Testing

@Suite struct SecretBoxTests {
    private func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    @Test func openingTheNISTVectorsGivesTheirPlaintext() throws {
        // AES-256-GCM, zero key and zero IV (NIST GCM test cases 13 and 14).
        let box = try SecretBox(key: [UInt8](repeating: 0, count: 32))
        let nonce = [UInt8](repeating: 0, count: 12)
        #expect(try box.open(nonce + hex("530f8afbc74536b9a963b4f1c4cb738b"), context: "").isEmpty)
        let sealed = nonce + hex("cea7403d4d606b6e074ec5d3baf39d18") + hex("d0d1c8a799996bf0265b98b5d48ab919")
        #expect(try box.open(sealed, context: "") == [UInt8](repeating: 0, count: 16))
    }

    @Test func sealThenOpenRoundTripsWithAFreshNonceEachTime() throws {
        let box = try SecretBox(key: try secureRandomBytes(count: 32))
        let secret = Array("ghp_token_value".utf8)
        let first = try box.seal(secret, context: "connection:acme/token")
        let second = try box.seal(secret, context: "connection:acme/token")
        #expect(first != second)
        #expect(first.count == 12 + secret.count + 16)
        #expect(try box.open(first, context: "connection:acme/token") == secret)
        #expect(try box.open(second, context: "connection:acme/token") == secret)
    }

    @Test func tamperingAnotherContextOrAnotherKeyIsRefused() throws {
        let box = try SecretBox(key: try secureRandomBytes(count: 32))
        let sealed = try box.seal(Array("hunter2".utf8), context: "connection:a/webhook_secret")
        var tampered = sealed
        tampered[14] ^= 0x01
        #expect(throws: CryptoError.self) { try box.open(tampered, context: "connection:a/webhook_secret") }
        #expect(throws: CryptoError.self) { try box.open(sealed, context: "connection:b/webhook_secret") }
        let other = try SecretBox(key: try secureRandomBytes(count: 32))
        #expect(throws: CryptoError.self) { try other.open(sealed, context: "connection:a/webhook_secret") }
        #expect(throws: CryptoError.self) {
            try box.open(Array(sealed.prefix(20)), context: "connection:a/webhook_secret")
        }
    }

    @Test func keysMustHave32BytesAndHaveAStableID() throws {
        #expect(throws: CryptoError.self) { _ = try SecretBox(key: [1, 2, 3]) }
        let key = [UInt8](repeating: 7, count: 32)
        #expect(try SecretBox(key: key).keyID == SecretBox(key: key).keyID)
        #expect(try SecretBox(key: key).keyID.count == 8)
        #expect(try SecretBox(key: key).keyID != SecretBox(key: [UInt8](repeating: 8, count: 32)).keyID)
    }
}
