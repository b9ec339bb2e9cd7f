import Core
import Foundation
import HTTPServer
import Pipeline

/// `/v2/integrations/{id}/releases…`: releases, the default, latest, tags and rebuilds (SPEC §6).
enum ReleaseRoutes {
    static func register(_ table: inout RouteTable) {
        let base = "/v2/integrations/{id}/releases"
        table.add(.get, base, role: .viewer) { request, context in
            let integration = try IntegrationRoutes.existing(request, context)
            let page = try request.page(
                sortable: ["id", "number", "created_date"], defaultSort: "number", defaultAscending: false)
            return try .page(try context.store.releases(integrationID: integration.id, page: page)) {
                Resources.release($0)
            }
        }
        table.add(.get, base + "/default", role: .viewer) { request, context in
            let integration = try IntegrationRoutes.existing(request, context)
            guard let id = integration.defaultReleaseID, let release = try context.store.release(id: id) else {
                throw HTTPError(
                    .notFound,
                    "integration \(integration.name) has no default release yet; it gets one with its first successful build"
                )
            }
            return try .json(Resources.release(release, withProvenance: true))
        }
        table.add(.get, base + "/latest", role: .viewer) { request, context in
            let integration = try IntegrationRoutes.existing(request, context)
            guard let release = try context.store.latestRelease(integrationID: integration.id) else {
                throw HTTPError(.notFound, "integration \(integration.name) has no release yet")
            }
            return try .json(Resources.release(release, withProvenance: true))
        }
        table.add(.get, base + "/{release_id}", role: .viewer) { request, context in
            try .json(Resources.release(try release(request, context).1, withProvenance: true))
        }
        table.add(.put, base + "/default", role: .releaseManager) { request, context in
            let integration = try IntegrationRoutes.existing(request, context)
            var fields = try Fields(body: request)
            fields.refuseUnknown(allowed: ["release_id"])
            let releaseID = fields.integer("release_id", required: true)
            try fields.finish()
            guard let releaseID else { throw HTTPError(.unprocessableContent, "release_id is required") }
            let updated = try context.store.setDefaultRelease(
                integrationID: integration.id, releaseID: releaseID, now: context.now())
            context.log.info("default release set", [("integration", updated.name), ("release", String(releaseID))])
            guard let release = try context.store.release(id: releaseID) else {
                throw HTTPError(.notFound, "release \(releaseID) does not exist")
            }
            return try .json(Resources.release(release, withProvenance: true))
        }
        table.add(.post, base + "/{release_id}/tags", role: .releaseManager) { request, context in
            let (_, release) = try release(request, context)
            let tag = try tagField(request)
            return try .json(
                Resources.release(try context.store.addTag(releaseID: release.id, tag: tag, now: context.now())),
                status: .created)
        }
        table.add(.delete, base + "/{release_id}/tags", role: .releaseManager) { request, context in
            let (_, release) = try release(request, context)
            let tag = try request.query("tag").map { try checkedTag($0) } ?? tagField(request)
            return try .json(Resources.release(try context.store.removeTag(releaseID: release.id, tag: tag)))
        }
        table.add(.post, base + "/{release_id}/rebuild", role: .releaseManager) { request, context in
            let (integration, release) = try release(request, context)
            return try .json(Resources.build(try rebuild(release, of: integration, context: context)), status: .created)
        }
    }

    /// The integration and its release named by the path; 404 when the release is another integration's.
    static func release(_ request: HTTPRequest, _ context: APIContext) throws -> (Integration, Release) {
        let integration = try IntegrationRoutes.existing(request, context)
        let id = try request.id("release_id")
        guard let release = try context.store.release(id: id), release.integrationID == integration.id else {
            throw HTTPError(
                .notFound, "integration \(integration.name) has no release \(id); GET …/releases lists them")
        }
        return (integration, release)
    }

    private static func tagField(_ request: HTTPRequest) throws -> String {
        var fields = try Fields(body: request)
        fields.refuseUnknown(allowed: ["tag"])
        let tag = fields.string("tag", required: true, allowEmpty: false)
        try fields.finish()
        return try checkedTag(tag ?? "")
    }

    private static func checkedTag(_ tag: String) throws -> String {
        guard !tag.isEmpty, tag.count <= 128, !tag.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw ValidationFailure(problems: [
                .init(
                    location: ["body", "tag"], message: "a tag is 1 to 128 characters without spaces",
                    type: "value_error.tag")
            ])
        }
        return tag
    }

    /// Builds the release's commit again, whatever its inputs digest says (an admin's explicit request).
    static func rebuild(_ release: Release, of integration: Integration, context: APIContext) throws -> Build {
        let ref = release.gitTag.map { "refs/tags/" + $0 } ?? "refs/heads/" + (integration.trackingBranch ?? "main")
        let repository = try integration.repositoryID.flatMap { try context.store.repository(id: $0) }
        let recorded = try context.store.submit(
            NewTrigger(source: .api, repositoryKey: repository?.key, ref: ref, after: release.commitSHA),
            integrationIDs: [integration.id], unmatchedReason: "", jobs: [], now: context.now())
        let request = try context.store.requestBuild(
            NewBuild(
                integrationID: integration.id, trigger: .api, ref: ref, tag: nil, commitSHA: release.commitSHA,
                inputsDigest: release.inputsDigest),
            decisionIDs: recorded.decisions.map(\.id), maxAttempts: context.pipeline.settings.maxAttempts,
            now: context.now())
        context.log.info("rebuild requested", [("integration", integration.name), ("release", release.name)])
        return request.build
    }
}
