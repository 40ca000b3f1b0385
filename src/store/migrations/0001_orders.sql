-- Orders, their priced lines, and the resources orders create.
-- Portable SQL: the same text runs on SQLite and PostgreSQL. Times are RFC 3339 UTC text with
-- microseconds (sortable as text); money is decimal text, never a float.
CREATE TABLE orders (
    id                 TEXT PRIMARY KEY,
    domain_id          TEXT NOT NULL,
    project_id         TEXT,
    cloud_service_type TEXT NOT NULL,
    order_type         INTEGER NOT NULL,
    charging_mode      INTEGER NOT NULL,
    period_type        INTEGER,
    period_num         INTEGER,
    auto_renew         INTEGER NOT NULL,
    total              TEXT NOT NULL,
    currency           TEXT NOT NULL,
    status             INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    request_body       TEXT NOT NULL
);
CREATE INDEX orders_by_domain ON orders (domain_id, created_at);

CREATE TABLE order_lines (
    order_id           TEXT NOT NULL REFERENCES orders (id),
    line_no            INTEGER NOT NULL,
    product_id         TEXT NOT NULL,
    cloud_service_type TEXT NOT NULL,
    resource_type      TEXT NOT NULL,
    resource_spec_code TEXT NOT NULL,
    period_type        INTEGER NOT NULL,
    period_num         INTEGER,
    quantity           INTEGER NOT NULL,
    size               INTEGER,
    size_measure_id    INTEGER,
    unit_price         TEXT NOT NULL,
    amount             TEXT NOT NULL,
    resource_id        TEXT,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE resources (
    project_id    TEXT NOT NULL,
    id            TEXT NOT NULL,
    domain_id     TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    spec_code     TEXT NOT NULL,
    order_id      TEXT,
    parent_id     TEXT,
    created_at    TEXT NOT NULL,
    expires_at    TEXT,
    PRIMARY KEY (project_id, id)
);
