import Core
import Foundation
import Manifest
import Synchronization

/// `slipway validate [PATH...] [--recursive] [--format text|json]`.
enum ValidateCommand {
    static let summary = "check PANDIUM.yaml files and print every problem with file:line:column"

    static let help = """
        USAGE: slipway validate [PATH...] [--recursive] [--format text|json] [options]

        Checks PANDIUM.yaml manifests: YAML syntax, required keys, the base runtime against the
        build templates, configs.schema and configs.uischema (every scope, $ref and required name),
        metadata_schema, connectors and include. Every problem is reported in one pass.

        ARGUMENTS:
          PATH                   a PANDIUM.yaml file, or a folder holding one (default: .)

        OPTIONS:
          -r, --recursive        validate every PANDIUM.yaml below each folder (skips .git)
          --format text|json     compiler-style text (default) or a JSON array, one object per file:
                                 {"file", "valid", "diagnostics": [{"severity", "line", "column",
                                 "path", "message"}], "manifest": {...} or null}
          --templates DIR        the build-templates folder (default: found beside the binary,
                                 or $SLIPWAY_TEMPLATES)
          --no-toolchain-check   do not look for the runtimes' toolchains on this host
          -h, --help             show this help

        EXIT CODES:
          0  every file is valid (warnings allowed)
          1  at least one file has errors
          2  usage error, or a path that is missing, unreadable or not text at all

        EXAMPLES:
          slipway validate
          slipway validate services/relay/PANDIUM.yaml
          slipway validate --recursive . --format json
        """

    static let options: [Arguments.Option] = [
        .flag("recursive", short: "r"), .value("format", choices: ["text", "json"]), .value("templates"),
        .flag("no-toolchain-check"),
    ]

    static func run(_ arguments: [String], console: Console) -> Int32 {
        let parsed: Arguments
        let templates: TemplateCatalog
        do {
            parsed = try Arguments(arguments, options: options)
            if parsed.wantsHelp {
                console.out(help + "\n")
                return ExitCode.success
            }
            let folder = try ResourceLocator.templates.locate(
                explicit: parsed.values["templates"], environment: ProcessInfo.processInfo.environment)
            do {
                templates = try TemplateCatalog.load(directory: folder)
            } catch {
                console.err("error: \(error)\n")
                return ExitCode.usage
            }
        } catch {
            console.usageError(error, command: "validate")
            return ExitCode.usage
        }
        let probe: (any ToolchainProbing)? = parsed.flags.contains("no-toolchain-check") ? nil : ProcessToolchainProbe()
        let validator = ManifestValidator(templates: templates, toolchains: probe)
        let paths = parsed.positionals.isEmpty ? ["."] : parsed.positionals
        let items = ManifestFinder.find(paths, recursive: parsed.flags.contains("recursive"))
        let results = checkAll(items, with: validator)
        let renderer = DiagnosticRenderer(colors: parsed.values["format"] != "json" && console.stdoutIsTerminal)
        if parsed.values["format"] == "json" {
            console.out(renderer.json(results) + "\n")
        } else {
            var text = ""
            for result in results { text += renderer.text(result) }
            console.out(text + renderer.summary(results) + "\n")
        }
        if results.contains(where: { $0.isUnreadable }) { return ExitCode.usage }
        return results.allSatisfy(\.isValid) ? ExitCode.success : ExitCode.failure
    }
}

extension ValidateCommand {
    /// Checks the files on every core: each file is independent, and monorepos hold many.
    static func checkAll(_ items: [ManifestFinder.Item], with validator: ManifestValidator) -> [FileResult] {
        let results = Mutex([FileResult?](repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            let result = FileResult.check(items[index], with: validator)
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}

/// The outcome for one path: a report, or why the file could not be read.
struct FileResult {
    var file: String
    var report: ManifestReport?
    var readError: String?

    var isValid: Bool { report?.isValid ?? false }
    /// Missing, unreadable, or not text at all: exit code 2.
    var isUnreadable: Bool { readError != nil || report?.notText == true }

    static func check(_ item: ManifestFinder.Item, with validator: ManifestValidator) -> FileResult {
        switch item {
        case .unusable(let path, let reason):
            return FileResult(file: path, report: nil, readError: reason)
        case .file(let path):
            if let size = FileSystem.size(of: path), let refused = validator.validate(byteCount: size) {
                return FileResult(file: path, report: refused, readError: nil)
            }
            switch FileSystem.read(path) {
            case .success(let bytes):
                return FileResult(file: path, report: validator.validate(SourceText(bytes)), readError: nil)
            case .failure(let error):
                return FileResult(file: path, report: nil, readError: error.message)
            }
        }
    }
}
