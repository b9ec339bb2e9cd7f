import Core
import Crypto
import Foundation
import Providers
import Testing

/// Verified requests whose bodies cannot be read: each is a ``MalformedPayload`` naming the field, for a 400.
@Suite struct MalformedPayloadTests {
    static let sha = "b25427b98d77a0a7f8bffab1935f3cd306ad45c9"
    static let githubRepository = #""repository":{"full_name":"harbor-labs/lighthouse"}"#

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var provider: String
        var event: String? = "push"
        var body: String
        var contentType: String? = "application/json"
        var code: MalformedPayload.Code
        var mentions: String
        var testDescription: String { name }
    }

    /// The request of `test`, authenticated the way its provider does it.
    static func signed(_ test: Case) -> (WebhookRequest, WebhookSecrets) {
        let body = Array(test.body.utf8)
        var headers: [String: String] = [:]
        if let type = test.contentType { headers["Content-Type"] = type }
        switch test.provider {
        case "github":
            headers["X-Hub-Signature-256"] = hubSignature(body, secret: "s")
            if let event = test.event { headers["X-GitHub-Event"] = event }
        case "gitlab":
            headers["X-Gitlab-Token"] = "s"
            if let event = test.event { headers["X-Gitlab-Event"] = event }
        case "azure-devops":
            headers["X-Key"] = "s"
            return (
                request(body, headers),
                WebhookSecrets(customHeader: CustomHeaderSecret(name: "X-Key", value: Redacted("s")))
            )
        default:
            headers["X-Hub-Signature"] = hubSignature(body, secret: "s")
            if let event = test.event { headers["X-Event-Key"] = event }
        }
        return (request(body, headers), secret("s"))
    }

    static let cases: [Case] = [
        Case(
            name: "not JSON", provider: "github", body: "ref=refs/heads/main", code: .notJSON,
            mentions: "not valid JSON"),
        Case(name: "a JSON list", provider: "github", body: "[1,2]", code: .notJSON, mentions: "JSON a list"),
        Case(
            name: "missing ref", provider: "github",
            body: #"{"before":"\#(sha)","after":"\#(sha)",\#(githubRepository)}"#,
            code: .missingField, mentions: "`ref` is missing"),
        Case(
            name: "ref of the wrong type", provider: "github",
            body: #"{"ref":7,"before":"\#(sha)","after":"\#(sha)",\#(githubRepository)}"#, code: .wrongType,
            mentions: "`ref` must be a string, not a number"),
        Case(
            name: "short ref", provider: "github",
            body: #"{"ref":"main","before":"\#(sha)","after":"\#(sha)",\#(githubRepository)}"#, code: .invalidValue,
            mentions: "`ref` is not a full ref"),
        Case(
            name: "SHA that is not hex", provider: "github",
            body: #"{"ref":"refs/heads/main","before":"\#(sha)","after":"HEAD",\#(githubRepository)}"#,
            code: .invalidValue, mentions: "`after` is not a commit SHA"),
        Case(
            name: "missing repository", provider: "github",
            body: #"{"ref":"refs/heads/main","before":"\#(sha)","after":"\#(sha)"}"#, code: .missingField,
            mentions: "`repository` is missing"),
        Case(
            name: "wrong content type", provider: "github", body: "{}", contentType: "text/plain",
            code: .unsupportedContentType, mentions: "text/plain"),
        Case(
            name: "form without payload", provider: "github", body: "ref=refs%2Fheads%2Fmain",
            contentType: "application/x-www-form-urlencoded", code: .missingField, mentions: "no `payload` field"),
        Case(
            name: "form with broken percent-encoding", provider: "github", body: "payload=%7B%ZZ",
            contentType: "application/x-www-form-urlencoded", code: .notJSON, mentions: "percent-encoding"),
        Case(
            name: "GitLab project name of the wrong type", provider: "gitlab", event: "Push Hook",
            body:
                #"{"object_kind":"push","ref":"refs/heads/main","before":"\#(sha)","after":"\#(sha)","project":{"path_with_namespace":["a"]}}"#,
            code: .wrongType, mentions: "`project.path_with_namespace` must be a string, not a list"),
        Case(
            name: "GitLab kind against the event", provider: "gitlab", event: "Push Hook",
            body: #"{"object_kind":"note"}"#, code: .invalidValue, mentions: "needs push or tag_push"),
        Case(
            name: "Bitbucket Cloud changes not a list", provider: "bitbucket-cloud", event: "repo:push",
            body: #"{"repository":{"full_name":"a/b"},"push":{"changes":{}}}"#, code: .wrongType,
            mentions: "`push.changes` must be a list, not an object"),
        Case(
            name: "Bitbucket Cloud change naming no ref", provider: "bitbucket-cloud", event: "repo:push",
            body: #"{"repository":{"full_name":"a/b"},"push":{"changes":[{"old":null,"new":null}]}}"#,
            code: .missingField, mentions: "`push.changes[0]` has neither `old` nor `new`"),
        Case(
            name: "Bitbucket Server change without toHash", provider: "bitbucket-server", event: "repo:refs_changed",
            body:
                #"{"repository":{"slug":"r","project":{"key":"P"}},"changes":[{"refId":"refs/heads/x","fromHash":"\#(sha)","type":"UPDATE"}]}"#,
            code: .missingField, mentions: "`changes[0].toHash` is missing"),
        Case(
            name: "Azure ref update without name", provider: "azure-devops", event: nil,
            body:
                #"{"eventType":"git.push","id":"e","resource":{"repository":{"name":"r","project":{"name":"p"}},"refUpdates":[{"oldObjectId":"\#(sha)","newObjectId":"\#(sha)"}]}}"#,
            code: .missingField, mentions: "`resource.refUpdates[0].name` is missing"),
        Case(
            name: "Azure body not JSON", provider: "azure-devops", event: nil, body: "<xml/>", code: .notJSON,
            mentions: "not valid JSON"),
        Case(
            name: "Azure body without eventType", provider: "azure-devops", event: nil, body: #"{"id":"e"}"#,
            code: .missingEvent, mentions: "body field eventType"),
        Case(
            name: "no event header", provider: "bitbucket-cloud", event: nil, body: "{}", code: .missingEvent,
            mentions: "header X-Event-Key"),
    ]

    @Test(arguments: cases)
    func malformed(_ test: Case) throws {
        let (request, secrets) = Self.signed(test)
        let verified = try Checkout.provider(test.provider).verify(request, secrets: secrets, now: testNow)
        let error = try #require(throws: MalformedPayload.self) { try verified.event() }
        #expect(error.code == test.code, "\(error.message)")
        #expect(error.message.contains(test.mentions), "\(error.message)")
    }

    /// Pings and ignored events are answered from the event name alone; their bodies are not read.
    @Test(arguments: [("ping", WebhookEvent.ping(event: "ping")), ("issues", .ignored(event: "issues"))])
    func bodiesOfOtherEventsAreNotRead(event: String, expected: WebhookEvent) throws {
        let test = Case(name: event, provider: "github", event: event, body: "not json", code: .notJSON, mentions: "")
        let (request, secrets) = Self.signed(test)
        #expect(try receive("github", request, secrets) == expected)
    }
}
