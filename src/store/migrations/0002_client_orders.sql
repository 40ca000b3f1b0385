-- Orders a caller named itself (cloud service package orders: POST /v2/orders/{order_id}).
-- The caller's id is unique per account; the unique key, not a pre-check, decides whether a
-- submission is new. content_hash is the hex SHA-256 of the normalized request, so a repeated
-- submission can be told apart as a replay (same hash) or a conflict (another hash).
CREATE TABLE client_orders (
    domain_id       TEXT NOT NULL,
    client_order_id TEXT NOT NULL,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    content_hash    TEXT NOT NULL,
    PRIMARY KEY (domain_id, client_order_id)
);
