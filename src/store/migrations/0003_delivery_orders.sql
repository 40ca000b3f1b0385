-- IES (CloudPond) delivery orders, each billed through one order and stored with it in one
-- transaction. Times are RFC 3339 UTC text with microseconds, as in 0001.
CREATE TABLE delivery_orders (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    domain_id    TEXT NOT NULL,
    status       TEXT NOT NULL,
    edge_site_id TEXT NOT NULL,
    order_id     TEXT NOT NULL REFERENCES orders (id),
    effected_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX delivery_orders_by_domain ON delivery_orders (domain_id, created_at);
