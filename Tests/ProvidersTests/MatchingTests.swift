import Core
import Foundation
import Providers
import Testing

@Suite struct MatchingTests {
    static func identity(_ fixture: String, _ provider: String, _ headers: [String: String]) throws -> PushEvent {
        let body = try Checkout.fixture(fixture)
        var all = headers
        switch provider {
        case "azure-devops": all["X-K"] = "v"
        case "github": all["X-Hub-Signature-256"] = hubSignature(body, secret: "s")
        default: all["X-Hub-Signature"] = hubSignature(body, secret: "s")
        }
        let secrets =
            provider == "azure-devops"
            ? WebhookSecrets(customHeader: CustomHeaderSecret(name: "X-K", value: Redacted("v"))) : secret("s")
        return try push(try receive(provider, request(body, all), secrets))
    }

    static func github() throws -> PushEvent {
        try identity("github/push-branch.json", "github", ["X-GitHub-Event": "push", "X-GitHub-Delivery": "d-1"])
    }

    /// Candidate keys as the store holds them: made by RemoteURL from what the admin typed.
    static func key(_ url: String) throws -> String { try RemoteURL(url).repositoryKey }

    @Test(arguments: [
        ("https://github.com/harbor-labs/lighthouse.git", "url"),
        ("git@github.com:harbor-labs/lighthouse.git", "url"),
        ("ssh://git@github.com/harbor-labs/lighthouse", "url"),
        ("https://x-access-token:tok@GitHub.com/harbor-labs/lighthouse/", "url"),
        ("https://github.com/Harbor-Labs/Lighthouse", "fullName"),
        ("https://github.com/harbor-labs/lighthouse-docs", "none"),
        ("https://github.com/harbor-labs", "none"),
        ("https://gitlab.com/harbor-labs/other", "none"),
    ])
    func githubCandidates(url: String, reason: String) throws {
        let repository = try Self.github().repository
        let key = try Self.key(url)
        switch repository.match(repositoryKey: key) {
        case .url(let found)?:
            #expect(reason == "url")
            #expect(found.repositoryKey == key)
        case .fullName?: #expect(reason == "fullName")
        case nil: #expect(reason == "none")
        }
    }

    @Test func matchesKeepsOnlyTheMatchingCandidates() throws {
        let keys = [
            "github.com/harbor-labs/lighthouse", "github.com/harbor-labs/beacon", "github.com/HARBOR-LABS/LIGHTHOUSE",
            "/srv/git/lighthouse",
        ]
        let matches = try Self.github().repository.matches(keys)
        #expect(
            matches.map(\.repositoryKey) == ["github.com/harbor-labs/lighthouse", "github.com/HARBOR-LABS/LIGHTHOUSE"])
        #expect(matches.last?.reason == .fullName)
    }

    @Test func bitbucketCloudMatchesWithoutACloneURLInThePayload() throws {
        let push = try Self.identity(
            "bitbucket-cloud/push-branch.json", "bitbucket-cloud", ["X-Event-Key": "repo:push", "X-Request-UUID": "u"])
        let key = try Self.key("git@bitbucket.org:northwind-ops/route-planner.git")
        #expect(push.repository.matches([key]).map(\.repositoryKey) == [key])
    }

    @Test func bitbucketServerMatchesBothCloneURLs() throws {
        let push = try Self.identity(
            "bitbucket-server/push-branch.json", "bitbucket-server", ["X-Event-Key": "repo:refs_changed"])
        let https = try Self.key("https://code.insure.example/scm/INS/claims-intake.git")
        let ssh = try Self.key("ssh://git@code.insure.example:7999/ins/claims-intake.git")
        // The HTTP form's path differs in case from the payload's (`scm/INS` vs `scm/ins`): no match by URL,
        // and `scm/INS/claims-intake` is not the full name either.
        #expect(push.repository.matches([https, ssh]).map(\.repositoryKey) == [ssh])
        #expect(push.repository.matches([try Self.key("https://code.insure.example/scm/ins/claims-intake")]).count == 1)
    }

    @Test func azureRemoteURLWithOrganizationUserMatches() throws {
        let push = try Self.identity("azure-devops/push-branch.json", "azure-devops", [:])
        let key = try Self.key("https://dev.azure.com/contoso-hr/People%20Systems/_git/payroll-bridge")
        #expect(push.repository.matches([key]).first?.reason == .url(push.repository.urls[0]))
    }

    @Test func oneTriggerPerRefWithDistinctDeliveryIDs() throws {
        let push = try Self.identity(
            "bitbucket-server/multi-change.json", "bitbucket-server",
            ["X-Event-Key": "repo:refs_changed", "X-Request-Id": "req-9"])
        let triggers = push.triggers(repositoryKeys: ["code.insure.example/scm/ins/claims-intake"])
        #expect(triggers.map(\.ref) == ["refs/heads/master", "refs/tags/r-2026.08", "refs/heads/feature/fraud-score"])
        #expect(Set(triggers.compactMap(\.deliveryID)).count == 3)
        #expect(triggers[1].deliveryID == "req-9 refs/tags/r-2026.08")
        #expect(triggers.allSatisfy { $0.source == .webhook && $0.provider == "bitbucket-server" })
        #expect(triggers[2].after == String(repeating: "0", count: 40))
        #expect(triggers[0].before == "23faf0dd1282538f55319d508220863fde0e4b22")
    }

    @Test func aSingleRefKeepsTheDeliveryID() throws {
        let triggers = try Self.github().triggers(repositoryKeys: ["github.com/harbor-labs/lighthouse"])
        #expect(triggers.map(\.deliveryID) == ["d-1"])
        #expect(triggers.map(\.repositoryKey) == ["github.com/harbor-labs/lighthouse"])
    }
}
