//! Placing new orders: every create-order API ends here.

use crate::domain::balance::BalanceError;
use crate::domain::client_order::ClientOrderRef;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::order::{Actor, Order, OrderDraft};
use crate::store::{Change, ClientOrderWrite, Conflict, StoreError};

use super::{ID_ATTEMPTS, NamedPlacement, OrderService, ServiceError};

impl OrderService {
    /// Stores `draft` as a new order, pending payment; returns once it is durable.
    pub async fn place(&self, draft: OrderDraft) -> Result<Order, ServiceError> {
        let (order, _) = self.place_new(draft, |_| Change::default()).await?;
        Ok(order)
    }

    /// Stores `draft` as a new order and pays it at once as `payer` when the balance allows;
    /// with too little balance it stays pending payment.
    pub async fn place_and_pay(
        &self,
        draft: OrderDraft,
        payer: Actor,
    ) -> Result<Order, ServiceError> {
        let order = self.place(draft).await?;
        match self.pay(order.domain_id(), order.id(), payer).await {
            Ok(()) => {}
            Err(ServiceError::Balance(BalanceError::Insufficient { .. })) => {
                tracing::info!(order_id = %order.id(), "auto-pay left the order unpaid: too little balance");
            }
            Err(err) => return Err(err),
        }
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
                    .0
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
        let (order, mut deliveries) = self
            .place_new(draft, |order| Change {
                delivery_orders: vec![delivery_of(order)],
                ..Change::default()
            })
            .await?;
        let delivery = deliveries
            .pop()
            .expect("the change committed holds the delivery order");
        Ok((order, delivery))
    }

    /// Places `draft` now under a generated id, with what `extra` adds to the change for the
    /// order; a clash of generated ids is retried with a new id (and a new `extra`). Gives back
    /// the order and the delivery orders committed with it.
    async fn place_new(
        &self,
        draft: OrderDraft,
        extra: impl Fn(&Order) -> Change,
    ) -> Result<(Order, Vec<DeliveryOrder>), ServiceError> {
        let now = self.0.clock.now();
        let mut attempts = 1;
        loop {
            let order = Order::place(
                self.0.ids.next(now)?,
                draft.clone(),
                now,
                self.0.settings.deadlines,
            )?;
            let mut change = Change::new_order(order.clone());
            change.merge(extra(&order));
            let deliveries = change.delivery_orders.clone();
            match self.commit(change).await {
                Ok(()) => return Ok((order, deliveries)),
                Err(StoreError::Conflict(Conflict::OrderId(id))) if attempts < ID_ATTEMPTS => {
                    // Expected now and then with several nodes (60 million ids a minute): routine.
                    tracing::debug!(order_id = %id, "generated order id clashed; retrying with another");
                    self.0.ids.clashed();
                    attempts += 1;
                }
                Err(err) => return Err(err.into()),
            }
        }
    }
}
