internal import COpenSSL

/// Why a cryptographic operation could not be done.
package struct CryptoError: Error, Sendable, CustomStringConvertible {
    /// The closed set of reasons, kept open to additions.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The system random generator could not produce bytes (not seeded, or unavailable).
        package static let randomUnavailable = Code("randomUnavailable")
        /// A key of the wrong length or encoding.
        package static let invalidKey = Code("invalidKey")
        /// Sealed bytes that do not open with the key: tampered, truncated, or sealed under another key.
        package static let decryptionFailed = Code("decryptionFailed")
        /// libcrypto failed for another reason (out of memory).
        package static let library = Code("library")

        package var description: String { name }
    }

    /// Which kind of failure.
    package var code: Code
    /// What failed and what to do.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}

/// `count` bytes from OpenSSL's CSPRNG (`RAND_bytes`), for keys, nonces and tokens.
package func secureRandomBytes(count: Int) throws -> [UInt8] {
    precondition(count >= 0, "count must not be negative")
    var out = [UInt8](repeating: 0, count: count)
    guard count > 0 else { return out }
    let status = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
    guard status == 1 else {
        throw CryptoError(
            .randomUnavailable,
            "the system random generator returned no bytes (\(lastOpenSSLError())); check that /dev/urandom is readable"
        )
    }
    return out
}
