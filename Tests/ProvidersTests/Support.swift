import Core
import Crypto
import Foundation
import Manifest
import Providers
import Testing

/// Paths of the checkout, found from this file, so tests read the real descriptors and the fixtures.
enum Checkout {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let providersFolder = root + "/providers"
    static let fixturesFolder = root + "/Tests/ProvidersTests/Fixtures"

    private static let loaded = Result { () throws(DescriptorError) in
        try ProviderCatalog.load(directory: providersFolder)
    }

    /// The catalog of the repository's `providers/` folder.
    static func catalog() throws -> ProviderCatalog { try loaded.get() }

    /// The descriptor `name` of the real catalog.
    static func provider(_ name: String) throws -> ProviderDescriptor {
        try #require(try catalog().descriptor(named: name), "no descriptor named \(name)")
    }

    /// The bytes of `Fixtures/<path>`.
    static func fixture(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixturesFolder + "/" + path)))
    }
}

/// The clock of every test: 2026-02-18T08:00:50Z.
let testNow = Date(timeIntervalSince1970: 1_771_401_650)

/// A request with the given headers and body.
func request(_ body: [UInt8], _ headers: [String: String]) -> WebhookRequest {
    WebhookRequest(headers: headers, body: body)
}

/// `sha256=` + hex HMAC-SHA256, as GitHub and Bitbucket sign.
func hubSignature(_ body: [UInt8], secret: String) -> String {
    "sha256=" + hmacSHA256Hex(key: Array(secret.utf8), message: body)
}

/// The shared secret of a connection.
func secret(_ text: String) -> WebhookSecrets {
    WebhookSecrets(secret: Redacted(text))
}

/// Verifies and parses a request with the real descriptor `provider`.
func receive(
    _ provider: String, _ request: WebhookRequest, _ secrets: WebhookSecrets, now: Date = testNow
) throws -> WebhookEvent {
    try Checkout.provider(provider).verify(request, secrets: secrets, now: now).event()
}

/// The push of `event`, failing the test for anything else.
func push(_ event: WebhookEvent, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> PushEvent {
    guard case .push(let push) = event else {
        Issue.record("expected a push, got \(event)", sourceLocation: sourceLocation)
        throw ExpectedPush()
    }
    return push
}

struct ExpectedPush: Error {}

/// The object id of 40 hex digits, for expectations.
func oid(_ hex: String) -> ObjectID { ObjectID(hex: hex)! }

/// `(ref, before, after, created, deleted)` of each change, for compact expectations.
func summary(_ push: PushEvent) -> [String] {
    push.changes.map {
        "\($0.ref) \($0.before.abbreviated)..\($0.after.abbreviated)"
            + ($0.created ? " created" : "") + ($0.deleted ? " deleted" : "")
    }
}

/// The repository keys of an identity's URLs.
func keys(_ identity: RepositoryIdentity) -> Set<String> { Set(identity.urls.map(\.repositoryKey)) }
