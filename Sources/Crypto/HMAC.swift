internal import COpenSSL

/// HMAC-SHA256 of `message` keyed with `key` (RFC 2104), as used by webhook signatures.
package func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    // OpenSSL wants a non-null key pointer even for an empty key; the length stays 0.
    let keyStorage = key.isEmpty ? [0] : key
    let result = keyStorage.withUnsafeBytes { keyBytes in
        message.withUnsafeBytes { messageBytes in
            out.withUnsafeMutableBufferPointer { outBytes in
                HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(key.count),
                    messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
                    outBytes.baseAddress, &length)
            }
        }
    }
    // HMAC() fails only when libcrypto cannot allocate; there is nothing a caller could do about it.
    precondition(result != nil && length == 32, "HMAC-SHA256 failed: \(lastOpenSSLError())")
    return out
}

/// HMAC-SHA256 of the UTF-8 bytes of `message`, as lowercase hex (the form in `X-Hub-Signature-256`).
package func hmacSHA256Hex(key: [UInt8], message: [UInt8]) -> String {
    hexString(hmacSHA256(key: key, message: message))
}

/// Whether `a` and `b` hold the same bytes, in time that depends only on their length (`CRYPTO_memcmp`).
///
/// Different lengths compare unequal at once: lengths of signatures and tokens are not secret.
package func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    guard !a.isEmpty else { return true }
    return a.withUnsafeBytes { left in
        b.withUnsafeBytes { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0 }
    }
}
