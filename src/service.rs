//! Placing orders: the step every create-order API ends with. Gives the draft an id and a time
//! from the injected clock and stores it durably before the caller answers.

use std::sync::Arc;

use crate::domain::clock::Clock;
use crate::domain::ids::{IdsExhausted, OrderIdGenerator};
use crate::domain::order::{Order, OrderDraft, OrderError};
use crate::store::{Store, StoreError};

/// How often a clash of generated ids (possible only between nodes) is retried with a new id.
const ID_ATTEMPTS: usize = 5;

/// Why an order could not be placed. None of these is the client's fault.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No order id was free.
    #[error(transparent)]
    Ids(#[from] IdsExhausted),
    /// The draft could not be made an order.
    #[error(transparent)]
    Order(#[from] OrderError),
}

/// Places orders.
#[derive(Clone)]
pub struct OrderService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    ids: Arc<OrderIdGenerator>,
}

impl OrderService {
    /// A service that stores into `store` and reads time from `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> OrderService {
        OrderService {
            store,
            clock,
            ids: Arc::new(OrderIdGenerator::new()),
        }
    }

    /// The store orders go to.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The clock orders are timed by.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Stores `draft` as a new order, pending payment; returns once it is durable.
    pub async fn place(&self, draft: OrderDraft) -> Result<Order, ServiceError> {
        let now = self.clock.now();
        let mut order = Order::place(self.ids.next(now)?, draft, now)?;
        let mut attempts = 1;
        loop {
            match self.store.insert_order(order.clone()).await {
                Ok(()) => return Ok(order),
                Err(StoreError::DuplicateOrderId(id)) if attempts < ID_ATTEMPTS => {
                    tracing::warn!(order_id = %id, "generated order id clashed; retrying with another");
                    order.id = self.ids.next(now)?;
                    attempts += 1;
                }
                Err(err) => return Err(err.into()),
            }
        }
    }
}
