//! What the BSS read APIs ask of the service: orders found by either of their names, lists of
//! orders and of resources with what their views need.
//!
//! An order has the `CS...` id orderd gave it and, when a caller submitted it under an id of its
//! own (cloud service packages), that id too. A name is read as a `CS...` id first (in any
//! case); only when the account has no such order is it read as the caller's own id (exactly as
//! submitted).

use std::collections::HashMap;
use std::sync::Arc;

use crate::domain::client_order::ClientOrderId;
use crate::domain::ids::OrderId;
use crate::domain::order::Order;
use crate::domain::resource::Resource;
use crate::store::{OrderPage, OrderQuery, ResourceQuery};

use super::{OrderService, ServiceError};

/// A resource as a resource list shows it: with the order that bought it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedResource {
    /// The resource.
    pub resource: Resource,
    /// The order that bought it (shared by the resources it bought); `None` for resources the
    /// account started with.
    pub order: Option<Arc<Order>>,
    /// The edge site its order delivers to, for CloudPond hardware.
    pub edge_site_id: Option<String>,
}

/// One page of resources and how many the query selects in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResourceListing {
    /// The resources on the page, oldest first.
    pub resources: Vec<ListedResource>,
    /// How many resources the query selects in all.
    pub total: u64,
}

impl OrderService {
    /// The order of account `domain_id` named `name`: by its `CS...` id, or else by the id a
    /// caller submitted it under.
    pub async fn order_named(
        &self,
        domain_id: &str,
        name: &str,
    ) -> Result<Option<Order>, ServiceError> {
        if let Ok(id) = name.parse::<OrderId>()
            && let Some(order) = self.0.store.order(domain_id, &id).await?
        {
            return Ok(Some(order));
        }
        match self.client_named(domain_id, name).await? {
            Some(id) => Ok(self.0.store.order(domain_id, &id).await?),
            None => Ok(None),
        }
    }

    /// One page of the account's orders that `query` selects; its `order_id` is a name of the
    /// order (either id), and a name no order has selects nothing.
    pub async fn orders(&self, query: &OrderQuery) -> Result<OrderPage, ServiceError> {
        let Some(name) = &query.order_id else {
            return Ok(self.0.store.orders(query).await?);
        };
        match self.order_id_named(&query.domain_id, name).await? {
            Some(id) => {
                let by_id = OrderQuery {
                    order_id: Some(id.to_string()),
                    ..query.clone()
                };
                Ok(self.0.store.orders(&by_id).await?)
            }
            None => Ok(OrderPage {
                orders: Vec::new(),
                total: 0,
            }),
        }
    }

    /// One page of the account's delivered resources that `query` selects, each with the order
    /// that bought it. `order`, when given, names the order (either id) whose resources to list
    /// in place of `query.order_id`; a name no order has selects nothing.
    pub async fn resource_list(
        &self,
        query: &ResourceQuery,
        order: Option<&str>,
    ) -> Result<ResourceListing, ServiceError> {
        let query = match order {
            None => query.clone(),
            Some(name) => match self.order_id_named(&query.domain_id, name).await? {
                Some(id) => ResourceQuery {
                    order_id: Some(id),
                    ..query.clone()
                },
                None => return Ok(ResourceListing::default()),
            },
        };
        let page = self.0.store.resource_list(&query).await?;
        let mut orders: HashMap<String, (Option<Arc<Order>>, Option<String>)> = HashMap::new();
        let mut resources = Vec::with_capacity(page.resources.len());
        for resource in page.resources {
            let (order, edge_site_id) = match resource.order_id() {
                None => (None, None),
                Some(order_id) => match orders.get(order_id) {
                    Some(known) => known.clone(),
                    None => {
                        let bought = self.buying_order(&query.domain_id, order_id).await?;
                        orders.insert(order_id.to_owned(), bought.clone());
                        bought
                    }
                },
            };
            resources.push(ListedResource {
                resource,
                order,
                edge_site_id,
            });
        }
        Ok(ResourceListing {
            resources,
            total: page.total,
        })
    }

    /// The order `order_id` of the account that bought a resource, and the edge site it
    /// delivers to (its delivery orders all name the same site).
    async fn buying_order(
        &self,
        domain_id: &str,
        order_id: &str,
    ) -> Result<(Option<Arc<Order>>, Option<String>), ServiceError> {
        let Ok(id) = order_id.parse::<OrderId>() else {
            return Ok((None, None));
        };
        let order = self.0.store.order(domain_id, &id).await?.map(Arc::new);
        let deliveries = self.0.store.delivery_orders_of(domain_id, &id).await?;
        let site = deliveries.into_iter().next().map(|d| d.edge_site_id);
        Ok((order, site))
    }

    /// The `CS...` id of the order of account `domain_id` named `name`.
    async fn order_id_named(
        &self,
        domain_id: &str,
        name: &str,
    ) -> Result<Option<OrderId>, ServiceError> {
        if let Ok(id) = name.parse::<OrderId>()
            && self.0.store.order(domain_id, &id).await?.is_some()
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
        let stored = self.0.store.client_order(domain_id, &client).await?;
        Ok(stored.map(|(id, _hash)| id))
    }
}
