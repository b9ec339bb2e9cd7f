import Core

/// The fields of a GitHub `push` payload that Slipway reads; Gitea and Forgejo send the same shape.
///
/// `ref` is the full ref; `before` is all zeros when the ref was created and `after` when it was deleted;
/// `repository` carries `full_name` and the clone and web URLs.
struct GitHubPushPayload {
    var ref: String
    var before: ObjectID
    var after: ObjectID
    var fullName: String
    var urls: [String?]

    init(_ document: JSONCursor) throws(MalformedPayload) {
        ref = try document.fullRef("ref")
        before = try document.objectID("before")
        after = try document.objectID("after")
        let repository = try document.required("repository")
        fullName = try repository.string("full_name")
        urls = [
            try repository.optionalString("clone_url"), try repository.optionalString("ssh_url"),
            try repository.optionalString("git_url"), try repository.optionalString("html_url"),
        ]
    }
}
