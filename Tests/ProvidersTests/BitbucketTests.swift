import Core
import Crypto
import Foundation
import Providers
import Testing

@Suite struct BitbucketCloudTests {
    static func delivery(_ fixture: String, event: String = "repo:push") throws -> WebhookRequest {
        let body = try Checkout.fixture(fixture)
        return request(
            body,
            [
                "X-Event-Key": event, "X-Request-UUID": "e8a1c3f0-2b4d-4f6a-8c9e-0a1b2c3d4e5f",
                "X-Hook-UUID": "{6d1c0f2e-9a8b-4c7d-8e6f-5a4b3c2d1e0f}", "X-Attempt-Number": "1",
                "User-Agent": "Bitbucket-Webhooks/2.0", "Content-Type": "application/json",
                "X-Hub-Signature": hubSignature(body, secret: "route-planner hook 4471"),
            ])
    }

    static func receive(_ request: WebhookRequest) throws -> WebhookEvent {
        try ProvidersTests.receive("bitbucket-cloud", request, secret("route-planner hook 4471"))
    }

    /// Short names with `type: branch|tag` become full refs; `old: null` is a creation, `new: null` a deletion.
    @Test(arguments: [
        ("bitbucket-cloud/push-branch.json", ["refs/heads/main ab47661..f8e3a51"]),
        ("bitbucket-cloud/push-tag.json", ["refs/tags/v3.1.0 0000000..f8e3a51 created"]),
        ("bitbucket-cloud/delete-branch.json", ["refs/heads/hotfix/geo-cache 3c73264..0000000 deleted"]),
        (
            "bitbucket-cloud/multi-change.json",
            [
                "refs/heads/main f8e3a51..1f28903", "refs/tags/v3.1.1 0000000..1f28903 created",
                "refs/heads/wip/tsp d3ece5c..0000000 deleted",
            ]
        ),
    ])
    func pushes(fixture: String, changes: [String]) throws {
        let push = try push(try Self.receive(try Self.delivery(fixture)))
        #expect(summary(push) == changes)
        #expect(
            push.deliveryID
                == DeliveryID(value: "e8a1c3f0-2b4d-4f6a-8c9e-0a1b2c3d4e5f", source: .header("X-Request-UUID")))
        #expect(push.repository.fullName == "northwind-ops/route-planner")
        // No clone URL in the payload: built from full_name and links.html.
        #expect(keys(push.repository) == ["bitbucket.org/northwind-ops/route-planner"])
    }

    /// Bitbucket Cloud has no ping or test event; other subscribed events are ignored.
    @Test func otherEventsAreIgnored() throws {
        #expect(try Checkout.provider("bitbucket-cloud").webhook.pingEvents.isEmpty)
        let event = try Self.receive(try Self.delivery("bitbucket-cloud/repo-updated.json", event: "repo:updated"))
        #expect(event == .ignored(event: "repo:updated"))
    }

    @Test func unknownRefTypeIsMalformed() throws {
        var text = try #require(String(bytes: try Checkout.fixture("bitbucket-cloud/push-tag.json"), encoding: .utf8))
        text = text.replacingOccurrences(of: "\"type\": \"tag\"", with: "\"type\": \"bookmark\"")
        let body = Array(text.utf8)
        let delivery = request(
            body,
            ["X-Event-Key": "repo:push", "X-Hub-Signature": hubSignature(body, secret: "route-planner hook 4471")])
        let error = try #require(throws: MalformedPayload.self) { try Self.receive(delivery) }
        #expect(error.code == .invalidValue)
        #expect(error.message.contains("push.changes[0]") && error.message.contains("bookmark"))
    }
}

@Suite struct BitbucketServerTests {
    static func delivery(_ fixture: String, event: String = "repo:refs_changed") throws -> WebhookRequest {
        let body = try Checkout.fixture(fixture)
        return request(
            body,
            [
                "X-Event-Key": event, "X-Request-Id": "c2b1a0f9-8e7d-4c6b-a5f4-e3d2c1b0a9f8",
                "Content-Type": "application/json; charset=utf-8",
                "X-Hub-Signature": hubSignature(body, secret: "claims 9931"),
            ])
    }

    static func receive(_ request: WebhookRequest) throws -> WebhookEvent {
        try ProvidersTests.receive("bitbucket-server", request, secret("claims 9931"))
    }

    @Test(arguments: [
        ("bitbucket-server/push-branch.json", ["refs/heads/master 9f1e8ee..23faf0d"]),
        ("bitbucket-server/push-tag.json", ["refs/tags/r-2026.07 0000000..23faf0d created"]),
        ("bitbucket-server/delete-branch.json", ["refs/heads/feature/fraud-score d3ece5c..0000000 deleted"]),
        (
            "bitbucket-server/multi-change.json",
            [
                "refs/heads/master 23faf0d..80303bc", "refs/tags/r-2026.08 0000000..80303bc created",
                "refs/heads/feature/fraud-score d3ece5c..0000000 deleted",
            ]
        ),
    ])
    func pushes(fixture: String, changes: [String]) throws {
        let push = try push(try Self.receive(try Self.delivery(fixture)))
        #expect(summary(push) == changes)
        #expect(
            push.deliveryID
                == DeliveryID(value: "c2b1a0f9-8e7d-4c6b-a5f4-e3d2c1b0a9f8", source: .header("X-Request-Id")))
        #expect(push.repository.fullName == "INS/claims-intake")
        #expect(
            keys(push.repository) == [
                "code.insure.example/scm/ins/claims-intake", "code.insure.example:7999/ins/claims-intake",
            ])
    }

    /// "Test connection" sends `diagnostics:ping`, whose body need not be a push.
    @Test func diagnosticsPingIsAnswered() throws {
        let event = try Self.receive(try Self.delivery("bitbucket-server/ping.json", event: "diagnostics:ping"))
        #expect(event == .ping(event: "diagnostics:ping"))
    }

    @Test func otherEventsAreIgnored() throws {
        let event = try Self.receive(try Self.delivery("bitbucket-server/ping.json", event: "pr:opened"))
        #expect(event == .ignored(event: "pr:opened"))
    }
}
