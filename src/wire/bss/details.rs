//! ShowCustomerOrderDetails (`GET /v2/orders/customer-orders/details/{order_id}`): the query
//! that pages the line items, and the answer.

use serde::{Deserialize, Serialize};

use super::money::{AmountInfo, Money};
use super::params::{MAX_OFFSET, integer};
use super::summary::OrderSummary;
use crate::domain::clock::utc_seconds;
use crate::domain::order::{Order, OrderLine, OrderStatus};
use crate::domain::resource::Resource;
use crate::domain::service_type::service_type_name;
use crate::domain::violations::Violations;

/// The most line items one page holds.
pub const MAX_LIMIT: i64 = 100;

/// The query string.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrderDetailsQuery {
    /// Line items per page, 1–100, default 10.
    pub limit: Option<String>,
    /// Line items to skip, default 0.
    pub offset: Option<String>,
    /// A reseller's id: orderd has no resellers, so it is not read.
    pub indirect_partner_id: Option<String>,
}

/// Which line items to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinePage {
    /// How many to skip.
    pub offset: usize,
    /// How many at most.
    pub limit: usize,
}

impl OrderDetailsQuery {
    /// The page of line items asked for.
    pub fn into_page(self) -> Result<LinePage, Violations> {
        let mut v = Violations::new();
        let limit = integer(&mut v, "limit", self.limit.as_deref(), 10, (1, MAX_LIMIT));
        let offset = integer(&mut v, "offset", self.offset.as_deref(), 0, (0, MAX_OFFSET));
        match (limit, offset) {
            (Some(limit), Some(offset)) => Ok(LinePage {
                offset: usize::try_from(offset).expect("offset is 0 to i32::MAX"),
                limit: usize::try_from(limit).expect("limit is 1 to 100"),
            }),
            _ => Err(v),
        }
    }
}

/// `order_info` (CustomerOrderV3).
#[derive(Debug, Serialize)]
pub struct OrderInfo {
    /// What every order view shows.
    #[serde(flatten)]
    pub summary: OrderSummary,
    /// Who acted on the order: the user who paid it once paid, else the account that placed it.
    pub user_name: String,
    /// Until when the order can be paid, while it waits for payment.
    pub pending_payment_end_time: Option<String>,
}

/// `base_product_info` (ProductObject): the product a line is for.
#[derive(Debug, Serialize)]
pub struct ProductObject {
    /// The catalog product.
    pub product_id: String,
    /// Its spec code.
    pub product_spec_desc: String,
    /// Its resource type.
    pub category_code: String,
    /// The cloud service it belongs to.
    pub product_owner_service: String,
    /// The resource type it is sold as.
    pub commercial_resource: String,
}

/// One `order_line_items[]` entry (OrderLineItemEntityV2).
#[derive(Debug, Serialize)]
pub struct OrderLineItem {
    /// `<order id>-<n>`, n from 1.
    pub order_line_item_id: String,
    /// The line's cloud service type.
    pub service_type_code: String,
    /// Its name.
    pub service_type_name: String,
    /// The catalog product.
    pub product_id: String,
    /// The spec code.
    pub product_spec_desc: String,
    /// BSS period type.
    pub period_type: i64,
    /// Number of periods, where the period has one.
    pub period_num: Option<u32>,
    /// When the line's resource came into use; none before the order is delivered.
    pub effective_time: Option<String>,
    /// When the line's resource's subscription ends; none before the order is delivered.
    pub expire_time: Option<String>,
    /// Quantity.
    pub subscription_num: u32,
    /// What the line costs.
    pub amount_after_discount: Money,
    /// Its list price.
    pub official_amount: Money,
    /// How it was paid beyond the balance: not at all.
    pub amount_info: AmountInfo,
    /// The currency.
    pub currency: String,
    /// The resource type.
    pub category_code: String,
    /// The cloud service the product belongs to.
    pub product_owner_service: String,
    /// The resource type it is sold as.
    pub commercial_resource: String,
    /// The product.
    pub base_product_info: ProductObject,
    /// The order.
    pub order_id: String,
}

impl OrderLineItem {
    /// Line `n` (from 0) of `order`; its times are those of `resource`, the one it created, once
    /// delivered.
    fn new(order: &Order, n: usize, line: &OrderLine, resource: Option<&Resource>) -> Self {
        let id = order.id().to_string();
        let delivered = resource.filter(|r| r.effective_at().is_some());
        OrderLineItem {
            order_line_item_id: format!("{id}-{}", n + 1),
            service_type_code: line.cloud_service_type.clone(),
            service_type_name: service_type_name(&line.cloud_service_type).to_owned(),
            product_id: line.product_id.clone(),
            product_spec_desc: line.resource_spec_code.clone(),
            period_type: line.period.type_code(),
            period_num: line.period.count(),
            effective_time: delivered.and_then(Resource::effective_at).map(utc_seconds),
            expire_time: delivered.and_then(Resource::expires_at).map(utc_seconds),
            subscription_num: line.quantity,
            amount_after_discount: line.amount.into(),
            official_amount: line.amount.into(),
            amount_info: AmountInfo::NONE,
            currency: order.priced().currency.as_str().to_owned(),
            category_code: line.resource_type.clone(),
            product_owner_service: line.cloud_service_type.clone(),
            commercial_resource: line.resource_type.clone(),
            base_product_info: ProductObject {
                product_id: line.product_id.clone(),
                product_spec_desc: line.resource_spec_code.clone(),
                category_code: line.resource_type.clone(),
                product_owner_service: line.cloud_service_type.clone(),
                commercial_resource: line.resource_type.clone(),
            },
            order_id: id,
        }
    }
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct OrderDetailsResponse {
    /// Number of line items in all.
    pub total_count: usize,
    /// The order.
    pub order_info: OrderInfo,
    /// One page of its lines.
    pub order_line_items: Vec<OrderLineItem>,
}

impl OrderDetailsResponse {
    /// The view of `order`, placed by the account named `account_name`, with the `page` of its
    /// line items. `resources` are those the order created: a line's times are its resource's.
    pub fn new(
        order: &Order,
        account_name: &str,
        resources: &[Resource],
        page: LinePage,
    ) -> OrderDetailsResponse {
        let resource_of = |line: &OrderLine| {
            let id = line.resource_id.as_deref()?;
            resources.iter().find(|r| r.id() == id)
        };
        OrderDetailsResponse {
            total_count: order.priced().lines.len(),
            order_info: OrderInfo {
                summary: OrderSummary::new(order),
                user_name: order.paid_by().unwrap_or(account_name).to_owned(),
                pending_payment_end_time: (order.status() == OrderStatus::PendingPayment)
                    .then(|| order.due_at().map(utc_seconds))
                    .flatten(),
            },
            order_line_items: order
                .priced()
                .lines
                .iter()
                .enumerate()
                .skip(page.offset)
                .take(page.limit)
                .map(|(n, line)| OrderLineItem::new(order, n, line, resource_of(line)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(limit: Option<&str>, offset: Option<&str>) -> Result<LinePage, String> {
        let query = OrderDetailsQuery {
            limit: limit.map(str::to_owned),
            offset: offset.map(str::to_owned),
            indirect_partner_id: None,
        };
        query.into_page().map_err(|v| v.to_string())
    }

    #[test]
    fn pages_default_to_the_first_ten_lines_and_are_checked() {
        assert_eq!(
            page(None, None),
            Ok(LinePage {
                offset: 0,
                limit: 10
            })
        );
        assert_eq!(
            page(Some(""), Some("3")),
            Ok(LinePage {
                offset: 3,
                limit: 10
            })
        );
        assert_eq!(
            page(Some("0"), Some("-1")).unwrap_err(),
            "limit: must be an integer from 1 to 100, got \"0\"; \
             offset: must be an integer from 0 to 2147483647, got \"-1\""
        );
    }
}
