import Core
import Foundation

// Each record type read from a row of its table (`SELECT *`), columns by name.

extension RepositoryRecord {
    init(row: Row) {
        self.init(
            id: row.int64("id"), key: row.string("key"), url: row.string("url"),
            connectionID: row.optionalString("connection_id"), lastFetchedAt: row.optionalDate("last_fetched_at"),
            lastFetchError: row.optionalString("last_fetch_error"), tagsBaselined: row.bool("tags_baselined"))
    }
}

extension Integration {
    init(row: Row) throws {
        let id = row.int64("id")
        let what = "integration \(id)"
        self.init(
            id: id, name: row.string("name"), longName: row.string("long_name"),
            kind: try JSONColumn.value(IntegrationKind.self, row.string("kind"), what),
            connectionID: row.optionalString("connection_id"), repositoryID: row.optionalInt64("repository_id"),
            repositoryURL: row.optionalString("repository_url"), trackingBranch: row.optionalString("tracking_branch"),
            path: row.string("path"), include: try JSONColumn.decode([String].self, row.string("include"), what),
            defaultReleaseID: row.optionalInt64("default_release_id"),
            defaultReleaseChannel: try JSONColumn.value(
                ReleaseChannel.self, row.optionalString("default_release_channel"), what),
            createdAt: row.date("created_at"), modifiedAt: row.date("modified_at"))
    }
}

extension Trigger {
    init(row: Row) throws {
        let id = row.int64("id")
        self.init(
            id: id, source: try JSONColumn.value(TriggerSource.self, row.string("source"), "trigger \(id)"),
            provider: row.optionalString("provider"), deliveryID: row.optionalString("delivery_id"),
            repositoryKey: row.optionalString("repository_key"), ref: row.optionalString("ref"),
            before: row.optionalString("before_sha"), after: row.optionalString("after_sha"),
            receivedAt: row.date("received_at"))
    }
}

extension Decision {
    /// The trigger id read for a decision no trigger asked for (ids start at 1).
    static let noTrigger: Int64 = 0

    init(row: Row) throws {
        let id = row.int64("id")
        let what = "decision \(id)"
        self.init(
            id: id, triggerID: row.optionalInt64("trigger_id") ?? Decision.noTrigger,
            source: try JSONColumn.value(TriggerSource.self, row.string("source"), what),
            provider: row.optionalString("provider"), deliveryID: row.optionalString("delivery_id"),
            repository: row.optionalString("repository"), ref: row.optionalString("ref"),
            commitSHA: row.optionalString("commit_sha"), integrationID: row.optionalInt64("integration_id"),
            buildID: row.optionalInt64("build_id"), inputsDigest: row.optionalString("inputs_digest"),
            outcome: try JSONColumn.value(DecisionOutcome.self, row.string("outcome"), what),
            reason: row.string("reason"), steps: try JSONColumn.decode([DecisionStep].self, row.string("steps"), what),
            createdAt: row.date("created_at"), updatedAt: row.date("updated_at"))
    }
}

extension Build {
    init(row: Row) throws {
        let id = row.int64("id")
        let what = "build \(id)"
        self.init(
            id: id, integrationID: row.int64("integration_id"),
            status: try JSONColumn.value(BuildStatus.self, row.string("status"), what),
            trigger: try JSONColumn.value(TriggerSource.self, row.string("trigger_source"), what),
            ref: row.string("ref"), tag: row.optionalString("tag"), commitSHA: row.string("commit_sha"),
            inputsDigest: row.string("inputs_digest"), releaseID: row.optionalInt64("release_id"),
            diagnostics: try JSONColumn.decode([Diagnostic].self, row.string("diagnostics"), what),
            failure: row.optionalString("failure"), attempts: row.int("attempts"), createdAt: row.date("created_at"),
            startedAt: row.optionalDate("started_at"), completedAt: row.optionalDate("completed_at"))
    }
}

extension Release {
    /// Selects releases with their tags (`… WHERE r.…` follows).
    static let select = """
        SELECT r.*, (SELECT json_group_array(t.tag) FROM release_tags t
                     WHERE t.integration_id = r.integration_id AND t.release_id = r.id) AS tags
        FROM releases r
        """

    init(row: Row) throws {
        let id = row.int64("id")
        let what = "release \(id)"
        self.init(
            id: id, integrationID: row.int64("integration_id"), number: row.int("number"), name: row.string("name"),
            gitTag: row.optionalString("git_tag"),
            tags: try JSONColumn.decode([String].self, row.string("tags"), what).sorted(),
            commitSHA: row.string("commit_sha"), inputsDigest: row.string("inputs_digest"),
            artifactDigest: row.string("artifact_digest"), artifactSize: row.int64("artifact_size"),
            manifest: try JSONColumn.decode(JSONValue.self, row.string("manifest"), what),
            provenance: try JSONColumn.decode(JSONValue.self, row.string("provenance"), what),
            buildID: row.int64("build_id"), createdAt: row.date("created_at"))
    }
}

extension Tenant {
    init(row: Row) throws {
        let id = row.int64("id")
        self.init(
            id: id, name: row.string("name"), integrationID: row.int64("integration_id"),
            releaseID: row.optionalInt64("release_id"),
            releaseChannel: try JSONColumn.value(
                ReleaseChannel.self, row.optionalString("release_channel"), "tenant \(id)"),
            createdAt: row.date("created_at"), modifiedAt: row.date("modified_at"))
    }
}

extension Job {
    init(row: Row) throws {
        let id = row.int64("id")
        let what = "job \(id)"
        self.init(
            id: id, kind: row.string("kind"), key: row.string("key"), group: row.optionalString("job_group"),
            payload: try JSONColumn.decode(JSONValue.self, row.string("payload"), what),
            state: try JSONColumn.value(JobState.self, row.string("state"), what), attempts: row.int("attempts"),
            maxAttempts: row.int("max_attempts"), runAfter: row.date("run_after"),
            leaseOwner: row.optionalString("lease_owner"), leaseExpiresAt: row.optionalDate("lease_expires_at"),
            lastError: row.optionalString("last_error"), createdAt: row.date("created_at"),
            updatedAt: row.date("updated_at"))
    }
}
