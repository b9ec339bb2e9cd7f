import Foundation
import Glibc
import TestSupport
import Testing

/// `slipway serve` and `slipway keys` as child processes.
@Suite(.timeLimit(.minutes(3))) struct ServeCommandTests {
    /// Starts `slipway serve` and waits until `/healthz` answers.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], scratch: TemporaryDirectory, name: String = "serve"
    ) async throws -> (ChildProcess, HTTPTestClient) {
        let port = try freeLoopbackPort()
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let server = try ChildProcess(
            [Built.slipway, "serve", "--listen", "127.0.0.1:\(port)"] + arguments, environment: env,
            logPrefix: scratch.appending(name))
        let client = HTTPTestClient(port: port)
        let ready = await waitUntil(timeout: .seconds(30), interval: .milliseconds(100)) {
            server.standardError.contains("listening on http://127.0.0.1:\(port)") || !server.isRunning
        }
        try #require(ready && server.isRunning, "the server did not start: \(server.standardError)")
        return (server, client)
    }

    @Test func theServerAppliesItsConfigServesTheAPIAndStopsCleanlyOnSIGTERM() async throws {
        let scratch = try TemporaryDirectory(prefix: "serve")
        try Configs.relay.write(toFile: scratch.appending("slipway.yaml"), atomically: true, encoding: .utf8)
        let key = "slw_test_admin_key_for_serve"
        let (server, client) = try await Self.start(
            ["--config", scratch.appending("slipway.yaml"), "--data", scratch.appending("data")],
            environment: [
                "SLIPWAY_ADMIN_KEY": key, "HOOK_SECRET": "s",
                "SLIPWAY_MASTER_KEY": Data(repeating: 1, count: 32).base64EncodedString(),
            ],
            scratch: scratch)
        defer { server.stop() }
        let health = try await client.request("GET", "/healthz")
        #expect(health.status == 200)
        let integrations = try await client.request("GET", "/v2/integrations", headers: ["X-API-KEY": key])
        #expect(integrations.array.compactMap { $0["name"] as? String } == ["relay"])
        #expect(integrations.array.first?["repository_path"] as? String == "services/relay")
        let connection = try await client.request(
            "GET", "/v2/sourcecontrol/connections/acme", headers: ["X-API-KEY": key])
        #expect((connection.object["webhook_secret"] as? [String: Any])?["source"] as? String == "env:HOOK_SECRET")
        server.kill(SIGTERM)
        let exited = await waitUntil(timeout: .seconds(20)) { !server.isRunning }
        #expect(exited)
        #expect(server.standardError.contains("stopping signal=SIGTERM"))
        #expect(server.standardError.contains("info stopped"))
        #expect(!server.standardError.contains("shown only this once"))
    }

    @Test func aConfigErrorStopsTheStartWithFileLineAndColumn() async throws {
        let scratch = try TemporaryDirectory(prefix: "serve")
        let config = scratch.appending("bad.yaml")
        try "connections:\n  - id: acme\n    provider: githb\n".write(toFile: config, atomically: true, encoding: .utf8)
        let outcome = try await Built.run(["serve", "--config", config, "--data", scratch.appending("data")])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("\(config):3:15: error: unknown provider `githb`; did you mean `github`?"))
    }

    @Test func theFirstStartPrintsAnAdminKeyOnceAndKeysCanBeManaged() async throws {
        let scratch = try TemporaryDirectory(prefix: "serve")
        let data = scratch.appending("data")
        let environment = ["SLIPWAY_MASTER_KEY": Data(repeating: 2, count: 32).base64EncodedString()]
        let (first, client) = try await Self.start(["--data", data], environment: environment, scratch: scratch)
        let printed = first.standardError.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let key = try #require(printed.first { $0.hasPrefix("slw_") })
        let allowed = try await client.request("GET", "/v2/integrations", headers: ["X-API-KEY": key])
        #expect(allowed.status == 200)

        // Keys are managed while the server runs.
        let created = try await Built.run(["keys", "create", "--role", "viewer", "--name", "ci", "--data", data])
        #expect(created.status == 0)
        let viewer = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await client.request("GET", "/v2/builds", headers: ["X-API-KEY": viewer]).status == 200)
        #expect(
            try await client.request("POST", "/v2/integrations", headers: ["X-API-KEY": viewer], body: Array("{}".utf8))
                .status == 403)
        let listed = try await Built.run(["keys", "list", "--format", "json", "--data", data])
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
        #expect(keys.compactMap { $0["role"] as? String } == ["admin", "viewer"])
        #expect(!listed.output.contains(viewer))
        let id = try #require(keys.last?["id"] as? Int)
        #expect(try await Built.run(["keys", "revoke", String(id), "--data", data]).status == 0)
        #expect(try await client.request("GET", "/v2/builds", headers: ["X-API-KEY": viewer]).status == 401)
        #expect(try await Built.run(["keys", "revoke", "999", "--data", data]).status == 2)
        first.kill(SIGTERM)
        _ = await waitUntil(timeout: .seconds(20)) { !first.isRunning }

        let (second, _) = try await Self.start(
            ["--data", data], environment: environment, scratch: scratch, name: "second")
        defer { second.stop() }
        #expect(!second.standardError.contains("shown only this once"))
    }
}
