-- What several nodes on one database share, instead of each keeping its own. Portable SQL, as
-- 0001.

-- The simulated clock: its offset from the system clock, in microseconds. One row (id 1); it
-- only grows. Absent: the clock has never been moved.
CREATE TABLE clock (
    id            BIGINT NOT NULL,
    offset_micros BIGINT NOT NULL,
    CONSTRAINT clock_pkey PRIMARY KEY (id)
);

-- Secrets every node needs alike (the key IAM tokens are signed with), hex-encoded; the first
-- node to start makes each one.
CREATE TABLE secrets (
    name  TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT secrets_pkey PRIMARY KEY (name)
);

-- Who does a job that must run on one node at a time (time-driven work), until when (system
-- time in microseconds). A holder that stops renewing loses it when it expires.
CREATE TABLE leases (
    name       TEXT NOT NULL,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT leases_pkey PRIMARY KEY (name)
);

-- Idempotency keys (X-Client-Token), per account: the request that claimed each (fingerprint),
-- written in the same transaction as its change, and the answer it got (NULL until given).
-- created_orders: the ids of the orders that change created, space-separated.
CREATE TABLE idempotency_keys (
    domain_id      TEXT NOT NULL,
    client_token   TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    claimed_at     BIGINT NOT NULL,
    created_orders TEXT NOT NULL,
    answer_status  BIGINT,
    answer_body    TEXT,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (domain_id, client_token)
);
-- Keys are forgotten oldest first, 24 hours after their claim.
CREATE INDEX idempotency_keys_by_claimed_at ON idempotency_keys (claimed_at);
