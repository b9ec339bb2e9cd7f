import Core
import Foundation
import HTTPServer

/// `/v2/integrations`: list, create, read, change, delete (SPEC §6).
enum IntegrationRoutes {
    static let allowedFields = [
        "name", "long_name", "type", "connection_id", "repository_url", "repository_tracking_branch", "repository_path",
        "include", "default_release_channel",
    ]

    static func register(_ table: inout RouteTable) {
        table.add(.get, "/v2/integrations", role: .viewer) { request, context in
            let page = try request.page(sortable: ["id", "name", "created_date", "modified_date"])
            return try .page(try context.store.integrations(page: page), Resources.integration)
        }
        table.add(.post, "/v2/integrations", role: .admin) { request, context in
            var fields = try Fields(body: request)
            fields.refuseUnknown(allowed: allowedFields)
            let name = fields.string("name", required: true)
            if let name, !name.isSlug {
                fields.problem(
                    "name", "lowercase letters, digits and '-', at most 63, not starting or ending with '-'",
                    type: "value_error.name")
            }
            var integration = NewIntegration(
                name: name ?? "", repositoryID: nil, repositoryURL: nil, trackingBranch: nil)
            integration.longName = fields.string("long_name") ?? name ?? ""
            try apply(&fields, to: &integration, context: context)
            try fields.finish()
            let created = try context.store.createIntegration(integration, now: context.now())
            return try .json(Resources.integration(created), status: .created)
        }
        table.add(.get, "/v2/integrations/{id}", role: .viewer) { request, context in
            try .json(Resources.integration(try existing(request, context)))
        }
        table.add(.patch, "/v2/integrations/{id}", role: .admin) { request, context in
            var integration = try existing(request, context)
            var fields = try Fields(body: request)
            fields.refuseUnknown(allowed: allowedFields)
            if let name = fields.string("name") {
                if name.isSlug {
                    integration.name = name
                } else {
                    fields.problem("name", "not a valid name", type: "value_error.name")
                }
            }
            if let longName = fields.string("long_name") { integration.longName = longName }
            var changes = NewIntegration(
                name: integration.name, longName: integration.longName, kind: integration.kind,
                connectionID: integration.connectionID, repositoryID: integration.repositoryID,
                repositoryURL: integration.repositoryURL, trackingBranch: integration.trackingBranch,
                path: integration.path, include: integration.include,
                defaultReleaseChannel: integration.defaultReleaseChannel)
            try apply(&fields, to: &changes, context: context)
            try fields.finish()
            integration.kind = changes.kind
            integration.connectionID = changes.connectionID
            integration.repositoryID = changes.repositoryID
            integration.repositoryURL = changes.repositoryURL
            integration.trackingBranch = changes.trackingBranch
            integration.path = changes.path
            integration.include = changes.include
            integration.defaultReleaseChannel = changes.defaultReleaseChannel
            return try .json(
                Resources.integration(try context.store.updateIntegration(integration, now: context.now())))
        }
        table.add(.delete, "/v2/integrations/{id}", role: .admin) { request, context in
            try context.store.deleteIntegration(id: try request.id("id"))
            return .empty()
        }
    }

    static func existing(_ request: HTTPRequest, _ context: APIContext) throws -> Integration {
        let id = try request.id("id")
        guard let integration = try context.store.integration(id: id) else {
            throw HTTPError(.notFound, "integration \(id) does not exist; GET /v2/integrations lists them")
        }
        return integration
    }

    /// Applies the fields shared by create and change: type, connection, repository, branch, path, include, channel.
    private static func apply(_ fields: inout Fields, to integration: inout NewIntegration, context: APIContext) throws
    {
        if let type = fields.string("type") {
            if let kind = IntegrationKind(rawValue: type) {
                integration.kind = kind
            } else {
                fields.problem("type", "must be 'internal' or 'external'", type: "value_error.enum")
            }
        }
        if fields.isNull("connection_id") { integration.connectionID = nil }
        if let connection = fields.string("connection_id", allowEmpty: false) {
            if try context.store.connection(id: connection) == nil {
                fields.problem(
                    "connection_id", "no connection '\(connection)'; create it first", type: "value_error.reference")
            } else {
                integration.connectionID = connection
            }
        }
        if let url = fields.string("repository_url", allowEmpty: false) {
            if let parsed = URL(string: url), parsed.user != nil || parsed.password != nil {
                fields.problem(
                    "repository_url", "must not hold credentials; give the connection a token", type: "value_error.url")
            } else {
                do {
                    let remote = try RemoteURL(url)
                    let repository = try context.store.upsertRepository(
                        key: remote.repositoryKey, url: remote.redacted, connectionID: integration.connectionID)
                    integration.repositoryID = repository.id
                    integration.repositoryURL = remote.redacted
                } catch let error as GitError {
                    fields.problem("repository_url", error.message, type: "value_error.url")
                }
            }
        }
        if let branch = fields.string("repository_tracking_branch", allowEmpty: false) {
            integration.trackingBranch = branch
        }
        if let path = fields.string("repository_path") {
            if let normalized = normalized(path) {
                integration.path = normalized
            } else {
                fields.problem(
                    "repository_path", "must be a path inside the repository (no '..', not absolute)",
                    type: "value_error.path")
            }
        }
        if let include = fields.strings("include") {
            let paths = include.map(normalized)
            if paths.contains(where: { $0 == nil }) {
                fields.problem(
                    "include", "every path must stay inside the repository (no '..', not absolute)",
                    type: "value_error.path")
            } else {
                integration.include = paths.compactMap { $0 }
            }
        }
        if fields.isNull("default_release_channel") { integration.defaultReleaseChannel = nil }
        if let channel = fields.string("default_release_channel") {
            if let value = ReleaseChannel(rawValue: channel) {
                integration.defaultReleaseChannel = value
            } else {
                fields.problem(
                    "default_release_channel", "must be 'Default', 'Latest' or null", type: "value_error.enum")
            }
        }
        if integration.kind == .internal {
            if integration.repositoryID == nil {
                fields.problem(
                    "repository_url", "an internal integration needs the repository it is built from",
                    type: "value_error.missing")
            }
            if integration.trackingBranch == nil { integration.trackingBranch = "main" }
        }
    }

    /// A repository path without `./`, repeated or trailing slashes; nil when absolute or leaving the repository.
    static func normalized(_ path: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        let parts = path.split(separator: "/").filter { $0 != "." }
        guard !parts.contains("..") else { return nil }
        return (try? RepositoryPath(parts.joined(separator: "/")))?.value
    }
}
