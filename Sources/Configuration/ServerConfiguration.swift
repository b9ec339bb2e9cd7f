package import Core
import Foundation
package import Manifest

/// `slipway.yaml`: the connections and integrations `slipway serve` applies at start (idempotently; the API
/// can add more), and the server's own settings.
///
/// ```yaml
/// server:
///   listen: 127.0.0.1:8080
///   hook_body_limit_mib: 5
/// connections:
///   - id: acme-github
///     provider: github
///     token: {env: GITHUB_TOKEN}
///     webhook_secret: {env: GH_HOOK_SECRET}
/// integrations:
///   - name: orbit-relay
///     connection: acme-github
///     repository_url: https://github.com/lumenforge/orbit-relay.git
///     tracking_branch: main
///     path: services/relay
///     include: [libs/common]
/// ```
package struct ServerConfiguration: Sendable {
    /// `server.listen`, `host:port`.
    package var listen: String?
    /// `server.hook_body_limit_mib`: the largest webhook body, in MiB.
    package var hookBodyLimitMiB: Int?
    /// `server.build_timeout_minutes`.
    package var buildTimeoutMinutes: Int?
    /// `server.workers`: how many jobs run at once.
    package var workers: Int?
    /// `server.build_wait_seconds`: how long `POST /v2/sourcecontrol/build` waits for the fetch to decide.
    package var buildWaitSeconds: Int?
    /// The connections declared.
    package var connections: [Connection]
    /// The integrations declared.
    package var integrations: [IntegrationDeclaration]

    /// An empty configuration (no file).
    package static let empty = ServerConfiguration(
        listen: nil, hookBodyLimitMiB: nil, buildTimeoutMinutes: nil, workers: nil, buildWaitSeconds: nil,
        connections: [], integrations: [])
}

/// An integration as the config file declares it.
package struct IntegrationDeclaration: Sendable, Hashable {
    /// Unique name.
    package var name: String
    /// Display name.
    package var longName: String?
    /// The connection's id, if any.
    package var connection: String?
    /// The repository URL (credentials are refused).
    package var repositoryURL: String
    /// The tracked branch.
    package var trackingBranch: String
    /// Folder (or file) of the manifest.
    package var path: String
    /// Extra input folders.
    package var include: [String]
    /// The channel new tenants follow.
    package var defaultReleaseChannel: ReleaseChannel?
}

/// A problem in the config file, with its position: printed as `slipway.yaml:12:5: error: …`.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The file.
    package var file: String
    /// Every problem found.
    package var diagnostics: [Diagnostic]

    package var description: String {
        diagnostics.map { "\(file):\($0.location): error: \($0.message)" }.joined(separator: "\n")
    }
}

extension ServerConfiguration {
    /// Reads and checks a config file; every problem is reported at once.
    package static func load(
        file: String, knownProviders: Set<String>
    ) throws(ConfigurationError) -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError(
                file: file, diagnostics: [Diagnostic(.error, at: .start, path: "", "cannot read the config file")])
        }
        return try parse(SourceText(Array(data)), file: file, knownProviders: knownProviders)
    }

    /// Parses config text.
    package static func parse(
        _ source: SourceText, file: String, knownProviders: Set<String>
    ) throws(ConfigurationError)
        -> ServerConfiguration
    {
        let document: YAMLDocument
        do {
            document = try YAMLReader.read(source)
        } catch {
            throw ConfigurationError(file: file, diagnostics: [error.diagnostic])
        }
        var reader = ConfigurationReader(knownProviders: knownProviders, diagnostics: document.diagnostics)
        let configuration = reader.read(document.root)
        let errors = reader.diagnostics.filter { $0.severity == .error }.sorted()
        guard errors.isEmpty else { throw ConfigurationError(file: file, diagnostics: errors) }
        return configuration
    }
}
