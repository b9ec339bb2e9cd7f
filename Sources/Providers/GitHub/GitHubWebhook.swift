import Core
import Foundation

/// GitHub, GitHub Enterprise and GitHub App deliveries, and GitHub-compatible forges (Gitea, Forgejo): one ref per
/// push, JSON or form-encoded bodies.
enum GitHubWebhook: WebhookFamily {
    /// `application/json`, or `application/x-www-form-urlencoded` with the JSON in the `payload` field (the
    /// default content type of a GitHub hook made through the API). The signature covers the form as sent.
    static func document(of request: WebhookRequest) throws(MalformedPayload) -> JSONCursor {
        guard request.mediaType == "application/x-www-form-urlencoded" else {
            try requireJSON(request)
            return try JSONCursor.document(request.body)
        }
        return try JSONCursor.document(Array(try formPayload(request.body).utf8))
    }

    static func push(from document: JSONCursor, event: String) throws(MalformedPayload) -> PushContent {
        let payload = try GitHubPushPayload(document)
        return PushContent(
            repository: RepositoryIdentity(fullName: payload.fullName, urlTexts: payload.urls),
            changes: [RefChange(ref: payload.ref, before: payload.before, after: payload.after)])
    }

    /// The decoded `payload` field of a form body (`+` is a space, then percent-decoding).
    private static func formPayload(_ body: [UInt8]) throws(MalformedPayload) -> String {
        let form = String(decoding: body, as: UTF8.self)
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == "payload" else { continue }
            let raw = parts.count == 2 ? String(parts[1]) : ""
            guard let decoded = raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                throw MalformedPayload(.notJSON, "the form field `payload` is not valid percent-encoding")
            }
            return decoded
        }
        throw MalformedPayload(
            .missingField,
            "the form body has no `payload` field; GitHub form deliveries send payload=<url-encoded JSON>")
    }
}
