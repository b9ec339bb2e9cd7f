import Configuration
import Core
import Manifest
import Testing

@Suite struct ConfigurationTests {
    static let providers: Set = ["github", "gitlab", "bitbucket-cloud", "bitbucket-server", "azure-devops", "gitea"]

    private func parse(_ text: String) throws(ConfigurationError) -> ServerConfiguration {
        try ServerConfiguration.parse(SourceText(text), file: "slipway.yaml", knownProviders: Self.providers)
    }

    private func errors(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return error.diagnostics.map { "\($0.location) \($0.message)" }
        }
    }

    @Test func theDocumentedShapeReads() throws {
        let configuration = try parse(
            """
            server:
              listen: 0.0.0.0:9090
              hook_body_limit_mib: 8
            connections:
              - id: acme-github            # webhook URL: /hooks/acme-github
                provider: github
                api_url: https://api.github.com
                token: {env: GITHUB_TOKEN}
                webhook_secret: {env: GH_HOOK_SECRET}
                poll_interval: 5m
              - id: acme-azure
                provider: azure-devops
                webhook_basic_auth: {user: hooks, password: {file: /run/secrets/azure}}
                webhook_header: {name: X-Hook-Key, value: {env: AZ_HEADER}}
            integrations:
              - name: orbit-relay
                connection: acme-github
                repository_url: https://github.com/lumenforge/orbit-relay.git
                tracking_branch: main
                path: services/relay       # folder of PANDIUM.yaml; blank = root
                include: [libs/common]     # optional
                default_release_channel: Latest
            """)
        #expect(configuration.listen == "0.0.0.0:9090")
        #expect(configuration.hookBodyLimitMiB == 8)
        #expect(configuration.connections.map(\.id) == ["acme-github", "acme-azure"])
        let github = configuration.connections[0]
        #expect(github.token == .environment("GITHUB_TOKEN") && github.webhookSecret == .environment("GH_HOOK_SECRET"))
        #expect(github.pollIntervalSeconds == 300 && github.fromConfig)
        let azure = configuration.connections[1]
        #expect(azure.webhookBasicAuthUser == "hooks" && azure.webhookBasicAuthPassword == .file("/run/secrets/azure"))
        #expect(azure.webhookHeaderName == "X-Hook-Key" && azure.webhookHeaderValue == .environment("AZ_HEADER"))
        let relay = try #require(configuration.integrations.first)
        #expect(relay.path == "services/relay" && relay.include == ["libs/common"])
        #expect(relay.defaultReleaseChannel == .latest && relay.connection == "acme-github")
    }

    @Test func anEmptyFileIsAnEmptyConfiguration() throws {
        let configuration = try parse("# nothing yet\n")
        #expect(configuration.connections.isEmpty && configuration.integrations.isEmpty)
    }

    @Test(arguments: [
        ("connections:\n  - id: Acme\n    provider: github\n", "2:9 connection id `Acme` must be lowercase"),
        ("connections:\n  - id: a\n    provider: githb\n", "3:15 unknown provider `githb`; did you mean `github`?"),
        (
            "connections:\n  - id: a\n    provider: github\n    token: ghp_secretvalue\n",
            "4:12 write secrets as {env: NAME}"
        ),
        (
            "connections:\n  - id: a\n    provider: github\n    token: {vault: x}\n",
            "4:12 a secret is {env: NAME} or {file: PATH}, not {vault: …}"
        ),
        (
            "connections:\n  - id: a\n    provider: github\n    poll_interval: 2s\n",
            "4:20 `poll_interval` must be a duration of at least 5 seconds"
        ),
        (
            "connections:\n  - {id: a, provider: github}\n  - {id: a, provider: gitlab}\n",
            "3:5 connection `a` is declared twice"
        ),
        (
            "integrations:\n  - name: x\n    repository_url: https://user:pw@github.com/a/b.git\n",
            "3:21 `repository_url` must not hold credentials"
        ),
        (
            "integrations:\n  - name: x\n    repository_url: https://github.com/a/b.git\n    connection: nope\n",
            "4:17 no connection `nope` is declared in this file"
        ),
        ("integrations:\n  - name: x\n", "2:5 integration `x` has no `repository_url`"),
        (
            "integrations:\n  - {name: x, repository_url: 'https://h/a/b', default_release_channel: newest}\n",
            "2:73 `default_release_channel` is `Default` or `Latest`"
        ),
        ("server:\n  listen: localhost\n", "2:11 `listen` must be HOST:PORT"),
        (
            "server:\n  hook_body_limit_mib: 500\n",
            "2:24 `server.hook_body_limit_mib` must be a whole number from 1 to 100"
        ),
        ("connections: {id: a}\n", "1:14 `connections` must be a list"),
        ("connections:\n\t- id: a\n", "2:1 a tab character is used for indentation"),
    ])
    func mistakesNameTheirLineAndColumn(text: String, expected: String) {
        let found = errors(text)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = errors(
            """
            connections:
              - {id: BAD, provider: github}
              - {id: ok, provider: nowhere}
            integrations:
              - {name: Bad Name, repository_url: 'https://h/a/b'}
            """)
        #expect(found.count == 3)
    }

    @Test func unknownKeysWarnButDoNotStopTheStart() throws {
        let configuration = try parse("connections:\n  - {id: a, provider: github, webhook_secrt: {env: X}}\n")
        #expect(configuration.connections.count == 1)
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080), ("[::1]:0", "::1", 0), ("0.0.0.0:65535", "0.0.0.0", 65535),
    ])
    func listenAddressesParse(text: String, host: String, port: Int) throws {
        let address = try #require(ListenAddress(text))
        #expect(address.host == host && address.port == port)
    }

    @Test(arguments: ["8080", ":8080", "host:99999", "host:port"])
    func badListenAddressesAreRefused(text: String) {
        #expect(ListenAddress(text) == nil)
    }
}
