internal import COpenSSL

/// A SHA-256 digest: 32 bytes, printed as lowercase hex.
package struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    package let bytes: [UInt8]

    /// Wraps 32 digest bytes.
    package init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
        self.bytes = bytes
    }

    /// Lowercase hex, 64 characters.
    package var hex: String { hexString(bytes) }

    /// `sha256:<hex>`, the form Slipway stores and shows for content digests.
    package var prefixed: String { "sha256:" + hex }

    package var description: String { prefixed }
}

/// Streaming SHA-256 over OpenSSL's EVP interface: feed bytes with `update`, read the digest once with `finalize`.
///
/// One hasher is used by one thread at a time; it owns an `EVP_MD_CTX` freed in `deinit`.
package final class SHA256Hasher {
    private let context: OpaquePointer
    private var finished = false

    /// Starts an empty hash.
    package init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        // EVP_DigestInit_ex can only fail for an unavailable algorithm; SHA-256 is part of every libcrypto build.
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            fatalError("EVP_DigestInit_ex(SHA-256) failed: \(lastOpenSSLError())")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the hash.
    package func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "SHA256Hasher.update after finalize")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds bytes to the hash.
    package func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds the UTF-8 bytes of `text` to the hash.
    package func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Ends the hash and returns the digest; the hasher cannot be used afterwards.
    package func finalize() -> SHA256Digest {
        precondition(!finished, "SHA256Hasher.finalize called twice")
        finished = true
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return SHA256Digest(bytes: out)
    }
}

@available(*, unavailable)
extension SHA256Hasher: Sendable {}

/// The SHA-256 digest of `bytes`.
package func sha256(_ bytes: [UInt8]) -> SHA256Digest {
    let hasher = SHA256Hasher()
    hasher.update(bytes)
    return hasher.finalize()
}

/// The SHA-256 digest of the UTF-8 bytes of `text`.
package func sha256(_ text: String) -> SHA256Digest {
    let hasher = SHA256Hasher()
    hasher.update(text)
    return hasher.finalize()
}

func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}

func lastOpenSSLError() -> String {
    let code = ERR_get_error()
    guard code != 0 else { return "no OpenSSL error queued" }
    var buffer = [CChar](repeating: 0, count: 256)
    ERR_error_string_n(code, &buffer, buffer.count)
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
