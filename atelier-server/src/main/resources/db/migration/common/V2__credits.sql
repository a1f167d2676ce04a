-- Units ledger (package dev.atelier.server.credits). Amounts are hundredths of a unit (BIGINT): the wire shows two
-- decimals, integers keep sums exact on both databases.

CREATE TABLE credit_grants (
    id          BIGINT PRIMARY KEY,
    key_id      TEXT NOT NULL REFERENCES api_keys (id),
    type        TEXT NOT NULL,              -- ApiSubsToken | ApiPaygToken
    amount      BIGINT NOT NULL,            -- granted
    remaining   BIGINT NOT NULL,            -- neither consumed nor held by a task
    acquired_at BIGINT NOT NULL,
    expires_at  BIGINT,                     -- NULL: never
    note        TEXT
);
CREATE INDEX credit_grants_key ON credit_grants (key_id, expires_at);

-- One row per task from submit: reserved until the task settles (success) or is released (anything else).
CREATE TABLE credit_charges (
    task_id    TEXT PRIMARY KEY,
    key_id     TEXT NOT NULL REFERENCES api_keys (id),
    feature    TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    metered    INTEGER NOT NULL,            -- 0: unlimited key, nothing held
    state      TEXT NOT NULL,               -- reserved | settled | released
    source_ip  TEXT,
    created_at BIGINT NOT NULL,
    closed_at  BIGINT
);
CREATE INDEX credit_charges_open ON credit_charges (state, created_at);

-- What a reserved charge holds of each grant (deleted when it settles or is released).
CREATE TABLE credit_holds (
    task_id  TEXT NOT NULL REFERENCES credit_charges (task_id),
    grant_id BIGINT NOT NULL REFERENCES credit_grants (id),
    amount   BIGINT NOT NULL,
    PRIMARY KEY (task_id, grant_id)
);

-- Changes of the balance (grants, settled charges, expiries), newest first by id; lines say which grants moved.
CREATE TABLE credit_history (
    id        BIGINT PRIMARY KEY,
    key_id    TEXT NOT NULL REFERENCES api_keys (id),
    at        BIGINT NOT NULL,
    action    TEXT NOT NULL,
    target_id TEXT,
    feature   TEXT,
    units     BIGINT NOT NULL
);
CREATE INDEX credit_history_key ON credit_history (key_id, id);

CREATE TABLE credit_movements (
    history_id BIGINT NOT NULL REFERENCES credit_history (id),
    grant_id   BIGINT NOT NULL REFERENCES credit_grants (id),
    amount     BIGINT NOT NULL,
    PRIMARY KEY (history_id, grant_id)
);
