import Core

/// Bitbucket Server and Data Center: several full refs per push; the webhook form's "Test connection" sends
/// `diagnostics:ping` (a descriptor ping event, answered without reading the body).
enum BitbucketServerWebhook: WebhookFamily {
    static func push(from document: JSONCursor, event: String) throws(MalformedPayload) -> PushContent {
        let payload = try BitbucketServerPushPayload(document)
        let changes = payload.changes.map { change in
            RefChange(
                ref: change.refID, before: change.fromHash, after: change.toHash, created: change.type == "ADD",
                deleted: change.type == "DELETE")
        }
        // The clone URLs (`/scm/proj/repo.git`) match by URL; the project key and slug match by full name.
        return PushContent(
            repository: RepositoryIdentity(
                fullName: payload.projectKey + "/" + payload.slug, urlTexts: payload.cloneURLs),
            changes: changes)
    }
}
