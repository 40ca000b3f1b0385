//! Placing orders: the step every create-order API ends with. Gives the draft an id and a time
//! from the injected clock and stores it durably before the caller answers.

use std::sync::Arc;

use crate::domain::client_order::ClientOrderRef;
use crate::domain::clock::Clock;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::ids::{IdsExhausted, OrderId, OrderIdGenerator};
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

/// What submitting an order under a caller-chosen id did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamedPlacement {
    /// A new order was stored.
    Created(Box<Order>),
    /// The id was already used with the same content: the earlier order stands, nothing new.
    Replayed(OrderId),
    /// The id was already used with other content: nothing was stored.
    Conflict(OrderId),
}

/// What is stored together with a new order.
enum Companion<'a> {
    Nothing,
    ClientRef(&'a ClientOrderRef),
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
        self.place_with(draft, Companion::Nothing).await
    }

    /// Stores `draft` as a new order under the caller's id in `client`, unless the account has an
    /// order under that id already: then the earlier submission is a replay (same content hash)
    /// or a conflict (another hash). The store's unique key decides, so of concurrent identical
    /// submissions exactly one creates an order.
    pub async fn place_named(
        &self,
        draft: OrderDraft,
        client: ClientOrderRef,
    ) -> Result<NamedPlacement, ServiceError> {
        match self.place_with(draft, Companion::ClientRef(&client)).await {
            Ok(order) => Ok(NamedPlacement::Created(Box::new(order))),
            Err(ServiceError::Store(StoreError::ClientOrderExists {
                order_id,
                content_hash,
                ..
            })) => Ok(if content_hash == client.content_hash {
                NamedPlacement::Replayed(order_id)
            } else {
                NamedPlacement::Conflict(order_id)
            }),
            Err(err) => Err(err),
        }
    }

    /// Stores `draft` as a new order and a delivery order for `edge_site_id` billed through it,
    /// in one transaction; both carry the same time from the clock.
    pub async fn place_delivery(
        &self,
        draft: OrderDraft,
        edge_site_id: String,
    ) -> Result<(Order, DeliveryOrder), ServiceError> {
        let now = self.clock.now();
        let mut delivery = DeliveryOrder::new(
            draft.domain_id.clone(),
            edge_site_id,
            self.ids.next(now)?,
            now,
        );
        let mut order = Order::place(delivery.order_id.clone(), draft, now)?;
        let mut attempts = 1;
        loop {
            match self
                .store
                .insert_delivery_order(order.clone(), delivery.clone())
                .await
            {
                Ok(()) => return Ok((order, delivery)),
                Err(StoreError::DuplicateOrderId(id)) if attempts < ID_ATTEMPTS => {
                    tracing::warn!(order_id = %id, "generated order id clashed; retrying with another");
                    order.id = self.ids.next(now)?;
                    delivery.order_id = order.id.clone();
                    attempts += 1;
                }
                Err(err) => return Err(err.into()),
            }
        }
    }

    async fn place_with(
        &self,
        draft: OrderDraft,
        companion: Companion<'_>,
    ) -> Result<Order, ServiceError> {
        let now = self.clock.now();
        let mut order = Order::place(self.ids.next(now)?, draft, now)?;
        let mut attempts = 1;
        loop {
            let stored = match companion {
                Companion::Nothing => self.store.insert_order(order.clone()).await,
                Companion::ClientRef(client) => {
                    self.store
                        .insert_client_order(order.clone(), client.clone())
                        .await
                }
            };
            match stored {
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
