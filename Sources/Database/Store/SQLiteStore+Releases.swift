package import Core
package import Foundation

// Releases, their tags and the default release.
extension SQLiteStore {
    /// Publishes a build in one transaction: the release (next number of its integration; named after the
    /// build's git tag, else `<number>-<short sha>`), the git tag attached (taken from another release of the
    /// integration that carried it by hand: the git tag is the authority for its name), the build succeeded, its
    /// decisions `built`, and, for an integration without a default, the release made default with a
    /// `default-set` decision (under the trigger of the build's first decision, when it has one).
    ///
    /// Publishing the same build again returns its release and changes nothing. ``StoreError/Code/notFound``
    /// when the build does not exist, ``StoreError/Code/conflict`` when it failed or was skipped.
    package func publish(_ release: NewRelease, now: Date) throws -> Release {
        try write { db in
            let build = try Self.existingBuild(release.buildID, in: db)
            if let published = try db.queryFirst(Release.select + " WHERE r.build_id = ?", [build.id], Release.init) {
                return published
            }
            guard !build.status.isFinished else {
                throw StoreError(
                    .conflict,
                    "build \(build.id) is \(build.status.rawValue); only a queued or running build can be published")
            }
            let integration = try Self.existingIntegration(build.integrationID, in: db)
            let number =
                try db.queryFirst(
                    "SELECT coalesce(max(number), 0) + 1 AS next FROM releases WHERE integration_id = ?",
                    [integration.id]
                ) { $0.int("next") } ?? 1
            let name = Release.name(number: number, commitSHA: build.commitSHA, gitTag: build.tag)
            let releaseID = try Self.returned(
                try db.queryFirst(
                    """
                    INSERT INTO releases (integration_id, number, name, git_tag, commit_sha, inputs_digest,
                        artifact_digest, artifact_size, manifest, provenance, build_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING id
                    """,
                    [
                        integration.id, number, name, build.tag, build.commitSHA, build.inputsDigest,
                        release.artifactDigest, release.artifactSize,
                        try JSONColumn.encode(release.manifest, "the release's manifest"),
                        try JSONColumn.encode(release.provenance, "the release's provenance"), build.id, now,
                    ]
                ) { $0.int64("id") }, "release", name)
            if let tag = build.tag {
                try db.run("DELETE FROM release_tags WHERE integration_id = ? AND tag = ?", [integration.id, tag])
                try Self.insertTag(tag, releaseID: releaseID, integrationID: integration.id, now: now, in: db)
            }
            try db.run(
                "UPDATE builds SET status = 'succeeded', release_id = ?, failure = NULL, completed_at = ? WHERE id = ?",
                [releaseID, now, build.id])
            let firstTrigger = try db.queryFirst(
                """
                SELECT t.* FROM decisions d JOIN triggers t ON t.id = d.trigger_id
                WHERE d.build_id = ? ORDER BY d.id LIMIT 1
                """, [build.id], Trigger.init)
            let built = DecisionUpdate(
                outcome: .built,
                reason: "release \(name) (number \(number)) was made from commit \(build.commitSHA.prefix(7))",
                buildID: build.id, step: DecisionStep(at: now, stage: "built", detail: "release \(releaseID) \(name)"))
            try Self.settleDecisions(ofBuild: build.id, built, now: now, in: db)
            if integration.defaultReleaseID == nil {
                try db.run(
                    "UPDATE integrations SET default_release_id = ?, modified_at = ? WHERE id = ?",
                    [releaseID, now, integration.id])
                var row = DecisionRow(
                    trigger: firstTrigger, integrationID: integration.id,
                    repository: try Self.repositoryKey(of: integration, in: db) ?? firstTrigger?.repositoryKey)
                if firstTrigger == nil { row.source = build.trigger }
                row.commitSHA = build.commitSHA
                row.inputsDigest = build.inputsDigest
                row.buildID = build.id
                let reason = "release \(name) is the first release of \(integration.name), so it became the default"
                _ = try Self.insertDecision(
                    row, outcome: .defaultSet, reason: reason,
                    steps: [DecisionStep(at: now, stage: "default-set", detail: "release \(releaseID) \(name)")],
                    now: now, in: db)
            }
            return try Self.existingRelease(releaseID, in: db)
        }
    }

    /// The release with this id.
    package func release(id: Int64) throws -> Release? {
        try read { db in try Self.release(id: id, in: db) }
    }

    /// The integration's releases, newest first.
    package func releases(integrationID: Int64, limit: Int, offset: Int) throws -> [Release] {
        try read { db in
            try db.query(
                Release.select + " WHERE r.integration_id = ? ORDER BY r.number DESC LIMIT ? OFFSET ?",
                [integrationID, max(0, limit), max(0, offset)], Release.init)
        }
    }

    /// The integration's newest release.
    package func latestRelease(integrationID: Int64) throws -> Release? {
        try read { db in
            try db.queryFirst(
                Release.select + " WHERE r.integration_id = ? ORDER BY r.number DESC LIMIT 1", [integrationID],
                Release.init)
        }
    }

    /// The integration's newest release with this inputs digest.
    package func release(integrationID: Int64, inputsDigest: String) throws -> Release? {
        try read { db in
            try db.queryFirst(
                Release.select + " WHERE r.integration_id = ? AND r.inputs_digest = ? ORDER BY r.number DESC LIMIT 1",
                [integrationID, inputsDigest], Release.init)
        }
    }

    /// Makes one of the integration's releases its default; ``StoreError/Code/notFound`` when the integration
    /// does not exist or the release is not one of its own.
    package func setDefaultRelease(integrationID: Int64, releaseID: Int64, now: Date) throws -> Integration {
        try write { db in
            _ = try Self.existingIntegration(integrationID, in: db)
            _ = try Self.release(releaseID, of: integrationID, in: db)
            return try Self.returned(
                try db.queryFirst(
                    "UPDATE integrations SET default_release_id = ?, modified_at = ? WHERE id = ? RETURNING *",
                    [releaseID, now, integrationID], Integration.init), "integration", "\(integrationID)")
        }
    }

    /// Attaches a tag to a release (again: no change); ``StoreError/Code/conflict`` when another release of the
    /// integration has it, ``StoreError/Code/notFound`` when the release does not exist.
    package func addTag(releaseID: Int64, tag: String, now: Date) throws -> Release {
        try write { db in
            let release = try Self.existingRelease(releaseID, in: db)
            guard !tag.isEmpty else { throw StoreError(.conflict, "a tag cannot be empty; name it") }
            let holder = try db.queryFirst(
                """
                SELECT r.id, r.name FROM release_tags t JOIN releases r ON r.id = t.release_id
                WHERE t.integration_id = ? AND t.tag = ?
                """, [release.integrationID, tag]
            ) { row in (id: row.int64("id"), name: row.string("name")) }
            if let holder {
                guard holder.id == release.id else {
                    throw StoreError(
                        .conflict,
                        "tag '\(tag)' is already on release \(holder.id) (\(holder.name)) of integration "
                            + "\(release.integrationID); remove it there first")
                }
                return release
            }
            try Self.insertTag(tag, releaseID: release.id, integrationID: release.integrationID, now: now, in: db)
            return try Self.existingRelease(release.id, in: db)
        }
    }

    /// Removes a tag from a release; ``StoreError/Code/notFound`` when the release does not carry it.
    package func removeTag(releaseID: Int64, tag: String) throws -> Release {
        try write { db in
            let release = try Self.existingRelease(releaseID, in: db)
            guard try db.run("DELETE FROM release_tags WHERE release_id = ? AND tag = ?", [releaseID, tag]) == 1 else {
                throw StoreError(
                    .notFound,
                    "release \(releaseID) (\(release.name)) does not carry tag '\(tag)'; its tags are: "
                        + (release.tags.isEmpty ? "none" : release.tags.joined(separator: ", ")))
            }
            return try Self.existingRelease(releaseID, in: db)
        }
    }

    /// The digest of every artifact a release references.
    package func referencedArtifactDigests() throws -> Set<String> {
        try read { db in
            Set(try db.query("SELECT DISTINCT artifact_digest FROM releases") { $0.string("artifact_digest") })
        }
    }

    static func release(id: Int64, in db: SQLiteConnection) throws -> Release? {
        try db.queryFirst(Release.select + " WHERE r.id = ?", [id], Release.init)
    }

    /// The release, or ``StoreError/Code/notFound``.
    static func existingRelease(_ id: Int64, in db: SQLiteConnection) throws -> Release {
        guard let release = try release(id: id, in: db) else {
            throw StoreError(.notFound, "release \(id) does not exist; list the integration's releases")
        }
        return release
    }

    /// The release when it belongs to the integration, else ``StoreError/Code/notFound``.
    static func release(_ id: Int64, of integrationID: Int64, in db: SQLiteConnection) throws -> Release {
        guard let release = try release(id: id, in: db), release.integrationID == integrationID else {
            throw StoreError(
                .notFound,
                "release \(id) is not a release of integration \(integrationID); list the integration's releases")
        }
        return release
    }

    private static func insertTag(
        _ tag: String, releaseID: Int64, integrationID: Int64, now: Date, in db: SQLiteConnection
    ) throws {
        try db.run(
            "INSERT INTO release_tags (integration_id, tag, release_id, created_at) VALUES (?, ?, ?, ?)",
            [integrationID, tag, releaseID, now])
    }
}
