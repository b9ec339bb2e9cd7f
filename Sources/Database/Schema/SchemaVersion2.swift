/// Migration 2: what the server needs beyond the pipeline — sealed secrets and API keys.
let schemaVersion2 = """
    -- Secrets sealed with the master key (AES-256-GCM), by scope (`connection:<id>`) and name. The value
    -- never appears in clear in the database; `key_id` names the master key that sealed it, for rotation.
    CREATE TABLE secrets (
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        key_id TEXT NOT NULL,
        sealed BLOB NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (scope, name)
    ) STRICT, WITHOUT ROWID;

    -- API keys by the SHA-256 of their value; the value itself is shown once, when created.
    CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER
    ) STRICT;

    CREATE INDEX builds_by_created ON builds (created_at);
    CREATE INDEX decisions_by_created ON decisions (created_at);
    """
