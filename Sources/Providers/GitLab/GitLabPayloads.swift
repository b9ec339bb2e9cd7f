import Core

/// The fields of a GitLab `Push Hook` or `Tag Push Hook` payload that Slipway reads.
///
/// `checkout_sha` (null on deletion; the commit of an annotated tag) and the commit list (the newest 20 only,
/// `total_commits_count` giving the real number) are not used: git is the truth.
struct GitLabPushPayload {
    var ref: String
    var before: ObjectID
    var after: ObjectID
    var fullName: String
    var urls: [String?]

    init(_ document: JSONCursor) throws(MalformedPayload) {
        ref = try document.fullRef("ref")
        before = try document.objectID("before")
        after = try document.objectID("after")
        let project = try document.required("project")
        fullName = try project.string("path_with_namespace")
        urls = [
            try project.optionalString("git_http_url"), try project.optionalString("git_ssh_url"),
            try project.optionalString("web_url"),
        ]
        // The deprecated `repository` copy, for instances that send it alone.
        if let repository = document.member("repository") {
            urls += [
                try repository.optionalString("git_http_url"), try repository.optionalString("git_ssh_url"),
                try repository.optionalString("homepage"),
            ]
        }
    }
}
