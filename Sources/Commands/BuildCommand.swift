import Core
import Foundation
import Manifest
import Pipeline

/// `slipway build --repo URL [--branch NAME | --tag NAME] [--path DIR] …`: one build through the same
/// pipeline as the server, without a server.
enum BuildCommand {
    static let summary = "build a release of a repository's integration now, without a server"

    static let help = """
        USAGE: slipway build --repo URL [--branch NAME | --tag NAME] [--path DIR] [options]

        Fetches the repository into the data directory's mirror, validates the integration's PANDIUM.yaml,
        runs its build command and stores the release: the same pipeline `slipway serve` runs. Work left
        unfinished by an interrupted run in the same data directory is resumed first. Running it again on
        an unchanged commit reports `unchanged`.

        OPTIONS:
          --repo URL             the repository (https://, ssh://, git@host:path, git://, or a local path)
          --branch NAME          build the head of this branch (default: the repository's default branch)
          --tag NAME             build this git tag (the release is named after it)
          --path DIR             the folder of PANDIUM.yaml in the repository, or the file itself (default: root)
          --include PATH,...     extra input folders (monorepos), separated by commas
          --name NAME            the integration's name in the data directory (default: from the URL and path)
          --data DIR             the data directory (default: .slipway)
          --format text|json     progress and a summary (default), or one JSON object for scripts:
                                 {"status": "built"|"unchanged"|"failed", "release": {...} | null,
                                  "diagnostics": [...], "reason": "...", "log": "..."}
          --token-env VAR        an HTTPS token, read from environment variable VAR (never from the command line)
          --provider NAME        whose clone user name goes with the token: a descriptor in the providers folder
                                 (github, gitlab, bitbucket-cloud, azure-devops…; default: github)
          --ssh-key PATH         a private key for ssh:// and git@host:path URLs
          --timeout SECONDS      kill the build command after this long (default: 900)
          --templates DIR        the build-templates folder
          --providers DIR        the provider descriptors folder (for --provider)
          -v, --verbose          log every pipeline step on standard error
          -h, --help             show this help

        EXIT CODES:
          0  built, or unchanged
          1  the build failed (invalid manifest, failing command, missing toolchain, fetch error)
          2  usage error, or the data directory is in use by another process

        EXAMPLES:
          slipway build --repo https://github.com/acme/relay.git --path services/relay
          slipway build --repo git@github.com:acme/relay.git --tag v1.4.0 --ssh-key ~/.ssh/deploy --format json
        """

    static let options: [Arguments.Option] = [
        .value("repo"), .value("branch"), .value("tag"), .value("path"), .value("include"), .value("name"),
        .value("data"), .value("format", choices: ["text", "json"]), .value("token-env"), .value("provider"),
        .value("providers"), .value("ssh-key"), .value("timeout"), .value("templates"), .flag("verbose", short: "v"),
    ]

    static func run(_ arguments: [String], console: Console) -> Int32 {
        let request: BuildRequestOptions
        let runtime: Runtime
        let json: Bool
        do {
            let parsed = try Arguments(arguments, options: options)
            if parsed.wantsHelp {
                console.out(help + "\n")
                return ExitCode.success
            }
            request = try BuildRequestOptions(parsed, environment: ProcessInfo.processInfo.environment)
            json = parsed.values["format"] == "json"
            let folder = try ResourceLocator.templates.locate(
                explicit: parsed.values["templates"], environment: ProcessInfo.processInfo.environment)
            let templates: TemplateCatalog
            do {
                templates = try TemplateCatalog.load(directory: folder)
            } catch {
                throw UsageError("\(error)")
            }
            let progress = BuildProgress(console: console, quiet: json)
            let logger = Logger(
                sink: StandardErrorLogSink(console: console),
                minimumLevel: parsed.flags.contains("verbose") ? .debug : .warning)
            do {
                let credentials = request.credentials
                let timeout = request.timeout
                runtime = try Runtime(
                    dataDirectory: parsed.values["data"] ?? ".slipway", templates: templates, logger: logger,
                    observer: progress, credentials: .fixed(credentials),
                    configure: { settings in settings.buildTimeout = timeout })
            } catch let error as UsageError {
                throw error
            } catch {
                console.err("error: \(error)\n")
                return ExitCode.usage
            }
        } catch {
            console.usageError(error, command: "build")
            return ExitCode.usage
        }
        let result = BlockingAsync.run { await OneShotBuild(runtime: runtime, request: request).run() }
        let report = BuildReport(result: result)
        console.out(json ? report.json() + "\n" : report.text())
        return report.status == "failed" ? ExitCode.failure : ExitCode.success
    }
}

/// Runs async work from the synchronous CLI entry point and waits for it.
enum BlockingAsync {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    private final class ResultBox<T>: @unchecked Sendable {
        // Unchecked: written once by the task before the semaphore is signalled, read after the wait.
        var value: T?
    }
}
