import Core
import Crypto
import Foundation
import Providers
import Testing

@Suite struct GitHubTests {
    static let hookSecret = "lighthouse-hook-2026"

    static func delivery(
        _ fixture: String, event: String, delivery: String = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        contentType: String = "application/json", extra: [String: String] = [:]
    ) throws -> WebhookRequest {
        let body = try Checkout.fixture(fixture)
        let headers = [
            "X-GitHub-Event": event, "X-GitHub-Delivery": delivery, "X-GitHub-Hook-ID": "512208871",
            "User-Agent": "GitHub-Hookshot/5f3c1a9", "Content-Type": contentType,
            "X-Hub-Signature-256": hubSignature(body, secret: hookSecret),
            "X-GitHub-Hook-Installation-Target-Type": "repository",
            "X-GitHub-Hook-Installation-Target-ID": "731904455",
        ]
        return request(body, headers.merging(extra) { $1 })
    }

    @Test(arguments: [
        ("github/push-branch.json", "refs/heads/main 80303bc..b25427b"),
        ("github/push-tag.json", "refs/tags/v2.4.0 0000000..0789ed9 created"),
        ("github/delete-branch.json", "refs/heads/feature/old-nav 44f7bfd..0000000 deleted"),
        ("github/app-push.json", "refs/heads/release/2026.02 b568be1..c681d3a"),
    ])
    func pushes(fixture: String, change: String) throws {
        let push = try push(try receive("github", try Self.delivery(fixture, event: "push"), secret(Self.hookSecret)))
        #expect(summary(push) == [change])
        #expect(push.provider == "github")
        #expect(push.event == "push")
        #expect(
            push.deliveryID
                == DeliveryID(value: "72d3162e-cc78-11e3-81ab-4c9367dc0958", source: .header("X-GitHub-Delivery")))
        #expect(push.repository.fullName == "harbor-labs/lighthouse")
        #expect(keys(push.repository) == ["github.com/harbor-labs/lighthouse"])
        #expect(Set(push.repository.urls.map(\.scheme)) == [.https, .ssh, .git])
    }

    @Test func tagsAndBranchesKeepTheirFullRefs() throws {
        let tag = try push(
            try receive("github", try Self.delivery("github/push-tag.json", event: "push"), secret(Self.hookSecret)))
        #expect(tag.changes.map(\.ref) == ["refs/tags/v2.4.0"])
        let branch = try push(
            try receive(
                "github", try Self.delivery("github/delete-branch.json", event: "push"), secret(Self.hookSecret)))
        #expect(branch.changes.map(\.ref) == ["refs/heads/feature/old-nav"])
    }

    @Test func pingIsAnswered() throws {
        let event = try receive("github", try Self.delivery("github/ping.json", event: "ping"), secret(Self.hookSecret))
        #expect(event == .ping(event: "ping"))
    }

    @Test(arguments: ["issues", "create", "delete", "pull_request"])
    func otherEventsAreIgnored(event: String) throws {
        let received = try receive(
            "github", try Self.delivery("github/push-branch.json", event: event), secret(Self.hookSecret))
        #expect(received == .ignored(event: event))
    }

    /// A GitHub App's hook: the App's webhook secret, `integration` as the target type, `installation` in the body.
    @Test func githubAppDelivery() throws {
        let app = try Self.delivery(
            "github/app-push.json", event: "push", delivery: "0b4e9d20-0c5f-11f1-8a3e-2d7f1c0e9b44",
            extra: [
                "X-GitHub-Hook-Installation-Target-Type": "integration",
                "X-GitHub-Hook-Installation-Target-ID": "1048213",
            ])
        let push = try push(try receive("github", app, secret(Self.hookSecret)))
        #expect(push.deliveryID.value == "0b4e9d20-0c5f-11f1-8a3e-2d7f1c0e9b44")
        #expect(push.repository.matches(["github.com/harbor-labs/lighthouse"]).count == 1)
    }

    @Test func enterpriseServerDelivery() throws {
        let ghes = try Self.delivery(
            "github/enterprise-push.json", event: "push",
            extra: ["X-GitHub-Enterprise-Version": "3.17.2", "X-GitHub-Enterprise-Host": "git.corp.example"])
        let push = try push(try receive("github", ghes, secret(Self.hookSecret)))
        #expect(keys(push.repository) == ["git.corp.example/platform/billing-sync"])
        #expect(summary(push) == ["refs/heads/main 382af30..1ff3cdd"])
    }

    /// `content_type: form` hooks: the signature covers the form as sent, the JSON is in `payload`.
    @Test func formEncodedBody() throws {
        let form = try Checkout.fixture("github/push-branch.form")
        let headers = [
            "X-GitHub-Event": "push", "X-GitHub-Delivery": "5c1f5a00-0c60-11f1-9d8c-6a0e3b2f4d11",
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Hub-Signature-256": hubSignature(form, secret: Self.hookSecret),
        ]
        let push = try push(try receive("github", request(form, headers), secret(Self.hookSecret)))
        #expect(summary(push) == ["refs/heads/main 80303bc..b25427b"])
        #expect(push.repository.fullName == "harbor-labs/lighthouse")
    }

    @Test func formSignatureOverTheDecodedJSONIsRejected() throws {
        let form = try Checkout.fixture("github/push-branch.form")
        let json = try Checkout.fixture("github/push-branch.json")
        let headers = [
            "X-GitHub-Event": "push", "Content-Type": "application/x-www-form-urlencoded",
            "X-Hub-Signature-256": hubSignature(json, secret: Self.hookSecret),
        ]
        let error = try #require(throws: WebhookRejection.self) {
            try Checkout.provider("github").verify(
                request(form, headers), secrets: secret(Self.hookSecret), now: testNow)
        }
        #expect(error.code == .mismatch)
    }

    @Test func missingDeliveryHeaderFallsBackToTheBodyDigest() throws {
        var delivery = try Self.delivery("github/push-branch.json", event: "push")
        delivery.headers.removeAll { $0.name == "X-GitHub-Delivery" }
        let push = try push(try receive("github", delivery, secret(Self.hookSecret)))
        #expect(push.deliveryID == DeliveryID(value: sha256(delivery.body).prefixed, source: .bodyDigest))
    }
}

/// Gitea works through `providers/gitea.yaml` alone: its own headers, a bare hex signature, GitHub-shaped bodies
/// without `created`/`deleted`.
@Suite struct GiteaTests {
    static func delivery(_ fixture: String, event: String = "push") throws -> WebhookRequest {
        let body = try Checkout.fixture(fixture)
        return request(
            body,
            [
                "X-Gitea-Event": event, "X-Gitea-Delivery": "b5f6c0a2-3c1d-4e8f-9a7b-1c2d3e4f5a6b",
                "X-Gitea-Signature": hmacSHA256Hex(key: Array("relay hook".utf8), message: body),
                "Content-Type": "application/json",
            ])
    }

    @Test(arguments: [
        ("gitea/push-branch.json", "refs/heads/main 53c791a..ab47661"),
        ("gitea/push-tag.json", "refs/tags/v0.9.0 0000000..ab47661 created"),
    ])
    func pushes(fixture: String, change: String) throws {
        let push = try push(try receive("gitea", try Self.delivery(fixture), secret("relay hook")))
        #expect(summary(push) == [change])
        #expect(push.provider == "gitea")
        #expect(
            push.deliveryID
                == DeliveryID(value: "b5f6c0a2-3c1d-4e8f-9a7b-1c2d3e4f5a6b", source: .header("X-Gitea-Delivery")))
        #expect(push.repository.fullName == "fieldkit/sensor-relay")
        #expect(
            keys(push.repository) == [
                "forge.fieldkit.example/fieldkit/sensor-relay", "forge.fieldkit.example:2222/fieldkit/sensor-relay",
            ])
    }

    @Test func deletionWithoutDeletedFlagComesFromTheZeroSHA() throws {
        var body = try #require(String(bytes: try Checkout.fixture("gitea/push-branch.json"), encoding: .utf8))
        body = body.replacingOccurrences(
            of: "\"after\": \"ab4766110358f7887e86bf1485c326a1d1222586\"", with: "\"after\": \"\(ObjectID.zero.hex)\"")
        let bytes = Array(body.utf8)
        let delivery = request(
            bytes,
            [
                "X-Gitea-Event": "push",
                "X-Gitea-Signature": hmacSHA256Hex(key: Array("relay hook".utf8), message: bytes),
            ])
        let push = try push(try receive("gitea", delivery, secret("relay hook")))
        #expect(push.changes.map(\.deleted) == [true])
    }

    @Test func githubEventHeaderMeansNothingToGitea() throws {
        var delivery = try Self.delivery("gitea/push-branch.json")
        delivery.headers = delivery.headers.map {
            $0.name == "X-Gitea-Event" ? HTTPHeader(name: "X-GitHub-Event", value: "push") : $0
        }
        let error = try #require(throws: MalformedPayload.self) {
            try receive("gitea", delivery, secret("relay hook"))
        }
        #expect(error.code == .missingEvent)
        #expect(error.message.contains("X-Gitea-Event"))
    }
}
