//! What a project subscribes to of one cloud service: its delivered resources, each with the
//! order that bought it (DSC reads its editions and packages this way).

use std::collections::HashMap;
use std::sync::Arc;

use crate::domain::ids::OrderId;
use crate::domain::order::Order;
use crate::domain::resource::{Resource, ResourceStatus};
use crate::store::{ResourceQuery, StoreError};

use super::{OrderService, ServiceError};

/// A delivered resource and the order that bought it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The resource, in use.
    pub resource: Resource,
    /// The order that bought it, shared by the resources it bought; `None` for a resource the
    /// account started with.
    pub order: Option<Arc<Order>>,
}

impl OrderService {
    /// The resources of `service_type` in project `project_id` of account `domain_id` that are
    /// delivered and in use, oldest first, each with its order. A project holds few of one
    /// service, so there is no paging.
    pub async fn subscriptions(
        &self,
        domain_id: &str,
        project_id: &str,
        service_type: &str,
    ) -> Result<Vec<Subscription>, ServiceError> {
        let query = ResourceQuery {
            project_id: Some(project_id.to_owned()),
            service_type: Some(service_type.to_owned()),
            statuses: vec![ResourceStatus::InUse],
            ..ResourceQuery::of_account(domain_id, u32::MAX)
        };
        let resources = self.store.resource_list(&query).await?.resources;
        let mut orders: HashMap<String, Option<Arc<Order>>> = HashMap::new();
        let mut subscriptions = Vec::with_capacity(resources.len());
        for resource in resources {
            let order = match resource.order_id() {
                None => None,
                Some(id) => match orders.get(id) {
                    Some(order) => order.clone(),
                    None => {
                        let order = self.bought_by(domain_id, id).await?;
                        orders.insert(id.to_owned(), order.clone());
                        order
                    }
                },
            };
            subscriptions.push(Subscription { resource, order });
        }
        Ok(subscriptions)
    }

    /// The order `id` of the account, which a stored resource names as the one that bought it.
    async fn bought_by(
        &self,
        domain_id: &str,
        id: &str,
    ) -> Result<Option<Arc<Order>>, ServiceError> {
        let id: OrderId = id.parse().map_err(|_| {
            StoreError::Corrupt(format!(
                "a resource names the order {id:?}, not an order id"
            ))
        })?;
        Ok(self.store.order(domain_id, &id).await?.map(Arc::new))
    }
}
