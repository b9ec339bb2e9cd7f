import Core
import Foundation
import Manifest
import Providers
import Testing

@Suite struct DescriptorTests {
    @Test func everyProviderHasADescriptor() throws {
        let catalog = try Checkout.catalog()
        #expect(catalog.names == ["azure-devops", "bitbucket-cloud", "bitbucket-server", "gitea", "github", "gitlab"])
        #expect(catalog.descriptor(named: "GitHub")?.name == "github")
        #expect(catalog.descriptor(named: "forgejo") == nil)
        #expect(catalog.descriptor(named: "gitea")?.family == .github)
    }

    /// Each provider's documented clone user name, as its descriptor gives it; an unknown provider is refused.
    @Test(arguments: [
        ("github", "x-access-token"), ("gitlab", "oauth2"), ("bitbucket-cloud", "x-token-auth"),
        ("azure-devops", "slipway"), ("bitbucket-server", "jdoe"), ("gitea", "jdoe"),
    ])
    func cloneCredentials(provider: String, user: String) throws {
        let catalog = try Checkout.catalog()
        let credentials = try catalog.cloneCredentials(Redacted("t0ken"), provider: provider, accountName: "jdoe")
        #expect(credentials == .token(user: user, token: Redacted("t0ken")))
        #expect(throws: GitError.self) { try catalog.cloneCredentials(Redacted("t"), provider: "sourceforge") }
    }

    @Test(arguments: [
        ("github", "header X-GitHub-Event", ["push"], ["ping"], "header X-GitHub-Delivery", "any"),
        ("gitlab", "header X-Gitlab-Event", ["Push Hook", "Tag Push Hook"], [], "header Idempotency-Key", "any"),
        ("bitbucket-cloud", "header X-Event-Key", ["repo:push"], [], "header X-Request-UUID", "any"),
        (
            "bitbucket-server", "header X-Event-Key", ["repo:refs_changed"], ["diagnostics:ping"],
            "header X-Request-Id", "any"
        ),
        ("azure-devops", "body field eventType", ["git.push"], [], "body field id", "all"),
        ("gitea", "header X-Gitea-Event", ["push"], [], "header X-Gitea-Delivery", "any"),
    ])
    func webhookConventions(
        provider: String, event: String, pushes: [String], pings: [String], delivery: String, require: String
    ) throws {
        let webhook = try Checkout.provider(provider).webhook
        #expect(webhook.event.map(\.description) == [event])
        #expect(webhook.pushEvents == pushes)
        #expect(webhook.pingEvents == pings)
        #expect(webhook.deliveryID.first?.description == delivery)
        #expect(webhook.require.rawValue == require)
    }

    @Test(arguments: [
        ("github", [AuthenticationScheme.hmacSHA256Hex(header: "X-Hub-Signature-256", prefix: "sha256=")]),
        (
            "gitlab",
            [
                .sharedToken(header: "X-Gitlab-Token"),
                .standardWebhooks(
                    StandardWebhooksSettings(
                        idHeader: "webhook-id", timestampHeader: "webhook-timestamp",
                        signatureHeader: "webhook-signature", toleranceSeconds: 300)),
            ]
        ),
        ("bitbucket-cloud", [.hmacSHA256Hex(header: "X-Hub-Signature", prefix: "sha256=")]),
        ("bitbucket-server", [.hmacSHA256Hex(header: "X-Hub-Signature", prefix: "sha256=")]),
        ("azure-devops", [.basicAuth(header: "Authorization"), .customHeader]),
        ("gitea", [.hmacSHA256Hex(header: "X-Gitea-Signature", prefix: "")]),
    ])
    func signatureSchemes(provider: String, schemes: [AuthenticationScheme]) throws {
        #expect(try Checkout.provider(provider).webhook.schemes == schemes)
    }

    @Test(arguments: [
        ("github", "https://api.github.com", "Authorization", "Bearer tok-123"),
        ("gitlab", "https://gitlab.com/api/v4", "PRIVATE-TOKEN", "tok-123"),
        ("bitbucket-cloud", "https://api.bitbucket.org/2.0", "Authorization", "Bearer tok-123"),
        ("bitbucket-server", nil, "Authorization", "Bearer tok-123"),
        // Basic with an empty user: base64(":tok-123").
        ("azure-devops", "https://dev.azure.com/{org}", "Authorization", "Basic OnRvay0xMjM="),
        ("gitea", nil, "Authorization", "token tok-123"),
    ])
    func apiAuthentication(provider: String, base: String?, header: String, value: String) throws {
        let api = try Checkout.provider(provider).api
        #expect(api.base == base)
        let rendered = api.authHeader.render(token: Redacted("tok-123"))
        #expect(rendered.name == header)
        #expect(rendered.value.revealed == value)
        #expect("\(rendered.value)" == "<redacted>")
    }

    /// Recorded now for the poller: where each API gives a branch head and the tags.
    @Test func pollingEndpoints() throws {
        let github = try Checkout.provider("github").api
        #expect(github.headCommit.path == "/repos/{owner}/{repo}/git/ref/heads/{branch}")
        #expect(github.headCommit.sha == ["object.sha"])
        #expect(github.headers.map(\.name) == ["Accept", "X-GitHub-Api-Version"])
        let gitlab = try Checkout.provider("gitlab").api
        #expect(gitlab.headCommit.path == "/projects/{full_name_encoded}/repository/branches/{branch}")
        let server = try Checkout.provider("bitbucket-server").api
        #expect(server.headCommit.filter == [FieldValue(field: "id", value: "refs/heads/{branch}")])
        let azure = try Checkout.provider("azure-devops").api
        #expect(azure.tags.list == "value")
        #expect(azure.tags.sha == ["peeledObjectId", "objectId"])
    }

    @Test(arguments: [
        (
            "unknown-scheme", DescriptorError.Code.unknownValue, "23:15",
            "'hmac-sha1-hex' is not a signature scheme; did you mean 'hmac-sha256-hex'?"
        ),
        ("missing-header", .missingField, "23:7", "`webhook.schemes[0].header` is required"),
        ("unknown-family", .unknownValue, "3:9", "'gitbucket' is not a payload family. Known: github, gitlab"),
        ("misspelt-key", .unknownKey, "19:3", "unknown key `webhook.push_event`; did you mean `push_events`?"),
        ("unknown-placeholder", .unknownValue, "9:11", "unknown placeholder {brnach}; did you mean {branch}?"),
        ("bad-header-name", .invalidValue, "18:15", "'X Forgejo Event' is not an HTTP header name"),
        ("two-sources", .invalidValue, "21:7", "must have exactly one of `header: NAME` or `body: dotted.path`"),
        ("tab-indentation", .syntax, "19:1", "tab"),
        ("duplicate-key", .syntax, "5:1", "family"),
        ("auth-without-token", .invalidValue, "7:16", "must contain {token} or {basic_token}"),
        ("bad-name", .invalidValue, "2:7", "must be lowercase letters, digits and '-'"),
        ("missing-api", .unknownKey, "5:1", "unknown key `apis`; did you mean `api`?"),
        ("missing-delivery-id", .missingField, "17:3", "`webhook.delivery_id` is required"),
    ])
    func brokenDescriptorsNameFileLineAndColumn(
        fixture: String, code: DescriptorError.Code, location: String, message: String
    ) throws {
        let file = Checkout.fixturesFolder + "/descriptors/broken/\(fixture).yaml"
        let source = SourceText(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        let error = try #require(throws: DescriptorError.self) { try DescriptorReader.parse(source, file: file) }
        #expect(error.code == code, "\(error)")
        #expect("\(error.location)" == location, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasPrefix("\(file):\(location): error: "))
    }

    @Test func duplicateNamesAreRefused() throws {
        let folder = Checkout.fixturesFolder + "/descriptors/duplicate"
        let error = try #require(throws: DescriptorError.self) { try ProviderCatalog.load(directory: folder) }
        #expect(error.code == .duplicateName)
        // Files are read in name order: forgejo-copy.yaml first, so forgejo.yaml is the duplicate.
        #expect(error.description.hasPrefix(folder + "/forgejo.yaml:2:7: error: "))
        #expect(error.message.contains("already used by \(folder)/forgejo-copy.yaml"))
    }

    @Test func aBrokenFileFailsTheWholeFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("providers-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["github.yaml", "gitlab.yaml"] {
            try FileManager.default.copyItem(atPath: Checkout.providersFolder + "/" + name, toPath: folder + "/" + name)
        }
        try FileManager.default.copyItem(
            atPath: Checkout.fixturesFolder + "/descriptors/broken/unknown-family.yaml",
            toPath: folder + "/forgejo.yaml")
        let error = try #require(throws: DescriptorError.self) { try ProviderCatalog.load(directory: folder) }
        #expect(error.description.hasPrefix(folder + "/forgejo.yaml:3:9: error: "))
    }

    @Test func missingFolderIsUnreadable() throws {
        let error = try #require(throws: DescriptorError.self) {
            try ProviderCatalog.load(directory: Checkout.fixturesFolder + "/no-such-folder")
        }
        #expect(error.code == .unreadable)
    }
}
