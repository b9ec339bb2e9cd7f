internal import CGit2
package import Core

/// The libgit2 implementation of ``GitMirrors``: bare mirrors under a data directory (see ``MirrorLayout``),
/// fetched on a ``BlockingPool``, with single-flight fetches per repository and a global bound on concurrent
/// fetches.
///
/// Single flight: at most one fetch per repository runs at a time. A request joins the running fetch when that
/// fetch started at or after the request's ``FetchRequest/notBefore``, covers its branches and tags, and uses the
/// same credentials; otherwise it joins (and widens) the next queued fetch, which starts when the running one
/// ends. A fetch waiting for a global slot is still open to joiners. A caller that cancels leaves its fetch; a
/// fetch that no caller waits for any more is aborted.
///
/// One `MirrorStore` per data directory and process: two stores on one directory would fetch concurrently into
/// the same mirrors. Queries open the mirror per call on the pool, so they never share a libgit2 handle.
package actor MirrorStore: GitMirrors {
    /// How a store is set up.
    package struct Configuration: Sendable {
        /// Slipway's data directory; mirrors go to `<dataDirectory>/mirrors`.
        package var dataDirectory: String
        /// Most fetches running at once, over all repositories.
        package var maxConcurrentFetches: Int
        /// Threads for libgit2 work; should exceed `maxConcurrentFetches` so that queries still run during fetches.
        package var pool: BlockingPool
        /// Where "created mirror" and "mirror is corrupt; moved it aside" lines go.
        package var logger: Logger

        /// Creates a configuration.
        package init(dataDirectory: String, maxConcurrentFetches: Int = 4, pool: BlockingPool, logger: Logger) {
            self.dataDirectory = dataDirectory
            self.maxConcurrentFetches = maxConcurrentFetches
            self.pool = pool
            self.logger = logger
        }
    }

    private final class Flight {
        let number: Int
        let remote: RemoteURL
        let credentials: GitCredentials
        var branches: Set<String>
        var includeTags: Bool
        var stallTimeout: Duration
        var startedAt: ContinuousClock.Instant?
        var waiters: [Int: Waiter] = [:]
        var served = 0
        var session: TransferSession?

        init(number: Int, request: FetchRequest) {
            self.number = number
            remote = request.remote
            credentials = request.credentials
            branches = Set(request.branches)
            includeTags = request.includeTags
            stallTimeout = request.transfer.stallTimeout
        }

        func covers(_ request: FetchRequest) -> Bool {
            branches.isSuperset(of: request.branches) && (includeTags || !request.includeTags)
        }
    }

    private struct Waiter {
        var continuation: CheckedContinuation<FetchResult, any Error>
        var progress: (@Sendable (GitProgress) -> Void)?
        var progressID: Int?
        var registration: CancellationToken.Registration?
    }

    private struct Lane {
        var running: Flight?
        var queued: [Flight] = []
    }

    let layout: MirrorLayout
    let pool: BlockingPool
    private let logger: Logger
    private let fetchSlots: AsyncSemaphore
    private var lanes: [String: Lane] = [:]
    private var nextNumber = 0
    private var nextWaiterID = 0

    /// Fetches actually run (not requests): a request served by another request's fetch does not count.
    package private(set) var fetchesPerformed = 0
    /// Mirrors whose stale lock files this process has looked for: only a process that died mid-fetch leaves
    /// them, so once per mirror and process is enough.
    private var sweptMirrors: Set<String> = []

    /// Creates a store; nothing is read or written until the first call.
    package init(configuration: Configuration) {
        layout = MirrorLayout(dataDirectory: configuration.dataDirectory)
        pool = configuration.pool
        logger = configuration.logger
        fetchSlots = AsyncSemaphore(permits: max(1, configuration.maxConcurrentFetches))
    }

    /// Where the mirror of `remote` lives (it may not exist yet).
    package nonisolated func mirrorDirectory(for remote: RemoteURL) -> String { layout.directory(for: remote) }

    // MARK: Fetch

    /// Fetches into the mirror of `request.remote`, sharing a fetch with concurrent requests (see the type's
    /// documentation); throws ``GitError``.
    package func fetch(_ request: FetchRequest) async throws -> FetchResult {
        try validate(request)
        if Task.isCancelled || request.transfer.cancellation?.isCancelled == true {
            throw GitError(.cancelled, "fetching \(request.remote.redacted) was cancelled")
        }
        let key = request.remote.repositoryKey
        let flight = flightToJoin(request, key: key)
        let number = flight.number
        nextWaiterID += 1
        let waiterID = nextWaiterID
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                var waiter = Waiter(continuation: continuation, progress: request.transfer.progress)
                if let progress = request.transfer.progress, let session = flight.session {
                    waiter.progressID = session.addProgressHandler(progress)
                }
                waiter.registration = request.transfer.cancellation?.onCancel { [self] in
                    Task { await self.leave(key: key, flight: number, waiter: waiterID, byToken: true) }
                }
                flight.waiters[waiterID] = waiter
                startNext(key: key)
            }
        } onCancel: {
            Task { await self.leave(key: key, flight: number, waiter: waiterID, byToken: false) }
        }
    }

    private func validate(_ request: FetchRequest) throws(GitError) {
        guard !request.branches.isEmpty || request.includeTags else {
            throw GitError(
                .invalidArgument, "nothing to fetch from \(request.remote.redacted): name a branch or include tags")
        }
        for branch in request.branches where !isValidBranchName(branch) {
            throw GitError(
                .invalidArgument,
                "'\(branch)' is not a valid branch name (for \(request.remote.redacted)); give a short name such as "
                    + "main or release/2.x")
        }
        try checkSSHSupport(remote: request.remote, credentials: request.credentials)
    }

    private func flightToJoin(_ request: FetchRequest, key: String) -> Flight {
        var lane = lanes[key] ?? Lane()
        defer { lanes[key] = lane }
        if let running = lane.running, running.credentials == request.credentials {
            if running.startedAt == nil {
                running.branches.formUnion(request.branches)
                running.includeTags = running.includeTags || request.includeTags
                return running
            }
            if let started = running.startedAt, started >= request.notBefore, running.covers(request) {
                return running
            }
        }
        if let queued = lane.queued.first(where: { $0.credentials == request.credentials }) {
            queued.branches.formUnion(request.branches)
            queued.includeTags = queued.includeTags || request.includeTags
            queued.stallTimeout = min(queued.stallTimeout, request.transfer.stallTimeout)
            return queued
        }
        nextNumber += 1
        let flight = Flight(number: nextNumber, request: request)
        lane.queued.append(flight)
        return flight
    }

    private func startNext(key: String) {
        guard var lane = lanes[key], lane.running == nil else { return }
        guard !lane.queued.isEmpty else {
            lanes[key] = nil
            return
        }
        lane.running = lane.queued.removeFirst()
        lanes[key] = lane
        Task { await self.execute(key: key) }
    }

    private func execute(key: String) async {
        guard let flight = lanes[key]?.running else { return }
        do {
            try await fetchSlots.acquire()
        } catch {
            finish(flight, key: key, with: .failure(error))
            return
        }
        defer { fetchSlots.release() }
        guard !flight.waiters.isEmpty else {
            finish(flight, key: key, with: .failure(GitError(.cancelled, "fetch was cancelled by every caller")))
            return
        }
        flight.startedAt = .now
        let session = TransferSession(
            remote: flight.remote, credentials: flight.credentials, stallTimeout: flight.stallTimeout)
        flight.session = session
        for (id, waiter) in flight.waiters {
            if let progress = waiter.progress { flight.waiters[id]?.progressID = session.addProgressHandler(progress) }
        }
        fetchesPerformed += 1
        let job = MirrorFetch(
            layout: layout, remote: flight.remote, branches: flight.branches.sorted(),
            includeTags: flight.includeTags, logger: logger, session: session,
            sweepStaleLocks: sweptMirrors.insert(key).inserted)
        let started = ContinuousClock.now
        let outcome: Result<MirrorFetch.Outcome, any Error>
        do {
            outcome = .success(try await session.run(on: pool) { try job.run() })
        } catch {
            outcome = .failure(session.gitError(error, doing: "Fetching"))
        }
        let duration = ContinuousClock.now - started
        finish(
            flight, key: key,
            with: outcome.map { outcome in
                FetchResult(
                    remote: flight.remote, fetchNumber: flight.number, servedRequests: flight.waiters.count,
                    refs: outcome.refs, updates: outcome.updates, receivedObjects: outcome.receivedObjects,
                    receivedBytes: outcome.receivedBytes, createdMirror: outcome.createdMirror,
                    replacedCorruptMirror: outcome.replacedCorruptMirror, duration: duration)
            })
    }

    private func finish(_ flight: Flight, key: String, with result: Result<FetchResult, any Error>) {
        let waiters = flight.waiters
        flight.waiters = [:]
        for waiter in waiters.values {
            waiter.registration?.remove()
            if let id = waiter.progressID { flight.session?.removeProgressHandler(id) }
            waiter.continuation.resume(with: result)
        }
        if lanes[key]?.running === flight { lanes[key]?.running = nil }
        startNext(key: key)
    }

    /// A caller gave up: it gets its error now; the fetch goes on for the others, or stops if none is left.
    private func leave(key: String, flight number: Int, waiter id: Int, byToken: Bool) {
        guard let lane = lanes[key] else { return }
        let flights = (lane.running.map { [$0] } ?? []) + lane.queued
        guard let flight = flights.first(where: { $0.number == number }),
            let waiter = flight.waiters.removeValue(forKey: id)
        else { return }
        waiter.registration?.remove()
        if let progressID = waiter.progressID { flight.session?.removeProgressHandler(progressID) }
        waiter.continuation.resume(
            throwing: byToken
                ? GitError(.cancelled, "fetching \(flight.remote.redacted) was cancelled") : CancellationError())
        guard flight.waiters.isEmpty else { return }
        if lane.running === flight {
            flight.session?.abort(.cancelled)
        } else {
            lanes[key]?.queued.removeAll { $0 === flight }
        }
    }
}

private func isValidBranchName(_ branch: String) -> Bool {
    _ = libgit2Ready
    var valid: Int32 = 0
    guard !branch.isEmpty, git_reference_name_is_valid(&valid, "refs/heads/" + branch) == 0 else { return false }
    return valid == 1
}
