import Core

/// Bitbucket Server and Data Center: several full refs per push; the webhook form's "Test connection" sends
/// `diagnostics:ping` (a descriptor ping event, answered without reading the body).
enum BitbucketServerWebhook: WebhookFamily {
    static func push(from document: JSONCursor, event: String) throws(MalformedPayload) -> PushContent {
        let payload = try BitbucketServerPushPayload(document)
        let changes = payload.changes.map { RefChange(ref: $0.refID, before: $0.fromHash, after: $0.toHash) }
        // The clone URLs (`/scm/proj/repo.git`) match by URL; the project key and slug match by full name.
        return PushContent(
            repository: RepositoryIdentity(
                fullName: payload.projectKey + "/" + payload.slug, urlTexts: payload.cloneURLs),
            changes: changes)
    }
}
