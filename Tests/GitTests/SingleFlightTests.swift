import Core
import Foundation
import Git
import TestSupport
import Testing

@Suite("Single flight and the fetch bound")
struct SingleFlightTests {
    @Test("concurrent requests for one repository share one fetch", arguments: [8])
    func coalesce(callers: Int) async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let head = try await origin.commit(["a": .file("1\n")])
        let server = try await harness.httpServer(.init(packDelay: 0.3))
        let remote = try RemoteURL(server.url("repo.git"))
        let triggered = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: FetchResult.self) { group in
            for index in 0..<callers {
                group.addTask {
                    // Different spellings of one repository, all triggered at the same instant.
                    let spelled = try RemoteURL(index.isMultiple(of: 2) ? server.url("repo.git") : server.url("repo/"))
                    return try await harness.store.fetch(
                        FetchRequest(remote: spelled, branches: ["main"], notBefore: triggered))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == callers)
        #expect(Set(results.map(\.fetchNumber)).count == 1)
        #expect(results.allSatisfy { $0.servedRequests == callers && $0.head(ofBranch: "main") == ObjectID(head) })
        #expect(await harness.store.fetchesPerformed == 1)
        #expect(server.uploadPackPosts == 1)
        _ = remote
    }

    @Test("a request made while a fetch runs waits for the next fetch, shared by everyone who arrived meanwhile")
    func laterRequestsQueue() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let first = try await origin.commit(["a": .file("1\n")])
        let server = try await harness.httpServer(.init(packDelay: 1.0))
        let remote = try RemoteURL(server.url("repo.git"))
        let running = Task { try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"])) }
        // Wait until the running fetch has read the ref advertisement, then push.
        let advertised = await waitUntil(timeout: .seconds(10)) {
            server.requestLog.contains { $0.hasPrefix("GET /repo.git/info/refs") }
        }
        #expect(advertised)
        let second = try await origin.commit(["a": .file("2\n")])
        let later = try await withThrowingTaskGroup(of: FetchResult.self) { group in
            for _ in 0..<5 {
                group.addTask { try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"])) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let early = try await running.value
        #expect(early.head(ofBranch: "main") == ObjectID(first))
        #expect(later.allSatisfy { $0.head(ofBranch: "main") == ObjectID(second) })
        #expect(Set(later.map(\.fetchNumber)).count == 1)
        #expect(later.first?.fetchNumber != early.fetchNumber)
        #expect(await harness.store.fetchesPerformed == 2)
    }

    @Test("the global bound keeps fetches of different repositories from running all at once")
    func globalBound() async throws {
        let harness = try Harness(maxConcurrentFetches: 1)
        for name in ["one", "two", "three"] { try await harness.origin(name).commit(["a": .file(name + "\n")]) }
        let server = try await harness.httpServer(.init(packDelay: 0.4))
        let (results, elapsed) = try await timed {
            try await withThrowingTaskGroup(of: FetchResult.self) { group in
                for name in ["one", "two", "three"] {
                    group.addTask {
                        try await harness.store.fetch(
                            FetchRequest(remote: try RemoteURL(server.url(name + ".git")), branches: ["main"]))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(results.count == 3)
        #expect(Set(results.map(\.fetchNumber)).count == 3)
        // Three 0.4 s fetches one after the other.
        #expect(elapsed >= .seconds(1.2))
    }
}
