import Core
import Crypto
import Foundation
import HTTPServer

/// API keys (SPEC §6): sent as `X-API-KEY: <key>` or `Authorization: Bearer <key>`, stored as their SHA-256,
/// each with a role.
package enum APIKeys {
    /// A new random key: `slw_` and 43 URL-safe base64 characters (32 random bytes).
    package static func generate() throws -> String {
        let bytes = try secureRandomBytes(count: 32)
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "slw_" + text
    }

    /// What is stored for a key: its SHA-256 in hex.
    package static func hash(_ key: String) -> String { sha256(key).hex }

    /// The part of a key shown in lists (`slw_3Fq9x`).
    package static func prefix(_ key: String) -> String { String(key.prefix(9)) }

    /// The key a request carries, if any.
    static func presented(in request: HTTPRequest) -> String? {
        if let key = request.headers["X-API-KEY"], !key.isEmpty { return key }
        if let authorization = request.headers["Authorization"], authorization.lowercased().hasPrefix("bearer ") {
            let key = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            return key.isEmpty ? nil : key
        }
        return nil
    }

    /// The key's record, or a 401 saying what is wrong; a key of too low a role is a 403.
    static func authorize(_ request: HTTPRequest, role: APIRole, context: APIContext) throws -> APIKey {
        guard let presented = presented(in: request) else {
            throw HTTPError(
                .unauthorized, "missing API key: send it as X-API-KEY: <key> or Authorization: Bearer <key>",
                headers: ["WWW-Authenticate": "Bearer"])
        }
        guard let key = try context.store.authenticate(keyHash: hash(presented), now: context.now()) else {
            throw HTTPError(
                .unauthorized, "the API key is unknown or revoked; create one with `slipway keys create --role ROLE`",
                headers: ["WWW-Authenticate": "Bearer"])
        }
        guard key.role >= role else {
            throw HTTPError(
                .forbidden,
                "API key \(key.prefix)… has the role \(key.role.rawValue); this needs \(role.rawValue) or above")
        }
        return key
    }
}
