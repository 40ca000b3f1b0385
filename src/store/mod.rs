//! Durable storage behind one trait. SQL lives only here; the domain never sees a row and the
//! store never sees a wire type.

mod rows;
pub mod sqlite;

use async_trait::async_trait;

use crate::domain::client_order::{ClientOrderId, ClientOrderRef};
use crate::domain::delivery::DeliveryOrder;
use crate::domain::ids::OrderId;
use crate::domain::order::Order;
use crate::domain::resource::Resource;

/// The schema, in order. Each entry runs once, inside a transaction, and is recorded in
/// `schema_migrations`.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_orders.sql")),
    (2, include_str!("migrations/0002_client_orders.sql")),
    (3, include_str!("migrations/0003_delivery_orders.sql")),
];

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An order with this id is already stored.
    #[error("order {0} already exists")]
    DuplicateOrderId(OrderId),
    /// The account already has an order under this caller-chosen id.
    #[error("order {client_order_id} was already submitted as {order_id}")]
    ClientOrderExists {
        /// The caller's id.
        client_order_id: ClientOrderId,
        /// The order stored under it.
        order_id: OrderId,
        /// The content hash stored with it.
        content_hash: String,
    },
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

/// What is stored together with a new order, in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Companion {
    /// Nothing: the order alone.
    Nothing,
    /// The caller's own id for the order. When the account already has an order under that id,
    /// nothing is stored and the answer is [`StoreError::ClientOrderExists`] with what is stored;
    /// the unique key decides, so of concurrent submissions exactly one is stored.
    ClientRef(ClientOrderRef),
    /// A delivery order billed through the order.
    Delivery(Box<DeliveryOrder>),
}

impl Companion {
    /// Points the companion at the order it is stored with (its id changes when a generated id
    /// clashes and is replaced).
    pub fn bind(&mut self, order_id: &OrderId) {
        if let Companion::Delivery(delivery) = self {
            delivery.order_id = order_id.clone();
        }
    }
}

/// Where orders and resources live.
///
/// Writes are durable when the call returns: an order that [`Store::insert_order`] accepted
/// survives a crash of the process.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores a new order with its lines, the resources it creates and its `companion`, all or
    /// nothing ([`StoreError::DuplicateOrderId`] when the id is taken).
    async fn insert_order(&self, order: Order, companion: Companion) -> Result<(), StoreError>;

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

    /// How many orders the account `domain_id` has.
    async fn count_orders(&self, domain_id: &str) -> Result<u64, StoreError>;

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
