import AdminAPI
import Core
import Database
import Foundation

/// `slipway keys create|list|revoke`: the admin API's keys, stored hashed; a new key is printed once.
enum KeysCommand {
    static let summary = "create, list or revoke API keys"

    static let help = """
        USAGE: slipway keys create --role ROLE [--name NAME] [--data DIR]
               slipway keys list [--data DIR] [--format text|json]
               slipway keys revoke ID [--data DIR]

        API keys authenticate the admin API (X-API-KEY: <key> or Authorization: Bearer <key>). Only the key's
        SHA-256 is stored: `create` prints the key once — keep it. These commands work while the server runs.

        ROLES:
          viewer            read everything
          release-manager   releases, defaults, tags, builds and rebuilds; reads everything
          admin             everything, including integrations and connections

        OPTIONS:
          --role ROLE        with create: viewer, release-manager or admin
          --name NAME        with create: a name for people (default: the role)
          --data DIR         the data directory (default: .slipway)
          --format text|json with list
          -h, --help         show this help

        EXIT CODES:
          0  done
          2  usage error, or no key with that id
        """

    static let options: [Arguments.Option] = [
        .value("role", choices: APIRole.allCases.map(\.rawValue)), .value("name"), .value("data"),
        .value("format", choices: ["text", "json"]),
    ]

    static func run(_ arguments: [String], console: Console) -> Int32 {
        do {
            let parsed = try Arguments(arguments, options: options)
            if parsed.wantsHelp || parsed.positionals.isEmpty {
                if parsed.wantsHelp {
                    console.out(help + "\n")
                    return ExitCode.success
                }
                throw UsageError("say what to do: create, list or revoke")
            }
            let data = parsed.values["data"] ?? ".slipway"
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            // No data-directory lock: keys are managed while the server runs; SQLite serializes the writes.
            let store = try SQLiteStore(path: DataDirectory.databasePath(data))
            switch parsed.positionals[0] {
            case "create":
                guard let role = parsed.values["role"].flatMap(APIRole.init(rawValue:)) else {
                    throw UsageError("create needs --role viewer, release-manager or admin")
                }
                let key = try APIKeys.generate()
                let record = try store.createAPIKey(
                    name: parsed.values["name"] ?? role.rawValue, role: role, hash: APIKeys.hash(key),
                    prefix: APIKeys.prefix(key), now: Date())
                console.out(key + "\n")
                console.err("created API key \(record.id) (\(record.role.rawValue)); it is shown only once\n")
            case "list":
                let keys = try store.apiKeys()
                if parsed.values["format"] == "json" {
                    let objects = keys.map { key in
                        JSONValue.object([
                            "id": .int(Int(key.id)), "name": .string(key.name), "role": .string(key.role.rawValue),
                            "prefix": .string(key.prefix), "created_date": .string(key.createdAt.formatted(.iso8601)),
                            "last_used_date": key.lastUsedAt.map { .string($0.formatted(.iso8601)) } ?? .null,
                            "revoked_date": key.revokedAt.map { .string($0.formatted(.iso8601)) } ?? .null,
                        ])
                    }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    console.out(String(decoding: try encoder.encode(JSONValue.array(objects)), as: UTF8.self) + "\n")
                } else {
                    for key in keys {
                        let state = key.revokedAt == nil ? "active" : "revoked"
                        console.out("\(key.id)\t\(key.prefix)…\t\(key.role.rawValue)\t\(key.name)\t\(state)\n")
                    }
                }
            case "revoke":
                guard parsed.positionals.count == 2, let id = Int64(parsed.positionals[1]) else {
                    throw UsageError("revoke takes the key's id (from `slipway keys list`)")
                }
                do {
                    let key = try store.revokeAPIKey(id: id, now: Date())
                    console.out("revoked API key \(key.id) (\(key.prefix)…)\n")
                } catch let error as StoreError {
                    console.err("error: \(error.message)\n")
                    return ExitCode.usage
                }
            default:
                throw UsageError("unknown keys action '\(parsed.positionals[0])'; use create, list or revoke")
            }
            return ExitCode.success
        } catch let error as UsageError {
            console.usageError(error, command: "keys")
            return ExitCode.usage
        } catch {
            console.err("error: \(error)\n")
            return ExitCode.usage
        }
    }
}
