import Core
import Foundation
import Providers

/// The options of `slipway build`, checked.
struct BuildRequestOptions: Sendable {
    var remote: RemoteURL
    var branch: String?
    var tag: String?
    var path: String
    var include: [String]
    var name: String
    var credentials: GitCredentials
    var timeout: Duration

    init(_ parsed: Arguments, environment: [String: String]) throws(UsageError) {
        guard let repo = parsed.values["repo"] ?? parsed.positionals.first else {
            throw UsageError("missing --repo URL: which repository to build")
        }
        do {
            remote = try RemoteURL(repo)
        } catch {
            throw UsageError(error.message)
        }
        branch = parsed.values["branch"]
        tag = parsed.values["tag"]
        if branch != nil, tag != nil { throw UsageError("give --branch or --tag, not both") }
        path = parsed.values["path"] ?? ""
        if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw UsageError("--path \(path) must be relative to the repository root and stay inside it")
        }
        include = parsed.values["include"].map { $0.split(separator: ",").map(String.init) } ?? []
        name = try parsed.values["name"].map(Self.checkedName) ?? Self.derivedName(remote: remote, path: path)
        if let seconds = parsed.values["timeout"] {
            guard let value = Int(seconds), value > 0 else {
                throw UsageError("--timeout takes a whole number of seconds, like --timeout 600")
            }
            timeout = .seconds(value)
        } else {
            timeout = .seconds(900)
        }
        credentials = try Self.credentials(parsed, environment: environment)
    }

    private static func credentials(
        _ parsed: Arguments, environment: [String: String]
    ) throws(UsageError)
        -> GitCredentials
    {
        if let key = parsed.values["ssh-key"] {
            guard FileManager.default.isReadableFile(atPath: key) else {
                throw UsageError("--ssh-key \(key) is not a readable file")
            }
            return .sshKey(SSHKey(privateKey: .file(path: key)))
        }
        guard let variable = parsed.values["token-env"] else { return .anonymous }
        guard let token = environment[variable], !token.isEmpty else {
            throw UsageError("--token-env \(variable): the environment variable \(variable) is not set or empty")
        }
        // The clone user name comes from the provider's descriptor.
        let providers: ProviderCatalog
        do {
            providers = try ProviderCatalog.load(
                directory: try ResourceLocator.providers.locate(
                    explicit: parsed.values["providers"], environment: environment))
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError("\(error)")
        }
        do {
            return try providers.cloneCredentials(Redacted(token), provider: parsed.values["provider"] ?? "github")
        } catch {
            throw UsageError(error.message)
        }
    }

    /// A `--path` as the store keeps it: no `./`, no leading or trailing slashes.
    static func normalizedPath(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// `relay` for `…/relay.git`, `relay-services-billing` with `--path services/billing`.
    static func derivedName(remote: RemoteURL, path: String) -> String {
        let repository = remote.path.split(separator: "/").last.map(String.init) ?? "integration"
        let folder = path.lowercased().hasSuffix(".yaml") ? (path as NSString).deletingLastPathComponent : path
        let raw = folder.isEmpty ? repository : repository + "-" + folder
        var name = ""
        for character in raw.lowercased() {
            let keep = character.isASCII && (character.isLetter || character.isNumber)
            if keep {
                name.append(character)
            } else if !name.isEmpty, name.last != "-" {
                name.append("-")
            }
        }
        while name.hasSuffix("-") { name.removeLast() }
        return String((name.isEmpty ? "integration" : name).prefix(63))
    }

    private static func checkedName(_ name: String) throws(UsageError) -> String {
        guard name.isSlug else {
            throw UsageError(
                "--name '\(name)' is not a valid integration name: lowercase letters, digits and '-', at most 63, "
                    + "not starting or ending with '-'")
        }
        return name
    }
}
