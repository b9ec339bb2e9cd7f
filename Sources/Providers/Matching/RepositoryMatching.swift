package import Core

/// A repository of Slipway that a push concerns, and why.
package struct RepositoryMatch: Sendable, Hashable {
    /// How the payload and the repository were found to be the same.
    package enum Reason: Sendable, Hashable {
        /// One of the payload's URLs has this repository key.
        case url(RemoteURL)
        /// The key's path equals the provider's full name (case-insensitive).
        case fullName
    }

    /// The matching repository key (``RemoteURL/repositoryKey``).
    package var repositoryKey: String
    /// Why it matched.
    package var reason: Reason

    /// Creates a match.
    package init(repositoryKey: String, reason: Reason) {
        self.repositoryKey = repositoryKey
        self.reason = reason
    }
}

extension RepositoryIdentity {
    /// Which of `repositoryKeys` (the connection's repositories, as ``RemoteURL/repositoryKey``) this is: by a
    /// payload URL's key (scheme, credentials, `.git`, host case and HTTPS/SSH form do not matter), else by the
    /// key's path equalling ``fullName`` case-insensitively (`github.com/Acme/Widgets` for `acme/widgets`).
    ///
    /// Candidates should be the connection's own repositories: the full-name rule does not look at the host.
    package func matches(_ repositoryKeys: some Sequence<String>) -> [RepositoryMatch] {
        repositoryKeys.compactMap { key in
            match(repositoryKey: key).map { RepositoryMatch(repositoryKey: key, reason: $0) }
        }
    }

    /// Why `repositoryKey` is this repository, or nil.
    package func match(repositoryKey: String) -> RepositoryMatch.Reason? {
        if let url = urls.first(where: { $0.repositoryKey == repositoryKey }) { return .url(url) }
        // A key is host[:port]/path; local paths (file URLs) start with '/' and have no provider name.
        guard !repositoryKey.hasPrefix("/"), let slash = repositoryKey.firstIndex(of: "/") else { return nil }
        let path = repositoryKey[repositoryKey.index(after: slash)...]
        return path.lowercased() == fullName.lowercased() ? .fullName : nil
    }
}

extension PushEvent {
    /// The triggers to submit for the matched repository keys: one per key and ref change, in payload order.
    ///
    /// The store keeps one trigger per `(provider, delivery id)`, so when a delivery yields several triggers
    /// (Bitbucket and Azure DevOps pushes of several refs), each gets the delivery id followed by ` ref` (and
    /// ` @key` with several keys): stable for a resend of the same delivery, distinct within it.
    package func triggers(repositoryKeys: [String]) -> [NewTrigger] {
        let several = repositoryKeys.count * changes.count > 1
        var triggers: [NewTrigger] = []
        for key in repositoryKeys {
            for change in changes {
                var id = deliveryID.value
                if several { id += " " + change.ref }
                if repositoryKeys.count > 1 { id += " @" + key }
                triggers.append(
                    NewTrigger(
                        source: .webhook, provider: provider, deliveryID: id, repositoryKey: key, ref: change.ref,
                        before: change.before.hex, after: change.after.hex))
            }
        }
        return triggers
    }
}
