package import Core
package import Foundation

// Triggers and the decisions that record what became of them (SPEC invariants 1 and 9).
extension SQLiteStore {
    /// Records a trigger with one pending decision per matched integration (an integration listed twice gets
    /// one; each decision copies the trigger's source, provider, delivery id, ref and repository key, or its
    /// integration's repository key when the trigger has none), or one unmatched decision, and enqueues `jobs`,
    /// in one transaction. A trigger whose `(provider, deliveryID)` was recorded before is not
    /// recorded again: the first one is returned with its decisions and `created == false`, and no job is
    /// enqueued. ``StoreError/Code/notFound`` (and nothing recorded) when an integration does not exist.
    package func submit(
        _ trigger: NewTrigger, integrationIDs: [Int64], unmatchedReason: String, jobs: [JobSpec],
        settled: (outcome: DecisionOutcome, reason: String)?, now: Date
    ) throws -> (trigger: Trigger, decisions: [Decision], created: Bool) {
        try write { db in
            if let provider = trigger.provider, let deliveryID = trigger.deliveryID,
                let first = try db.queryFirst(
                    "SELECT * FROM triggers WHERE provider = ? AND delivery_id = ?", [provider, deliveryID],
                    Trigger.init)
            {
                let decisions = try db.query(
                    "SELECT * FROM decisions WHERE trigger_id = ? ORDER BY id", [first.id], Decision.init)
                return (first, decisions, false)
            }
            let recorded = try Self.returned(
                try db.queryFirst(
                    """
                    INSERT INTO triggers (source, provider, delivery_id, repository_key, ref, before_sha, after_sha,
                        received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING *
                    """,
                    [
                        trigger.source.rawValue, trigger.provider, trigger.deliveryID, trigger.repositoryKey,
                        trigger.ref, trigger.before, trigger.after, now,
                    ], Trigger.init), "trigger", "from \(trigger.source.rawValue)")
            let received = DecisionStep(at: now, stage: "received", detail: Self.describe(recorded))
            var decisions: [Decision] = []
            if integrationIDs.isEmpty {
                let matched = DecisionStep(at: now, stage: "matched", detail: "no integration: " + unmatchedReason)
                decisions.append(
                    try Self.insertDecision(
                        DecisionRow(trigger: recorded, integrationID: nil, repository: recorded.repositoryKey),
                        outcome: .unmatched, reason: unmatchedReason, steps: [received, matched], now: now, in: db))
            }
            var seen: Set<Int64> = []
            for integrationID in integrationIDs where seen.insert(integrationID).inserted {
                let integration = try Self.existingIntegration(integrationID, in: db)
                let repository = try recorded.repositoryKey ?? Self.repositoryKey(of: integration, in: db)
                let matched = DecisionStep(
                    at: now, stage: "matched", detail: "integration \(integration.name) (\(integration.id))")
                let row = DecisionRow(trigger: recorded, integrationID: integrationID, repository: repository)
                let outcome = settled?.outcome ?? .pending
                let reason = settled?.reason ?? "waiting for the fetch of \(repository ?? "the repository")"
                let steps =
                    [received, matched]
                    + (settled.map { [DecisionStep(at: now, stage: "settled", detail: $0.reason)] } ?? [])
                decisions.append(
                    try Self.insertDecision(row, outcome: outcome, reason: reason, steps: steps, now: now, in: db))
            }
            for spec in jobs {
                _ = try Self.enqueue(spec, now: now, in: db)
            }
            return (recorded, decisions, true)
        }
    }

    /// The trigger with this id.
    package func trigger(id: Int64) throws -> Trigger? {
        try read { db in try db.queryFirst("SELECT * FROM triggers WHERE id = ?", [id], Trigger.init) }
    }

    /// The decision with this id.
    package func decision(id: Int64) throws -> Decision? {
        try read { db in try db.queryFirst("SELECT * FROM decisions WHERE id = ?", [id], Decision.init) }
    }

    /// The triggers with these ids, by id (unknown ids are left out), in one query.
    package func triggers(ids: Set<Int64>) throws -> [Int64: Trigger] {
        guard !ids.isEmpty else { return [:] }
        let list = try JSONColumn.encode(ids.sorted(), "the trigger ids")
        return try read { db in
            let rows = try db.query(
                "SELECT * FROM triggers WHERE id IN (SELECT value FROM json_each(?))", [list], Trigger.init)
            return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Decisions of the repository's integrations that are not final (pending, queued, fetch failed), oldest first,
    /// without their trails (see ``PipelineStore/openDecisions(repositoryID:)``).
    package func openDecisions(repositoryID: Int64) throws -> [Decision] {
        try read { db in
            try db.query(
                """
                SELECT \(Self.columnsWithoutTrail) FROM decisions
                WHERE integration_id IN (SELECT id FROM integrations WHERE repository_id = ?)
                    AND outcome IN ('pending', 'queued', 'fetch-failed')
                ORDER BY id
                """, [repositoryID], Decision.init)
        }
    }

    /// Applies an update to a decision: its outcome and reason, the facts given (others kept), a step appended.
    @discardableResult
    package func updateDecision(id: Int64, _ update: DecisionUpdate, now: Date) throws -> Decision {
        try write { db in
            if let buildID = update.buildID { _ = try Self.existingBuild(buildID, in: db) }
            guard let decision = try Self.apply(update, toDecision: id, now: now, in: db) else {
                throw StoreError(.notFound, "decision \(id) does not exist")
            }
            return decision
        }
    }

    /// Applies one update to many decisions in one transaction (a fetch settling every decision waiting for it).
    package func updateDecisions(ids: [Int64], _ update: DecisionUpdate, now: Date) throws {
        guard !ids.isEmpty else { return }
        let step = try JSONColumn.encode(update.step, "the decision's step")
        let list = try JSONColumn.encode(ids, "the decision ids")
        try write { db in
            if let buildID = update.buildID { _ = try Self.existingBuild(buildID, in: db) }
            // One statement for all: the step is appended in SQL, no row is read back.
            let changed = try db.run(
                "UPDATE decisions SET \(Self.updateAssignments) WHERE id IN (SELECT value FROM json_each(?))",
                Self.updateValues(update, step: step, now: now) + [list])
            guard changed == Set(ids).count else {
                let found = Set(
                    try db.query("SELECT id FROM decisions WHERE id IN (SELECT value FROM json_each(?))", [list]) {
                        $0.int64("id")
                    })
                let missing = ids.first { !found.contains($0) }.map(String.init) ?? "?"
                throw StoreError(.notFound, "decision \(missing) does not exist")
            }
        }
    }

    /// Records a finished decision that no trigger asked for (or one under an earlier trigger, whose fields it
    /// copies).
    ///
    /// `Decision.triggerID` and `source` cannot be nil, so a decision without a trigger reads back with
    /// ``Decision/noTrigger`` (0, never an id) and the source of its build when the update names one, else `api`.
    @discardableResult
    package func recordDecision(
        triggerID: Int64?, integrationID: Int64, _ update: DecisionUpdate, now: Date
    ) throws -> Decision {
        try write { db in
            let integration = try Self.existingIntegration(integrationID, in: db)
            var row = DecisionRow(trigger: nil, integrationID: integrationID, repository: nil)
            if let triggerID {
                guard let trigger = try db.queryFirst("SELECT * FROM triggers WHERE id = ?", [triggerID], Trigger.init)
                else { throw StoreError(.notFound, "trigger \(triggerID) does not exist") }
                row = DecisionRow(trigger: trigger, integrationID: integrationID, repository: trigger.repositoryKey)
            }
            if let buildID = update.buildID {
                let build = try Self.existingBuild(buildID, in: db)
                if triggerID == nil { row.source = build.trigger }
            }
            if row.repository == nil { row.repository = try Self.repositoryKey(of: integration, in: db) }
            row.commitSHA = update.commitSHA
            row.inputsDigest = update.inputsDigest
            row.buildID = update.buildID
            return try Self.insertDecision(
                row, outcome: update.outcome, reason: update.reason, steps: [update.step], now: now, in: db)
        }
    }

    /// Decisions, newest first, of one integration and/or repository key (nil: any).
    package func decisions(integrationID: Int64?, repositoryKey: String?, limit: Int, offset: Int) throws -> [Decision]
    {
        let (condition, values) = Self.decisionFilter(integrationID: integrationID, repositoryKey: repositoryKey)
        return try read { db in
            try db.query(
                "SELECT * FROM decisions \(condition.map { "WHERE " + $0 } ?? "") ORDER BY id DESC LIMIT ? OFFSET ?",
                values + [max(0, limit), max(0, offset)], Decision.init)
        }
    }

    /// The WHERE condition (nil: every decision) and its values for decisions of one integration and/or
    /// repository key.
    static func decisionFilter(integrationID: Int64?, repositoryKey: String?) -> (String?, [any SQLBindable]) {
        var conditions: [String] = []
        var values: [any SQLBindable] = []
        if let integrationID {
            conditions.append("integration_id = ?")
            values.append(integrationID)
        }
        if let repositoryKey {
            conditions.append("repository = ?")
            values.append(repositoryKey)
        }
        return (conditions.isEmpty ? nil : conditions.joined(separator: " AND "), values)
    }
}

/// The fields of a new decision row that are not its outcome.
struct DecisionRow {
    var triggerID: Int64?
    var source: TriggerSource
    var provider: String?
    var deliveryID: String?
    var ref: String?
    var integrationID: Int64?
    var repository: String?
    var commitSHA: String?
    var inputsDigest: String?
    var buildID: Int64?

    /// A decision under `trigger` (its fields copied), or under none.
    init(trigger: Trigger?, integrationID: Int64?, repository: String?) {
        triggerID = trigger?.id
        source = trigger?.source ?? .api
        provider = trigger?.provider
        deliveryID = trigger?.deliveryID
        ref = trigger?.ref
        self.integrationID = integrationID
        self.repository = repository
    }
}

extension SQLiteStore {
    static func insertDecision(
        _ row: DecisionRow, outcome: DecisionOutcome, reason: String, steps: [DecisionStep], now: Date,
        in db: SQLiteConnection
    ) throws -> Decision {
        let sql = """
            INSERT INTO decisions (trigger_id, integration_id, build_id, source, provider, delivery_id, repository,
                ref, commit_sha, inputs_digest, outcome, reason, steps, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING \(columnsWithoutTrail)
            """
        let values: [any SQLBindable] = [
            row.triggerID, row.integrationID, row.buildID, row.source.rawValue, row.provider, row.deliveryID,
            row.repository, row.ref, row.commitSHA, row.inputsDigest, outcome.rawValue, reason,
            try JSONColumn.encode(steps, "the decision's trail"), now, now,
        ]
        var decision = try returned(try db.queryFirst(sql, values, Decision.init), "decision", outcome.rawValue)
        // The trail as it reads back (times in whole milliseconds), without decoding the JSON just written.
        decision.steps = steps.map { step in
            let at = Date(millisecondsSince1970: step.at.millisecondsSince1970)
            return DecisionStep(at: at, stage: step.stage, detail: step.detail)
        }
        return decision
    }

    /// Applies `update` to one decision; nil when it does not exist. SQLite appends the step to the JSON trail.
    static func apply(
        _ update: DecisionUpdate, toDecision id: Int64, now: Date, in db: SQLiteConnection
    ) throws
        -> Decision?
    {
        try db.queryFirst(
            "UPDATE decisions SET \(updateAssignments) WHERE id = ? RETURNING *",
            updateValues(update, step: try JSONColumn.encode(update.step, "the decision's step"), now: now) + [id],
            Decision.init)
    }

    /// The assignments of a ``DecisionUpdate``: the outcome and reason, the facts it gives (others kept), the step
    /// appended to the JSON trail by SQLite; bound by ``updateValues(_:step:now:)``.
    static let updateAssignments = """
        outcome = ?, reason = ?, commit_sha = coalesce(?, commit_sha), inputs_digest = coalesce(?, inputs_digest),
        build_id = coalesce(?, build_id), steps = json_insert(steps, '$[#]', json(?)), updated_at = ?
        """

    static func updateValues(_ update: DecisionUpdate, step: String, now: Date) -> [any SQLBindable] {
        [update.outcome.rawValue, update.reason, update.commitSHA, update.inputsDigest, update.buildID, step, now]
    }

    /// Every column of a decision but its trail, read as an empty one: for reads of many decisions whose
    /// steps nobody needs, and for rows whose steps the caller already has.
    static let columnsWithoutTrail = """
        id, trigger_id, source, provider, delivery_id, repository, ref, commit_sha, integration_id, build_id,
        inputs_digest, outcome, reason, '[]' AS steps, created_at, updated_at
        """

    /// Settles every unfinished decision attached to a build (but `excluded` ones) with the same update.
    static func settleDecisions(
        ofBuild buildID: Int64, _ update: DecisionUpdate, excluding excluded: Set<Int64> = [], now: Date,
        in db: SQLiteConnection
    ) throws {
        let step = try JSONColumn.encode(update.step, "the decision's step")
        _ = try db.run(
            """
            UPDATE decisions SET \(updateAssignments)
            WHERE build_id = ? AND outcome IN ('pending', 'queued', 'fetch-failed')
                AND id NOT IN (SELECT value FROM json_each(?))
            """,
            updateValues(update, step: step, now: now) + [buildID, try JSONColumn.encode(excluded.sorted(), "ids")])
    }

    /// The key of the integration's repository, if it has one.
    static func repositoryKey(of integration: Integration, in db: SQLiteConnection) throws -> String? {
        guard let repositoryID = integration.repositoryID else { return nil }
        return try repository(id: repositoryID, in: db)?.key
    }

    /// `webhook from github (delivery 4f…) for refs/heads/main at 1a2b3c4`.
    private static func describe(_ trigger: Trigger) -> String {
        var text = trigger.source.rawValue
        if let provider = trigger.provider { text += " from \(provider)" }
        if let deliveryID = trigger.deliveryID { text += " (delivery \(deliveryID))" }
        if let repository = trigger.repositoryKey { text += " for \(repository)" }
        if let ref = trigger.ref { text += " \(ref)" }
        if let after = trigger.after { text += " at \(after.prefix(7))" }
        return text
    }
}
