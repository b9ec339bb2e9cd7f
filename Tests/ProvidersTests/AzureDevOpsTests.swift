import Core
import Foundation
import Providers
import Testing

@Suite struct AzureDevOpsTests {
    static let secrets = WebhookSecrets(
        customHeader: CustomHeaderSecret(name: "X-Slipway-Key", value: Redacted("k-71")))

    static func delivery(_ body: [UInt8]) -> WebhookRequest {
        request(body, ["X-Slipway-Key": "k-71", "Content-Type": "application/json; charset=utf-8"])
    }

    static func receive(_ fixture: String) throws -> WebhookEvent {
        try ProvidersTests.receive("azure-devops", delivery(try Checkout.fixture(fixture)), secrets)
    }

    @Test(arguments: [
        ("azure-devops/push-branch.json", ["refs/heads/main b568be1..0789ed9"], "29878af9-8f2f-496e-817d-ae154b18d650"),
        (
            "azure-devops/push-several.json",
            [
                "refs/heads/main 0789ed9..c681d3a", "refs/tags/v5.0.0 0000000..382af30 created",
                "refs/heads/users/rui/overtime 1ff3cdd..0000000 deleted",
            ],
            "8a4b3c7b-df22-4481-9d96-d9ea1e090e1c"
        ),
        (
            "azure-devops/push-tag.json", ["refs/tags/v5.0.1 0000000..9f1e8ee created"],
            "53187283-ea16-4d11-8407-c24ae2326909"
        ),
        (
            "azure-devops/delete-branch.json", ["refs/heads/users/rui/overtime 1ff3cdd..0000000 deleted"],
            "74a51be1-5e9f-46a4-98f2-0a62352ef0eb"
        ),
        // The subscription's Test button: a sample push, handled as one.
        (
            "azure-devops/test-notification.json", ["refs/heads/main a7e2060..bebee45"],
            "9f46aa3f-73fd-4e4e-9263-4136c30b684e"
        ),
    ])
    func pushes(fixture: String, changes: [String], deliveryID: String) throws {
        let push = try push(try Self.receive(fixture))
        #expect(summary(push) == changes)
        #expect(push.event == "git.push")
        #expect(push.deliveryID == DeliveryID(value: deliveryID, source: .body("id")))
        #expect(push.repository.fullName == "People Systems/payroll-bridge")
        // remoteUrl carries the organization as a user name; the key drops it.
        #expect(keys(push.repository) == ["dev.azure.com/contoso-hr/People%20Systems/_git/payroll-bridge"])
    }

    @Test func deliveryIDFallsBackToTheNotificationID() throws {
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(try Checkout.fixture("azure-devops/push-branch.json")))
                as? [String: Any])
        json["id"] = nil
        let body = Array(try JSONSerialization.data(withJSONObject: json))
        let push = try push(try ProvidersTests.receive("azure-devops", Self.delivery(body), Self.secrets))
        #expect(push.deliveryID == DeliveryID(value: "211", source: .body("notificationId")))
    }

    @Test func otherEventTypesAreIgnored() throws {
        #expect(try Self.receive("azure-devops/pull-request.json") == .ignored(event: "git.pullrequest.created"))
    }

    @Test func minimalResourceDetailsAreMalformed() throws {
        let error = try #require(throws: MalformedPayload.self) { try Self.receive("azure-devops/push-minimal.json") }
        #expect(error.code == .missingField)
        #expect(error.message.contains("Resource details to send"))
    }
}
