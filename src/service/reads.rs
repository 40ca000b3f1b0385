//! What the BSS read APIs ask of the service: orders found by either of their names.
//!
//! An order has the `CS...` id orderd gave it and, when a caller submitted it under an id of its
//! own (cloud service packages), that id too. A name is read as a `CS...` id first (in any
//! case); only when the account has no such order is it read as the caller's own id (exactly as
//! submitted).

use crate::domain::client_order::ClientOrderId;
use crate::domain::ids::OrderId;
use crate::domain::order::Order;
use crate::store::{OrderPage, OrderQuery};

use super::{OrderService, ServiceError};

impl OrderService {
    /// The order of account `domain_id` named `name`: by its `CS...` id, or else by the id a
    /// caller submitted it under.
    pub async fn order_named(
        &self,
        domain_id: &str,
        name: &str,
    ) -> Result<Option<Order>, ServiceError> {
        if let Ok(id) = name.parse::<OrderId>()
            && let Some(order) = self.store.order(domain_id, &id).await?
        {
            return Ok(Some(order));
        }
        match self.client_named(domain_id, name).await? {
            Some(id) => Ok(self.store.order(domain_id, &id).await?),
            None => Ok(None),
        }
    }

    /// One page of the account's orders that `query` selects; its `order_id` is a name of the
    /// order (either id), and a name no order has selects nothing.
    pub async fn orders(&self, query: &OrderQuery) -> Result<OrderPage, ServiceError> {
        let Some(name) = &query.order_id else {
            return Ok(self.store.orders(query).await?);
        };
        match self.order_id_named(&query.domain_id, name).await? {
            Some(id) => {
                let by_id = OrderQuery {
                    order_id: Some(id.to_string()),
                    ..query.clone()
                };
                Ok(self.store.orders(&by_id).await?)
            }
            None => Ok(OrderPage {
                orders: Vec::new(),
                total: 0,
            }),
        }
    }

    /// The `CS...` id of the order of account `domain_id` named `name`.
    async fn order_id_named(
        &self,
        domain_id: &str,
        name: &str,
    ) -> Result<Option<OrderId>, ServiceError> {
        if let Ok(id) = name.parse::<OrderId>()
            && self.store.order(domain_id, &id).await?.is_some()
        {
            return Ok(Some(id));
        }
        self.client_named(domain_id, name).await
    }

    /// The `CS...` id of the order a caller of account `domain_id` submitted under `name`.
    async fn client_named(
        &self,
        domain_id: &str,
        name: &str,
    ) -> Result<Option<OrderId>, ServiceError> {
        let Ok(client) = name.parse::<ClientOrderId>() else {
            return Ok(None);
        };
        let stored = self.store.client_order(domain_id, &client).await?;
        Ok(stored.map(|(id, _hash)| id))
    }
}
