package import Core

/// What a verified webhook request means to Slipway.
package enum WebhookEvent: Sendable, Hashable {
    /// A ping or connection test (`ping`, `diagnostics:ping`): answer 2xx, do nothing else.
    case ping(event: String)
    /// Refs changed: record a trigger per matching repository and ref change.
    case push(PushEvent)
    /// Any other event the hook was subscribed to: answer 2xx and ignore it.
    case ignored(event: String)
}

/// A push as the provider announced it. A hint only: Slipway fetches the truth from git and never uses file
/// lists (GitLab and Bitbucket truncate commit lists anyway).
package struct PushEvent: Sendable, Hashable {
    /// The descriptor name (`github`, `gitea`).
    package var provider: String
    /// The event name as sent (`push`, `Tag Push Hook`, `git.push`).
    package var event: String
    /// The de-duplication key of the delivery.
    package var deliveryID: DeliveryID
    /// Which repository was pushed to.
    package var repository: RepositoryIdentity
    /// The refs that changed, in payload order (tags in push order).
    package var changes: [RefChange]

    /// Creates a push event.
    package init(
        provider: String, event: String, deliveryID: DeliveryID, repository: RepositoryIdentity, changes: [RefChange]
    ) {
        self.provider = provider
        self.event = event
        self.deliveryID = deliveryID
        self.repository = repository
        self.changes = changes
    }
}

/// A delivery's de-duplication key and where it came from.
package struct DeliveryID: Sendable, Hashable, CustomStringConvertible {
    /// Where the value was read.
    package enum Source: Sendable, Hashable {
        /// A header named by the descriptor.
        case header(String)
        /// A body field named by the descriptor.
        case body(String)
        /// No descriptor source was present: `sha256:<hex>` of the body, equal for an identical resend.
        case bodyDigest

        init(_ source: ValueSource) {
            switch source {
            case .header(let name): self = .header(name)
            case .body(let path): self = .body(path)
            }
        }
    }

    /// The id (`72d3162e-…`, `sha256:…`).
    package var value: String
    /// Where it came from.
    package var source: Source

    /// Creates a delivery id.
    package init(value: String, source: Source) {
        self.value = value
        self.source = source
    }

    package var description: String { value }
}

/// The repository a push was made to, as the payload names it.
package struct RepositoryIdentity: Sendable, Hashable {
    /// The provider's full name: `owner/repo`, `group/sub/project`, `workspace/slug`, `PROJECT/slug` (Bitbucket
    /// Server), `project/repo` (Azure DevOps).
    package var fullName: String
    /// Every clone or web URL the payload gives, parsed and without credentials; URLs that do not parse are left
    /// out.
    package var urls: [RemoteURL]

    /// Creates an identity.
    package init(fullName: String, urls: [RemoteURL]) {
        self.fullName = fullName
        self.urls = urls
    }

    /// Parses `texts` (nils and unparsable URLs are skipped), keeping the first of each repository key.
    init(fullName: String, urlTexts: [String?]) {
        var urls: [RemoteURL] = []
        for text in urlTexts.compactMap(\.self) {
            guard let url = try? RemoteURL(text), !urls.contains(url) else { continue }
            urls.append(url)
        }
        self.init(fullName: fullName, urls: urls)
    }
}

/// One ref a push changed.
package struct RefChange: Sendable, Hashable {
    /// The full ref: `refs/heads/main`, `refs/tags/v1.2.0`.
    package var ref: String
    /// The object the ref pointed to before; all zeros when it was created.
    package var before: ObjectID
    /// The object it points to now, as the provider reports it (a commit, or an annotated tag object for some
    /// providers); all zeros when it was deleted.
    package var after: ObjectID
    /// Whether the push created the ref: every provider sends an all-zero `before` then.
    package var created: Bool { before.isZero && !after.isZero }
    /// Whether the push deleted the ref: every provider sends an all-zero `after` then.
    package var deleted: Bool { after.isZero }

    /// Creates a change.
    package init(ref: String, before: ObjectID, after: ObjectID) {
        self.ref = ref
        self.before = before
        self.after = after
    }
}

extension ObjectID {
    /// Forty zeros: what providers send for "no commit".
    package static let zero = ObjectID(hex: String(repeating: "0", count: 40))!
}
