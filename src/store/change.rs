//! One atomic write: everything a decision of the domain changes, stored all or nothing by
//! [`super::Store::commit`].

use crate::domain::balance::{Balance, BalanceChange, LedgerEntry};
use crate::domain::client_order::ClientOrderRef;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::idempotency::{Answer, IdempotencyKey, KeyRecord};
use crate::domain::ids::OrderId;
use crate::domain::order::{Order, StatusChange, Transition};
use crate::domain::resource::Resource;
use time::{Duration, OffsetDateTime};

/// A write of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderWrite {
    /// A new order with its lines ([`super::Conflict::OrderId`] when the id is taken).
    Insert(Order),
    /// A changed order, written only if the stored one still has `expected_version`
    /// ([`super::Conflict::StaleOrder`] otherwise).
    Update {
        /// The order after the change.
        order: Order,
        /// The version the change was decided on.
        expected_version: i64,
    },
}

/// A write of a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceWrite {
    /// A new resource ([`super::Conflict::ResourceId`] when its project has one with its id).
    Insert(Resource),
    /// A resource an account starts with: stored unless its project has it already.
    InsertIfAbsent(Resource),
    /// A changed resource, written only if the stored one still has `expected_version`
    /// ([`super::Conflict::StaleResource`] otherwise).
    Update {
        /// The resource after the change.
        resource: Resource,
        /// The version the change was decided on.
        expected_version: i64,
    },
}

/// A write of a balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceWrite {
    /// The balance after the change.
    pub balance: Balance,
    /// The version it was decided on: 0 inserts it ([`super::Conflict::StaleBalance`] when
    /// stored already), another updates it only if the stored one still has that version.
    pub expected_version: i64,
}

/// The caller's own id of a new order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOrderWrite {
    /// The account.
    pub domain_id: String,
    /// The order it names.
    pub order_id: OrderId,
    /// The caller's id and content hash.
    pub client: ClientOrderRef,
}

/// Everything one decision changes, written in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Orders placed or changed.
    pub orders: Vec<OrderWrite>,
    /// Records of status changes.
    pub history: Vec<StatusChange>,
    /// Resources created or changed.
    pub resources: Vec<ResourceWrite>,
    /// Balances opened or changed.
    pub balances: Vec<BalanceWrite>,
    /// Ledger entries, one per balance change.
    pub ledger: Vec<LedgerEntry>,
    /// The caller's id of a new order (unique per account: [`super::Conflict::ClientOrder`]).
    pub client_order: Option<ClientOrderWrite>,
    /// Delivery orders created.
    pub delivery_orders: Vec<DeliveryOrder>,
    /// Delivery orders changed (status, billing start).
    pub delivery_updates: Vec<DeliveryOrder>,
    /// Idempotency keys claimed, answered or forgotten.
    pub keys: Vec<KeyWrite>,
    /// What the nodes share: the clock, secrets, leases.
    pub shared: Vec<SharedWrite>,
}

/// A write of idempotency keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyWrite {
    /// Claims a key for a request ([`super::Conflict::IdempotencyKey`] when claimed already).
    Claim(KeyRecord),
    /// Keeps the answer the request that claimed a key got.
    Answer {
        /// The account.
        domain_id: String,
        /// The key.
        key: IdempotencyKey,
        /// The answer.
        answer: Answer,
    },
    /// Forgets every key claimed before this time.
    ForgetBefore(OffsetDateTime),
}

/// A write of what every node reads alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharedWrite {
    /// Sets the simulated clock's offset from the system clock, unless it is further already
    /// ([`super::Conflict::ClockAhead`] then: clocks only move forward).
    ClockOffset(Duration),
    /// Stores a secret (hex) unless one of that name is stored.
    SecretIfAbsent {
        /// Its name.
        name: &'static str,
        /// Its value, hex-encoded.
        value: String,
    },
    /// Takes or renews the lease `name` for `holder` until `until`: when it is free, the
    /// holder's own, or expired at `now` ([`super::Conflict::LeaseHeld`] otherwise).
    HoldLease {
        /// The lease.
        name: &'static str,
        /// Who takes it.
        holder: String,
        /// When it lapses unless renewed.
        until: OffsetDateTime,
        /// The time it is taken at.
        now: OffsetDateTime,
    },
    /// Gives the lease `name` up, if `holder` holds it.
    ReleaseLease {
        /// The lease.
        name: &'static str,
        /// Its holder.
        holder: String,
    },
}

impl Change {
    /// A new order, with the resources it creates (bound to it, pending).
    pub fn new_order(order: Order) -> Change {
        let resources = order
            .priced()
            .resources
            .iter()
            .map(|r| ResourceWrite::Insert(r.clone().bought_by(order.id().as_str())))
            .collect();
        Change {
            orders: vec![OrderWrite::Insert(order)],
            resources,
            ..Change::default()
        }
    }

    /// A change of what the nodes share, alone.
    pub fn shared(write: SharedWrite) -> Change {
        Change {
            shared: vec![write],
            ..Change::default()
        }
    }

    /// A change of idempotency keys, alone.
    pub fn key(write: KeyWrite) -> Change {
        Change {
            keys: vec![write],
            ..Change::default()
        }
    }

    /// Adds an allowed status change of an order.
    pub fn transition(mut self, transition: Transition) -> Change {
        self.history.push(transition.change);
        self.orders.push(OrderWrite::Update {
            order: transition.order,
            expected_version: transition.expected_version,
        });
        self
    }

    /// Adds a balance change and its ledger entry.
    pub fn balance(mut self, change: BalanceChange) -> Change {
        self.ledger.push(change.entry);
        self.balances.push(BalanceWrite {
            balance: change.balance,
            expected_version: change.expected_version,
        });
        self
    }

    /// Adds everything `other` writes after what this change writes.
    pub fn merge(&mut self, other: Change) {
        self.orders.extend(other.orders);
        self.history.extend(other.history);
        self.resources.extend(other.resources);
        self.balances.extend(other.balances);
        self.ledger.extend(other.ledger);
        self.delivery_orders.extend(other.delivery_orders);
        self.delivery_updates.extend(other.delivery_updates);
        self.keys.extend(other.keys);
        self.shared.extend(other.shared);
        if other.client_order.is_some() {
            self.client_order = other.client_order;
        }
    }
}
