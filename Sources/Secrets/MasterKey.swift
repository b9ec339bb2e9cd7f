package import Core
package import Crypto
import Foundation
import Glibc

/// The master key that seals secrets at rest: `SLIPWAY_MASTER_KEY` (32 bytes in base64) when set, else
/// `master.key` in the data directory, created on first start with mode 0600.
package enum MasterKey {
    /// 32 bytes from base64 text (surrounding white space ignored), or nil.
    private static func decodeKey(_ text: String) -> [UInt8]? {
        guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32
        else { return nil }
        return Array(key)
    }

    /// The key's box. A new key file is announced with a warning: without it, sealed secrets are lost.
    package static func load(dataDirectory: String, environment: [String: String], log: Logger) throws -> SecretBox {
        if let text = environment["SLIPWAY_MASTER_KEY"] {
            guard let key = decodeKey(text) else {
                throw SecretError(
                    "SLIPWAY_MASTER_KEY must be 32 random bytes in base64 (for example from `openssl rand -base64 32`)")
            }
            return try SecretBox(key: key)
        }
        let path = dataDirectory + "/master.key"
        if let data = FileManager.default.contents(atPath: path) {
            guard let key = decodeKey(String(decoding: data, as: UTF8.self)) else {
                throw SecretError("\(path) does not hold a 32-byte base64 key; restore it from your backup")
            }
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                log.warning("the master key file is readable by other users; chmod 600 it", [("path", path)])
            }
            return try SecretBox(key: key)
        }
        let key = try secureRandomBytes(count: 32)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SecretError("cannot create the master key file \(path): \(String(cString: strerror(errno)))")
        }
        let text = Data(key).base64EncodedString() + "\n"
        let written = text.withCString { write(descriptor, $0, strlen($0)) }
        fsync(descriptor)
        close(descriptor)
        guard written == text.utf8.count else { throw SecretError("cannot write the master key file \(path)") }
        log.warning(
            "created a new master key; back it up — without it, secrets stored through the API cannot be read",
            [("path", path)])
        return try SecretBox(key: key)
    }
}
