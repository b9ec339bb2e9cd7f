import Core
import Crypto
import Foundation

// The checks of the schemes that need no timestamp. Each throws a rejection that names headers only: never the
// secret, never what the request sent.

/// `header` = `prefix` + hex HMAC-SHA256 of the raw body keyed with `secret` (GitHub, Bitbucket, Gitea).
func checkHexSignature(
    _ request: WebhookRequest, header: String, prefix: String, secret: String
) throws(WebhookRejection) {
    guard let value = request.header(header) else {
        throw WebhookRejection(
            .missingCredentials,
            "the request has no \(header) header: the provider signed nothing; set the connection's webhook secret "
                + "in the provider's webhook settings too")
    }
    guard value.lowercased().hasPrefix(prefix.lowercased()) else {
        throw WebhookRejection(
            .malformedCredentials,
            prefix.isEmpty
                ? "the \(header) header is not a bare hex HMAC-SHA256"
                : "the \(header) header does not start with '\(prefix)': it is not an HMAC-SHA256 signature")
    }
    guard let received = hexBytes(value.dropFirst(prefix.count)), received.count == 32 else {
        throw WebhookRejection(
            .malformedCredentials,
            prefix.isEmpty
                ? "the \(header) header is not 64 hex digits (a bare hex HMAC-SHA256, no prefix)"
                : "the \(header) header does not hold 64 hex digits after '\(prefix)'")
    }
    let expected = hmacSHA256(key: Array(secret.utf8), message: request.body)
    guard constantTimeEquals(expected, received) else {
        throw WebhookRejection(
            .mismatch,
            "the \(header) signature does not match the HMAC-SHA256 of the body with the connection's secret: "
                + "the secrets differ, or the body was changed on the way")
    }
}

/// `header` equals `secret` (GitLab `X-Gitlab-Token`, which GitLab sends without line breaks).
func checkSharedToken(_ request: WebhookRequest, header: String, secret: String) throws(WebhookRejection) {
    guard let value = request.header(header) else {
        throw WebhookRejection(
            .missingCredentials,
            "the request has no \(header) header: set the connection's webhook secret as the provider's secret token")
    }
    let expected = secret.filter { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
    guard secretsEqual(Array(value.utf8), Array(expected.utf8)) else {
        throw WebhookRejection(
            .mismatch, "the \(header) header does not equal the connection's webhook secret; set the same value on both"
        )
    }
}

/// `header` holds `Basic base64(user:password)` equal to `credentials` (Azure DevOps service hooks).
func checkBasicAuth(_ request: WebhookRequest, header: String, credentials: BasicCredentials) throws(WebhookRejection) {
    guard let value = request.header(header) else {
        throw WebhookRejection(
            .missingCredentials,
            "the request has no \(header) header: set the connection's basic-auth user and password on the "
                + "provider's webhook")
    }
    let parts = value.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "basic",
        let decoded = Data(base64Encoded: trimmingBlanks(String(parts[1]))),
        let colon = decoded.firstIndex(of: UInt8(ascii: ":"))
    else {
        throw WebhookRejection(.malformedCredentials, "the \(header) header does not hold Basic credentials")
    }
    let user = Array(decoded[decoded.startIndex..<colon])
    let password = Array(decoded[decoded.index(after: colon)...])
    // Both comparisons always run, so the time does not tell which part was wrong.
    let userMatches = secretsEqual(user, Array(credentials.user.revealed.utf8))
    let passwordMatches = secretsEqual(password, Array(credentials.password.revealed.utf8))
    guard userMatches, passwordMatches else {
        throw WebhookRejection(
            .mismatch,
            "the Basic credentials in \(header) do not match the connection's user and password; set the same on both")
    }
}

/// The connection's custom header is present with the connection's value.
func checkCustomHeader(_ request: WebhookRequest, secret: CustomHeaderSecret) throws(WebhookRejection) {
    guard let value = request.header(secret.name) else {
        throw WebhookRejection(
            .missingCredentials,
            "the request has no \(secret.name) header, which the connection requires; add it to the provider's "
                + "webhook headers with the connection's value")
    }
    guard secretsEqual(Array(value.utf8), Array(secret.value.revealed.utf8)) else {
        throw WebhookRejection(
            .mismatch, "the \(secret.name) header does not equal the connection's value; set the same on both")
    }
}

/// Whether two secret byte strings are equal, in time that depends on neither value nor on the secret's length:
/// the SHA-256 digests, always 32 bytes, are compared with `constantTimeEquals`.
func secretsEqual(_ received: [UInt8], _ expected: [UInt8]) -> Bool {
    constantTimeEquals(sha256(received).bytes, sha256(expected).bytes)
}

/// The bytes of an even-length hex string (either case); nil when it is not hex.
func hexBytes(_ text: Substring) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
        guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
        bytes.append(high << 4 | low)
        index += 2
    }
    return bytes
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}
