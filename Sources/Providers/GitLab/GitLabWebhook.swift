import Core

/// GitLab.com and self-managed GitLab: one ref per push (`Push Hook` for branches, `Tag Push Hook` for tags).
/// The UI's Test button sends a real-shaped push, handled as one.
enum GitLabWebhook: WebhookFamily {
    private static let pushKinds = ["push", "tag_push"]

    static func push(from document: JSONCursor, event: String) throws(MalformedPayload) -> PushContent {
        // Checked first: a custom webhook template replaces the whole body, so nothing else would be there.
        guard let kind = try document.optionalString("object_kind") else {
            throw MalformedPayload(
                .missingField,
                "`object_kind` is missing: this is not GitLab's push payload (a custom webhook template replaces "
                    + "it; clear the template in the webhook settings)")
        }
        guard pushKinds.contains(kind) else {
            throw MalformedPayload(
                .invalidValue, "`object_kind` is '\(kind)' but the \(event) event needs push or tag_push")
        }
        let payload = try GitLabPushPayload(document)
        return PushContent(
            repository: RepositoryIdentity(fullName: payload.fullName, urlTexts: payload.urls),
            changes: [RefChange(ref: payload.ref, before: payload.before, after: payload.after)])
    }
}
