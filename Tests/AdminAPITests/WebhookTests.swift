import AdminAPI
import Core
import Crypto
import Database
import Foundation
import TestSupport
import Testing

/// `POST /hooks/{connection_id}` over real HTTP for every provider family (SPEC §2 invariant 1, §5).
@Suite(.timeLimit(.minutes(3))) struct WebhookTests {
    static let fixtures = ServerHarness.checkout + "/Tests/ProvidersTests/Fixtures"

    static func fixture(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + path)))
    }

    static func sign(_ body: [UInt8], _ secret: String) -> String {
        "sha256=" + hmacSHA256Hex(key: Array(secret.utf8), message: body)
    }

    /// A connection and an integration on `repository`, through the API.
    static func setUp(
        _ world: ServerHarness, connection: [String: Any], repository: String, name: String = "watched"
    ) async throws {
        let created = try await world.call("POST", "/v2/sourcecontrol/connections", as: .admin, body: connection)
        try #require(created.status == 201, "\(created.text)")
        let integration = try await world.call(
            "POST", "/v2/integrations", as: .admin,
            body: ["name": name, "repository_url": repository, "connection_id": connection["id"] ?? ""])
        try #require(integration.status == 201, "\(integration.text)")
    }

    static func github(_ body: [UInt8], secret: String, delivery: String, event: String = "push") -> [String: String] {
        [
            "X-GitHub-Event": event, "X-GitHub-Delivery": delivery, "X-Hub-Signature-256": sign(body, secret),
            "Content-Type": "application/json", "User-Agent": "GitHub-Hookshot/test",
        ]
    }

    @Test func aGitHubPushIsPersistedThenAcceptedAndADuplicateIsProcessedOnce() async throws {
        let world = try await ServerHarness()
        try await Self.setUp(
            world, connection: ["id": "acme", "provider": "github", "webhook_secret": "hook-secret"],
            repository: "https://github.com/harbor-labs/lighthouse.git")
        let body = try Self.fixture("github/push-branch.json")
        let headers = Self.github(body, secret: "hook-secret", delivery: "d-1")
        let first = try await world.client.request("POST", "/hooks/acme", headers: headers, body: body)
        #expect(first.status == 202, "\(first.text)")
        let decisions = first.object["decisions"] as? [[String: Any]] ?? []
        #expect(decisions.count == 1)
        #expect(decisions.first?["outcome"] as? String == "pending")
        #expect(decisions.first?["ref"] as? String == "refs/heads/main")
        // Persisted before the answer: the trigger and its decision are in the database now.
        let recorded = try world.store.decisions(integrationID: nil, repositoryKey: nil, page: PageRequest())
        #expect(recorded.items.map(\.deliveryID) == ["d-1"])
        let again = try await world.client.request("POST", "/hooks/acme", headers: headers, body: body)
        #expect(again.status == 200 && again.text.contains("not processed twice"))
        #expect(try world.store.decisions(integrationID: nil, repositoryKey: nil, page: PageRequest()).total == 1)
        #expect(try world.store.counts()[.queued] == 1)
        #expect(
            world.metrics.value("slipway_webhook_deliveries_total", ["provider": "github", "outcome": "duplicate"]) == 1
        )
    }

    @Test func badSignaturesTokensAndHeadersAre401AndLeaveNothingButACounter() async throws {
        let world = try await ServerHarness()
        try await Self.setUp(
            world, connection: ["id": "acme", "provider": "github", "webhook_secret": "hook-secret"],
            repository: "https://github.com/harbor-labs/lighthouse.git")
        let body = try Self.fixture("github/push-branch.json")
        var tampered = body
        tampered[tampered.count / 2] ^= 0x20
        var missing = Self.github(body, secret: "hook-secret", delivery: "d-3")
        missing["X-Hub-Signature-256"] = nil
        let attempts: [([String: String], [UInt8])] = [
            (Self.github(body, secret: "hook-secret", delivery: "d-1"), tampered),
            (Self.github(body, secret: "another secret", delivery: "d-2"), body),
            (missing, body),
        ]
        for (headers, payload) in attempts {
            let response = try await world.client.request("POST", "/hooks/acme", headers: headers, body: payload)
            #expect(response.status == 401, "\(response.text)")
            #expect(!response.text.contains("hook-secret"))
        }
        #expect(try world.store.decisions(integrationID: nil, repositoryKey: nil, page: PageRequest()).total == 0)
        #expect(try world.store.counts()[.queued] ?? 0 == 0)
        #expect(
            world.metrics.value("slipway_webhook_deliveries_total", ["provider": "github", "outcome": "rejected"]) == 3)
        #expect(world.log.recorded.filter { $0.contains("webhook rejected") }.count == 3)
    }

    @Test func unknownConnectionsMalformedBodiesPingsAndOversizedBodies() async throws {
        let world = try await ServerHarness(hookLimit: 5 << 20)
        try await Self.setUp(
            world, connection: ["id": "acme", "provider": "github", "webhook_secret": "s"],
            repository: "https://github.com/harbor-labs/lighthouse.git")
        let unknown = try await world.client.request("POST", "/hooks/nobody", headers: [:], body: Array("{}".utf8))
        #expect(unknown.status == 404)
        let malformed = Array("{\"ref\": ".utf8)
        let bad = try await world.client.request(
            "POST", "/hooks/acme", headers: Self.github(malformed, secret: "s", delivery: "m"), body: malformed)
        #expect(bad.status == 400, "\(bad.text)")
        let ping = try Self.fixture("github/ping.json")
        let pong = try await world.client.request(
            "POST", "/hooks/acme", headers: Self.github(ping, secret: "s", delivery: "p", event: "ping"), body: ping)
        #expect(pong.status == 200 && pong.text.contains("pong"))
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: 10 << 20)
        let tooLarge = try await world.client.request(
            "POST", "/hooks/acme", headers: Self.github(huge, secret: "s", delivery: "h"), body: huge)
        #expect(tooLarge.status == 413)
        #expect(try world.store.decisions(integrationID: nil, repositoryKey: nil, page: PageRequest()).total == 0)
    }

    @Test func aPushToARepositoryNoIntegrationWatchesIsRecordedAsUnmatched() async throws {
        let world = try await ServerHarness()
        try await Self.setUp(
            world, connection: ["id": "acme", "provider": "github", "webhook_secret": "s"],
            repository: "https://github.com/harbor-labs/another.git")
        let body = try Self.fixture("github/push-branch.json")
        let response = try await world.client.request(
            "POST", "/hooks/acme", headers: Self.github(body, secret: "s", delivery: "u"), body: body)
        #expect(response.status == 202)
        let decisions = response.object["decisions"] as? [[String: Any]] ?? []
        #expect(decisions.first?["outcome"] as? String == "unmatched")
        #expect(decisions.first?["reason"] as? String == "no integration watches this repository")
    }

    struct ProviderCase: Sendable {
        var provider: String
        var connection: [String: String]
        var repository: String
        var fixture: String
        var headers: @Sendable ([UInt8]) -> [String: String]
        var refs: [String]
    }

    static let providerCases: [ProviderCase] = [
        ProviderCase(
            provider: "gitlab", connection: ["webhook_secret": "ledger-hook-7781"],
            repository: "https://gitlab.example.org/finance/tools/ledger-export.git", fixture: "gitlab/tag-push.json",
            headers: { _ in
                ["X-Gitlab-Event": "Tag Push Hook", "X-Gitlab-Token": "ledger-hook-7781", "Idempotency-Key": "gl-1"]
            }, refs: ["refs/tags/2026.2.0"]),
        ProviderCase(
            provider: "bitbucket-cloud", connection: ["webhook_secret": "route-planner hook 4471"],
            repository: "https://bitbucket.org/northwind-ops/route-planner.git",
            fixture: "bitbucket-cloud/push-branch.json",
            headers: { body in
                [
                    "X-Event-Key": "repo:push", "X-Request-UUID": "bc-1",
                    "X-Hub-Signature": sign(body, "route-planner hook 4471"),
                ]
            }, refs: ["refs/heads/main"]),
        ProviderCase(
            provider: "bitbucket-server", connection: ["webhook_secret": "claims 9931"],
            repository: "https://code.insure.example/scm/ins/claims-intake.git",
            fixture: "bitbucket-server/multi-change.json",
            headers: { body in
                [
                    "X-Event-Key": "repo:refs_changed", "X-Request-Id": "bs-1",
                    "X-Hub-Signature": sign(body, "claims 9931"),
                ]
            }, refs: []),
        ProviderCase(
            provider: "gitea", connection: ["webhook_secret": "gitea-secret"],
            repository: "https://forge.fieldkit.example/fieldkit/sensor-relay.git", fixture: "gitea/push-branch.json",
            headers: { body in
                [
                    "X-Gitea-Event": "push", "X-Gitea-Delivery": "gt-1",
                    "X-Gitea-Signature": hmacSHA256Hex(key: Array("gitea-secret".utf8), message: body),
                ]
            }, refs: ["refs/heads/main"]),
    ]

    @Test(arguments: providerCases.indices)
    func everyProviderFamilyIsVerifiedAndRecorded(index: Int) async throws {
        let testCase = Self.providerCases[index]
        let world = try await ServerHarness()
        var connection: [String: Any] = ["id": "conn", "provider": testCase.provider]
        for (key, value) in testCase.connection { connection[key] = value }
        try await Self.setUp(world, connection: connection, repository: testCase.repository)
        let body = try Self.fixture(testCase.fixture)
        var headers = testCase.headers(body)
        headers["Content-Type"] = "application/json"
        let response = try await world.client.request("POST", "/hooks/conn", headers: headers, body: body)
        #expect(response.status == 202, "\(testCase.provider): \(response.text)")
        let decisions = response.object["decisions"] as? [[String: Any]] ?? []
        #expect(!decisions.isEmpty && decisions.allSatisfy { $0["integration_id"] as? Int == 1 })
        if !testCase.refs.isEmpty {
            #expect(decisions.compactMap { $0["ref"] as? String } == testCase.refs)
        }
        let wrong = try await world.client.request("POST", "/hooks/conn", headers: [:], body: body)
        #expect(wrong.status == 401)
    }

    @Test func azureDevOpsIsAuthenticatedByBasicAuthAndAHeader() async throws {
        let world = try await ServerHarness()
        try await Self.setUp(
            world,
            connection: [
                "id": "azure", "provider": "azure-devops",
                "webhook_basic_auth": ["user": "hooks", "password": "pw-771"],
                "webhook_header": ["name": "X-Slipway-Key", "value": "k-71"],
            ], repository: "https://dev.azure.com/contoso-hr/People%20Systems/_git/payroll-bridge")
        let body = try Self.fixture("azure-devops/push-several.json")
        let basic = "Basic " + Data("hooks:pw-771".utf8).base64EncodedString()
        let accepted = try await world.client.request(
            "POST", "/hooks/azure", headers: ["Authorization": basic, "X-Slipway-Key": "k-71"], body: body)
        #expect(accepted.status == 202, "\(accepted.text)")
        #expect((accepted.object["decisions"] as? [[String: Any]] ?? []).count >= 2)
        let wrongPassword = "Basic " + Data("hooks:nope".utf8).base64EncodedString()
        let refused = try await world.client.request(
            "POST", "/hooks/azure", headers: ["Authorization": wrongPassword, "X-Slipway-Key": "k-71"], body: body)
        #expect(refused.status == 401)
    }

    /// A GitHub-shaped push for the repository the harness serves.
    static func push(of world: ServerHarness, after: String) -> [UInt8] {
        let url = world.repositoryURL.replacingOccurrences(of: "git://", with: "https://")
        let object: [String: Any] = [
            "ref": "refs/heads/main", "before": String(repeating: "0", count: 40), "after": after,
            "repository": ["full_name": "local/origin", "clone_url": url, "html_url": url],
        ]
        return Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    @Test func aWebhookBuildsAReleaseEvenAcrossARestartBetweenIntakeAndBuild() async throws {
        let first = try await ServerHarness()
        try await Self.setUp(
            first, connection: ["id": "local", "provider": "github", "webhook_secret": "s"],
            repository: first.repositoryURL)
        let commit = try await first.origin.commit(["PANDIUM.yaml": .file(shellManifest)])
        let body = Self.push(of: first, after: commit)
        let accepted = try await first.client.request(
            "POST", "/hooks/local", headers: Self.github(body, secret: "s", delivery: "r-1"), body: body)
        #expect(accepted.status == 202, "\(accepted.text)")
        // The process stops before any worker ran; a new one on the same data directory finishes the work.
        await first.stop()
        let second = try await ServerHarness(reusing: first)
        await second.drain()
        let releases = try await second.call("GET", "/v2/integrations/1/releases", as: .viewer)
        #expect(releases.array.count == 1)
        #expect(releases.array.first?["commit_sha"] as? String == commit)
        let decisions = try await second.call("GET", "/v2/decisions?integration_id=1", as: .viewer)
        let outcomes = decisions.array.compactMap { $0["outcome"] as? String }
        #expect(outcomes.contains("built") && outcomes.contains("default-set"), "\(outcomes)")
    }
}
