import Core

/// bitbucket.org: several refs per push, named short (`main`, `v1.0`) with `type: branch|tag`; no clone URL in the
/// payload, so the repository URL is built from `full_name`.
enum BitbucketCloudWebhook: WebhookFamily {
    static func push(from document: JSONCursor, event: String) throws(MalformedPayload) -> PushContent {
        let payload = try BitbucketCloudPushPayload(document)
        var changes: [RefChange] = []
        for change in payload.changes {
            guard let state = change.new ?? change.old else {
                throw MalformedPayload(
                    .missingField, "`\(change.path)` has neither `old` nor `new`: no ref is named")
            }
            changes.append(
                RefChange(
                    ref: try fullRef(state, at: change.path), before: change.old?.hash ?? .zero,
                    after: change.new?.hash ?? .zero))
        }
        // Bitbucket Cloud lives on bitbucket.org; the web link, when sent, names the host the same way.
        let host = payload.htmlURL.flatMap { try? RemoteURL($0) }?.host ?? "bitbucket.org"
        let urls = [payload.htmlURL, "https://\(host)/\(payload.fullName)"]
        return PushContent(
            repository: RepositoryIdentity(fullName: payload.fullName, urlTexts: urls), changes: changes)
    }

    private static func fullRef(
        _ state: BitbucketCloudPushPayload.RefState, at path: String
    ) throws(MalformedPayload) -> String {
        switch state.type {
        case "branch": return "refs/heads/" + state.name
        case "tag": return "refs/tags/" + state.name
        default:
            throw MalformedPayload(
                .invalidValue, "`\(path)` has ref type '\(state.type)'; Slipway knows branch and tag")
        }
    }
}
