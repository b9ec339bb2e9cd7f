import Core
import Crypto
import Foundation
import Providers
import Testing

@Suite struct GitLabTests {
    static func delivery(_ fixture: String, event: String, extra: [String: String] = [:]) throws -> WebhookRequest {
        let headers = [
            "X-Gitlab-Event": event, "X-Gitlab-Token": "ledger-hook-7781", "Content-Type": "application/json",
            "User-Agent": "GitLab/18.8.2-ee", "X-Gitlab-Instance": "https://gitlab.example.org",
            "X-Gitlab-Webhook-UUID": "d5d7e0b0-7a63-4a0e-8e0e-3f2a1c9b8d77",
            "X-Gitlab-Event-UUID": "1e0f2c3d-4b5a-4968-8776-a5b4c3d2e1f0",
            "Idempotency-Key": "f0e1d2c3-b4a5-4697-8877-665544332211",
        ]
        return request(try Checkout.fixture(fixture), headers.merging(extra) { $1 })
    }

    static func receive(_ request: WebhookRequest) throws -> WebhookEvent {
        try ProvidersTests.receive("gitlab", request, secret("ledger-hook-7781"))
    }

    @Test(arguments: [
        ("gitlab/push-branch.json", "Push Hook", "refs/heads/main f3a2bd0..5152c9f"),
        // `after` is the annotated tag object; `checkout_sha` (the commit) is not used.
        ("gitlab/tag-push.json", "Tag Push Hook", "refs/tags/2026.2.0 0000000..969dc62 created"),
        ("gitlab/delete-branch.json", "Push Hook", "refs/heads/spike/parquet 1f3ea11..0000000 deleted"),
        // The Test button sends a real-shaped push: handled as one.
        ("gitlab/test-push.json", "Push Hook", "refs/heads/main a7e2060..5152c9f"),
    ])
    func pushes(fixture: String, event: String, change: String) throws {
        let push = try push(try Self.receive(try Self.delivery(fixture, event: event)))
        #expect(summary(push) == [change])
        #expect(push.event == event)
        #expect(push.repository.fullName == "finance/tools/ledger-export")
        #expect(keys(push.repository) == ["gitlab.example.org/finance/tools/ledger-export"])
    }

    /// 31 commits pushed, 20 in the payload: the ref change is all Slipway needs.
    @Test func truncatedPush() throws {
        let body = try Checkout.fixture("gitlab/truncated-push.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect((json["commits"] as? [Any])?.count == 20)
        #expect(json["total_commits_count"] as? Int == 31)
        let push = try push(try Self.receive(try Self.delivery("gitlab/truncated-push.json", event: "Push Hook")))
        #expect(push.changes.count == 1)
        #expect(push.changes[0].ref == "refs/heads/import/backfill")
        #expect(push.changes[0].after.hex == (json["after"] as? String))
    }

    @Test func mergeRequestIsIgnored() throws {
        let event = try Self.receive(try Self.delivery("gitlab/merge-request.json", event: "Merge Request Hook"))
        #expect(event == .ignored(event: "Merge Request Hook"))
    }

    @Test(arguments: [
        (
            ["Idempotency-Key": "f0e1d2c3-b4a5-4697-8877-665544332211"],
            DeliveryID(value: "f0e1d2c3-b4a5-4697-8877-665544332211", source: .header("Idempotency-Key"))
        ),
        (
            ["Idempotency-Key": ""],
            DeliveryID(value: "1e0f2c3d-4b5a-4968-8776-a5b4c3d2e1f0", source: .header("X-Gitlab-Event-UUID"))
        ),
    ])
    func deliveryIDPrefersTheIdempotencyKey(headers: [String: String], expected: DeliveryID) throws {
        let push = try push(
            try Self.receive(try Self.delivery("gitlab/push-branch.json", event: "Push Hook", extra: headers)))
        #expect(push.deliveryID == expected)
    }

    @Test func customTemplateBodiesAreRefused() throws {
        let body = Array(#"{"ref":"refs/heads/main","before":"\#(String(repeating: "1", count: 40))"}"#.utf8)
        let delivery = request(body, ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "ledger-hook-7781"])
        let error = try #require(throws: MalformedPayload.self) { try Self.receive(delivery) }
        #expect(error.code == .missingField)
        #expect(error.message.contains("custom webhook template"))
    }
}
