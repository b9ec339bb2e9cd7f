import AdminAPI
import Configuration
import Core
import Database
import Foundation
import HTTPServer
import Manifest
import Pipeline
import Providers

/// `slipway serve` between parsing and running: configuration read, data directory opened, config applied,
/// server listening. Its ``serveUntilSignalled()`` runs the workers and waits for SIGTERM or SIGINT.
final class PreparedServer: Sendable {
    let runtime: Runtime
    let server: MHDServer
    /// The threads API handlers run on: their SQLite calls block, and the cooperative threads must not.
    let requestThreads: BlockingPool
    let workers: Int
    let grace: Duration
    let log: Logger
    let console: Console

    init(_ parsed: Arguments, environment: [String: String], console: Console) throws {
        self.console = console
        let log = Logger(
            sink: StandardErrorLogSink(console: console),
            minimumLevel: parsed.flags.contains("verbose") ? .debug : .info)
        self.log = log
        let templates = try TemplateCatalog.load(
            directory: try ResourceLocator.templates.locate(
                explicit: parsed.values["templates"], environment: environment))
        let providers: ProviderCatalog
        do {
            providers = try ProviderCatalog.load(
                directory: try ResourceLocator.providers.locate(
                    explicit: parsed.values["providers"], environment: environment))
        } catch let error as DescriptorError {
            throw UsageError("\(error)")
        }
        let configuration = try Self.configuration(parsed.values["config"], providers: Set(providers.names))
        let listenText = parsed.values["listen"] ?? configuration.listen ?? "127.0.0.1:8080"
        guard let listen = ListenAddress(listenText) else {
            throw UsageError("--listen takes HOST:PORT, like 127.0.0.1:8080, not '\(listenText)'")
        }
        workers = try Self.positive(parsed.values["workers"], option: "--workers") ?? configuration.workers ?? 2
        grace = .seconds(try Self.positive(parsed.values["grace"], option: "--grace") ?? 30)
        let metrics = Metrics()
        runtime = try Runtime(
            dataDirectory: parsed.values["data"] ?? ".slipway", templates: templates, logger: log,
            observer: MetricsObserver(metrics: metrics), credentials: .connections(providers),
            configure: { settings in
                if let minutes = configuration.buildTimeoutMinutes { settings.buildTimeout = .seconds(minutes * 60) }
            })
        let summary = try ConfigApplier.apply(configuration, to: runtime.store, now: Date())
        log.info(
            "configuration applied",
            [
                ("connections", String(summary.connections)), ("created", summary.created.joined(separator: ",")),
                ("updated", summary.updated.joined(separator: ",")),
            ])
        if let key = try ConfigApplier.bootstrapAdminKey(store: runtime.store, environment: environment, now: Date()) {
            console.err(
                "\nAn admin API key was created. It is shown only this once; keep it:\n\n    \(key)\n\n"
                    + "Use it as X-API-KEY: <key>. More keys: slipway keys create --role ROLE --data \(runtime.data.path)\n\n"
            )
        }
        guard let secrets = runtime.secrets else { throw UsageError("the server needs the secret vault") }
        // More threads than cores: a handler waiting for the write lock or the disk leaves the CPU to another.
        requestThreads = BlockingPool(threads: Self.requestThreadCount, name: "slipway-http")
        let context = APIContext(
            store: runtime.store, pipeline: runtime.pipeline, secrets: secrets, metrics: metrics, log: log,
            buildDecisionWait: .seconds(configuration.buildWaitSeconds ?? 20), executor: requestThreads)
        let responder = AdminAPI.responder(AdminAPI.router(context: context, providers: providers), context: context)
        var limits = ServerLimits()
        if let mib = configuration.hookBodyLimitMiB { limits.bodyBytesByPathPrefix["/hooks/"] = mib << 20 }
        do {
            server = try MHDServer(
                responder: responder,
                configuration: MHDServer.Configuration(host: listen.host, port: listen.port, limits: limits),
                logger: log)
        } catch {
            throw UsageError("cannot listen on \(listenText): \(error)")
        }
        console.err("slipway serve: listening on http://\(listen.host):\(server.port), data in \(runtime.data.path)\n")
    }

    private static func configuration(_ explicit: String?, providers: Set<String>) throws -> ServerConfiguration {
        let file = explicit ?? "slipway.yaml"
        guard FileManager.default.fileExists(atPath: file) else {
            if explicit != nil { throw UsageError("--config \(file): no such file") }
            return .empty
        }
        return try ServerConfiguration.load(file: file, knownProviders: providers)
    }

    /// Threads for API handlers (measured with bench/webhooks.sh on 2 cores).
    static let requestThreadCount = 8

    private static func positive(_ text: String?, option: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value > 0 else { throw UsageError("\(option) takes a positive whole number") }
        return value
    }

    /// Runs the workers until SIGTERM or SIGINT, then shuts down gracefully; returns the exit code.
    func serveUntilSignalled() async -> Int32 {
        let stop = SignalWaiter(signals: [SIGTERM, SIGINT])
        let pipeline = runtime.pipeline
        // The workers' code blocks (SQLite, file writes) throughout: it runs on threads of its own, one per
        // worker, so that the cooperative threads stay free to answer HTTP requests at once.
        let threads = BlockingPool(threads: workers, name: "slipway-worker")
        defer { threads.shutdown() }
        let workerTasks = (0..<workers).map { index in
            Task(executorPreference: threads) {
                let flag = stop.flag
                await PipelineWorker(pipeline: pipeline, owner: "serve-\(getpid())-\(index)", executor: threads).run {
                    flag.isSet
                }
            }
        }
        let signal = await stop.wait()
        log.info("stopping", [("signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"), ("grace", grace.readable)])
        // One grace for both: the server stops while workers finish the job they hold and claim no more; a build
        // still running when it ends is cancelled, and its job resumes at the next start.
        let deadline = ContinuousClock.now + grace
        let cancelAtDeadline = Task {
            try? await Task.sleep(until: deadline)
            for task in workerTasks { task.cancel() }
        }
        await server.shutdown(grace: grace)
        requestThreads.shutdown()
        for task in workerTasks { await task.value }
        cancelAtDeadline.cancel()
        log.info("stopped")
        return ExitCode.success
    }
}

/// Counts the pipeline's fetches and builds for `/metrics`.
struct MetricsObserver: PipelineObserver {
    let metrics: Metrics

    func fetchFinished(repository: String, duration: Duration, error: String?) {
        metrics.observe(
            "slipway_fetch_duration_seconds", ["outcome": error == nil ? "ok" : "error"],
            seconds: duration.inSeconds,
            help: "Duration of repository fetches.")
    }

    func buildFinished(buildID: Int64, status: BuildStatus, duration: Duration) {
        metrics.increment("slipway_builds_total", ["outcome": status.rawValue], help: "Builds finished, by outcome.")
    }
}
