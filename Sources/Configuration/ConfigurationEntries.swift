import Core
import Foundation
import Manifest

extension ConfigurationReader {
    static let connectionKeys = [
        "id", "provider", "api_url", "token", "account_name", "webhook_secret", "webhook_basic_auth", "webhook_header",
        "poll_interval",
    ]
    static let integrationKeys = [
        "name", "long_name", "connection", "repository_url", "tracking_branch", "path", "include",
        "default_release_channel",
    ]

    mutating func readConnection(_ node: YAMLNode, path: String) -> Connection? {
        guard node.entries != nil else {
            error(node, path, "a connection is a mapping with `id` and `provider`")
            return nil
        }
        warnUnknownKeys(node, path, known: Self.connectionKeys)
        guard let idNode = node["id"], let id = string(idNode, path + ".id") else {
            error(node, path, "this connection has no `id` (it names the webhook URL /hooks/<id>)")
            return nil
        }
        guard id.isSlug else {
            error(
                idNode, path + ".id",
                "connection id `\(id)` must be lowercase letters, digits and `-` (it goes in /hooks/\(id))")
            return nil
        }
        guard let providerNode = node["provider"], let provider = string(providerNode, path + ".provider") else {
            error(
                node, path,
                "connection `\(id)` has no `provider`; use one of \(knownProviders.sorted().joined(separator: ", "))")
            return nil
        }
        guard knownProviders.contains(provider) else {
            let hint =
                Suggestions.closest(to: provider, in: Array(knownProviders)).map { "did you mean `\($0)`? " } ?? ""
            error(
                providerNode, path + ".provider",
                "unknown provider `\(provider)`; \(hint)known: \(knownProviders.sorted().joined(separator: ", ")) "
                    + "(or add a descriptor file to providers/)")
            return nil
        }
        var connection = Connection(id: id, provider: provider, fromConfig: true)
        connection.apiURL = string(node["api_url"], path + ".api_url")
        if let apiURL = connection.apiURL, let apiNode = node["api_url"],
            URL(string: apiURL)?.scheme.map({ ["http", "https"].contains($0) }) != true
        {
            error(apiNode, path + ".api_url", "`api_url` must be an http(s) URL, like https://ghe.example.com/api/v3")
        }
        connection.token = secret(node["token"], path + ".token")
        connection.accountName = string(node["account_name"], path + ".account_name")
        connection.webhookSecret = secret(node["webhook_secret"], path + ".webhook_secret")
        if let basic = node["webhook_basic_auth"] {
            connection.webhookBasicAuthUser = string(basic["user"], path + ".webhook_basic_auth.user")
            connection.webhookBasicAuthPassword = secret(basic["password"], path + ".webhook_basic_auth.password")
            if connection.webhookBasicAuthUser == nil || connection.webhookBasicAuthPassword == nil {
                error(
                    basic, path + ".webhook_basic_auth", "`webhook_basic_auth` needs `user` and `password: {env: NAME}`"
                )
            }
        }
        if let header = node["webhook_header"] {
            connection.webhookHeaderName = string(header["name"], path + ".webhook_header.name")
            connection.webhookHeaderValue = secret(header["value"], path + ".webhook_header.value")
            if connection.webhookHeaderName == nil || connection.webhookHeaderValue == nil {
                error(header, path + ".webhook_header", "`webhook_header` needs `name` and `value: {env: NAME}`")
            }
        }
        if let interval = node["poll_interval"] {
            connection.pollIntervalSeconds = seconds(interval, path + ".poll_interval")
        }
        return connection
    }

    /// `30s`, `5m`, `1h`, or a whole number of seconds; at least 5 seconds.
    mutating func seconds(_ node: YAMLNode, _ path: String) -> Int? {
        let text = node.scalar?.text ?? ""
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        var value: Int?
        if let whole = Int(text) {
            value = whole
        } else if let unit = text.last, let factor = units[unit], let amount = Int(text.dropLast()) {
            value = amount * factor
        }
        guard let value, value >= 5 else {
            error(node, path, "`poll_interval` must be a duration of at least 5 seconds, like 30s, 5m or 1h")
            return nil
        }
        return value
    }

    mutating func readIntegration(_ node: YAMLNode, path: String, connections: Set<String>) -> IntegrationDeclaration? {
        guard node.entries != nil else {
            error(node, path, "an integration is a mapping with `name` and `repository_url`")
            return nil
        }
        warnUnknownKeys(node, path, known: Self.integrationKeys)
        guard let nameNode = node["name"], let name = string(nameNode, path + ".name") else {
            error(node, path, "this integration has no `name`")
            return nil
        }
        guard name.isSlug else {
            error(
                nameNode, path + ".name",
                "integration name `\(name)` must be lowercase letters, digits and `-`, at most 63")
            return nil
        }
        guard let urlNode = node["repository_url"], let url = string(urlNode, path + ".repository_url") else {
            error(node, path, "integration `\(name)` has no `repository_url`")
            return nil
        }
        if let parsed = URL(string: url), parsed.user != nil || parsed.password != nil {
            error(
                urlNode, path + ".repository_url",
                "`repository_url` must not hold credentials; give the connection a `token`")
            return nil
        }
        do {
            _ = try RemoteURL(url)
        } catch {
            self.error(urlNode, path + ".repository_url", error.message)
            return nil
        }
        let connection = string(node["connection"], path + ".connection")
        if let connection, !connections.contains(connection), let connectionNode = node["connection"] {
            error(connectionNode, path + ".connection", "no connection `\(connection)` is declared in this file")
        }
        var include: [String] = []
        if let includeNode = node["include"], includeNode.resolved != .null {
            for (index, item) in (includeNode.items ?? []).enumerated() {
                if let text = string(item, "\(path).include[\(index)]") { include.append(text) }
            }
            if includeNode.items == nil { error(includeNode, path + ".include", "`include` must be a list of folders") }
        }
        var channel: ReleaseChannel?
        if let channelNode = node["default_release_channel"],
            let text = string(channelNode, path + ".default_release_channel")
        {
            channel = ReleaseChannel(rawValue: text)
            if channel == nil {
                error(
                    channelNode, path + ".default_release_channel", "`default_release_channel` is `Default` or `Latest`"
                )
            }
        }
        return IntegrationDeclaration(
            name: name, longName: string(node["long_name"], path + ".long_name"), connection: connection,
            repositoryURL: url, trackingBranch: string(node["tracking_branch"], path + ".tracking_branch") ?? "main",
            path: string(node["path"], path + ".path") ?? "", include: include, defaultReleaseChannel: channel)
    }
}
