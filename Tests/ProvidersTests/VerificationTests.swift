import Core
import Crypto
import Foundation
import Providers
import Testing

@Suite struct HMACVerificationTests {
    @Test func githubPublishedTestVector() throws {
        let body = Array("Hello, World!".utf8)
        let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        let verified = try Checkout.provider("github").verify(
            request(body, ["X-Hub-Signature-256": signature]), secrets: secret("It's a Secret to Everybody"),
            now: testNow)
        #expect(verified.schemes == ["hmac-sha256-hex"])
        #expect(verified.request.body == body)
    }

    @Test func headerNamesAreCaseInsensitive() throws {
        let body = Array("Hello, World!".utf8)
        let verified = try Checkout.provider("github").verify(
            request(body, ["x-hub-signature-256": hubSignature(body, secret: "s3cr3t")]), secrets: secret("s3cr3t"),
            now: testNow)
        #expect(verified.schemes == ["hmac-sha256-hex"])
    }

    /// A signature computed with another HMAC implementation than Slipway's, over a fixture's exact bytes.
    @Test func bitbucketCloudSignatureOverTheRawBody() throws {
        let body = try Checkout.fixture("bitbucket-cloud/push-branch.json")
        let signature = "sha256=d985719d84384f00af3fcad7c8b2f136b0e0ad74fb1193e19dede7139f69fad3"
        let verified = try Checkout.provider("bitbucket-cloud").verify(
            request(body, ["X-Hub-Signature": signature]), secrets: secret("route-planner hook 4471"), now: testNow)
        #expect(verified.schemes == ["hmac-sha256-hex"])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var provider: String
        var headers: @Sendable ([UInt8]) -> [String: String]
        var body: [UInt8] = Array(#"{"ref":"refs/heads/main"}"#.utf8)
        var secrets = secret("correct horse")
        var code: WebhookRejection.Code
        var mentions: String
        var testDescription: String { name }
    }

    static let good = #"{"ref":"refs/heads/main"}"#

    static let rejections: [Case] = [
        Case(
            name: "tampered body", provider: "github",
            headers: { _ in ["X-Hub-Signature-256": hubSignature(Array(good.utf8), secret: "correct horse")] },
            body: Array(#"{"ref":"refs/heads/evil"}"#.utf8), code: .mismatch, mentions: "body was changed"),
        Case(
            name: "wrong secret", provider: "github",
            headers: { ["X-Hub-Signature-256": hubSignature($0, secret: "battery staple")] }, code: .mismatch,
            mentions: "secrets differ"),
        Case(
            name: "missing signature header", provider: "github", headers: { _ in [:] }, code: .missingCredentials,
            mentions: "X-Hub-Signature-256"),
        Case(
            name: "SHA-1 prefix", provider: "github",
            headers: {
                ["X-Hub-Signature-256": "sha1=" + hmacSHA256Hex(key: Array("correct horse".utf8), message: $0)]
            },
            code: .malformedCredentials, mentions: "does not start with 'sha256='"),
        Case(
            name: "not hex", provider: "bitbucket-server",
            headers: { _ in ["X-Hub-Signature": "sha256=" + String(repeating: "zz", count: 32)] },
            code: .malformedCredentials, mentions: "64 hex digits"),
        Case(
            name: "truncated signature", provider: "bitbucket-cloud",
            headers: { ["X-Hub-Signature": String(hubSignature($0, secret: "correct horse").dropLast(2))] },
            code: .malformedCredentials, mentions: "64 hex digits"),
        Case(
            name: "no secret on the connection", provider: "github",
            headers: { ["X-Hub-Signature-256": hubSignature($0, secret: "")] }, secrets: WebhookSecrets(),
            code: .noSecretConfigured, mentions: "set the webhook secret on the connection"),
        Case(
            name: "empty secret on the connection", provider: "bitbucket-cloud",
            headers: { ["X-Hub-Signature": hubSignature($0, secret: "")] }, secrets: secret(""),
            code: .noSecretConfigured, mentions: "no webhook secret for bitbucket-cloud"),
        Case(
            name: "Gitea with GitHub's prefix", provider: "gitea",
            headers: { ["X-Gitea-Signature": hubSignature($0, secret: "correct horse")] }, code: .malformedCredentials,
            mentions: "bare hex"),
        Case(
            name: "GitHub's header sent to Gitea", provider: "gitea",
            headers: { ["X-Hub-Signature-256": hubSignature($0, secret: "correct horse")] },
            code: .missingCredentials, mentions: "X-Gitea-Signature"),
    ]

    @Test(arguments: rejections)
    func rejected(_ test: Case) throws {
        let provider = try Checkout.provider(test.provider)
        let headers = test.headers(test.body)
        let error = try #require(throws: WebhookRejection.self) {
            try provider.verify(request(test.body, headers), secrets: test.secrets, now: testNow)
        }
        #expect(error.code == test.code)
        #expect(error.message.contains(test.mentions), "\(error.message)")
        for value in headers.values where value.count > 8 {
            #expect(!error.message.contains(value), "the reason repeats what the request sent")
            #expect(!error.message.contains(value.dropFirst(7)), "the reason repeats the signature")
        }
        #expect(!error.message.contains("correct horse"), "the reason names the secret")
    }

    @Test func giteaBareHexSignatureVerifies() throws {
        let body = try Checkout.fixture("gitea/push-branch.json")
        let bare = hmacSHA256Hex(key: Array("relay hook".utf8), message: body)
        let verified = try Checkout.provider("gitea").verify(
            request(body, ["X-Gitea-Signature": bare]), secrets: secret("relay hook"), now: testNow)
        #expect(verified.schemes == ["hmac-sha256-hex"])
    }
}

@Suite struct SharedTokenTests {
    @Test func matchingTokenVerifies() throws {
        let verified = try Checkout.provider("gitlab").verify(
            request([], ["X-Gitlab-Token": "ledger-hook-7781"]), secrets: secret("ledger-hook-7781"), now: testNow)
        #expect(verified.schemes == ["shared-token"])
    }

    /// GitLab removes line breaks from the token it sends; a secret pasted with one still matches.
    @Test func lineBreaksOfTheConfiguredSecretAreIgnored() throws {
        let verified = try Checkout.provider("gitlab").verify(
            request([], ["X-Gitlab-Token": "ledger-hook-7781"]), secrets: secret("ledger-hook-7781\n"), now: testNow)
        #expect(verified.schemes == ["shared-token"])
    }

    @Test(arguments: [
        ("ledger-hook-7780", WebhookRejection.Code.mismatch), ("ledger-hook-77811", .mismatch), ("", .mismatch),
    ])
    func wrongTokenIsRejected(sent: String, code: WebhookRejection.Code) throws {
        let error = try #require(throws: WebhookRejection.self) {
            try Checkout.provider("gitlab").verify(
                request([], ["X-Gitlab-Token": sent]), secrets: secret("ledger-hook-7781"), now: testNow)
        }
        #expect(error.code == code)
        #expect(!error.message.contains("ledger-hook"))
    }

    @Test func missingTokenIsRejected() throws {
        let error = try #require(throws: WebhookRejection.self) {
            try Checkout.provider("gitlab").verify(request([], [:]), secrets: secret("ledger-hook-7781"), now: testNow)
        }
        #expect(error.code == .missingCredentials)
        #expect(error.message.contains("X-Gitlab-Token"))
    }
}
