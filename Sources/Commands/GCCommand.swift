import Artifacts
import Core
import Database
import Foundation

/// `slipway gc`: removes artifacts no release references, by age and count.
enum GCCommand {
    static let summary = "remove artifacts that no release references (by age and count)"

    static let help = """
        USAGE: slipway gc [--data DIR] [--keep N] [--min-age-hours H] [--format text|json]

        Removes unreferenced artifacts from the data directory's artifact store: those younger than
        --min-age-hours are always kept (an artifact being published is not referenced yet), and of the
        older ones the newest --keep are kept. An artifact that any release references is never removed.

        OPTIONS:
          --data DIR             the data directory (default: .slipway)
          --keep N               unreferenced artifacts to keep besides the young ones (default: 0)
          --min-age-hours H      never remove artifacts younger than this (default: 24)
          --format text|json     a summary line (default), or a JSON object
          -h, --help             show this help

        EXIT CODES:
          0  done
          2  usage error, or the data directory is in use by another process
        """

    static let options: [Arguments.Option] = [
        .value("data"), .value("keep"), .value("min-age-hours"), .value("format", choices: ["text", "json"]),
    ]

    static func run(_ arguments: [String], console: Console) -> Int32 {
        do {
            let parsed = try Arguments(arguments, options: options)
            if parsed.wantsHelp {
                console.out(help + "\n")
                return ExitCode.success
            }
            let keep = try number(parsed.values["keep"] ?? "0", option: "--keep")
            let hours = try number(parsed.values["min-age-hours"] ?? "24", option: "--min-age-hours")
            let data = try DataDirectory(parsed.values["data"] ?? ".slipway")
            let store = try SQLiteStore(path: data.database)
            let artifacts = try FileArtifactStore(root: data.artifacts)
            let report = try artifacts.collectGarbage(
                referenced: try store.referencedArtifactDigests(), minimumAge: .seconds(hours * 3600),
                keepUnreferenced: keep, now: Date())
            if parsed.values["format"] == "json" {
                console.out(
                    "{\"removed\": \(report.removed.count), \"freed_bytes\": \(report.freedBytes), "
                        + "\"kept_referenced\": \(report.keptReferenced), \"kept_unreferenced\": \(report.keptUnreferenced)}\n"
                )
            } else {
                console.out(
                    "removed \(report.removed.count) artifacts (\(report.freedBytes) bytes); kept \(report.keptReferenced) "
                        + "referenced by releases and \(report.keptUnreferenced) unreferenced\n")
            }
            return ExitCode.success
        } catch let error as UsageError {
            console.usageError(error, command: "gc")
            return ExitCode.usage
        } catch {
            console.err("error: \(error)\n")
            return ExitCode.usage
        }
    }

    private static func number(_ text: String, option: String) throws(UsageError) -> Int {
        guard let value = Int(text), value >= 0 else {
            throw UsageError("\(option) takes a whole number, not '\(text)'")
        }
        return value
    }
}
