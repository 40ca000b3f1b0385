//! BSS ShowCustomerOrderDetails (`GET /v2/orders/customer-orders/details/{order_id}`) view.

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::domain::clock::utc_seconds as bss_time;
use crate::domain::money::Amount;
use crate::domain::order::Order;

/// BSS money: a JSON number in yuan (`measure_id` 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Money(Amount);

impl From<Amount> for Money {
    fn from(amount: Amount) -> Money {
        Money(amount)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value = self.0.value();
        // Integral amounts print as integers; others as the shortest float that reads back as
        // the same decimal (amounts have at most a few decimal places).
        match value.fract().is_zero().then(|| value.to_i64()).flatten() {
            Some(whole) => s.serialize_i64(whole),
            None => s.serialize_f64(value.to_f64().unwrap_or(f64::NAN)),
        }
    }
}

/// `order_info` (CustomerOrderV3).
#[derive(Debug, Serialize)]
pub struct OrderInfo {
    /// Order id.
    pub order_id: String,
    /// The owning account.
    pub customer_id: String,
    /// The order's cloud service type.
    pub service_type_code: String,
    /// 1: created by the customer.
    pub source_type: i64,
    /// BSS status.
    pub status: i64,
    /// BSS order type.
    pub order_type: i64,
    /// What is due.
    pub amount_after_discount: Money,
    /// The list price.
    pub official_amount: Money,
    /// 1: yuan.
    pub measure_id: i64,
    /// When it was placed.
    pub create_time: String,
    /// When it was paid; unpaid orders have none.
    pub payment_time: Option<String>,
    /// The currency.
    pub currency: String,
}

/// One `order_line_items[]` entry.
#[derive(Debug, Serialize)]
pub struct OrderLineItem {
    /// `<order id>-<n>`, n from 1.
    pub order_line_item_id: String,
    /// The line's cloud service type.
    pub service_type_code: String,
    /// The catalog product.
    pub product_id: String,
    /// The spec code.
    pub product_spec_desc: String,
    /// The resource type.
    pub category_code: String,
    /// BSS period type.
    pub period_type: i64,
    /// Number of periods, where the period has one.
    pub period_num: Option<u32>,
    /// Quantity.
    pub subscription_num: u32,
    /// What the line costs.
    pub amount_after_discount: Money,
    /// Its list price.
    pub official_amount: Money,
    /// The currency.
    pub currency: String,
    /// The order.
    pub order_id: String,
}

/// The response.
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
    /// The view of `order`, with `limit` line items from `offset`.
    pub fn new(order: &Order, offset: usize, limit: usize) -> OrderDetailsResponse {
        let id = order.id().to_string();
        let currency = order.priced().currency.as_str().to_owned();
        OrderDetailsResponse {
            total_count: order.priced().lines.len(),
            order_info: OrderInfo {
                order_id: id.clone(),
                customer_id: order.draft().domain_id.clone(),
                service_type_code: order.priced().cloud_service_type.clone(),
                source_type: 1,
                status: order.status().code(),
                order_type: order.priced().order_type.code(),
                amount_after_discount: Money(order.total()),
                official_amount: Money(order.total()),
                measure_id: 1,
                create_time: bss_time(order.created_at()),
                payment_time: None,
                currency: currency.clone(),
            },
            order_line_items: order
                .priced()
                .lines
                .iter()
                .enumerate()
                .skip(offset)
                .take(limit)
                .map(|(n, line)| OrderLineItem {
                    order_line_item_id: format!("{id}-{}", n + 1),
                    service_type_code: line.cloud_service_type.clone(),
                    product_id: line.product_id.clone(),
                    product_spec_desc: line.resource_spec_code.clone(),
                    category_code: line.resource_type.clone(),
                    period_type: line.period.type_code(),
                    period_num: line.period.count(),
                    subscription_num: line.quantity,
                    amount_after_discount: Money(line.amount),
                    official_amount: Money(line.amount),
                    currency: currency.clone(),
                    order_id: id.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_is_a_json_number() {
        let json = |d| serde_json::to_string(&Money(Amount::new(d).unwrap())).unwrap();
        assert_eq!(json(dec!(2500.00)), "2500");
        assert_eq!(json(dec!(0.1)), "0.1");
        assert_eq!(json(dec!(1234.56)), "1234.56");
    }
}
