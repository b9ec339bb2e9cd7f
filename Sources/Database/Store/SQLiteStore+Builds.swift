package import Core
package import Foundation

// Builds, their jobs and their logs.
extension SQLiteStore {
    /// Requests a build with its job and the decisions it serves, in one transaction:
    /// - a tag build is created once per integration and tag; asking again returns it as `existing`, attaching
    ///   the decisions and re-enqueueing its job only while it is unfinished (a finished tag build has nothing
    ///   left to do, so its decisions are left for the caller to settle);
    /// - a branch build takes over a still-queued branch build of the same integration and ref whose job no
    ///   worker has claimed yet: it builds the new commit, and its earlier decisions become `coalesced` (unless
    ///   the commit is the same); a build already claimed is never changed under its worker;
    /// - otherwise a new build is queued.
    ///
    /// The job is `build` / `build:<id>` / group `integration:<id>` / payload `{"build_id": id}`, enqueued unless a
    /// job with that key is queued or running. ``StoreError/Code/notFound`` when the integration or a decision
    /// does not exist, or a decision belongs to another integration.
    package func requestBuild(
        _ build: NewBuild, decisionIDs: [Int64], maxAttempts: Int, now: Date
    ) throws
        -> BuildRequest
    {
        try write { db in
            _ = try Self.existingIntegration(build.integrationID, in: db)
            for id in decisionIDs {
                let owner = try db.queryFirst("SELECT integration_id FROM decisions WHERE id = ?", [id]) {
                    $0.optionalInt64("integration_id")
                }
                guard owner == build.integrationID else {
                    throw StoreError(
                        .notFound, "decision \(id) is not a decision of integration \(build.integrationID)")
                }
            }
            let request: BuildRequest
            if let tag = build.tag,
                let existing = try db.queryFirst(
                    "SELECT * FROM builds WHERE integration_id = ? AND tag = ?", [build.integrationID, tag], Build.init)
            {
                if existing.status.isFinished { return .existing(existing) }
                request = .existing(existing)
            } else if build.tag == nil, let queued = try Self.coalescibleBuild(build, in: db) {
                request = .coalesced(
                    try Self.coalesce(queued, into: build, keeping: Set(decisionIDs), now: now, in: db))
            } else {
                let sql = """
                    INSERT INTO builds (integration_id, status, trigger_source, ref, tag, commit_sha, inputs_digest,
                        diagnostics, attempts, created_at)
                    VALUES (?, 'queued', ?, ?, ?, ?, ?, '[]', 0, ?)
                    RETURNING *
                    """
                let values: [any SQLBindable] = [
                    build.integrationID, build.trigger.rawValue, build.ref, build.tag, build.commitSHA,
                    build.inputsDigest, now,
                ]
                request = .created(try Self.returned(try db.queryFirst(sql, values, Build.init), "build", build.ref))
            }
            let id = request.build.id
            let queued = DecisionUpdate(
                outcome: .queued, reason: "build \(id) of commit \(request.build.commitSHA.prefix(7)) is queued",
                commitSHA: request.build.commitSHA, inputsDigest: request.build.inputsDigest, buildID: id,
                step: DecisionStep(at: now, stage: "queued", detail: "build \(id)"))
            for decisionID in decisionIDs {
                _ = try Self.apply(queued, toDecision: decisionID, now: now, in: db)
            }
            let key = "build:\(id)"
            let active = try db.queryFirst(
                "SELECT id FROM jobs WHERE key = ? AND state IN ('queued', 'running')", [key]
            ) { $0.int64("id") }
            if active == nil {
                let spec = JobSpec(
                    kind: "build", key: key, group: Self.buildGroup(integrationID: build.integrationID),
                    payload: .object(["build_id": .int(Int(id))]), maxAttempts: maxAttempts)
                _ = try Self.enqueue(spec, now: now, in: db)
            }
            return request
        }
    }

    /// The build with this id.
    package func build(id: Int64) throws -> Build? {
        try read { db in try Self.build(id: id, in: db) }
    }

    /// The integration's builds, newest first.
    package func builds(integrationID: Int64, limit: Int, offset: Int) throws -> [Build] {
        try read { db in
            try db.query(
                "SELECT * FROM builds WHERE integration_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                [integrationID, max(0, limit), max(0, offset)], Build.init)
        }
    }

    /// The newest build of the integration with this digest, whatever its status.
    package func latestBuild(integrationID: Int64, inputsDigest: String) throws -> Build? {
        try read { db in
            try db.queryFirst(
                "SELECT * FROM builds WHERE integration_id = ? AND inputs_digest = ? ORDER BY id DESC LIMIT 1",
                [integrationID, inputsDigest], Build.init)
        }
    }

    /// Marks a build running from `now` and counts the attempt; a finished build is returned unchanged.
    package func startBuild(id: Int64, now: Date) throws -> Build {
        try write { db in
            let build = try Self.existingBuild(id, in: db)
            guard !build.status.isFinished else { return build }
            return try Self.returned(
                try db.queryFirst(
                    """
                    UPDATE builds SET status = 'running', attempts = attempts + 1, started_at = ?, failure = NULL
                    WHERE id = ?
                    RETURNING *
                    """, [now, id], Build.init), "build", "\(id)")
        }
    }

    /// Appends lines to a build's log, all or none.
    package func appendBuildLog(buildID: Int64, lines: [LogLine]) throws {
        try write { db in
            _ = try Self.existingBuild(buildID, in: db)
            for line in lines {
                try db.run(
                    "INSERT INTO build_log (build_id, at, stream, text) VALUES (?, ?, ?, ?)",
                    [buildID, line.at, line.stream.rawValue, line.text])
            }
        }
    }

    /// A build's log, in the order it was written.
    package func buildLog(buildID: Int64) throws -> [LogLine] {
        try read { db in
            try db.query("SELECT * FROM build_log WHERE build_id = ? ORDER BY id", [buildID]) { row in
                LogLine(
                    at: row.date("at"),
                    stream: try JSONColumn.value(LogLine.Stream.self, row.string("stream"), "build \(buildID)'s log"),
                    text: row.string("text"))
            }
        }
    }

    /// Marks a build failed (with the reason and every diagnostic) and its unfinished decisions
    /// `failed-validation` or `failed-build`, in one transaction. Failing a failed build again returns it
    /// unchanged; ``StoreError/Code/conflict`` for a build that succeeded or was skipped.
    @discardableResult
    package func failBuild(
        id: Int64, failure: String, diagnostics: [Diagnostic], validation: Bool, now: Date
    ) throws
        -> Build
    {
        try write { db in
            let build = try Self.existingBuild(id, in: db)
            switch build.status {
            case .failed: return build
            case .succeeded, .skipped:
                throw StoreError(
                    .conflict, "build \(id) already \(build.status.rawValue); only an unfinished build can fail")
            case .queued, .running: break
            }
            let failed = try Self.returned(
                try db.queryFirst(
                    """
                    UPDATE builds SET status = 'failed', failure = ?, diagnostics = ?, completed_at = ?
                    WHERE id = ?
                    RETURNING *
                    """,
                    [failure, try JSONColumn.encode(diagnostics, "build \(id)'s diagnostics"), now, id], Build.init),
                "build", "\(id)")
            let update = DecisionUpdate(
                outcome: validation ? .failedValidation : .failedBuild, reason: failure, buildID: id,
                step: DecisionStep(
                    at: now, stage: validation ? "validated" : "built",
                    detail: "build \(id) failed: \(failure)"))
            try Self.settleDecisions(ofBuild: id, update, now: now, in: db)
            return failed
        }
    }

    /// The job group of an integration's builds: one build of an integration runs at a time.
    static func buildGroup(integrationID: Int64) -> String { "integration:\(integrationID)" }

    static func build(id: Int64, in db: SQLiteConnection) throws -> Build? {
        try db.queryFirst("SELECT * FROM builds WHERE id = ?", [id], Build.init)
    }

    /// The build, or ``StoreError/Code/notFound``.
    static func existingBuild(_ id: Int64, in db: SQLiteConnection) throws -> Build {
        guard let build = try build(id: id, in: db) else {
            throw StoreError(.notFound, "build \(id) does not exist; its integration may have been deleted")
        }
        return build
    }

    /// A queued branch build of the same integration and ref whose job is still queued (no worker has it).
    private static func coalescibleBuild(_ build: NewBuild, in db: SQLiteConnection) throws -> Build? {
        try db.queryFirst(
            """
            SELECT * FROM builds b
            WHERE b.integration_id = ? AND b.ref = ? AND b.status = 'queued' AND b.tag IS NULL
                AND EXISTS (SELECT 1 FROM jobs j WHERE j.key = 'build:' || b.id AND j.state = 'queued')
            ORDER BY b.id DESC LIMIT 1
            """, [build.integrationID, build.ref], Build.init)
    }

    /// Points `queued` at the newer commit; the decisions it served (but those in `kept`, which the request
    /// attaches again) become `coalesced`.
    private static func coalesce(
        _ queued: Build, into build: NewBuild, keeping kept: Set<Int64>, now: Date, in db: SQLiteConnection
    ) throws -> Build {
        guard queued.commitSHA != build.commitSHA || queued.inputsDigest != build.inputsDigest else { return queued }
        let updated = try returned(
            try db.queryFirst(
                "UPDATE builds SET commit_sha = ?, inputs_digest = ? WHERE id = ? RETURNING *",
                [build.commitSHA, build.inputsDigest, queued.id], Build.init), "build", "\(queued.id)")
        let short = build.commitSHA.prefix(7)
        let coalesced = DecisionUpdate(
            outcome: .coalesced,
            reason: "a newer push to \(build.ref) is built instead: build \(queued.id) now builds commit \(short)",
            step: DecisionStep(at: now, stage: "coalesced", detail: "build \(queued.id) builds commit \(short)"))
        try settleDecisions(ofBuild: queued.id, coalesced, excluding: kept, now: now, in: db)
        return updated
    }
}
