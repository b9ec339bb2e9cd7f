import Core
import Foundation
import Testing

@Suite struct DiagnosticTests {
    @Test func locationsAreOneBasedAndOrdered() {
        #expect(SourceLocation(line: 0, column: -3) == .start)
        #expect(SourceLocation(line: 2, column: 1) < SourceLocation(line: 2, column: 5))
        #expect(SourceLocation(line: 1, column: 80) < SourceLocation(line: 2, column: 1))
        #expect("\(SourceLocation(line: 12, column: 5))" == "12:5")
    }

    @Test func diagnosticsSortByPositionThenErrorsFirst() {
        let warning = Diagnostic(.warning, at: SourceLocation(line: 3, column: 1), path: "a", "w")
        let error = Diagnostic(.error, at: SourceLocation(line: 3, column: 1), path: "a", "e")
        let early = Diagnostic(.warning, at: SourceLocation(line: 1, column: 9), path: "", "x")
        #expect([warning, error, early].sorted() == [early, error, warning])
        #expect([warning, early].hasErrors == false)
        #expect([warning, error].hasErrors)
    }

    @Test func diagnosticEncodesFlatFields() throws {
        let diagnostic = Diagnostic(.error, at: SourceLocation(line: 12, column: 5), path: "base", "unknown runtime")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(diagnostic), as: UTF8.self)
        #expect(json == #"{"column":5,"line":12,"message":"unknown runtime","path":"base","severity":"error"}"#)
        #expect(try JSONDecoder().decode(Diagnostic.self, from: Data(json.utf8)) == diagnostic)
    }
}

@Suite struct NamingTests {
    @Test(arguments: [
        ("gorgias-oauth", "GORGIAS_OAUTH"), ("hubspot", "HUBSPOT"), ("aws_s3", "AWS_S3"),
    ])
    func environmentSuffix(name: String, expected: String) {
        #expect(EnvironmentName.suffix(name) == expected)
    }

    @Test func environmentNameValidity() {
        #expect(EnvironmentName.isValidSuffix("api_url", allowingDash: false))
        #expect(EnvironmentName.isValidSuffix("2fa_code", allowingDash: false))
        #expect(!EnvironmentName.isValidSuffix("api-url", allowingDash: false))
        #expect(EnvironmentName.isValidSuffix("api-url", allowingDash: true))
        #expect(!EnvironmentName.isValidSuffix("", allowingDash: true))
        #expect(!EnvironmentName.isValidSuffix("café", allowingDash: true))
        #expect(!EnvironmentName.isValidSuffix("a b", allowingDash: true))
    }

    @Test func suggestionsFindLikelyTypos() {
        let keys = ["version", "base", "build", "run", "connectors"]
        #expect(Suggestions.closest(to: "bulid", in: keys) == "build")
        #expect(Suggestions.closest(to: "Versoin", in: keys) == "version")
        #expect(Suggestions.closest(to: "connector", in: keys) == "connectors")
        #expect(Suggestions.closest(to: "zzzzzz", in: keys) == nil)
        #expect(Suggestions.closest(to: "", in: keys) == nil)
    }
}

@Suite struct ToolchainCheckTests {
    @Test(
        arguments: [
            (1, "20.9.0", "20"), (2, "3.11.7", "3.11"), (2, "3.7", "3.7"), (1, "17", "17"), (2, "1.21rc1", "1.21"),
            (1, "lts", nil), (2, "3.11-slim", "3.11"),
        ] as [(Int, String, String?)])
    func majorVersion(components: Int, version: String, expected: String?) {
        let check = ToolchainCheck(
            command: ["x"], versionPattern: "(.*)", readsStandardError: false, majorComponents: components)
        #expect(check.majorVersion(of: version) == expected)
    }
}

@Suite struct RedactedTests {
    @Test func secretsNeverPrint() {
        let secret = Redacted("s3cr3t-token")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
        #expect(secret.revealed == "s3cr3t-token")
    }

    @Test func loggerAddsContextAndFiltersLevels() {
        let sink = MemorySink()
        let log = Logger(sink: sink, minimumLevel: .info).with("repository", "example.com/a/b")
        log.debug("hidden")
        log.warning("fetch slow", [("seconds", "12")])
        #expect(sink.lines == ["warning fetch slow repository=example.com/a/b seconds=12"])
    }
}

private final class MemorySink: LogSink, @unchecked Sendable {
    // Unchecked: tests write from one thread.
    var lines: [String] = []
    func write(_ level: LogLevel, _ message: String, fields: [(String, String)]) {
        lines.append(([level.description, message] + fields.map { "\($0)=\($1)" }).joined(separator: " "))
    }
}

@Suite struct ReleasePolicyTests {
    @Test(
        arguments: [
            // channel, pinned, default, latest → resolved
            (nil, 3, 5, 9, 3),  // pinned stays
            (nil, nil, 5, 9, 5),  // pinned at install: the default
            (ReleaseChannel.default, 3, 5, 9, 5),  // Default moves to the current default
            (ReleaseChannel.latest, 3, 5, 9, 9),  // Latest follows the newest
        ] as [(ReleaseChannel?, Int64?, Int64?, Int64?, Int64)])
    func tenantsResolveByTheirPolicy(
        channel: ReleaseChannel?, pinned: Int64?, integrationDefault: Int64?, latest: Int64?, expected: Int64
    ) throws {
        let resolved = ReleasePolicy.resolve(
            channel: channel, pinned: pinned, integrationDefault: integrationDefault, latest: latest)
        #expect(try resolved.get() == expected)
    }

    @Test func nothingToRunIsExplained() {
        let noDefault = ReleasePolicy.resolve(channel: .default, pinned: 2, integrationDefault: nil, latest: 4)
        #expect(throws: ReleasePolicy.Unresolved.self) { try noDefault.get() }
        let nothing = ReleasePolicy.resolve(channel: .latest, pinned: nil, integrationDefault: nil, latest: nil)
        guard case .failure(let reason) = nothing else {
            Issue.record("a tenant with no release must not resolve")
            return
        }
        #expect(reason.description.contains("build a release or pin the tenant to one"))
    }
}
