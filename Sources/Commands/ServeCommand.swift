import AdminAPI
import Configuration
import Core
import Foundation
import HTTPServer
import Manifest
import Pipeline
import Providers

/// `slipway serve`: the HTTP server (admin API and webhook intake) and the pipeline's workers.
enum ServeCommand {
    static let summary = "run the server: admin API, webhook intake and the release pipeline's workers"

    static let help = """
        USAGE: slipway serve [--config FILE] [--data DIR] [--listen HOST:PORT] [options]

        Applies the config file's connections and integrations (idempotently), then serves the admin API
        (/v2/...), webhooks (POST /hooks/<connection id>), /healthz, /metrics and /v2/openapi.json, and runs
        the release pipeline's workers. Work a previous process left unfinished resumes at once. SIGTERM or
        SIGINT stops accepting requests, lets requests and builds in progress finish (up to --grace seconds),
        and exits.

        The first start prints an admin API key once (or set SLIPWAY_ADMIN_KEY). Secrets stored through the API
        are sealed with a master key: SLIPWAY_MASTER_KEY (base64), else master.key in the data directory,
        created on first start — back it up.

        OPTIONS:
          --config FILE        the config file (default: slipway.yaml when present)
          --data DIR           the data directory (default: .slipway)
          --listen HOST:PORT   where to listen (default: the config's server.listen, else 127.0.0.1:8080)
          --workers N          jobs run at once (default: the config's server.workers, else 2)
          --grace SECONDS      how long a shutdown waits for requests and builds in progress (default: 30)
          --templates DIR      the build-templates folder
          --providers DIR      the provider descriptors folder
          -v, --verbose        debug logging
          -h, --help           show this help

        EXIT CODES:
          0  stopped by a signal after a clean shutdown
          2  usage or config error (file:line:column), data directory in use, or the address cannot be bound
        """

    static let options: [Arguments.Option] = [
        .value("config"), .value("data"), .value("listen"), .value("workers"), .value("grace"), .value("templates"),
        .value("providers"), .flag("verbose", short: "v"),
    ]

    static func run(_ arguments: [String], console: Console) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let prepared: PreparedServer
        do {
            let parsed = try Arguments(arguments, options: options)
            if parsed.wantsHelp {
                console.out(help + "\n")
                return ExitCode.success
            }
            prepared = try PreparedServer(parsed, environment: environment, console: console)
        } catch let error as UsageError {
            console.usageError(error, command: "serve")
            return ExitCode.usage
        } catch let error as ConfigurationError {
            console.err("\(error)\n")
            return ExitCode.usage
        } catch {
            console.err("error: \(error)\n")
            return ExitCode.usage
        }
        return BlockingAsync.run { await prepared.serveUntilSignalled() }
    }
}
