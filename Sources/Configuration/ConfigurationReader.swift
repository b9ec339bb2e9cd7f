import Core
import Foundation
import Manifest

/// Reads the config file's nodes into a ``ServerConfiguration``, collecting every problem with its position.
struct ConfigurationReader {
    let knownProviders: Set<String>
    var diagnostics: [Diagnostic]

    mutating func error(_ node: YAMLNode, _ path: String, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: node.location, path: path, message))
    }

    mutating func warnUnknownKeys(_ node: YAMLNode, _ path: String, known: [String]) {
        for entry in node.entries ?? [] where !known.contains(entry.key) {
            let hint = Suggestions.closest(to: entry.key, in: known).map { "; did you mean `\($0)`?" } ?? ""
            diagnostics.append(
                Diagnostic(
                    .warning, at: entry.keyLocation, path: path.isEmpty ? entry.key : path + "." + entry.key,
                    "unknown key `\(entry.key)` is ignored\(hint)"))
        }
    }

    mutating func read(_ root: YAMLNode?) -> ServerConfiguration {
        var configuration = ServerConfiguration.empty
        guard let root else { return configuration }
        guard root.entries != nil else {
            error(root, "", "the config file must be a mapping with `connections` and `integrations`")
            return configuration
        }
        warnUnknownKeys(root, "", known: ["server", "connections", "integrations", "tenants"])
        if let server = root["server"] { readServer(server, into: &configuration) }
        var ids: [String: SourceLocation] = [:]
        for (index, node) in list(root["connections"], "connections").enumerated() {
            guard let connection = readConnection(node, path: "connections[\(index)]") else { continue }
            if let first = ids[connection.id] {
                error(
                    node, "connections[\(index)].id",
                    "connection `\(connection.id)` is declared twice (first at line \(first.line))")
                continue
            }
            ids[connection.id] = node.location
            configuration.connections.append(connection)
        }
        var names: [String: SourceLocation] = [:]
        for (index, node) in list(root["integrations"], "integrations").enumerated() {
            guard let integration = readIntegration(node, path: "integrations[\(index)]", connections: Set(ids.keys))
            else { continue }
            if let first = names[integration.name] {
                error(
                    node, "integrations[\(index)].name",
                    "integration `\(integration.name)` is declared twice (first at line \(first.line))")
                continue
            }
            names[integration.name] = node.location
            configuration.integrations.append(integration)
        }
        if let tenants = root["tenants"], tenants.resolved != .null {
            diagnostics.append(
                Diagnostic(
                    .warning, at: tenants.location, path: "tenants",
                    "tenants in the config file are not applied yet; create them through the API"))
        }
        return configuration
    }

    private mutating func list(_ node: YAMLNode?, _ path: String) -> [YAMLNode] {
        guard let node, node.resolved != .null else { return [] }
        guard let items = node.items else {
            error(node, path, "`\(path)` must be a list")
            return []
        }
        return items
    }

    private mutating func readServer(_ node: YAMLNode, into configuration: inout ServerConfiguration) {
        guard node.entries != nil else {
            error(node, "server", "`server` must be a mapping")
            return
        }
        warnUnknownKeys(
            node, "server",
            known: ["listen", "hook_body_limit_mib", "build_timeout_minutes", "workers", "build_wait_seconds"])
        if let listen = node["listen"] {
            configuration.listen = string(listen, "server.listen")
            if let text = configuration.listen, ListenAddress(text) == nil {
                error(listen, "server.listen", "`listen` must be HOST:PORT, like 127.0.0.1:8080 or 0.0.0.0:8080")
            }
        }
        configuration.hookBodyLimitMiB = number(node["hook_body_limit_mib"], "server.hook_body_limit_mib", 1...100)
        configuration.buildTimeoutMinutes = number(
            node["build_timeout_minutes"], "server.build_timeout_minutes", 1...1440)
        configuration.workers = number(node["workers"], "server.workers", 1...64)
        configuration.buildWaitSeconds = number(node["build_wait_seconds"], "server.build_wait_seconds", 0...300)
    }

    mutating func string(_ node: YAMLNode?, _ path: String) -> String? {
        guard let node, node.resolved != .null else { return nil }
        guard let text = node.scalar?.text, !text.isEmpty else {
            error(node, path, "`\(path.split(separator: ".").last ?? "")` must be text, not \(node.kindDescription)")
            return nil
        }
        return text
    }

    mutating func number(_ node: YAMLNode?, _ path: String, _ range: ClosedRange<Int>) -> Int? {
        guard let node else { return nil }
        guard case .int(let value) = node.resolved, range.contains(value) else {
            error(node, path, "`\(path)` must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// `{env: NAME}` or `{file: PATH}`; secrets written in clear are refused.
    mutating func secret(_ node: YAMLNode?, _ path: String) -> SecretReference? {
        guard let node, node.resolved != .null else { return nil }
        if node.scalar != nil {
            error(
                node, path,
                "write secrets as {env: NAME} or {file: PATH}: a secret in the config file is readable by anyone "
                    + "who can read the file")
            return nil
        }
        guard let entries = node.entries, entries.count == 1, let entry = entries.first,
            let value = entry.value.scalar?.text, !value.isEmpty
        else {
            error(node, path, "a secret is {env: NAME} or {file: PATH}")
            return nil
        }
        switch entry.key {
        case "env": return .environment(value)
        case "file": return .file(value)
        default:
            error(node, path, "a secret is {env: NAME} or {file: PATH}, not {\(entry.key): …}")
            return nil
        }
    }
}

/// `host:port` for the server to listen on.
package struct ListenAddress: Sendable, Hashable {
    /// The host or address.
    package var host: String
    /// The port (0 picks a free one).
    package var port: Int

    /// Parses `host:port` (`[::1]:8080` for IPv6); nil when malformed.
    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
