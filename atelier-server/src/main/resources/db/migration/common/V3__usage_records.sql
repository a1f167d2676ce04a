-- One usage record per settled task (package dev.atelier.server.credits, UsageStore): the data behind history,
-- audits and GET /v1/usage.
CREATE TABLE usage_records (
    id          BIGINT PRIMARY KEY,
    task_id     TEXT NOT NULL UNIQUE,
    key_id      TEXT NOT NULL REFERENCES api_keys (id),
    feature     TEXT NOT NULL,
    engine      TEXT,
    model       TEXT,
    provider    TEXT,
    units       BIGINT NOT NULL,            -- hundredths of a unit charged
    cost_micros BIGINT,                     -- upstream provider cost in millionths of a dollar, when known
    queue_ms    BIGINT,
    run_ms      BIGINT,
    width       INTEGER,
    height      INTEGER,
    outputs     INTEGER NOT NULL,
    source_ip   TEXT,
    created_at  BIGINT NOT NULL,            -- task submitted
    settled_at  BIGINT NOT NULL
);
CREATE INDEX usage_records_key ON usage_records (key_id, settled_at);
CREATE INDEX usage_records_time ON usage_records (settled_at);
