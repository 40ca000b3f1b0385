-- The whole schema. Portable SQL: the same text runs on SQLite and PostgreSQL.
-- Integers are BIGINT. Times are BIGINT microseconds since the Unix epoch (UTC). Money is BIGINT
-- cents (integer minor units of the row's currency): exact, summable, never a float.
-- Key names are given so that PostgreSQL's constraint names match src/store/conflict.rs.

CREATE TABLE orders (
    id                 TEXT NOT NULL,
    domain_id          TEXT NOT NULL,
    project_id         TEXT,
    cloud_service_type TEXT NOT NULL,
    order_type         BIGINT NOT NULL,
    charging_mode      BIGINT NOT NULL,
    period_type        BIGINT,
    period_num         BIGINT,
    auto_renew         BIGINT NOT NULL,
    total_cents        BIGINT NOT NULL,
    currency           TEXT NOT NULL,
    status             BIGINT NOT NULL,
    version            BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    paid_at            BIGINT,
    paid_by            TEXT,
    due_at             BIGINT,
    request_body       TEXT NOT NULL,
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);
CREATE INDEX orders_by_domain ON orders (domain_id, created_at);
-- Time-driven work scans what falls due; most orders have nothing due.
CREATE INDEX orders_by_due_at ON orders (due_at) WHERE due_at IS NOT NULL;

CREATE TABLE order_lines (
    order_id           TEXT NOT NULL REFERENCES orders (id),
    line_no            BIGINT NOT NULL,
    product_id         TEXT NOT NULL,
    cloud_service_type TEXT NOT NULL,
    resource_type      TEXT NOT NULL,
    resource_spec_code TEXT NOT NULL,
    period_type        BIGINT NOT NULL,
    period_num         BIGINT,
    quantity           BIGINT NOT NULL,
    size               BIGINT,
    size_measure_id    BIGINT,
    unit_price_cents   BIGINT NOT NULL,
    amount_cents       BIGINT NOT NULL,
    resource_id        TEXT,
    CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no)
);

-- Every status change of an order: when, by whom, why.
CREATE TABLE order_history (
    order_id    TEXT NOT NULL REFERENCES orders (id),
    version     BIGINT NOT NULL,
    event       TEXT NOT NULL,
    from_status BIGINT NOT NULL,
    to_status   BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    CONSTRAINT order_history_pkey PRIMARY KEY (order_id, version)
);

-- Resources orders create (and those an account starts with). term_type/term_num/term_until
-- say how long one runs once delivered: a period (type and count) or a fixed end.
CREATE TABLE resources (
    project_id    TEXT NOT NULL,
    id            TEXT NOT NULL,
    domain_id     TEXT NOT NULL,
    service_type  TEXT NOT NULL,
    product_id    TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    spec_code     TEXT NOT NULL,
    order_id      TEXT,
    parent_id     TEXT,
    status        BIGINT NOT NULL,
    term_type     BIGINT,
    term_num      BIGINT,
    term_until    BIGINT,
    created_at    BIGINT NOT NULL,
    effective_at  BIGINT,
    expires_at    BIGINT,
    version       BIGINT NOT NULL,
    CONSTRAINT resources_pkey PRIMARY KEY (project_id, id)
);
CREATE INDEX resources_by_order ON resources (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX resources_by_domain ON resources (domain_id, created_at);
CREATE INDEX resources_by_expiry ON resources (expires_at) WHERE expires_at IS NOT NULL;

-- Orders a caller named itself (cloud service package orders: POST /v2/orders/{order_id}).
-- The caller's id is unique per account; the unique key, not a pre-check, decides whether a
-- submission is new. content_hash tells a replay (same hash) from a conflict (another hash).
CREATE TABLE client_orders (
    domain_id       TEXT NOT NULL,
    client_order_id TEXT NOT NULL,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    content_hash    TEXT NOT NULL,
    CONSTRAINT client_orders_pkey PRIMARY KEY (domain_id, client_order_id)
);

-- IES (CloudPond) delivery orders, each billed through one order and stored with it.
CREATE TABLE delivery_orders (
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    domain_id    TEXT NOT NULL,
    status       TEXT NOT NULL,
    edge_site_id TEXT NOT NULL,
    order_id     TEXT NOT NULL REFERENCES orders (id),
    effected_at  BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT delivery_orders_pkey PRIMARY KEY (id)
);
CREATE INDEX delivery_orders_by_domain ON delivery_orders (domain_id, created_at);

-- Account balances and every change to them.
CREATE TABLE balances (
    domain_id     TEXT NOT NULL,
    currency      TEXT NOT NULL,
    balance_cents BIGINT NOT NULL,
    version       BIGINT NOT NULL,
    CONSTRAINT balances_pkey PRIMARY KEY (domain_id)
);

CREATE TABLE ledger (
    id                  TEXT NOT NULL,
    domain_id           TEXT NOT NULL,
    order_id            TEXT,
    amount_cents        BIGINT NOT NULL,
    balance_after_cents BIGINT NOT NULL,
    at                  BIGINT NOT NULL,
    reason              TEXT NOT NULL,
    CONSTRAINT ledger_pkey PRIMARY KEY (id)
);
CREATE INDEX ledger_by_domain ON ledger (domain_id, at);
