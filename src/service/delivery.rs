//! IES delivery orders after they are placed: listed page by page, deleted. Deleting one whose
//! hardware is still being prepared cancels the order it is billed through, in the same write.

use crate::domain::delivery::{DeliveryOrder, DeliveryStatus};
use crate::domain::order::Actor;
use crate::store::{Change, DeliveryQuery};

use super::{OrderService, ServiceError};

/// One page of delivery orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryPage {
    /// The delivery orders on the page, oldest first.
    pub orders: Vec<DeliveryOrder>,
    /// The marker of the next page (this page's last id), when there is one.
    pub next_marker: Option<String>,
}

impl OrderService {
    /// The page of delivery orders `query` selects. Its `after` must name a delivery order of
    /// the account, else [`ServiceError::NoSuchMarker`].
    pub async fn delivery_order_page(
        &self,
        query: &DeliveryQuery,
    ) -> Result<DeliveryPage, ServiceError> {
        if let Some(marker) = &query.after
            && self
                .0
                .store
                .delivery_order(&query.domain_id, marker)
                .await?
                .is_none()
        {
            return Err(ServiceError::NoSuchMarker(marker.clone()));
        }
        // One more than the page holds tells whether another page follows.
        let probe = DeliveryQuery {
            limit: query.limit.saturating_add(1),
            ..query.clone()
        };
        let mut orders = self.0.store.delivery_orders(&probe).await?;
        let more = orders.len() > query.limit as usize;
        orders.truncate(query.limit as usize);
        let next_marker = more.then(|| orders.last().map(|d| d.id.clone())).flatten();
        Ok(DeliveryPage {
            orders,
            next_marker,
        })
    }

    /// Deletes delivery order `id` of the account `domain_id`, as `actor`. One still processing
    /// is cancelled with the order it is billed through (which must still be unpaid: a paid one
    /// is refused as a cancel of it would be); any other is only marked deleted. A deleted one,
    /// like one that does not exist, is [`ServiceError::NoSuchDelivery`].
    pub async fn delete_delivery_order(
        &self,
        domain_id: &str,
        id: &str,
        actor: Actor,
    ) -> Result<(), ServiceError> {
        self.retrying(domain_id, || async {
            let delivery = self
                .0
                .store
                .delivery_order(domain_id, id)
                .await?
                .filter(|d| d.status != DeliveryStatus::Deleted)
                .ok_or_else(|| ServiceError::NoSuchDelivery(id.to_owned()))?;
            let now = self.0.clock.now();
            let mut change = if delivery.cancels_order_when_deleted() {
                let order = self.existing_order(domain_id, &delivery.order_id).await?;
                self.cancellation(order.cancel(now, actor.clone())?).await?
            } else {
                Change::default()
            };
            // The cancellation cancelled this delivery order with its order's others; it is
            // written deleted instead.
            change.delivery_updates.retain(|d| d.id != delivery.id);
            let deleted = delivery
                .delete(now)
                .ok_or_else(|| ServiceError::NoSuchDelivery(id.to_owned()))?;
            change.delivery_updates.push(deleted);
            Ok(change)
        })
        .await
    }
}
