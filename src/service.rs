//! Placing orders: the step every create-order API ends with. Gives the draft an id and a time
//! from the injected clock and stores it durably before the caller answers.

use std::sync::Arc;

use crate::domain::client_order::ClientOrderRef;
use crate::domain::clock::Clock;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::ids::{IdsExhausted, OrderId, OrderIdGenerator};
use crate::domain::order::{Order, OrderDraft, OrderError};
use crate::store::{Companion, Store, StoreError};

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
        let (order, _) = self.place_with(draft, |_| Companion::Nothing).await?;
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
        let companion = Companion::ClientRef(client.clone());
        match self.place_with(draft, |_| companion).await {
            Ok((order, _)) => Ok(NamedPlacement::Created(Box::new(order))),
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
        let (order, companion) = self
            .place_with(draft, |order| {
                Companion::Delivery(Box::new(DeliveryOrder::new(
                    order.draft.domain_id.clone(),
                    edge_site_id,
                    order.id.clone(),
                    order.created_at,
                )))
            })
            .await?;
        match companion {
            Companion::Delivery(delivery) => Ok((order, *delivery)),
            _ => unreachable!("place_with gives back the companion it stored"),
        }
    }

    /// Stores `draft` as a new order, placed now under a generated id, with the companion
    /// `companion_of` makes for it; a clash of generated ids is retried with a new id. Gives back
    /// the order and the companion as stored.
    async fn place_with(
        &self,
        draft: OrderDraft,
        companion_of: impl FnOnce(&Order) -> Companion,
    ) -> Result<(Order, Companion), ServiceError> {
        let now = self.clock.now();
        let mut order = Order::place(self.ids.next(now)?, draft, now)?;
        let mut companion = companion_of(&order);
        let mut attempts = 1;
        loop {
            companion.bind(&order.id);
            match self
                .store
                .insert_order(order.clone(), companion.clone())
                .await
            {
                Ok(()) => return Ok((order, companion)),
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use async_trait::async_trait;
    use rust_decimal_macros::dec;
    use time::macros::datetime;

    use super::*;
    use crate::domain::client_order::ClientOrderId;
    use crate::domain::clock::FixedClock;
    use crate::domain::order::tests::{draft, line};
    use crate::domain::resource::Resource;
    use crate::store::sqlite::SqliteStore;

    /// A SQLite store that answers the first `clashes` inserts as id clashes.
    struct Clashing {
        inner: SqliteStore,
        clashes: AtomicUsize,
    }

    #[async_trait]
    impl Store for Clashing {
        async fn insert_order(&self, order: Order, companion: Companion) -> Result<(), StoreError> {
            let left = self.clashes.load(Ordering::SeqCst);
            if left > 0 {
                self.clashes.store(left - 1, Ordering::SeqCst);
                return Err(StoreError::DuplicateOrderId(order.id));
            }
            self.inner.insert_order(order, companion).await
        }
        async fn client_order(
            &self,
            domain_id: &str,
            client_order_id: &ClientOrderId,
        ) -> Result<Option<(OrderId, String)>, StoreError> {
            self.inner.client_order(domain_id, client_order_id).await
        }
        async fn delivery_order(
            &self,
            domain_id: &str,
            id: &str,
        ) -> Result<Option<DeliveryOrder>, StoreError> {
            self.inner.delivery_order(domain_id, id).await
        }
        async fn count_orders(&self, domain_id: &str) -> Result<u64, StoreError> {
            self.inner.count_orders(domain_id).await
        }
        async fn order(&self, domain_id: &str, id: &OrderId) -> Result<Option<Order>, StoreError> {
            self.inner.order(domain_id, id).await
        }
        async fn resource(
            &self,
            project_id: &str,
            id: &str,
        ) -> Result<Option<Resource>, StoreError> {
            self.inner.resource(project_id, id).await
        }
        async fn seed_resources(&self, resources: Vec<Resource>) -> Result<(), StoreError> {
            self.inner.seed_resources(resources).await
        }
        async fn ping(&self) -> Result<(), StoreError> {
            self.inner.ping().await
        }
        async fn close(&self) {
            self.inner.close().await
        }
    }

    /// A real store in `dir` whose next `clashes` inserts report an id clash.
    fn clashing(dir: &tempfile::TempDir, clashes: usize) -> Arc<Clashing> {
        Arc::new(Clashing {
            inner: SqliteStore::open(
                &dir.path().join("orders.db"),
                time::OffsetDateTime::UNIX_EPOCH,
            )
            .unwrap(),
            clashes: AtomicUsize::new(clashes),
        })
    }

    #[tokio::test]
    async fn a_clashing_id_is_replaced_in_the_order_and_its_delivery_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = clashing(&dir, 2);
        let now = datetime!(2026-11-23 12:00 UTC);
        let service = OrderService::new(store.clone(), Arc::new(FixedClock::new(now)));
        let (order, delivery) = service
            .place_delivery(draft(vec![line(dec!(10))]), "site-1".into())
            .await
            .unwrap();
        assert_eq!(
            store.clashes.load(Ordering::SeqCst),
            0,
            "both clashes retried"
        );
        assert_eq!(
            delivery.order_id, order.id,
            "delivery billed through the stored id"
        );
        assert_eq!((delivery.created_at, order.created_at), (now, now));
        let stored = store.delivery_order("d", &delivery.id).await.unwrap();
        assert_eq!(stored.map(|d| d.order_id), Some(order.id.clone()));
        assert!(store.order("d", &order.id).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn clashes_stop_after_the_last_attempt() {
        let dir = tempfile::tempdir().unwrap();
        let store = clashing(&dir, ID_ATTEMPTS);
        let clock = Arc::new(FixedClock::new(datetime!(2026-11-23 12:00 UTC)));
        let service = OrderService::new(store.clone(), clock);
        let placed = service.place(draft(vec![line(dec!(10))])).await;
        assert!(
            matches!(
                placed,
                Err(ServiceError::Store(StoreError::DuplicateOrderId(_)))
            ),
            "{placed:?}"
        );
        assert_eq!(store.count_orders("d").await.unwrap(), 0);
    }
}
