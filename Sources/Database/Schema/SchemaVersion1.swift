/// The first schema: every record of the release pipeline and the job queue.
///
/// Conventions: times are INTEGER milliseconds since 1970 (UTC); JSON is TEXT written by Foundation's encoder
/// from Core's Codable values; ids are `AUTOINCREMENT` so that an id the API once showed is never reused after a
/// delete. Tables are `STRICT` (SQLite 3.37+), so a value of the wrong type is refused rather than stored.
/// Enumerations (outcomes, states) carry no CHECK constraint: SQLite can only change a constraint by rebuilding
/// the table, and new values are expected; Core's decoders refuse unknown ones instead.
///
/// Deleting an integration removes its builds, logs, releases, tags, tenants and decisions through
/// `ON DELETE CASCADE`; references that may outlive their target (a default release, a build's release, a
/// decision's build) are `SET NULL`.
let schemaVersion1 = """
    -- Source-control accounts. Written by the connections API (a later change); repositories and integrations
    -- name a connection by id without a foreign key, because the configuration file may declare one too.
    CREATE TABLE connections (
        id TEXT PRIMARY KEY NOT NULL,
        provider TEXT NOT NULL,
        api_url TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE repositories (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        connection_id TEXT,
        last_fetched_at INTEGER,
        last_fetch_error TEXT,
        tags_baselined INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    -- Tags seen in a repository, so that only new tags are built.
    CREATE TABLE known_tags (
        repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        commit_sha TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (repository_id, name)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE integrations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        long_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        connection_id TEXT,
        repository_id INTEGER REFERENCES repositories (id) ON DELETE RESTRICT,
        repository_url TEXT,
        tracking_branch TEXT,
        path TEXT NOT NULL,
        include TEXT NOT NULL,
        default_release_id INTEGER REFERENCES releases (id) ON DELETE SET NULL,
        default_release_channel TEXT,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX integrations_by_repository ON integrations (repository_id);
    CREATE INDEX integrations_by_default_release ON integrations (default_release_id);

    -- Webhook deliveries, polls, API and CLI requests. A delivery id is recorded once per provider: NULLs are
    -- distinct in a UNIQUE constraint, so triggers without one never collide.
    CREATE TABLE triggers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        provider TEXT,
        delivery_id TEXT,
        repository_key TEXT,
        ref TEXT,
        before_sha TEXT,
        after_sha TEXT,
        received_at INTEGER NOT NULL,
        UNIQUE (provider, delivery_id)
    ) STRICT;

    CREATE TABLE builds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        trigger_source TEXT NOT NULL,
        ref TEXT NOT NULL,
        tag TEXT,
        commit_sha TEXT NOT NULL,
        inputs_digest TEXT NOT NULL,
        release_id INTEGER REFERENCES releases (id) ON DELETE SET NULL,
        diagnostics TEXT NOT NULL,
        failure TEXT,
        attempts INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        completed_at INTEGER
    ) STRICT;
    CREATE INDEX builds_by_integration ON builds (integration_id, id);
    CREATE INDEX builds_by_digest ON builds (integration_id, inputs_digest, id);
    CREATE INDEX builds_by_release ON builds (release_id);
    -- Every git tag is built once per integration (SPEC invariant 5).
    CREATE UNIQUE INDEX builds_once_per_tag ON builds (integration_id, tag) WHERE tag IS NOT NULL;
    -- The still-queued branch build a newer push coalesces into.
    CREATE INDEX builds_queued_by_ref ON builds (integration_id, ref) WHERE status = 'queued' AND tag IS NULL;

    CREATE TABLE build_log (
        id INTEGER PRIMARY KEY,
        build_id INTEGER NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        stream TEXT NOT NULL,
        text TEXT NOT NULL
    ) STRICT;
    CREATE INDEX build_log_by_build ON build_log (build_id, id);

    -- One per trigger and matched integration (or one for a trigger that matched none); the trail is a JSON
    -- array of steps. Trigger fields are copied so that decisions are filtered without a join.
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        trigger_id INTEGER REFERENCES triggers (id) ON DELETE CASCADE,
        integration_id INTEGER REFERENCES integrations (id) ON DELETE CASCADE,
        build_id INTEGER REFERENCES builds (id) ON DELETE SET NULL,
        source TEXT NOT NULL,
        provider TEXT,
        delivery_id TEXT,
        repository TEXT,
        ref TEXT,
        commit_sha TEXT,
        inputs_digest TEXT,
        outcome TEXT NOT NULL,
        reason TEXT NOT NULL,
        steps TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX decisions_by_trigger ON decisions (trigger_id);
    CREATE INDEX decisions_by_integration ON decisions (integration_id, id);
    CREATE INDEX decisions_by_repository ON decisions (repository, id);
    CREATE INDEX decisions_by_build ON decisions (build_id);
    -- What a fetch must settle; the WHERE must match DecisionOutcome.isFinal and the queries' text.
    CREATE INDEX decisions_open ON decisions (integration_id, id)
        WHERE outcome IN ('pending', 'queued', 'fetch-failed');

    CREATE TABLE releases (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        name TEXT NOT NULL,
        git_tag TEXT,
        commit_sha TEXT NOT NULL,
        inputs_digest TEXT NOT NULL,
        artifact_digest TEXT NOT NULL,
        artifact_size INTEGER NOT NULL,
        manifest TEXT NOT NULL,
        provenance TEXT NOT NULL,
        build_id INTEGER NOT NULL UNIQUE REFERENCES builds (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        UNIQUE (integration_id, number),
        -- The target of release_tags' composite key: a tag's integration is its release's.
        UNIQUE (integration_id, id)
    ) STRICT;
    CREATE INDEX releases_by_digest ON releases (integration_id, inputs_digest, number);
    CREATE INDEX releases_by_artifact ON releases (artifact_digest);

    -- A tag names at most one release of an integration.
    CREATE TABLE release_tags (
        integration_id INTEGER NOT NULL,
        tag TEXT NOT NULL,
        release_id INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (integration_id, tag),
        FOREIGN KEY (integration_id, release_id) REFERENCES releases (integration_id, id) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX release_tags_by_release ON release_tags (integration_id, release_id, tag);

    -- Tenants' release policy: pinned (release_id, no channel) or following a channel ('Default', 'Latest').
    CREATE TABLE tenants (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        release_id INTEGER REFERENCES releases (id) ON DELETE SET NULL,
        release_channel TEXT,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        UNIQUE (integration_id, name)
    ) STRICT;
    CREATE INDEX tenants_by_release ON tenants (release_id);

    -- The durable job queue. Finished jobs stay for the record.
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        job_group TEXT,
        payload TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        max_attempts INTEGER NOT NULL,
        run_after INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        -- How many times a worker's lease lapsed on it (the worker crashed or hung).
        lease_lapses INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    ) STRICT;
    -- At most one queued job per key: enqueueing it again returns that one.
    CREATE UNIQUE INDEX jobs_queued_key ON jobs (key) WHERE state = 'queued';
    -- Claim order (oldest first) over unfinished jobs only, however many finished ones accumulate.
    CREATE INDEX jobs_active ON jobs (id) WHERE state IN ('queued', 'running');
    -- Group exclusivity: the unfinished jobs of a group, oldest first, and the live leases in a group.
    CREATE INDEX jobs_active_by_group ON jobs (job_group, id) WHERE state IN ('queued', 'running');
    CREATE INDEX jobs_running_by_group ON jobs (job_group, lease_expires_at) WHERE state = 'running';
    CREATE INDEX jobs_active_by_key ON jobs (key) WHERE state IN ('queued', 'running');
    -- Leases to reclaim or give up.
    CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE state = 'running';
    """
