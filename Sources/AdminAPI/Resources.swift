import Core
import Foundation

/// The API's JSON shapes (SPEC §6): snake_case, dates in ISO 8601 UTC, ids as integers, absent values as null.
enum Resources {
    static func date(_ date: Date?) -> JSONValue {
        date.map { .string($0.formatted(.iso8601)) } ?? .null
    }

    static func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    static func id(_ value: Int64?) -> JSONValue { value.map { .int(Int($0)) } ?? .null }

    static func integration(_ integration: Integration) -> JSONValue {
        .object([
            "id": id(integration.id), "name": .string(integration.name), "long_name": .string(integration.longName),
            "type": .string(integration.kind.rawValue), "connection_id": string(integration.connectionID),
            "repository_url": string(integration.repositoryURL),
            "repository_tracking_branch": string(integration.trackingBranch),
            "repository_path": .string(integration.path), "include": .array(integration.include.map(JSONValue.string)),
            "default_release_id": id(integration.defaultReleaseID),
            "default_release_channel": string(integration.defaultReleaseChannel?.rawValue),
            "created_date": date(integration.createdAt), "modified_date": date(integration.modifiedAt),
        ])
    }

    static func release(_ release: Release, withProvenance: Bool = false) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": id(release.id), "integration_id": id(release.integrationID), "number": .int(release.number),
            "name": .string(release.name), "tag": string(release.gitTag),
            "tags": .array(release.tags.map(JSONValue.string)),
            "commit_sha": .string(release.commitSHA), "inputs_digest": .string(release.inputsDigest),
            "artifact_digest": .string(release.artifactDigest), "artifact_size": .int(Int(release.artifactSize)),
            "config_version": string(release.configVersion), "run_command": string(release.runCommand),
            "config_schema": release.configSchema ?? .null, "metadata_schema": release.metadataSchema ?? .null,
            "build_id": id(release.buildID), "created_date": date(release.createdAt),
        ]
        if withProvenance { object["provenance"] = release.provenance }
        return .object(object)
    }

    static func build(_ build: Build) -> JSONValue {
        .object([
            "id": id(build.id), "integration_id": id(build.integrationID), "status": .string(build.status.rawValue),
            "trigger": .string(build.trigger.rawValue), "ref": .string(build.ref), "tag": string(build.tag),
            "commit_sha": .string(build.commitSHA), "inputs_digest": .string(build.inputsDigest),
            "release_id": id(build.releaseID), "diagnostics": .array(build.diagnostics.map(diagnostic)),
            "failure": string(build.failure), "attempts": .int(build.attempts), "created_date": date(build.createdAt),
            "started_date": date(build.startedAt), "completed_date": date(build.completedAt),
        ])
    }

    static func diagnostic(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            "severity": .string(diagnostic.severity.rawValue), "line": .int(diagnostic.location.line),
            "column": .int(diagnostic.location.column), "path": .string(diagnostic.path),
            "message": .string(diagnostic.message),
        ])
    }

    static func decision(_ decision: Decision) -> JSONValue {
        .object([
            "id": id(decision.id), "trigger_id": decision.triggerID > 0 ? id(decision.triggerID) : .null,
            "source": .string(decision.source.rawValue), "provider": string(decision.provider),
            "delivery_id": string(decision.deliveryID), "repository": string(decision.repository),
            "ref": string(decision.ref), "commit_sha": string(decision.commitSHA),
            "integration_id": id(decision.integrationID), "build_id": id(decision.buildID),
            "inputs_digest": string(decision.inputsDigest), "outcome": .string(decision.outcome.rawValue),
            "reason": .string(decision.reason),
            "steps": .array(
                decision.steps.map { step in
                    .object(["at": date(step.at), "stage": .string(step.stage), "detail": .string(step.detail)])
                }),
            "created_date": date(decision.createdAt), "modified_date": date(decision.updatedAt),
        ])
    }

    /// What a webhook's answer says of each decision it recorded: enough to find it in `GET /v2/decisions`,
    /// small enough that a provider's delivery log shows it whole.
    static func decisionSummary(_ decision: Decision) -> JSONValue {
        .object([
            "id": id(decision.id), "integration_id": id(decision.integrationID), "ref": string(decision.ref),
            "commit_sha": string(decision.commitSHA), "outcome": .string(decision.outcome.rawValue),
            "reason": .string(decision.reason),
        ])
    }

    /// A connection, secrets shown only as whether they are set and where from — never their values.
    static func connection(_ connection: Connection) -> JSONValue {
        func secret(_ reference: SecretReference?) -> JSONValue {
            guard let reference else { return .object(["set": .bool(false), "source": .null]) }
            let source: String
            switch reference {
            case .environment(let name): source = "env:" + name
            case .file(let path): source = "file:" + path
            case .stored: source = "stored"
            }
            return .object(["set": .bool(true), "source": .string(source)])
        }
        return .object([
            "id": .string(connection.id), "provider": .string(connection.provider),
            "api_url": string(connection.apiURL),
            "account_name": string(connection.accountName), "token": secret(connection.token),
            "webhook_secret": secret(connection.webhookSecret),
            "webhook_basic_auth": connection.webhookBasicAuthUser.map { user in
                .object(["user": .string(user), "password": secret(connection.webhookBasicAuthPassword)])
            } ?? .null,
            "webhook_header": connection.webhookHeaderName.map { name in
                .object(["name": .string(name), "value": secret(connection.webhookHeaderValue)])
            } ?? .null,
            "poll_interval_seconds": connection.pollIntervalSeconds.map { .int($0) } ?? .null,
            "webhook_url": .string("/hooks/" + connection.id), "from_config": .bool(connection.fromConfig),
            "created_date": date(connection.createdAt), "modified_date": date(connection.modifiedAt),
        ])
    }
}
