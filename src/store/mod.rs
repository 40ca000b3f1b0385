//! Durable storage behind one trait. SQL lives only here; the domain never sees a row and the
//! store never sees a wire type.

mod rows;
pub mod sqlite;

use async_trait::async_trait;

use crate::domain::ids::OrderId;
use crate::domain::order::Order;
use crate::domain::resource::Resource;

/// The schema, in order. Each entry runs once, inside a transaction, and is recorded in
/// `schema_migrations`.
pub const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("migrations/0001_orders.sql"))];

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An order with this id is already stored.
    #[error("order {0} already exists")]
    DuplicateOrderId(OrderId),
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

/// Where orders and resources live.
///
/// Writes are durable when the call returns: an order that [`Store::insert_order`] accepted
/// survives a crash of the process.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores a new order with its lines and the resources it creates, all or nothing.
    async fn insert_order(&self, order: Order) -> Result<(), StoreError>;

    /// The order with `id` that belongs to the account `domain_id`.
    async fn order(&self, domain_id: &str, id: &OrderId) -> Result<Option<Order>, StoreError>;

    /// The resource `id` of project `project_id`.
    async fn resource(&self, project_id: &str, id: &str) -> Result<Option<Resource>, StoreError>;

    /// Records resources an account starts with; ones already stored are left as they are.
    async fn seed_resources(&self, resources: Vec<Resource>) -> Result<(), StoreError>;

    /// Answers when the store can serve requests.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Finishes pending writes and closes the database.
    async fn close(&self);
}
