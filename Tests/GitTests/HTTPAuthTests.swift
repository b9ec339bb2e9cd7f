import Core
import Foundation
import Git
import TestSupport
import Testing

@Suite("Smart HTTP with basic auth")
struct HTTPAuthTests {
    static let user = "x-access-token"
    static let token = "s3cr3t-token-4f9c2a"

    private func setUp() async throws -> (Harness, FixtureRepository, GitHTTPServer, RemoteURL, String) {
        let harness = try Harness()
        let origin = try await harness.origin()
        let head = try await origin.commit(["integrations/a/PANDIUM.yaml": .file("version: 1.0\n")])
        let server = try await harness.httpServer(.init(credentials: (Self.user, Self.token)))
        return (harness, origin, server, try RemoteURL(server.url("repo.git")), head)
    }

    @Test("a token with the provider's user name clones and fetches; the token is nowhere on disk or in logs")
    func tokenClone() async throws {
        let (harness, origin, server, remote, head) = try await setUp()
        let credentials = try GitCredentials.token(
            Redacted(Self.token), convention: .literal("x-access-token"), provider: "github")
        let first = try await harness.store.fetch(
            FetchRequest(remote: remote, credentials: credentials, branches: ["main"]))
        #expect(first.head(ofBranch: "main") == ObjectID(head))
        let next = try await origin.commit(["integrations/a/run.sh": .executable("echo hi\n")])
        let second = try await harness.store.fetch(
            FetchRequest(remote: remote, credentials: credentials, branches: ["main"]))
        #expect(second.head(ofBranch: "main") == ObjectID(next))
        #expect(second.receivedObjects == 5)
        let heads = try await harness.store.remoteHeads(
            of: remote, credentials: credentials, transfer: TransferOptions())
        #expect(heads.contains { $0.name == "refs/heads/main" && $0.id == ObjectID(next) })

        #expect(server.requestLog.contains { $0.hasSuffix("git-upload-pack 200 x-access-token") })
        #expect(filesContaining(Self.token, below: harness.dataDirectory).isEmpty)
        #expect(filesContaining(Self.user, below: harness.dataDirectory).isEmpty)
        #expect(!harness.log.recorded.joined().contains(Self.token))
        #expect(harness.log.recorded.contains { $0.contains("created mirror") })
    }

    @Test("a wrong token fails within seconds with an authentication error that names the URL, not the token")
    func wrongToken() async throws {
        let (harness, _, server, remote, _) = try await setUp()
        let credentials = GitCredentials.token(user: Self.user, token: Redacted("wrong-" + Self.token))
        let (error, elapsed) = await timed {
            await gitError {
                try await harness.store.fetch(
                    FetchRequest(remote: remote, credentials: credentials, branches: ["main"]))
            }
        }
        let failure = try #require(error)
        #expect(failure.code == .authentication)
        #expect(failure.message.contains(remote.redacted))
        #expect(!failure.message.contains(Self.token))
        #expect(!String(describing: failure.cause as Any).contains(Self.token))
        #expect(elapsed < .seconds(8))
        // One anonymous probe and one rejected attempt, then libgit2 is told to stop asking.
        #expect(server.requestLog.filter { $0.contains(" 401 ") }.count <= 3)
        #expect(filesContaining(Self.token, below: harness.scratch.appending("data")).isEmpty)

        let lsError = await gitError {
            try await harness.store.remoteHeads(of: remote, credentials: credentials, transfer: TransferOptions())
        }
        #expect(lsError?.code == .authentication)
    }

    @Test("no credentials against a protected repository asks for them")
    func anonymousRefused() async throws {
        let (harness, _, server, remote, _) = try await setUp()
        let error = await gitError { try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"])) }
        #expect(error?.code == .authentication)
        #expect(error?.message.contains("requires authentication") == true)
        #expect(server.requestLog.allSatisfy { $0.contains(" 401 ") })
    }

    @Test("credentials written into the URL are stripped and never stored")
    func credentialsInURLStripped() async throws {
        let (harness, _, server, _, _) = try await setUp()
        let remote = try RemoteURL("http://\(Self.user):\(Self.token)@127.0.0.1:\(server.port)/repo.git")
        #expect(remote.redacted == "http://127.0.0.1:\(server.port)/repo.git")
        let error = await gitError { try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"])) }
        #expect(error?.code == .authentication)
        #expect(error.map { !$0.message.contains(Self.token) } == true)
        #expect(filesContaining(Self.token, below: harness.dataDirectory).isEmpty)
    }
}
