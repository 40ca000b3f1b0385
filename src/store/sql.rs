//! The SQL both backends run, and the plan of statements that writes a [`Change`].
//!
//! Placeholders are `$1`, `$2`, ...: PostgreSQL's own syntax; the SQLite backend binds them by
//! name, so one text serves both.

use crate::domain::order::Order;

use super::change::{Change, KeyWrite, OrderWrite, ResourceWrite, SharedWrite};
use super::conflict::{Conflict, Key};
use super::query::{DeliveryQuery, OrderQuery, OrderSort, ResourceQuery, TimeRange};
use super::rows::{self, Value, micros};

/// One statement of a change's plan and what its outcome means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stmt {
    /// The SQL.
    pub sql: &'static str,
    /// Its parameters.
    pub values: Vec<Value>,
    /// A violation of this key is this conflict (any other key is [`Conflict::Key`]).
    pub unique: Option<(Key, Conflict)>,
    /// When set, the statement must change exactly one row; otherwise the change is this
    /// conflict (a version check failed).
    pub one_row: Option<Conflict>,
}

impl Stmt {
    fn new(sql: &'static str, values: Vec<Value>) -> Stmt {
        Stmt {
            sql,
            values,
            unique: None,
            one_row: None,
        }
    }

    /// The conflict a violation of `key` means for this statement.
    pub fn conflict_for(&self, key: Key) -> Conflict {
        match &self.unique {
            Some((k, conflict)) if *k == key => conflict.clone(),
            _ => Conflict::Key(key.name()),
        }
    }
}

pub const INSERT_ORDER: &str = "INSERT INTO orders (id, domain_id, project_id, \
    cloud_service_type, order_type, charging_mode, period_type, period_num, auto_renew, \
    total_cents, currency, status, version, created_at, updated_at, paid_at, paid_by, due_at, \
    request_body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
    $16, $17, $18, $19)";

const UPDATE_ORDER: &str = "UPDATE orders SET status = $1, version = $2, updated_at = $3, \
    paid_at = $4, paid_by = $5, due_at = $6 WHERE id = $7 AND version = $8";

const INSERT_LINE: &str = "INSERT INTO order_lines (order_id, line_no, product_id, \
    cloud_service_type, resource_type, resource_spec_code, period_type, period_num, quantity, \
    size, size_measure_id, unit_price_cents, amount_cents, resource_id) VALUES ($1, $2, $3, $4, \
    $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

const INSERT_HISTORY: &str = "INSERT INTO order_history (order_id, version, event, \
    from_status, to_status, at, actor, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

const INSERT_RESOURCE: &str = "INSERT INTO resources (project_id, id, domain_id, \
    service_type, product_id, resource_type, spec_code, order_id, parent_id, status, term_type, \
    term_num, term_until, created_at, effective_at, expires_at, version, auto_renew_type, \
    auto_renew_num, auto_renew_left, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
    $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)";

const INSERT_RESOURCE_IF_ABSENT: &str = "INSERT INTO resources (project_id, id, domain_id, \
    service_type, product_id, resource_type, spec_code, order_id, parent_id, status, term_type, \
    term_num, term_until, created_at, effective_at, expires_at, version, auto_renew_type, \
    auto_renew_num, auto_renew_left, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
    $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) \
    ON CONFLICT (project_id, id) DO NOTHING";

const UPDATE_RESOURCE: &str = "UPDATE resources SET domain_id = $3, service_type = $4, \
    product_id = $5, resource_type = $6, spec_code = $7, order_id = $8, parent_id = $9, \
    status = $10, term_type = $11, term_num = $12, term_until = $13, created_at = $14, \
    effective_at = $15, expires_at = $16, version = $17, auto_renew_type = $18, \
    auto_renew_num = $19, auto_renew_left = $20, due_at = $21 \
    WHERE project_id = $1 AND id = $2 AND version = $22";

const INSERT_CLIENT_ORDER: &str = "INSERT INTO client_orders (domain_id, client_order_id, \
    order_id, content_hash) VALUES ($1, $2, $3, $4)";

const INSERT_DELIVERY: &str = "INSERT INTO delivery_orders (id, name, domain_id, status, \
    edge_site_id, order_id, effected_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, \
    $6, $7, $8, $9)";

const UPDATE_DELIVERY: &str = "UPDATE delivery_orders SET status = $2, effected_at = $3, \
    updated_at = $4 WHERE id = $1";

const INSERT_BALANCE: &str = "INSERT INTO balances (domain_id, currency, balance_cents, \
    version) VALUES ($1, $2, $3, $4)";

const UPDATE_BALANCE: &str = "UPDATE balances SET currency = $2, balance_cents = $3, \
    version = $4 WHERE domain_id = $1 AND version = $5";

const INSERT_LEDGER: &str = "INSERT INTO ledger (id, domain_id, order_id, amount_cents, \
    balance_after_cents, at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)";

const INSERT_KEY: &str = "INSERT INTO idempotency_keys (domain_id, client_token, fingerprint, \
    claimed_at, created_orders) VALUES ($1, $2, $3, $4, $5)";

const ANSWER_KEY: &str = "UPDATE idempotency_keys SET answer_status = $3, answer_body = $4 \
    WHERE domain_id = $1 AND client_token = $2";

const FORGET_KEYS: &str = "DELETE FROM idempotency_keys WHERE claimed_at < $1";

/// Moves the clock's offset only forward: a move decided on an older offset than another
/// node's changes no row.
const SET_CLOCK: &str = "INSERT INTO clock (id, offset_micros) VALUES (1, $1) \
    ON CONFLICT (id) DO UPDATE SET offset_micros = excluded.offset_micros \
    WHERE clock.offset_micros <= excluded.offset_micros";

const INSERT_SECRET: &str =
    "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";

/// Takes a free or expired lease, or renews one's own; changes no row while another holds it.
const HOLD_LEASE: &str = "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3) \
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
    expires_at = excluded.expires_at \
    WHERE leases.holder = excluded.holder OR leases.expires_at <= $4";

const RELEASE_LEASE: &str = "DELETE FROM leases WHERE name = $1 AND holder = $2";

/// The statements that write `change`, in an order the foreign keys accept.
pub fn plan(change: &Change) -> Vec<Stmt> {
    let mut plan = Vec::new();
    for write in &change.orders {
        match write {
            OrderWrite::Insert(order) => {
                plan.push(Stmt {
                    unique: Some((Key::Order, Conflict::OrderId(order.id().clone()))),
                    ..Stmt::new(INSERT_ORDER, rows::order_values(order))
                });
                plan.push(Stmt::new(
                    COUNT_ORDER,
                    vec![order.domain_id().into(), count_shard(order).into()],
                ));
                for (i, line) in order.priced().lines.iter().enumerate() {
                    plan.push(Stmt::new(
                        INSERT_LINE,
                        rows::line_values(order.id(), i, line),
                    ));
                }
            }
            OrderWrite::Update {
                order,
                expected_version,
            } => plan.push(Stmt {
                one_row: Some(Conflict::StaleOrder(order.id().clone())),
                ..Stmt::new(
                    UPDATE_ORDER,
                    vec![
                        order.status().code().into(),
                        order.version().into(),
                        micros(order.updated_at()).into(),
                        order.paid_at().map(micros).into(),
                        order.paid_by().into(),
                        order.due_at().map(micros).into(),
                        order.id().as_str().into(),
                        (*expected_version).into(),
                    ],
                )
            }),
        }
    }
    for h in &change.history {
        plan.push(Stmt::new(
            INSERT_HISTORY,
            vec![
                h.order_id.as_str().into(),
                h.version.into(),
                h.event.as_str().into(),
                h.from.code().into(),
                h.to.code().into(),
                micros(h.at).into(),
                h.actor.name().into(),
                h.reason.as_str().into(),
            ],
        ));
    }
    for write in &change.resources {
        plan.push(match write {
            ResourceWrite::Insert(r) => Stmt {
                unique: Some((Key::Resource, Conflict::ResourceId(r.id().to_owned()))),
                ..Stmt::new(INSERT_RESOURCE, rows::resource_values(r))
            },
            ResourceWrite::InsertIfAbsent(r) => {
                Stmt::new(INSERT_RESOURCE_IF_ABSENT, rows::resource_values(r))
            }
            ResourceWrite::Update {
                resource,
                expected_version,
            } => {
                let mut values = rows::resource_values(resource);
                values.push((*expected_version).into());
                Stmt {
                    one_row: Some(Conflict::StaleResource(resource.id().to_owned())),
                    ..Stmt::new(UPDATE_RESOURCE, values)
                }
            }
        });
    }
    if let Some(c) = &change.client_order {
        plan.push(Stmt {
            unique: Some((
                Key::ClientOrder,
                Conflict::ClientOrder(c.client.client_order_id.to_string()),
            )),
            ..Stmt::new(
                INSERT_CLIENT_ORDER,
                vec![
                    c.domain_id.as_str().into(),
                    c.client.client_order_id.as_str().into(),
                    c.order_id.as_str().into(),
                    c.client.content_hash.as_str().into(),
                ],
            )
        });
    }
    for d in &change.delivery_orders {
        plan.push(Stmt::new(INSERT_DELIVERY, rows::delivery_values(d)));
    }
    for d in &change.delivery_updates {
        plan.push(Stmt::new(
            UPDATE_DELIVERY,
            vec![
                d.id.as_str().into(),
                d.status.as_str().into(),
                d.effected_at.map(micros).into(),
                micros(d.updated_at).into(),
            ],
        ));
    }
    for b in &change.balances {
        let stale = Conflict::StaleBalance(b.balance.domain_id.clone());
        let mut values: Vec<Value> = vec![
            b.balance.domain_id.as_str().into(),
            b.balance.currency.as_str().into(),
            b.balance.amount.cents().into(),
            b.balance.version.into(),
        ];
        plan.push(if b.expected_version == 0 {
            Stmt {
                unique: Some((Key::Balance, stale)),
                ..Stmt::new(INSERT_BALANCE, values)
            }
        } else {
            values.push(b.expected_version.into());
            Stmt {
                one_row: Some(stale),
                ..Stmt::new(UPDATE_BALANCE, values)
            }
        });
    }
    for e in &change.ledger {
        plan.push(Stmt::new(
            INSERT_LEDGER,
            vec![
                e.id.as_str().into(),
                e.domain_id.as_str().into(),
                e.order_id.as_ref().map(|id| id.as_str()).into(),
                e.amount.cents().into(),
                e.balance_after.cents().into(),
                micros(e.at).into(),
                e.reason.as_str().into(),
            ],
        ));
    }
    for k in &change.keys {
        plan.push(key_stmt(k));
    }
    for w in &change.shared {
        plan.push(shared_stmt(w));
    }
    plan
}

fn key_stmt(write: &KeyWrite) -> Stmt {
    match write {
        KeyWrite::Claim(record) => {
            let created: Vec<&str> = record.created_orders.iter().map(|o| o.as_str()).collect();
            Stmt {
                unique: Some((
                    Key::Idempotency,
                    Conflict::IdempotencyKey(record.key.to_string()),
                )),
                ..Stmt::new(
                    INSERT_KEY,
                    vec![
                        record.domain_id.as_str().into(),
                        record.key.as_str().into(),
                        record.fingerprint.as_str().into(),
                        micros(record.claimed_at).into(),
                        created.join(" ").into(),
                    ],
                )
            }
        }
        KeyWrite::Answer {
            domain_id,
            key,
            answer,
        } => Stmt::new(
            ANSWER_KEY,
            vec![
                domain_id.as_str().into(),
                key.as_str().into(),
                i64::from(answer.status).into(),
                answer.body.as_str().into(),
            ],
        ),
        KeyWrite::ForgetBefore(at) => Stmt::new(FORGET_KEYS, vec![micros(*at).into()]),
    }
}

fn shared_stmt(write: &SharedWrite) -> Stmt {
    match write {
        SharedWrite::ClockOffset(offset) => Stmt {
            one_row: Some(Conflict::ClockAhead),
            ..Stmt::new(SET_CLOCK, vec![rows::duration_micros(*offset).into()])
        },
        SharedWrite::SecretIfAbsent { name, value } => {
            Stmt::new(INSERT_SECRET, vec![(*name).into(), value.as_str().into()])
        }
        SharedWrite::HoldLease {
            name,
            holder,
            until,
            now,
        } => Stmt {
            one_row: Some(Conflict::LeaseHeld(name)),
            ..Stmt::new(
                HOLD_LEASE,
                vec![
                    (*name).into(),
                    holder.as_str().into(),
                    micros(*until).into(),
                    micros(*now).into(),
                ],
            )
        },
        SharedWrite::ReleaseLease { name, holder } => {
            Stmt::new(RELEASE_LEASE, vec![(*name).into(), holder.as_str().into()])
        }
    }
}

/// The simulated clock's offset, in microseconds.
pub const SELECT_CLOCK: &str = "SELECT offset_micros FROM clock WHERE id = 1";

/// The secret `$1`.
pub const SELECT_SECRET: &str = "SELECT value FROM secrets WHERE name = $1";

/// The idempotency key `$2` of account `$1`.
pub const SELECT_KEY: &str = "SELECT domain_id, client_token, fingerprint, claimed_at, \
    created_orders, answer_status, answer_body FROM idempotency_keys \
    WHERE domain_id = $1 AND client_token = $2";

/// The order `id` of an account: `$1` domain, `$2` id.
pub const SELECT_ORDER: &str = "SELECT id, domain_id, project_id, cloud_service_type, \
    order_type, charging_mode, period_type, period_num, auto_renew, total_cents, currency, \
    status, version, created_at, updated_at, paid_at, paid_by, due_at, request_body \
    FROM orders WHERE domain_id = $1 AND id = $2";

/// The lines of order `$1`.
pub const SELECT_LINES: &str = "SELECT line_no, product_id, cloud_service_type, \
    resource_type, resource_spec_code, period_type, period_num, quantity, size, \
    size_measure_id, unit_price_cents, amount_cents, resource_id \
    FROM order_lines WHERE order_id = $1 ORDER BY line_no";

/// The columns every resource select reads, in [`rows::resource_from`]'s order.
const RESOURCE_SELECT: &str = "SELECT project_id, id, domain_id, service_type, product_id, \
    resource_type, spec_code, order_id, parent_id, status, term_type, term_num, term_until, \
    created_at, effective_at, expires_at, version, auto_renew_type, auto_renew_num, \
    auto_renew_left, due_at FROM resources";

/// The resources order `$2` of account `$1` created.
pub const SELECT_ORDER_RESOURCES: &str = "SELECT project_id, id, domain_id, service_type, \
    product_id, resource_type, spec_code, order_id, parent_id, status, term_type, term_num, \
    term_until, created_at, effective_at, expires_at, version, auto_renew_type, auto_renew_num, \
    auto_renew_left, due_at FROM resources \
    WHERE domain_id = $1 AND order_id = $2 ORDER BY created_at, id";

/// How many orders account `$1` has: the sum of its order counts.
pub const COUNT_ORDERS: &str =
    "SELECT CAST(COALESCE(SUM(orders), 0) AS BIGINT) FROM order_counts WHERE domain_id = $1";

/// Counts one more order of account `$1` in its count `$2`.
const COUNT_ORDER: &str = "INSERT INTO order_counts (domain_id, shard, orders) VALUES ($1, $2, 1) \
    ON CONFLICT (domain_id, shard) DO UPDATE SET orders = order_counts.orders + 1";

/// How many rows an account's order count is spread over.
const COUNT_SHARDS: u64 = 64;

/// The row of its account's count an order is counted in: a hash of its id.
fn count_shard(order: &Order) -> i64 {
    let hash = order
        .id()
        .as_str()
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    i64::try_from(hash % COUNT_SHARDS).expect("a shard fits i64")
}

/// Orders due at or before `$1`, earliest first, at most `$2`.
pub const SELECT_DUE_ORDERS: &str = "SELECT domain_id, id, due_at FROM orders \
    WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2";

/// Resources whose next step is due at or before `$1`, earliest first, at most `$2`.
pub const SELECT_DUE_RESOURCES: &str = "SELECT project_id, id, due_at FROM resources \
    WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2";

/// The orders of account `$1` that created resource `$2` or name it on a line, oldest first.
pub const SELECT_RESOURCE_ORDERS: &str = "SELECT id, domain_id, project_id, \
    cloud_service_type, order_type, charging_mode, period_type, period_num, auto_renew, \
    total_cents, currency, status, version, created_at, updated_at, paid_at, paid_by, due_at, \
    request_body FROM orders WHERE domain_id = $1 AND (id IN (SELECT order_id FROM resources \
    WHERE domain_id = $1 AND id = $2) OR id IN (SELECT order_id FROM order_lines \
    WHERE resource_id = $2)) ORDER BY created_at, id";

/// The order stored under account `$1`'s own id `$2`, and its content hash.
pub const SELECT_CLIENT_ORDER: &str = "SELECT order_id, content_hash FROM client_orders \
    WHERE domain_id = $1 AND client_order_id = $2";

/// The delivery order `$1` of account `$2`.
pub const SELECT_DELIVERY: &str = "SELECT id, name, domain_id, status, edge_site_id, \
    order_id, effected_at, created_at, updated_at FROM delivery_orders \
    WHERE id = $1 AND domain_id = $2";

/// The columns every delivery order select reads, in [`rows::delivery_from`]'s order.
const DELIVERY_COLUMNS: &str = "id, name, domain_id, status, edge_site_id, order_id, \
    effected_at, created_at, updated_at";

/// The delivery orders order `$2` of account `$1` is billed for.
pub const SELECT_DELIVERY_OF_ORDER: &str = "SELECT id, name, domain_id, status, edge_site_id, \
    order_id, effected_at, created_at, updated_at FROM delivery_orders \
    WHERE domain_id = $1 AND order_id = $2 ORDER BY id";

/// Every table's rows, children first: what a reset deletes.
pub const RESET: &[&str] = &[
    "DELETE FROM order_counts",
    "DELETE FROM idempotency_keys",
    "DELETE FROM client_orders",
    "DELETE FROM delivery_orders",
    "DELETE FROM order_lines",
    "DELETE FROM order_history",
    "DELETE FROM resources",
    "DELETE FROM orders",
    "DELETE FROM ledger",
    "DELETE FROM balances",
];

/// The health check's write: one more probe counted in the one row of `health_probe`.
pub const HEALTH_PROBE: &str = "INSERT INTO health_probe (id, probes) VALUES (1, 1) \
     ON CONFLICT (id) DO UPDATE SET probes = health_probe.probes + 1";

/// The balance of account `$1`.
pub const SELECT_BALANCE: &str =
    "SELECT domain_id, currency, balance_cents, version FROM balances WHERE domain_id = $1";

/// The resources of project `$1` with the `n` ids `$2...`, in id order.
pub fn select_resources(n: usize) -> String {
    let marks: Vec<String> = (2..n + 2).map(|i| format!("${i}")).collect();
    format!(
        "{RESOURCE_SELECT} WHERE project_id = $1 AND id IN ({}) ORDER BY id",
        marks.join(", ")
    )
}

/// A `WHERE` clause being built, with its values; each `?` in a pushed clause becomes the next
/// `$N`.
struct Filter {
    sql: String,
    values: Vec<Value>,
}

impl Filter {
    fn new(sql: &str, first: Value) -> Filter {
        Filter {
            sql: sql.to_owned(),
            values: vec![first],
        }
    }

    /// Appends `clause`, its `?` marks bound to `values` in order.
    fn push(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        let mut values = values.into_iter();
        for (i, part) in clause.split('?').enumerate() {
            if i > 0 {
                let value = values.next().expect("one value per mark");
                self.values.push(value);
                self.sql.push_str(&format!("${}", self.values.len()));
            }
            self.sql.push_str(part);
        }
    }

    /// Appends ` AND column IN (...)` over `values`, unless there are none.
    fn any_of(&mut self, column: &str, values: Vec<Value>) {
        if values.is_empty() {
            return;
        }
        let marks = vec!["?"; values.len()].join(", ");
        self.push(&format!(" AND {column} IN ({marks})"), values);
    }

    /// Appends the bounds of `range` on `column`.
    fn range(&mut self, column: &str, range: TimeRange) {
        if let Some(from) = range.from {
            self.push(&format!(" AND {column} >= ?"), [micros(from).into()]);
        }
        if let Some(to) = range.to {
            self.push(&format!(" AND {column} < ?"), [micros(to).into()]);
        }
    }

    /// The page of what the filter selects (`select` and the filter, `order`, at most `limit`
    /// rows) and its values, the last of them the limit.
    fn page(mut self, select: &str, order: &str, limit: u32) -> (String, Vec<Value>) {
        self.values.push(i64::from(limit).into());
        let sql = format!(
            "{select}{} ORDER BY {order} LIMIT ${}",
            self.sql,
            self.values.len()
        );
        (sql, self.values)
    }

    /// The count of what the filter selects, the page (`select` and the filter, `order`, the
    /// page's limit and offset), and the values: the page's last two are its limit and offset,
    /// which the count does not use.
    fn finish(
        mut self,
        select: &str,
        order: &str,
        limit: u32,
        offset: u64,
    ) -> (String, String, Vec<Value>) {
        let count = format!("SELECT COUNT(*){}", self.sql);
        let n = self.values.len();
        let page = format!(
            "{select}{} ORDER BY {order} LIMIT ${} OFFSET ${}",
            self.sql,
            n + 1,
            n + 2
        );
        self.values.push(i64::from(limit).into());
        self.values
            .push(i64::try_from(offset).unwrap_or(i64::MAX).into());
        (count, page, self.values)
    }
}

/// The SQL of an order list: the count of what `query` selects, the page of it (the columns
/// of [`SELECT_ORDER`]), and the values both take (the page's last two are its limit and
/// offset, which the count does not use).
pub fn order_list(query: &OrderQuery) -> (String, String, Vec<Value>) {
    let mut f = Filter::new(
        " FROM orders WHERE domain_id = $1",
        query.domain_id.as_str().into(),
    );
    if let Some(id) = &query.order_id {
        f.push(" AND id = UPPER(?)", [id.as_str().into()]);
    }
    f.range("created_at", query.created);
    f.range("paid_at", query.paid);
    if let Some(service) = &query.service_type {
        f.push(" AND cloud_service_type = ?", [service.as_str().into()]);
    }
    if let Some(status) = query.status {
        f.push(" AND status = ?", [status.code().into()]);
    }
    if let Some(order_type) = query.order_type {
        f.push(" AND order_type = ?", [order_type.code().into()]);
    }
    let order = match query.sort {
        OrderSort::NewestFirst => "created_at DESC, id DESC",
        OrderSort::OldestFirst => "created_at ASC, id ASC",
    };
    let select = format!("SELECT {}", rows::ORDER_COLUMNS);
    let unfiltered = query.order_id.is_none()
        && query.created == TimeRange::default()
        && query.paid == TimeRange::default()
        && query.service_type.is_none()
        && query.status.is_none()
        && query.order_type.is_none();
    let (count, page, values) = f.finish(&select, order, query.limit, query.offset);
    // Every order of the account: its kept count, not a count of its rows.
    let count = if unfiltered {
        COUNT_ORDERS.to_owned()
    } else {
        count
    };
    (count, page, values)
}

/// The SQL of a resource list, as [`order_list`] gives an order list's. Resources pending
/// delivery (status 1) are never listed.
pub fn resource_list(query: &ResourceQuery) -> (String, String, Vec<Value>) {
    let mut f = Filter::new(
        " FROM resources WHERE domain_id = $1 AND status <> 1",
        query.domain_id.as_str().into(),
    );
    if let Some(project) = &query.project_id {
        f.push(" AND project_id = ?", [project.as_str().into()]);
    }
    f.any_of(
        "id",
        query
            .resource_ids
            .iter()
            .map(|id| id.as_str().into())
            .collect(),
    );
    if let Some(order) = &query.order_id {
        f.push(" AND order_id = ?", [order.as_str().into()]);
    }
    if query.only_main {
        f.push(" AND parent_id IS NULL", []);
    }
    f.range("expires_at", query.expires);
    if let Some(service) = &query.service_type {
        f.push(" AND service_type = ?", [service.as_str().into()]);
    }
    f.any_of(
        "status",
        query.statuses.iter().map(|s| s.code().into()).collect(),
    );
    let select = RESOURCE_SELECT.trim_end_matches(" FROM resources");
    f.finish(select, "created_at, id", query.limit, query.offset)
}

/// The SQL of one page of a delivery order list and its values. The page starts after the
/// marker's row in (created_at, id) order: a row-value comparison with the marker's own row,
/// which selects nothing when the account has no such delivery order.
pub fn delivery_list(query: &DeliveryQuery) -> (String, Vec<Value>) {
    let mut f = Filter::new(
        " FROM delivery_orders WHERE domain_id = $1",
        query.domain_id.as_str().into(),
    );
    f.any_of(
        "status",
        query.statuses.iter().map(|s| s.as_str().into()).collect(),
    );
    if let Some(id) = &query.id {
        f.push(" AND id = ?", [id.as_str().into()]);
    }
    if let Some(marker) = &query.after {
        f.push(
            " AND (created_at, id) > (SELECT created_at, id FROM delivery_orders \
             WHERE domain_id = $1 AND id = ?)",
            [marker.as_str().into()],
        );
    }
    let select = format!("SELECT {DELIVERY_COLUMNS}");
    f.page(&select, "created_at, id", query.limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::delivery::DeliveryStatus;
    use crate::domain::order::OrderStatus;
    use crate::domain::resource::ResourceStatus;

    #[test]
    fn a_list_numbers_its_placeholders_in_order() {
        let mut query = OrderQuery::of_account("d", 10);
        query.order_id = Some("cs1".into());
        query.status = Some(OrderStatus::Completed);
        query.offset = 20;
        let (count, page, values) = order_list(&query);
        assert_eq!(
            count,
            "SELECT COUNT(*) FROM orders WHERE domain_id = $1 AND id = UPPER($2) AND status = $3"
        );
        assert!(
            page.ends_with("ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"),
            "{page}"
        );
        assert_eq!(values.len(), 5);
        assert_eq!(values[3], Value::Int(Some(10)));
        assert_eq!(values[4], Value::Int(Some(20)));
    }

    #[test]
    fn a_resource_list_numbers_its_id_and_status_marks() {
        let mut query = ResourceQuery::of_account("d", 10);
        query.project_id = Some("p".into());
        query.resource_ids = vec!["a".into(), "b".into()];
        query.only_main = true;
        query.statuses = vec![ResourceStatus::InUse];
        let (count, page, values) = resource_list(&query);
        assert_eq!(
            count,
            "SELECT COUNT(*) FROM resources WHERE domain_id = $1 AND status <> 1 \
             AND project_id = $2 AND id IN ($3, $4) AND parent_id IS NULL AND status IN ($5)"
        );
        assert!(page.starts_with("SELECT project_id, id,"), "{page}");
        assert!(
            page.ends_with("ORDER BY created_at, id LIMIT $6 OFFSET $7"),
            "{page}"
        );
        assert_eq!(values.len(), 7);
    }

    #[test]
    fn a_delivery_list_pages_after_its_markers_row() {
        let query = DeliveryQuery {
            domain_id: "d".into(),
            statuses: vec![DeliveryStatus::Processing, DeliveryStatus::Success],
            id: Some("x".into()),
            after: Some("m".into()),
            limit: 5,
        };
        let (sql, values) = delivery_list(&query);
        assert_eq!(
            sql,
            "SELECT id, name, domain_id, status, edge_site_id, order_id, effected_at, \
             created_at, updated_at FROM delivery_orders WHERE domain_id = $1 \
             AND status IN ($2, $3) AND id = $4 AND (created_at, id) > (SELECT created_at, id \
             FROM delivery_orders WHERE domain_id = $1 AND id = $5) \
             ORDER BY created_at, id LIMIT $6"
        );
        assert_eq!(values.len(), 6);
        assert_eq!(values[5], Value::Int(Some(5)));
    }

    #[test]
    fn resource_lookups_number_one_mark_per_id() {
        assert!(select_resources(3).ends_with("id IN ($2, $3, $4) ORDER BY id"));
    }
}
