import Core
import Foundation
import HTTPServer
import Pipeline

/// Builds, their logs, decisions, and `POST /v2/sourcecontrol/build` (SPEC §6).
enum BuildRoutes {
    static func register(_ table: inout RouteTable) {
        table.add(.get, "/v2/builds", role: .viewer) { request, context in
            let page = try request.page(sortable: ["id", "created_date", "status"], defaultAscending: false)
            let integration = try request.query("integration_id").map { try integer($0, "integration_id") }
            return try .page(try context.store.builds(integrationID: integration, page: page), Resources.build)
        }
        table.add(.get, "/v2/builds/{id}", role: .viewer) { request, context in
            try .json(Resources.build(try build(request, context)))
        }
        table.add(.get, "/v2/builds/{id}/log", role: .viewer) { request, context in
            let build = try build(request, context)
            let lines = try context.store.buildLog(buildID: build.id)
            if request.query("format") == "json" {
                return try .json(
                    JSONValue.array(
                        lines.map { line in
                            .object([
                                "at": Resources.date(line.at), "stream": .string(line.stream.rawValue),
                                "text": .string(line.text),
                            ])
                        }))
            }
            let text = lines.map { "\($0.at.formatted(.iso8601)) [\($0.stream.rawValue)] \($0.text)\n" }.joined()
            return .text(text)
        }
        table.add(.get, "/v2/decisions", role: .viewer) { request, context in
            let page = try request.page(sortable: ["id", "created_date"], defaultAscending: false)
            let integration = try request.query("integration_id").map { try integer($0, "integration_id") }
            let repository = try request.query("repository").map { text -> String in
                // A URL in any form, or a key already.
                if let remote = try? RemoteURL(text) { return remote.repositoryKey }
                guard !text.isEmpty else { throw HTTPError(.unprocessableContent, "repository must not be empty") }
                return text
            }
            return try .page(
                try context.store.decisions(integrationID: integration, repositoryKey: repository, page: page),
                Resources.decision)
        }
        table.add(.post, "/v2/sourcecontrol/build", role: .releaseManager) { request, context in
            try await buildNow(request, context)
        }
    }

    static func integer(_ text: String, _ name: String) throws -> Int64 {
        guard let value = Int64(text), value > 0 else {
            throw ValidationFailure(problems: [
                .init(location: ["query", name], message: "must be a positive integer", type: "type_error.integer")
            ])
        }
        return value
    }

    private static func build(_ request: HTTPRequest, _ context: APIContext) throws -> Build {
        let id = try request.id("id")
        guard let build = try context.store.build(id: id) else {
            throw HTTPError(.notFound, "build \(id) does not exist; GET /v2/builds lists them")
        }
        return build
    }

    /// Records an API trigger for the integration and waits (a bounded time) for the fetch to decide: 201 with
    /// the build it queued, 200 with the decision when nothing is to build, 202 while the fetch is still running.
    private static func buildNow(_ request: HTTPRequest, _ context: APIContext) async throws -> HTTPResponse {
        var fields = try Fields(body: request)
        fields.refuseUnknown(allowed: ["integration_id", "tag", "branch", "ref"])
        let integrationID = fields.integer("integration_id", required: true)
        let tag = fields.string("tag", allowEmpty: false)
        let branch = fields.string("branch", allowEmpty: false)
        let ref = fields.string("ref", allowEmpty: false)
        if [tag, branch, ref].compactMap({ $0 }).count > 1 {
            fields.problem("ref", "give at most one of tag, branch and ref", type: "value_error.conflict")
        }
        try fields.finish()
        guard let integrationID else { throw HTTPError(.internalServerError, "integration_id was not read") }
        let target = tag.map { "refs/tags/" + $0 } ?? branch.map { "refs/heads/" + $0 } ?? ref
        // An unknown integration (404) or an external one (409) is refused by the intake, as StoreError.
        let outcome = try context.pipeline.intake.requestBuild(integrationID: integrationID, ref: target, source: .api)
        guard let decision = outcome.decisions.first else {
            throw HTTPError(.internalServerError, "no decision was recorded")
        }
        let deadline = ContinuousClock.now + context.buildDecisionWait
        var current = decision
        while !current.outcome.isFinal && current.outcome != .queued && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            current = try context.store.decision(id: decision.id) ?? current
        }
        if let buildID = current.buildID, let build = try context.store.build(id: buildID) {
            return try .json(Resources.build(build), status: .created)
        }
        if current.outcome.isFinal {
            return try .json(Resources.decision(current))
        }
        return try .json(Resources.decision(current), status: .accepted)
    }
}
