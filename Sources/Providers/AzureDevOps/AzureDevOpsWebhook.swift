import Core

/// Azure DevOps Services and Server "Web Hooks" service hooks for "Code pushed" (`git.push`): the event name and
/// the delivery id are in the body, several refs per push, no HMAC (basic auth and/or a custom header). The
/// subscription's Test button sends a sample push, handled as one.
enum AzureDevOpsWebhook: WebhookFamily {
    static func push(from document: JSONCursor, event: String) throws(MalformedPayload) -> PushContent {
        guard let resource = document.member("resource"), resource.member("refUpdates") != nil else {
            throw MalformedPayload(
                .missingField,
                "`resource.refUpdates` is missing: set the service hook's \"Resource details to send\" to All")
        }
        let payload = try AzureDevOpsPushPayload(resource: resource)
        let changes = payload.refUpdates.map {
            RefChange(ref: $0.name, before: $0.oldObjectID, after: $0.newObjectID)
        }
        return PushContent(
            repository: RepositoryIdentity(
                fullName: payload.projectName + "/" + payload.repositoryName, urlTexts: payload.urls),
            changes: changes)
    }
}
