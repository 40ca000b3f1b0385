//! Durable storage behind one trait. SQL lives only here; the domain never sees a row and the
//! store never sees a wire type.
//!
//! Every write is one [`Change`] committed by [`Store::commit`], all or nothing. Both backends
//! run the same migrations ([`migrate`]) and the same SQL ([`sql`]); what differs is only how
//! each moves values in and out of its driver.

mod change;
mod conflict;
pub mod migrate;
pub mod postgres;
mod query;
mod rows;
mod sql;
pub mod sqlite;
mod sqlite_checkpoint;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_nodes;

use async_trait::async_trait;
use time::OffsetDateTime;

pub use change::{
    BalanceWrite, Change, ClientOrderWrite, KeyWrite, OrderWrite, ResourceWrite, SharedWrite,
};
pub use conflict::Conflict;
pub use query::{
    DeliveryQuery, OrderPage, OrderQuery, OrderSort, ResourcePage, ResourceQuery, TimeRange,
};

use crate::domain::balance::Balance;
use crate::domain::client_order::ClientOrderId;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::idempotency::{IdempotencyKey, KeyRecord};
use crate::domain::ids::OrderId;
use crate::domain::order::Order;
use crate::domain::resource::Resource;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The change clashes with what is stored: a taken key or a stale version. Nothing of the
    /// change was written.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// The database refused or failed.
    #[error("database: {0}")]
    Backend(String),
    /// A stored row does not hold a valid value (a damaged or foreign database).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The store has been closed.
    #[error("the store is closed")]
    Closed,
}

/// Where orders, resources and balances live.
///
/// Writes are durable when [`Store::commit`] returns `Ok`: a committed change survives a crash
/// of the process.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Writes `change` in one transaction, all or nothing. A taken key or a stale version is
    /// [`StoreError::Conflict`] and writes nothing.
    async fn commit(&self, change: Change) -> Result<(), StoreError>;

    /// The order `id` of the account `domain_id`.
    async fn order(&self, domain_id: &str, id: &OrderId) -> Result<Option<Order>, StoreError>;

    /// One page of the orders `query` selects, and how many it selects in all.
    async fn orders(&self, query: &OrderQuery) -> Result<OrderPage, StoreError>;

    /// How many orders the account `domain_id` has.
    async fn count_orders(&self, domain_id: &str) -> Result<u64, StoreError>;

    /// The resources of project `project_id` with these ids (those that exist, in id order).
    async fn resources(
        &self,
        project_id: &str,
        ids: &[String],
    ) -> Result<Vec<Resource>, StoreError>;

    /// One page of the delivered resources `query` selects, and how many it selects in all.
    async fn resource_list(&self, query: &ResourceQuery) -> Result<ResourcePage, StoreError>;

    /// The resources order `order_id` of the account `domain_id` created.
    async fn order_resources(
        &self,
        domain_id: &str,
        order_id: &OrderId,
    ) -> Result<Vec<Resource>, StoreError>;

    /// Orders whose next time-driven step (an unpaid deadline, a delivery) is due at or before
    /// `before`, earliest first, at most `limit`: (account, order id, due time).
    async fn due_orders(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<(String, OrderId, OffsetDateTime)>, StoreError>;

    /// Resources whose next time-driven step (expiry, end of grace, end of retention) is due at
    /// or before `before`, earliest first, at most `limit`: (project, resource id, due time).
    async fn due_resources(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<(String, String, OffsetDateTime)>, StoreError>;

    /// The orders of the account `domain_id` that created resource `resource_id` or name it on
    /// a line (its renewals and unsubscriptions), oldest first.
    async fn resource_orders(
        &self,
        domain_id: &str,
        resource_id: &str,
    ) -> Result<Vec<Order>, StoreError>;

    /// The order stored under the caller's id `client_order_id` in account `domain_id`, with the
    /// content hash stored with it.
    async fn client_order(
        &self,
        domain_id: &str,
        client_order_id: &ClientOrderId,
    ) -> Result<Option<(OrderId, String)>, StoreError>;

    /// The delivery order `id` of the account `domain_id`.
    async fn delivery_order(
        &self,
        domain_id: &str,
        id: &str,
    ) -> Result<Option<DeliveryOrder>, StoreError>;

    /// One page of the delivery orders `query` selects, oldest first (by creation, then id).
    async fn delivery_orders(
        &self,
        query: &DeliveryQuery,
    ) -> Result<Vec<DeliveryOrder>, StoreError>;

    /// The delivery orders billed through order `order_id` of the account `domain_id`.
    async fn delivery_orders_of(
        &self,
        domain_id: &str,
        order_id: &OrderId,
    ) -> Result<Vec<DeliveryOrder>, StoreError>;

    /// The balance of the account `domain_id`, once stored.
    async fn balance(&self, domain_id: &str) -> Result<Option<Balance>, StoreError>;

    /// The idempotency key `key` of the account `domain_id`, once claimed.
    async fn idempotency_key(
        &self,
        domain_id: &str,
        key: &IdempotencyKey,
    ) -> Result<Option<KeyRecord>, StoreError>;

    /// The simulated clock's offset from the system clock, once moved.
    async fn clock_offset(&self) -> Result<Option<time::Duration>, StoreError>;

    /// The secret `name` (hex), once stored.
    async fn secret(&self, name: &str) -> Result<Option<String>, StoreError>;

    /// Deletes every order, resource, balance, ledger entry and idempotency key, in one
    /// transaction.
    async fn reset(&self) -> Result<(), StoreError>;

    /// Commits one small write ([`sql::HEALTH_PROBE`]) through the path every change takes:
    /// `Ok` when the store can write now.
    async fn check_writes(&self) -> Result<(), StoreError>;

    /// Finishes pending writes and closes the database.
    async fn close(&self);
}
