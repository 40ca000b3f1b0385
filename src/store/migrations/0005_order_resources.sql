-- An order's resources are read with every order (detail, list, pay) as
-- `WHERE domain_id = ? AND order_id = ? ORDER BY created_at, id`. With the index on order_id
-- alone, SQLite's planner chose resources_by_domain for its ORDER BY and walked every resource
-- of the account (213 ms of CPU per read at 200,000 orders). This index serves the filter and
-- the order at once. Portable SQL, as 0001.
DROP INDEX resources_by_order;
CREATE INDEX resources_by_order ON resources (order_id, created_at, id) WHERE order_id IS NOT NULL;
