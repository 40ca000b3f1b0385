//! Conflicts: a change that clashes with what is stored. The database's unique keys and the
//! version checks decide, never a racy read beforehand; each backend maps its own error to one
//! of these through the key's name ([`Key::named`]).

use std::fmt;

use crate::domain::ids::OrderId;

/// What a change clashed with. Nothing of the change was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// An order with this id is stored already.
    OrderId(OrderId),
    /// The account has an order under this caller-chosen id already.
    ClientOrder(String),
    /// The order changed since the change was decided.
    StaleOrder(OrderId),
    /// The resource (by id) changed since the change was decided, or is gone.
    StaleResource(String),
    /// The account's balance changed since the change was decided.
    StaleBalance(String),
    /// A resource with this id is stored in its project already.
    ResourceId(String),
    /// The account has claimed this idempotency key already.
    IdempotencyKey(String),
    /// The simulated clock is further than the move asked for (another node moved it).
    ClockAhead,
    /// Another holder has the lease and it has not expired.
    LeaseHeld(&'static str),
    /// A unique key not listed above (a delivery order or ledger id drawn twice).
    Key(&'static str),
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::OrderId(id) => write!(f, "order {id} already exists"),
            Conflict::ClientOrder(id) => write!(f, "order {id} was already submitted"),
            Conflict::StaleOrder(id) => write!(f, "order {id} changed meanwhile"),
            Conflict::StaleResource(id) => write!(f, "resource {id} changed meanwhile"),
            Conflict::StaleBalance(domain) => {
                write!(f, "the balance of {domain} changed meanwhile")
            }
            Conflict::ResourceId(id) => write!(f, "resource {id} already exists"),
            Conflict::IdempotencyKey(key) => write!(f, "idempotency key {key:?} already claimed"),
            Conflict::ClockAhead => write!(f, "the clock is further already"),
            Conflict::LeaseHeld(name) => write!(f, "lease {name} is held by another node"),
            Conflict::Key(key) => write!(f, "unique key {key} taken"),
        }
    }
}

/// A unique key of the schema, known by the name PostgreSQL gives its constraint and by the
/// columns SQLite names in its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `orders (id)`.
    Order,
    /// `client_orders (domain_id, client_order_id)`.
    ClientOrder,
    /// `resources (project_id, id)`.
    Resource,
    /// `balances (domain_id)`.
    Balance,
    /// `idempotency_keys (domain_id, client_token)`.
    Idempotency,
    /// Any other key, by its constraint name.
    Other(&'static str),
}

/// (key, PostgreSQL constraint name, SQLite's "UNIQUE constraint failed: ..." columns).
const KEYS: &[(Key, &str, &str)] = &[
    (Key::Order, "orders_pkey", "orders.id"),
    (
        Key::ClientOrder,
        "client_orders_pkey",
        "client_orders.domain_id, client_orders.client_order_id",
    ),
    (
        Key::Resource,
        "resources_pkey",
        "resources.project_id, resources.id",
    ),
    (Key::Balance, "balances_pkey", "balances.domain_id"),
    (
        Key::Idempotency,
        "idempotency_keys_pkey",
        "idempotency_keys.domain_id, idempotency_keys.client_token",
    ),
    (
        Key::Other("delivery_orders_pkey"),
        "delivery_orders_pkey",
        "delivery_orders.id",
    ),
    (Key::Other("ledger_pkey"), "ledger_pkey", "ledger.id"),
    (
        Key::Other("order_history_pkey"),
        "order_history_pkey",
        "order_history.order_id, order_history.version",
    ),
];

impl Key {
    /// The key's name: PostgreSQL's constraint name.
    pub fn name(self) -> &'static str {
        KEYS.iter()
            .find(|(key, _, _)| *key == self)
            .map_or("unknown", |(_, name, _)| name)
    }

    /// The key PostgreSQL names `constraint`.
    pub fn from_constraint(constraint: &str) -> Option<Key> {
        KEYS.iter()
            .find(|(_, name, _)| *name == constraint)
            .map(|(key, _, _)| *key)
    }

    /// The key of SQLite's message `UNIQUE constraint failed: <columns>`.
    pub fn from_sqlite_message(message: &str) -> Option<Key> {
        let columns = message.strip_prefix("UNIQUE constraint failed: ")?;
        KEYS.iter()
            .find(|(_, _, cols)| *cols == columns)
            .map(|(key, _, _)| *key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_name_every_key() {
        for (key, constraint, columns) in KEYS {
            assert_eq!(Key::from_constraint(constraint), Some(*key));
            let message = format!("UNIQUE constraint failed: {columns}");
            assert_eq!(Key::from_sqlite_message(&message), Some(*key));
            assert_eq!(key.name(), *constraint);
        }
        assert_eq!(Key::from_constraint("nope"), None);
        assert_eq!(
            Key::from_sqlite_message("NOT NULL constraint failed: orders.id"),
            None
        );
    }
}
