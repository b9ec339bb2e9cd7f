import AdminAPI
import Core
import Foundation
import HTTPServer
import TestSupport
import Testing

/// Every endpoint × every role over real HTTP: no key 401, an unknown key 401, a role below the one needed
/// 403, the role needed 2xx (SPEC §6).
@Suite(.timeLimit(.minutes(3))) struct RoleMatrixTests {
    struct Case: Sendable {
        var method: String
        var path: String
        var role: APIRole
        var body: [String: any Sendable]?
    }

    @Test func everyRouteRefusesMissingUnknownAndTooLowKeysAndServesTheRoleItNeeds() async throws {
        let world = try await ServerHarness()
        try await world.origin.commit(["PANDIUM.yaml": .file(shellManifest)])
        let created = try await world.call(
            "POST", "/v2/integrations", as: .admin, body: ["name": "relay", "repository_url": world.repositoryURL])
        try #require(created.status == 201, "\(created.text)")
        let build = try await world.call(
            "POST", "/v2/sourcecontrol/build", as: .releaseManager, body: ["integration_id": 1])
        try #require([200, 201, 202].contains(build.status), "\(build.text)")
        await world.drain()
        let releases = try await world.call("GET", "/v2/integrations/1/releases", as: .viewer)
        try #require(releases.array.count == 1, "\(releases.text)")
        let spare = try await world.call(
            "POST", "/v2/integrations", as: .admin, body: ["name": "spare", "repository_url": world.repositoryURL])
        try #require(spare.status == 201)

        let cases: [Case] = [
            Case(method: "GET", path: "/v2/integrations", role: .viewer),
            Case(
                method: "POST", path: "/v2/integrations", role: .admin, body: ["name": "another", "type": "external"]),
            Case(method: "GET", path: "/v2/integrations/1", role: .viewer),
            Case(method: "PATCH", path: "/v2/integrations/1", role: .admin, body: ["long_name": "Relay"]),
            Case(method: "GET", path: "/v2/integrations/1/releases", role: .viewer),
            Case(method: "GET", path: "/v2/integrations/1/releases/default", role: .viewer),
            Case(method: "GET", path: "/v2/integrations/1/releases/latest", role: .viewer),
            Case(method: "GET", path: "/v2/integrations/1/releases/1", role: .viewer),
            Case(
                method: "PUT", path: "/v2/integrations/1/releases/default", role: .releaseManager,
                body: ["release_id": 1]),
            Case(
                method: "POST", path: "/v2/integrations/1/releases/1/tags", role: .releaseManager,
                body: ["tag": "stable"]),
            Case(method: "DELETE", path: "/v2/integrations/1/releases/1/tags?tag=stable", role: .releaseManager),
            Case(method: "POST", path: "/v2/integrations/1/releases/1/rebuild", role: .releaseManager),
            Case(method: "POST", path: "/v2/sourcecontrol/build", role: .releaseManager, body: ["integration_id": 1]),
            Case(method: "GET", path: "/v2/builds", role: .viewer),
            Case(method: "GET", path: "/v2/builds/1", role: .viewer),
            Case(method: "GET", path: "/v2/builds/1/log", role: .viewer),
            Case(method: "GET", path: "/v2/decisions?integration_id=1", role: .viewer),
            Case(method: "GET", path: "/v2/sourcecontrol/connections", role: .viewer),
            Case(
                method: "POST", path: "/v2/sourcecontrol/connections", role: .admin,
                body: ["id": "acme", "provider": "github", "webhook_secret": "s3cret-value"]),
            Case(method: "GET", path: "/v2/sourcecontrol/connections/acme", role: .viewer),
            Case(
                method: "PATCH", path: "/v2/sourcecontrol/connections/acme", role: .admin,
                body: ["poll_interval_seconds": 60]),
            Case(method: "DELETE", path: "/v2/sourcecontrol/connections/acme", role: .admin),
            Case(method: "DELETE", path: "/v2/integrations/2", role: .admin),
        ]
        var covered: Set<String> = []
        for testCase in cases {
            let label = "\(testCase.method) \(testCase.path)"
            let anonymous = try await world.call(testCase.method, testCase.path, as: nil, body: testCase.body)
            #expect(anonymous.status == 401, "\(label) without a key: \(anonymous.status)")
            #expect(anonymous.headers["www-authenticate"] == "Bearer")
            let unknown = try await world.client.request(
                testCase.method, testCase.path, headers: ["Authorization": "Bearer slw_not-a-key"],
                body: try testCase.body.map { Array(try JSONSerialization.data(withJSONObject: $0)) })
            #expect(unknown.status == 401, "\(label) with an unknown key: \(unknown.status)")
            for role in APIRole.allCases where role < testCase.role {
                let denied = try await world.call(testCase.method, testCase.path, as: role, body: testCase.body)
                #expect(denied.status == 403, "\(label) as \(role.rawValue): \(denied.status) \(denied.text)")
            }
            let allowed = try await world.call(testCase.method, testCase.path, as: testCase.role, body: testCase.body)
            #expect(
                (200..<300).contains(allowed.status),
                "\(label) as \(testCase.role.rawValue): \(allowed.status) \(allowed.text)")
            covered.insert(testCase.method + " " + RoleMatrixTests.pattern(testCase.path))
        }
        // Every route that needs a key is in the table above.
        let routes = Set(
            world.routes.filter {
                !["/healthz", "/metrics", "/v2/openapi.json", "/hooks/{connection_id}"].contains($0.pattern)
            }
            .map { "\($0.method.rawValue) \($0.pattern)" })
        #expect(
            routes.subtracting(covered).isEmpty, "routes without a role test: \(routes.subtracting(covered).sorted())")
    }

    /// `/v2/integrations/1/releases/1/tags?tag=x` → `/v2/integrations/{id}/releases/{release_id}/tags`.
    static func pattern(_ path: String) -> String {
        let plain = path.split(separator: "?").first.map(String.init) ?? path
        var parts = plain.split(separator: "/").map(String.init)
        for index in parts.indices where Int(parts[index]) != nil || parts[index] == "acme" {
            parts[index] = parts[index - 1] == "releases" ? "{release_id}" : "{id}"
        }
        return "/" + parts.joined(separator: "/")
    }

    @Test func publicRoutesNeedNoKey() async throws {
        let world = try await ServerHarness()
        let health = try await world.call("GET", "/healthz", as: nil)
        #expect(health.status == 200 && health.object["status"] as? String == "ok")
        let metrics = try await world.call("GET", "/metrics", as: nil)
        #expect(metrics.status == 200 && metrics.text.contains("# TYPE slipway_jobs gauge"))
        #expect(metrics.text.contains("slipway_http_requests_total{area=\"/healthz\",method=\"GET\",status=\"200\"} 1"))
        #expect(metrics.text.contains("slipway_jobs{state=\"queued\"} 0"))
        let document = try await world.call("GET", "/v2/openapi.json", as: nil)
        #expect(document.status == 200 && document.object["openapi"] as? String == "3.1.0")
    }

    @Test func validationErrorsAre422WithEveryProblem() async throws {
        let world = try await ServerHarness()
        let response = try await world.call(
            "POST", "/v2/integrations", as: .admin,
            body: ["name": "Bad Name", "type": "sideways", "repository_path": "../up", "colour": "blue"])
        #expect(response.status == 422)
        let detail = response.object["detail"] as? [[String: Any]] ?? []
        let locations = detail.compactMap { ($0["loc"] as? [String])?.joined(separator: ".") }.sorted()
        #expect(locations == ["body.colour", "body.name", "body.repository_path", "body.repository_url", "body.type"])
        let notJSON = try await world.client.request(
            "POST", "/v2/integrations", headers: ["X-API-KEY": world.keys[.admin] ?? ""], body: Array("{oops".utf8))
        #expect(notJSON.status == 400 && (notJSON.object["message"] as? String)?.contains("not valid JSON") == true)
        let badPage = try await world.call("GET", "/v2/integrations?limit=9000&sort_by=colour__UP", as: .viewer)
        #expect(badPage.status == 422)
        #expect((badPage.object["detail"] as? [[String: Any]])?.count == 2)
    }

    @Test func listsArePagedWithTheTotalInAHeader() async throws {
        let world = try await ServerHarness()
        for name in ["c-one", "a-two", "b-three"] {
            _ = try await world.call("POST", "/v2/integrations", as: .admin, body: ["name": name, "type": "external"])
        }
        let page = try await world.call("GET", "/v2/integrations?limit=2&skip=0&sort_by=name__ASC", as: .viewer)
        #expect(page.headers["x-total-count"] == "3")
        #expect(page.array.compactMap { $0["name"] as? String } == ["a-two", "b-three"])
        let unknown = try await world.call("GET", "/v2/integrations/999", as: .viewer)
        #expect(unknown.status == 404 && (unknown.object["message"] as? String)?.contains("does not exist") == true)
    }

    @Test func connectionSecretsAreWriteOnly() async throws {
        let world = try await ServerHarness()
        let secret = "canary-secret-value-3141"
        let created = try await world.call(
            "POST", "/v2/sourcecontrol/connections", as: .admin,
            body: [
                "id": "acme", "provider": "github", "token": secret, "webhook_secret": secret,
                "webhook_basic_auth": ["user": "hooks", "password": secret],
            ])
        #expect(created.status == 201)
        let read = try await world.call("GET", "/v2/sourcecontrol/connections/acme", as: .viewer)
        let listed = try await world.call("GET", "/v2/sourcecontrol/connections", as: .viewer)
        for response in [created, read, listed] {
            #expect(!response.text.contains(secret))
        }
        #expect((read.object["token"] as? [String: Any])?["set"] as? Bool == true)
        #expect((read.object["token"] as? [String: Any])?["source"] as? String == "stored")
        #expect(world.log.recorded.allSatisfy { !$0.contains(secret) })
        let database = try Data(contentsOf: URL(fileURLWithPath: world.dataDirectory + "/slipway.db"))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: world.dataDirectory + "/slipway.db-wal"))) ?? Data()
        #expect(database.range(of: Data(secret.utf8)) == nil && wal.range(of: Data(secret.utf8)) == nil)
    }
}
