-- Webhook endpoints and their deliveries (package dev.atelier.server.webhooks). Deliveries are rows, not memory:
-- pending attempts survive a restart and any node may send them (claims with leases, like the task queue).
CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    key_id          TEXT NOT NULL REFERENCES api_keys (id),
    url             TEXT NOT NULL,
    secret_sealed   TEXT NOT NULL,          -- the whsec_ key, AES-GCM sealed under the server secret
    status          TEXT NOT NULL,          -- active | disabled (410, or persistent failure) | removed
    created_at      BIGINT NOT NULL,
    disabled_at     BIGINT,
    disabled_reason TEXT
);
CREATE INDEX webhook_endpoints_key ON webhook_endpoints (key_id, status);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,       -- the webhook-id header: msg_..., the same on every attempt
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id),
    task_id         TEXT NOT NULL,
    payload         TEXT NOT NULL,          -- the exact body signed and sent
    state           TEXT NOT NULL,          -- pending | delivered | failed | cancelled
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner     TEXT,
    lease_until     BIGINT,
    last_status     INTEGER,                -- HTTP status of the last attempt, NULL when it got none
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (endpoint_id, task_id);
