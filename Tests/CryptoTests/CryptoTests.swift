import Crypto
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test(
        "FIPS 180-2 vectors",
        arguments: [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func vectors(input: String, hex: String) {
        #expect(sha256(input).hex == hex)
        #expect(sha256(Array(input.utf8)).prefixed == "sha256:" + hex)
    }

    @Test("streaming a million 'a' in uneven pieces equals the FIPS vector")
    func streaming() {
        let hasher = SHA256Hasher()
        var remaining = 1_000_000
        var piece = 1
        while remaining > 0 {
            let size = min(piece, remaining)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: size))
            remaining -= size
            piece = piece * 3 + 1
        }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite("HMAC-SHA256 and constant-time compare")
struct HMACTests {
    private func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    @Test("RFC 4231 test cases 1, 2, 6 and 7")
    func rfc4231() {
        let cases: [([UInt8], [UInt8], String)] = [
            (
                [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131),
                Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131),
                Array(
                    ("This is a test using a larger than block-size key and a larger than block-size data. The key "
                        + "needs to be hashed before being used by the HMAC algorithm.").utf8),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
        ]
        for (key, message, expected) in cases {
            #expect(hmacSHA256(key: key, message: message) == bytes(expected))
            #expect(hmacSHA256Hex(key: key, message: message) == expected)
        }
    }

    @Test("GitHub's published webhook signature vector")
    func githubVector() {
        let signature = hmacSHA256Hex(
            key: Array("It's a Secret to Everybody".utf8), message: Array("Hello, World!".utf8))
        #expect(signature == "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    }

    @Test("an empty key is a valid key")
    func emptyKey() {
        #expect(
            hmacSHA256Hex(key: [], message: [])
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test(
        "constant-time compare",
        arguments: [
            ([1, 2, 3], [1, 2, 3], true), ([1, 2, 3], [1, 2, 4], false),
            ([1, 2], [1, 2, 3], false), ([], [], true),
        ] as [([UInt8], [UInt8], Bool)])
    func compare(a: [UInt8], b: [UInt8], equal: Bool) {
        #expect(constantTimeEquals(a, b) == equal)
    }
}

@Suite("Secure random bytes")
struct RandomTests {
    @Test("gives the requested count, and two draws differ")
    func random() throws {
        let first = try secureRandomBytes(count: 32)
        let second = try secureRandomBytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
        #expect(try secureRandomBytes(count: 0).isEmpty)
    }
}
