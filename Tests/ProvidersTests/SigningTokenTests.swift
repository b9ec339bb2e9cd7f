import Core
import Crypto
import Foundation
import Providers
import Testing

/// GitLab signing tokens (Standard Webhooks). The vector was computed with another HMAC implementation than
/// Slipway's, over the exact bytes of `gitlab/push-branch.json`.
@Suite struct SigningTokenTests {
    static let signingSecret = "whsec_ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4Q="
    static let messageID = "0a6c4c52-5d2e-4c11-b0f4-7d3f3f8e2b19"
    static let timestamp = 1_771_401_600
    static let signature = "v1,txat9S8qgA66VHUZP63+y9kXbAwYFoWC1MEnCVQB/b0="

    static func headers(signature: String = signature, timestamp: String = String(timestamp)) -> [String: String] {
        [
            "X-Gitlab-Event": "Push Hook", "Idempotency-Key": messageID, "webhook-id": messageID,
            "webhook-timestamp": timestamp, "webhook-signature": signature, "Content-Type": "application/json",
        ]
    }

    static func verify(
        _ headers: [String: String], secrets: WebhookSecrets = WebhookSecrets(signingSecret: Redacted(signingSecret)),
        now: Date = Date(timeIntervalSince1970: TimeInterval(timestamp + 50))
    ) throws -> VerifiedWebhook {
        try Checkout.provider("gitlab").verify(
            request(try Checkout.fixture("gitlab/push-branch.json"), headers), secrets: secrets, now: now)
    }

    @Test func signatureVerifiesAndThePushParses() throws {
        let verified = try Self.verify(Self.headers())
        #expect(verified.schemes == ["standard-webhooks"])
        let push = try push(try verified.event())
        #expect(push.deliveryID == DeliveryID(value: Self.messageID, source: .header("Idempotency-Key")))
    }

    @Test func aWhsecSecretInTheSharedSecretFieldWorks() throws {
        let verified = try Self.verify(Self.headers(), secrets: secret(Self.signingSecret))
        #expect(verified.schemes == ["standard-webhooks"])
    }

    /// The window is 300 s either way from `now`, inclusive.
    @Test(arguments: [(0, true), (300, true), (-300, true), (301, false), (-301, false), (86_400, false)])
    func replayWindow(skew: Int, accepted: Bool) throws {
        let now = Date(timeIntervalSince1970: TimeInterval(Self.timestamp + skew))
        if accepted {
            #expect(try Self.verify(Self.headers(), now: now).schemes == ["standard-webhooks"])
        } else {
            let error = try #require(throws: WebhookRejection.self) { try Self.verify(Self.headers(), now: now) }
            #expect(error.code == .outsideReplayWindow)
            #expect(error.message.contains(skew > 0 ? "\(skew) s in the past" : "\(-skew) s in the future"))
        }
    }

    @Test func anyListedV1SignatureMayMatch() throws {
        let other = "v1," + Data(repeating: 7, count: 32).base64EncodedString()
        let list = "v1a,c2lnbmVkIHdpdGggZWQyNTUxOQ== \(other) \(Self.signature)"
        #expect(try Self.verify(Self.headers(signature: list)).schemes == ["standard-webhooks"])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var headers: [String: String]
        var secrets = WebhookSecrets(signingSecret: Redacted(SigningTokenTests.signingSecret))
        var code: WebhookRejection.Code
        var mentions: String
        var testDescription: String { name }
    }

    static let rejections: [Case] = [
        Case(
            name: "wrong signing secret", headers: headers(),
            secrets: WebhookSecrets(
                signingSecret: Redacted("whsec_" + Data(repeating: 1, count: 32).base64EncodedString())),
            code: .mismatch, mentions: "no webhook-signature signature matches"),
        Case(
            name: "other id than signed", headers: headers().merging(["webhook-id": "msg_other"]) { $1 },
            code: .mismatch, mentions: "id, timestamp and body"),
        Case(
            name: "timestamp changed after signing", headers: headers(timestamp: String(timestamp + 1)),
            code: .mismatch, mentions: "signing secret"),
        Case(
            name: "no v1 entry", headers: headers(signature: "v1a,c2lnbmVkIHdpdGggZWQyNTUxOQ=="),
            code: .malformedCredentials, mentions: "no v1,<base64> signature"),
        Case(
            name: "timestamp not a number", headers: headers(timestamp: "2026-02-18T08:00:00Z"),
            code: .malformedCredentials, mentions: "Unix seconds"),
        Case(
            name: "timestamp header missing", headers: headers().filter { $0.key != "webhook-timestamp" },
            code: .missingCredentials, mentions: "webhook-timestamp"),
        Case(
            name: "signing secret not base64", headers: headers(),
            secrets: WebhookSecrets(signingSecret: Redacted("whsec_not base64!")), code: .invalidSecret,
            mentions: "whsec_<base64>"),
    ]

    @Test(arguments: rejections)
    func rejected(_ test: Case) throws {
        let error = try #require(throws: WebhookRejection.self) { try Self.verify(test.headers, secrets: test.secrets) }
        #expect(error.code == test.code)
        #expect(error.message.contains(test.mentions), "\(error.message)")
        #expect(!error.message.contains("txat9S8q"), "the reason repeats the signature")
        #expect(!error.message.contains("ZWZnaGlq"), "the reason names the secret")
    }

    /// `require: any` — with a secret token and a signing token configured, either header verifying is enough.
    @Test func eitherGitLabSchemeIsEnough() throws {
        let both = WebhookSecrets(secret: Redacted("ledger-hook-7781"), signingSecret: Redacted(Self.signingSecret))
        #expect(try Self.verify(Self.headers(), secrets: both).schemes == ["standard-webhooks"])
        let withToken = Self.headers().merging(["X-Gitlab-Token": "ledger-hook-7781"]) { $1 }
        #expect(try Self.verify(withToken, secrets: both).schemes == ["shared-token", "standard-webhooks"])
        let wrongToken = Self.headers().merging(["X-Gitlab-Token": "guess"]) { $1 }
        #expect(try Self.verify(wrongToken, secrets: both).schemes == ["standard-webhooks"])
    }

    @Test func neitherGitLabSchemeIsRejectedNamingBoth() throws {
        let both = WebhookSecrets(secret: Redacted("ledger-hook-7781"), signingSecret: Redacted(Self.signingSecret))
        let bare = ["X-Gitlab-Event": "Push Hook"]
        let error = try #require(throws: WebhookRejection.self) { try Self.verify(bare, secrets: both) }
        #expect(error.code == .missingCredentials)
        #expect(error.message.contains("X-Gitlab-Token") && error.message.contains("webhook-signature"))
    }

    /// A wrong signature says more than a header that is absent because the provider uses the other scheme.
    @Test func aFailedSignatureExplainsTheRejection() throws {
        let both = WebhookSecrets(secret: Redacted("ledger-hook-7781"), signingSecret: Redacted(Self.signingSecret))
        let forged = Self.headers(signature: "v1," + Data(repeating: 9, count: 32).base64EncodedString())
        let error = try #require(throws: WebhookRejection.self) { try Self.verify(forged, secrets: both) }
        #expect(error.code == .mismatch)
    }
}

/// Azure DevOps service hooks: basic auth and/or a custom header, both required when both are configured.
@Suite struct ServiceHookAuthenticationTests {
    static let basic = BasicCredentials(user: Redacted("slipway-hook"), password: Redacted("p4yr0ll-bridge"))
    static let custom = CustomHeaderSecret(name: "X-Slipway-Key", value: Redacted("7c1e-aa90-payroll"))

    static func authorization(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    static func verify(_ headers: [String: String], _ secrets: WebhookSecrets) throws -> VerifiedWebhook {
        try Checkout.provider("azure-devops").verify(
            request(try Checkout.fixture("azure-devops/push-branch.json"), headers), secrets: secrets, now: testNow)
    }

    @Test func basicAuthVerifies() throws {
        let verified = try Self.verify(
            ["Authorization": Self.authorization("slipway-hook", "p4yr0ll-bridge")],
            WebhookSecrets(basicAuth: Self.basic))
        #expect(verified.schemes == ["basic-auth"])
    }

    @Test func customHeaderVerifies() throws {
        let verified = try Self.verify(
            ["x-slipway-key": "7c1e-aa90-payroll"], WebhookSecrets(customHeader: Self.custom))
        #expect(verified.schemes == ["custom-header"])
    }

    @Test func bothConfiguredBothPass() throws {
        let verified = try Self.verify(
            [
                "Authorization": Self.authorization("slipway-hook", "p4yr0ll-bridge"),
                "X-Slipway-Key": "7c1e-aa90-payroll",
            ], WebhookSecrets(basicAuth: Self.basic, customHeader: Self.custom))
        #expect(verified.schemes == ["basic-auth", "custom-header"])
    }

    @Test(arguments: [
        ("wrong password", ["Authorization": authorization("slipway-hook", "p4yr0ll-bridgE")], "basic", "mismatch"),
        ("wrong user", ["Authorization": authorization("slipway", "p4yr0ll-bridge")], "basic", "mismatch"),
        ("not Basic", ["Authorization": "Bearer p4yr0ll-bridge"], "basic", "malformedCredentials"),
        ("no Authorization", [:], "basic", "missingCredentials"),
        (
            "missing custom header", ["Authorization": authorization("slipway-hook", "p4yr0ll-bridge")], "custom",
            "missingCredentials"
        ),
        ("wrong custom header", ["X-Slipway-Key": "7c1e-aa90-payrolL"], "custom", "mismatch"),
        (
            "basic passes, custom missing", ["Authorization": authorization("slipway-hook", "p4yr0ll-bridge")], "both",
            "missingCredentials"
        ),
        (
            "nothing configured", ["Authorization": authorization("slipway-hook", "p4yr0ll-bridge")], "none",
            "noSecretConfigured"
        ),
    ])
    func rejected(name: String, headers: [String: String], configured: String, code: String) throws {
        let secrets =
            switch configured {
            case "basic": WebhookSecrets(basicAuth: Self.basic)
            case "custom": WebhookSecrets(customHeader: Self.custom)
            case "both": WebhookSecrets(basicAuth: Self.basic, customHeader: Self.custom)
            default: WebhookSecrets(secret: Redacted("an HMAC secret Azure cannot use"))
            }
        let error = try #require(throws: WebhookRejection.self) { try Self.verify(headers, secrets) }
        #expect(error.code.description == code, "\(name): \(error.message)")
        #expect(!error.message.contains("p4yr0ll") && !error.message.contains("payroll"), "\(name) leaks a secret")
        if configured == "none" {
            #expect(error.message.contains("basic-auth user and password or a custom header name and value"))
        }
    }
}
