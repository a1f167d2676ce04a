-- One schema for SQLite and PostgreSQL: times are epoch milliseconds (BIGINT), ids and JSON are TEXT,
-- flags are INTEGER 0/1. Where the two must differ, a dialect folder holds the variant.

CREATE TABLE api_keys (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    api_key_hash       TEXT NOT NULL UNIQUE,   -- SHA-256 of the key (keys are 256-bit random: no slow hash needed)
    api_key_hint       TEXT NOT NULL,          -- first characters, for listings
    client_id          TEXT NOT NULL UNIQUE,
    public_key         TEXT NOT NULL,          -- X.509 SubjectPublicKeyInfo, Base64: the legacy client's secret
    private_key_sealed TEXT NOT NULL,          -- PKCS#8, AES-GCM sealed with a key derived from the server secret
    status             TEXT NOT NULL,          -- active | inactive
    created_at         BIGINT NOT NULL,
    expires_at         BIGINT
);

CREATE TABLE files (
    id            TEXT PRIMARY KEY,
    key_id        TEXT NOT NULL REFERENCES api_keys (id),
    origin        TEXT NOT NULL,               -- upload | result
    feature       TEXT,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    declared_size BIGINT,
    size          BIGINT,
    sha256        TEXT,
    state         TEXT NOT NULL,               -- pending | ready
    width         INTEGER,
    height        INTEGER,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX files_expiry ON files (expires_at);

CREATE TABLE tasks (
    id             TEXT PRIMARY KEY,
    key_id         TEXT NOT NULL REFERENCES api_keys (id),
    feature        TEXT NOT NULL,
    family         TEXT NOT NULL,              -- legacy | v2 | openai
    request_id     BIGINT,
    input_hash     TEXT NOT NULL,
    request_json   TEXT NOT NULL,
    state          TEXT NOT NULL,              -- see TaskState
    progress       DOUBLE PRECISION NOT NULL DEFAULT 0,
    stage          TEXT,
    error_code     TEXT,
    error_message  TEXT,
    result_json    TEXT,
    poll_exempt    INTEGER NOT NULL DEFAULT 0, -- 1: nobody polls (synchronous callers, webhook keys)
    created_at     BIGINT NOT NULL,
    started_at     BIGINT,
    finished_at    BIGINT,
    last_polled_at BIGINT NOT NULL,
    lease_owner    TEXT,
    lease_until    BIGINT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    updated_at     BIGINT NOT NULL
);
-- request_id idempotency (CONTRACTS D.3): one task per credential, feature and request_id.
CREATE UNIQUE INDEX tasks_request_id ON tasks (key_id, feature, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX tasks_queue ON tasks (state, created_at);
