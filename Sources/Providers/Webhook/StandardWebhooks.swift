import Core
import Crypto
import Foundation

/// The prefix of Standard Webhooks secrets; the rest is the base64 of the key (GitLab: 32 bytes).
let standardWebhooksSecretPrefix = "whsec_"

/// Standard Webhooks (GitLab signing tokens): `signatureHeader` holds space-separated `v1,<base64>` entries, each
/// a candidate HMAC-SHA256 of `<id>.<timestamp>.<body>` keyed with the decoded `whsec_` secret; the request passes
/// when the timestamp is within the tolerance of `now` (either way) and any `v1` entry matches.
func checkStandardWebhooks(
    _ request: WebhookRequest, settings: StandardWebhooksSettings, keyText: String, now: Date
) throws(WebhookRejection) {
    let encoded =
        keyText.hasPrefix(standardWebhooksSecretPrefix)
        ? String(keyText.dropFirst(standardWebhooksSecretPrefix.count)) : keyText
    guard let key = Data(base64Encoded: encoded), !key.isEmpty else {
        throw WebhookRejection(
            .invalidSecret,
            "the connection's signing secret is not in the whsec_<base64> form; copy the signing token from the "
                + "provider's webhook settings")
    }
    let names = [settings.idHeader, settings.timestampHeader, settings.signatureHeader]
    let values = names.map { request.header($0) }
    guard let id = values[0], let timestampText = values[1], let signatures = values[2] else {
        let missing = zip(names, values).filter { $0.1 == nil }.map(\.0)
        throw WebhookRejection(
            .missingCredentials,
            "the request has no \(missing.joined(separator: ", ")) header: set the connection's signing secret as "
                + "the provider's signing token")
    }
    guard let timestamp = Int64(timestampText) else {
        throw WebhookRejection(
            .malformedCredentials, "the \(settings.timestampHeader) header is not a whole number of Unix seconds")
    }
    // In floating point: a timestamp near Int64.min must not overflow the subtraction.
    let skew = now.timeIntervalSince1970.rounded(.down) - Double(timestamp)
    guard abs(skew) <= Double(settings.toleranceSeconds) else {
        let seconds = Int64(min(abs(skew), 1e15))
        let direction = skew > 0 ? "\(seconds) s in the past" : "\(seconds) s in the future"
        throw WebhookRejection(
            .outsideReplayWindow,
            "the \(settings.timestampHeader) header is \(direction), outside the \(settings.toleranceSeconds) s "
                + "replay window: a replayed or delayed request, or a clock off on one side (check NTP)")
    }
    let candidates = signatures.split(separator: " ").compactMap { entry -> [UInt8]? in
        guard entry.hasPrefix("v1,") else { return nil }
        return Data(base64Encoded: String(entry.dropFirst(3))).map(Array.init) ?? []
    }
    guard !candidates.isEmpty else {
        throw WebhookRejection(
            .malformedCredentials, "the \(settings.signatureHeader) header holds no v1,<base64> signature")
    }
    let expected = hmacSHA256(key: Array(key), message: Array("\(id).\(timestampText).".utf8) + request.body)
    // Every candidate is compared, so the time does not depend on which one matched.
    let matches = candidates.map { constantTimeEquals(expected, $0) }
    guard matches.contains(true) else {
        throw WebhookRejection(
            .mismatch,
            "no \(settings.signatureHeader) signature matches the HMAC-SHA256 of id, timestamp and body with the "
                + "connection's signing secret: the secrets differ, or the body was changed on the way")
    }
}
