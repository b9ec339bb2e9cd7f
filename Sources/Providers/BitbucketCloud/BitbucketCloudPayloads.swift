import Core

/// The fields of a Bitbucket Cloud `repo:push` payload that Slipway reads: `repository` (`full_name`,
/// `links.html.href`; no clone URLs) and `push.changes[]`, each with `old` and `new` ref states or null.
struct BitbucketCloudPushPayload {
    /// A branch or tag as Bitbucket Cloud names it: a short name and its type.
    struct RefState {
        var type: String
        var name: String
        var hash: ObjectID

        init(_ cursor: JSONCursor) throws(MalformedPayload) {
            type = try cursor.string("type")
            name = try cursor.string("name")
            hash = try cursor.required("target").objectID("hash")
        }
    }

    /// One ref of the push: created when `old` is null, deleted when `new` is null.
    struct Change {
        var old: RefState?
        var new: RefState?
        var path: String
    }

    var fullName: String
    var htmlURL: String?
    var changes: [Change]

    init(_ document: JSONCursor) throws(MalformedPayload) {
        let repository = try document.required("repository")
        fullName = try repository.string("full_name")
        htmlURL = try repository.member("links")?.member("html")?.optionalString("href")
        changes = []
        for item in try document.required("push").array("changes") {
            changes.append(
                Change(
                    old: try item.member("old").map { (cursor) throws(MalformedPayload) in try RefState(cursor) },
                    new: try item.member("new").map { (cursor) throws(MalformedPayload) in try RefState(cursor) },
                    path: item.path))
        }
    }
}
