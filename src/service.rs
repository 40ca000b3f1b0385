//! The service: the one door every state change goes through. A handler hands it checked domain
//! values; it reads what the decision needs, lets the domain decide (with the time from the
//! injected clock), and writes the outcome as one atomic [`Change`]. Handlers never reach the
//! store or the clock themselves.

use std::collections::HashMap;
use std::sync::Arc;

use time::OffsetDateTime;

use crate::domain::client_order::ClientOrderRef;
use crate::domain::clock::Clock;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::ids::{IdsExhausted, OrderId, OrderIdGenerator};
use crate::domain::lifecycle::Deadlines;
use crate::domain::order::{Order, OrderDraft, OrderError};
use crate::domain::resource::Resource;
use crate::store::{Change, ClientOrderWrite, Conflict, ResourceWrite, Store, StoreError};

/// How often a clash of generated ids (possible only between nodes) is retried with a new id.
const ID_ATTEMPTS: usize = 5;

/// Why the service could not do what was asked. None of these is the client's fault.
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

/// Places and reads orders, and reads the resources they act on.
#[derive(Clone)]
pub struct OrderService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    ids: Arc<OrderIdGenerator>,
    deadlines: Deadlines,
}

impl OrderService {
    /// A service that stores into `store`, reads time from `clock` and gives orders
    /// `deadlines`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, deadlines: Deadlines) -> Self {
        OrderService {
            store,
            clock,
            ids: Arc::new(OrderIdGenerator::new()),
            deadlines,
        }
    }

    /// The time on orderd's clock.
    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// Stores `draft` as a new order, pending payment; returns once it is durable.
    pub async fn place(&self, draft: OrderDraft) -> Result<Order, ServiceError> {
        let (order, _) = self.place_new(draft, |_| Change::default()).await?;
        Ok(order)
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
        let domain_id = draft.domain_id.clone();
        let placed = self
            .place_new(draft, |order| Change {
                client_order: Some(ClientOrderWrite {
                    domain_id: order.domain_id().to_owned(),
                    order_id: order.id().clone(),
                    client: client.clone(),
                }),
                ..Change::default()
            })
            .await;
        match placed {
            Ok((order, _)) => Ok(NamedPlacement::Created(Box::new(order))),
            Err(ServiceError::Store(StoreError::Conflict(Conflict::ClientOrder(_)))) => {
                // The key was taken; what holds it is never removed, so this read finds it.
                let (order_id, hash) = self
                    .store
                    .client_order(&domain_id, &client.client_order_id)
                    .await?
                    .ok_or_else(|| {
                        StoreError::Corrupt(format!(
                            "client order {} clashed but cannot be read",
                            client.client_order_id
                        ))
                    })?;
                Ok(if hash == client.content_hash {
                    NamedPlacement::Replayed(order_id)
                } else {
                    NamedPlacement::Conflict(order_id)
                })
            }
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
        let delivery_of = |order: &Order| {
            DeliveryOrder::new(
                order.domain_id().to_owned(),
                edge_site_id.clone(),
                order.id().clone(),
                order.created_at(),
            )
        };
        let (order, mut change) = self
            .place_new(draft, |order| Change {
                delivery_orders: vec![delivery_of(order)],
                ..Change::default()
            })
            .await?;
        let delivery = change
            .delivery_orders
            .pop()
            .expect("the change committed holds the delivery order");
        Ok((order, delivery))
    }

    /// Places `draft` now under a generated id, with what `extra` adds to the change for the
    /// order; a clash of generated ids is retried with a new id (and a new `extra`). Gives back
    /// the order and the change as committed.
    async fn place_new(
        &self,
        draft: OrderDraft,
        extra: impl Fn(&Order) -> Change,
    ) -> Result<(Order, Change), ServiceError> {
        let now = self.clock.now();
        let mut attempts = 1;
        loop {
            let order = Order::place(self.ids.next(now)?, draft.clone(), now, self.deadlines)?;
            let mut change = Change::new_order(order.clone());
            change.merge(extra(&order));
            match self.store.commit(change.clone()).await {
                Ok(()) => return Ok((order, change)),
                Err(StoreError::Conflict(Conflict::OrderId(id))) if attempts < ID_ATTEMPTS => {
                    tracing::warn!(order_id = %id, "generated order id clashed; retrying with another");
                    attempts += 1;
                }
                Err(err) => return Err(err.into()),
            }
        }
    }

    /// The order `id` of the account `domain_id`.
    pub async fn order(
        &self,
        domain_id: &str,
        id: &OrderId,
    ) -> Result<Option<Order>, ServiceError> {
        Ok(self.store.order(domain_id, id).await?)
    }

    /// The resources of project `project_id` among `ids`, by id (those that exist).
    pub async fn resources(
        &self,
        project_id: &str,
        ids: &[String],
    ) -> Result<HashMap<String, Resource>, ServiceError> {
        let found = self.store.resources(project_id, ids).await?;
        Ok(found.into_iter().map(|r| (r.id().to_owned(), r)).collect())
    }

    /// Answers when the store can serve requests.
    pub async fn ping(&self) -> Result<(), ServiceError> {
        Ok(self.store.ping().await?)
    }

    /// Records the resources accounts start with; ones already stored are left as they are.
    pub async fn seed_resources(&self, resources: Vec<Resource>) -> Result<(), ServiceError> {
        if resources.is_empty() {
            return Ok(());
        }
        let change = Change {
            resources: resources
                .into_iter()
                .map(ResourceWrite::InsertIfAbsent)
                .collect(),
            ..Change::default()
        };
        Ok(self.store.commit(change).await?)
    }
}
