import Core
import Crypto

extension VerifiedWebhook {
    /// What the request means: a ping, a push with its ref changes, or an ignored event.
    ///
    /// The event name comes from the descriptor's `event` sources; pings are answered without reading the body;
    /// a push's body is read by the payload family's parser, and its delivery id comes from the descriptor's
    /// `delivery_id` sources, else from the SHA-256 of the body. Throws ``MalformedPayload`` (answer 400).
    package func event() throws(MalformedPayload) -> WebhookEvent {
        let family = provider.family.parser
        let settings = provider.webhook
        let needsBody = settings.event.contains { if case .body = $0 { true } else { false } }
        var early: JSONCursor?
        if needsBody { early = try family.document(of: request) }
        guard let name = read(settings.event, document: early) else {
            let places = settings.event.map(\.description).joined(separator: " or ")
            throw MalformedPayload(
                .missingEvent, "the request names no event (\(places)); is the webhook really from \(provider.name)?")
        }
        if settings.pingEvents.contains(name) { return .ping(event: name) }
        guard settings.pushEvents.contains(name) else { return .ignored(event: name) }
        let document: JSONCursor
        if let early { document = early } else { document = try family.document(of: request) }
        let content = try family.push(from: document, event: name)
        let deliveryID =
            firstValue(provider.webhook.deliveryID, document: document).map { DeliveryID(value: $0, source: .init($1)) }
            ?? DeliveryID(value: sha256(request.body).prefixed, source: .bodyDigest)
        return .push(
            PushEvent(
                provider: provider.name, event: name, deliveryID: deliveryID, repository: content.repository,
                changes: content.changes))
    }

    private func read(_ sources: [ValueSource], document: JSONCursor?) -> String? {
        firstValue(sources, document: document)?.value
    }

    /// The first source that has a value, with the value.
    private func firstValue(_ sources: [ValueSource], document: JSONCursor?) -> (value: String, source: ValueSource)? {
        for source in sources {
            switch source {
            case .header(let name):
                if let value = request.header(name), !value.isEmpty { return (value, source) }
            case .body(let path):
                if let value = document?.member(atPath: path)?.scalarText { return (value, source) }
            }
        }
        return nil
    }
}

/// What a push payload says, before the delivery id is added.
struct PushContent {
    var repository: RepositoryIdentity
    var changes: [RefChange]
}

/// One payload family: how its bodies are decoded and what its push payloads mean.
protocol WebhookFamily {
    /// The JSON document of the body, after checking the content type.
    static func document(of request: WebhookRequest) throws(MalformedPayload) -> JSONCursor
    /// The repository and ref changes of a push payload.
    static func push(from document: JSONCursor, event: String) throws(MalformedPayload) -> PushContent
}

extension WebhookFamily {
    /// JSON bodies only: `application/json`, any `+json` type, or no content type at all.
    static func document(of request: WebhookRequest) throws(MalformedPayload) -> JSONCursor {
        try requireJSON(request)
        return try JSONCursor.document(request.body)
    }

    static func requireJSON(_ request: WebhookRequest) throws(MalformedPayload) {
        guard let type = request.mediaType, type != "application/json", !type.hasSuffix("+json") else { return }
        throw MalformedPayload(
            .unsupportedContentType,
            "the body is \(type); these webhooks must be sent as application/json — set the hook's content type "
                + "to JSON")
    }
}

extension PayloadFamily {
    var parser: any WebhookFamily.Type {
        switch self {
        case .github: GitHubWebhook.self
        case .gitlab: GitLabWebhook.self
        case .bitbucketCloud: BitbucketCloudWebhook.self
        case .bitbucketServer: BitbucketServerWebhook.self
        case .azureDevOps: AzureDevOpsWebhook.self
        }
    }
}
