import Core

/// The fields of a Bitbucket Server / Data Center `repo:refs_changed` payload that Slipway reads: `repository`
/// (`slug`, `project.key`, `links.clone[].href`) and `changes[]` with `refId`, `fromHash` and `toHash` (all
/// zeros for a created or deleted ref).
struct BitbucketServerPushPayload {
    struct Change {
        var refID: String
        var fromHash: ObjectID
        var toHash: ObjectID
    }

    var projectKey: String
    var slug: String
    var cloneURLs: [String?]
    var changes: [Change]

    init(_ document: JSONCursor) throws(MalformedPayload) {
        let repository = try document.required("repository")
        slug = try repository.string("slug")
        projectKey = try repository.required("project").string("key")
        cloneURLs = []
        if let links = repository.member("links"), links.member("clone") != nil {
            for link in try links.array("clone") { cloneURLs.append(try link.optionalString("href")) }
        }
        changes = []
        for item in try document.array("changes") {
            // `refId` is the full ref; older payloads only carry it inside `ref.id`.
            let refID = item.member("refId") != nil ? try item.fullRef("refId") : try item.required("ref").fullRef("id")
            changes.append(
                Change(
                    refID: refID, fromHash: try item.objectID("fromHash"), toHash: try item.objectID("toHash")))
        }
    }
}
