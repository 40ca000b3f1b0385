-- Subscriptions over time: a resource's own auto-renewal and its next time-driven step.
-- Portable SQL, as 0001. auto_renew_type/auto_renew_num: the period each auto-renewal runs
-- (NULL: auto-renewal off); auto_renew_left: renewals left (NULL: unlimited). due_at: when the
-- resource's next step (expiry, end of grace, end of retention) falls due (NULL: none).
ALTER TABLE resources ADD COLUMN auto_renew_type BIGINT;
ALTER TABLE resources ADD COLUMN auto_renew_num BIGINT;
ALTER TABLE resources ADD COLUMN auto_renew_left BIGINT;
ALTER TABLE resources ADD COLUMN due_at BIGINT;
-- Time-driven work scans the resources due by a time; most resources have nothing due.
CREATE INDEX resources_by_due_at ON resources (due_at) WHERE due_at IS NOT NULL;
-- The orders that name a resource on a line (its renewals and unsubscriptions).
CREATE INDEX order_lines_by_resource ON order_lines (resource_id) WHERE resource_id IS NOT NULL;
