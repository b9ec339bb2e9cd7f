package import Core
package import Foundation
package import Pipeline

/// Everything the admin API and the webhook intake run on: ports, the pipeline, secrets, metrics.
package struct APIContext: Sendable {
    /// The store: the pipeline's records, connections, keys, paged lists, and the queue.
    package var store: any PipelineStore & AdminStore & JobQueue
    /// The pipeline, for triggers and rebuilds.
    package var pipeline: ReleasePipeline
    /// Secrets by reference.
    package var secrets: any SecretResolving
    /// Counters for `/metrics`.
    package var metrics: Metrics
    /// Log lines.
    package var log: Logger
    /// The time now.
    package var now: @Sendable () -> Date
    /// How long `POST /v2/sourcecontrol/build` waits for the fetch to decide before answering 202.
    package var buildDecisionWait: Duration
    /// Where handlers run: their store calls block, so a server gives them threads of their own (a
    /// `BlockingPool`) and keeps the cooperative threads free. Nil runs them where the request arrives (tests).
    package var executor: (any TaskExecutor)?

    /// Creates a context.
    package init(
        store: any PipelineStore & AdminStore & JobQueue, pipeline: ReleasePipeline, secrets: any SecretResolving,
        metrics: Metrics, log: Logger, now: @escaping @Sendable () -> Date = { Date() },
        buildDecisionWait: Duration = .seconds(20), executor: (any TaskExecutor)? = nil
    ) {
        self.store = store
        self.pipeline = pipeline
        self.secrets = secrets
        self.metrics = metrics
        self.log = log
        self.now = now
        self.buildDecisionWait = buildDecisionWait
        self.executor = executor
    }
}
