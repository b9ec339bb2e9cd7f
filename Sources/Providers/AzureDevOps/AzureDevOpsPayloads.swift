import Core

/// The fields of an Azure DevOps `git.push` service-hook payload that Slipway reads: `resource.refUpdates[]`
/// (`name`, `oldObjectId`, `newObjectId`) and `resource.repository` (`name`, `remoteUrl`, `project.name`).
struct AzureDevOpsPushPayload {
    struct RefUpdate {
        var name: String
        var oldObjectID: ObjectID
        var newObjectID: ObjectID
    }

    var repositoryName: String
    var projectName: String
    var urls: [String?]
    var refUpdates: [RefUpdate]

    init(resource: JSONCursor) throws(MalformedPayload) {
        let repository = try resource.required("repository")
        repositoryName = try repository.string("name")
        projectName = try repository.required("project").string("name")
        // `remoteUrl` often carries the organization as a user name (https://org@dev.azure.com/…); RemoteURL
        // drops it.
        urls = [try repository.optionalString("remoteUrl"), try repository.optionalString("sshUrl")]
        refUpdates = []
        for item in try resource.array("refUpdates") {
            refUpdates.append(
                RefUpdate(
                    name: try item.fullRef("name"), oldObjectID: try item.objectID("oldObjectId"),
                    newObjectID: try item.objectID("newObjectId")))
        }
    }
}
