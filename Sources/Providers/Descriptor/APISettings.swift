package import Core
import Foundation

/// How a provider's REST API is called: the poller (a later part of Slipway) reads these.
package struct APISettings: Sendable, Hashable {
    /// The REST API root (`https://api.github.com`), possibly with `{org}`; nil when every installation has its
    /// own (Bitbucket Server, Gitea) and the connection must give it.
    package var base: String?
    /// The header that carries the API token.
    package var authHeader: AuthHeaderTemplate
    /// Fixed headers sent with every request (`Accept`, an API version).
    package var headers: [HTTPHeader]
    /// How to read the head commit of a branch.
    package var headCommit: PollingEndpoint
    /// How to list tags with their commits.
    package var tags: PollingEndpoint

    /// Creates API settings.
    package init(
        base: String?, authHeader: AuthHeaderTemplate, headers: [HTTPHeader], headCommit: PollingEndpoint,
        tags: PollingEndpoint
    ) {
        self.base = base
        self.authHeader = authHeader
        self.headers = headers
        self.headCommit = headCommit
        self.tags = tags
    }

    /// Placeholders a base URL or endpoint may use; the poller fills them from the repository.
    ///
    /// `{owner}` and `{repo}` are the first and last segments of the provider's full name, `{full_name}` the whole
    /// name (`group/sub/project`), `{full_name_encoded}` the same with `/` as `%2F` (GitLab project ids), `{org}`
    /// and `{project}` the organization and project of Azure DevOps or the project key of Bitbucket Server,
    /// `{branch}` the percent-encoded branch name.
    package static let endpointPlaceholders = [
        "owner", "repo", "full_name", "full_name_encoded", "org", "project", "branch",
    ]
}

/// The API token header, such as `Authorization: Bearer {token}` or `PRIVATE-TOKEN: {token}`.
///
/// In the value, `{token}` is the token and `{basic_token}` is base64 of `<basic user>:<token>` (Azure DevOps
/// personal access tokens go as Basic credentials with an empty user).
package struct AuthHeaderTemplate: Sendable, Hashable {
    /// The header name.
    package var name: String
    /// The value with placeholders.
    package var value: String
    /// The user name of `{basic_token}`; empty by default.
    package var basicUser: String

    /// The placeholders a value may use.
    package static let placeholders = ["token", "basic_token"]

    /// Creates a template.
    package init(name: String, value: String, basicUser: String = "") {
        self.name = name
        self.value = value
        self.basicUser = basicUser
    }

    /// The header with `token` filled in; the value stays redacted.
    package func render(token: Redacted<String>) -> (name: String, value: Redacted<String>) {
        let basic = Data((basicUser + ":" + token.revealed).utf8).base64EncodedString()
        let value = self.value.replacingOccurrences(of: "{basic_token}", with: basic)
            .replacingOccurrences(of: "{token}", with: token.revealed)
        return (name, Redacted(value))
    }
}

/// One REST request of the poller and where its answer holds the commit (and, for tags, the name).
package struct PollingEndpoint: Sendable, Hashable {
    /// The path under the API base, with placeholders (``APISettings/endpointPlaceholders``) and any query.
    package var path: String
    /// Where the list of items is in the answer (dotted path; `.` for an answer that is a list); nil when the
    /// answer is one object.
    package var list: String?
    /// For a list: the item to pick is the one whose fields equal these values (placeholders allowed).
    package var filter: [FieldValue]
    /// For tags: the field of an item holding the tag name.
    package var name: String?
    /// Fields holding the commit SHA, as dotted paths; the first present wins (`peeledObjectId`, then `objectId`).
    package var sha: [String]

    /// Creates an endpoint description.
    package init(path: String, list: String?, filter: [FieldValue], name: String?, sha: [String]) {
        self.path = path
        self.list = list
        self.filter = filter
        self.name = name
        self.sha = sha
    }
}

/// A field of a JSON item and the value it must have (`name: refs/heads/{branch}`).
package struct FieldValue: Sendable, Hashable {
    /// The dotted path of the field.
    package var field: String
    /// The expected value, with placeholders.
    package var value: String

    /// Creates a pair.
    package init(field: String, value: String) {
        self.field = field
        self.value = value
    }
}

/// The `{name}` placeholders of `template`, in order; nil when a brace is unbalanced.
func placeholders(in template: String) -> [String]? {
    var names: [String] = []
    var current: String?
    for character in template {
        switch character {
        case "{":
            guard current == nil else { return nil }
            current = ""
        case "}":
            guard let name = current else { return nil }
            names.append(name)
            current = nil
        default:
            current?.append(character)
        }
    }
    return current == nil ? names : nil
}
