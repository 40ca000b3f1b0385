//! The fields every view of an order shows: the part CustomerOrderV2 (the order list) and
//! CustomerOrderV3 (`order_info` of the order details) share.

use serde::Serialize;

use super::money::{AmountInfo, EmptyList, Money};
use crate::domain::clock::utc_seconds;
use crate::domain::order::Order;
use crate::domain::service_type::service_type_name;

/// What every order view shows.
#[derive(Debug, Serialize)]
pub struct OrderSummary {
    /// Order id (`CS...`).
    pub order_id: String,
    /// The owning account.
    pub customer_id: String,
    /// The order's cloud service type.
    pub service_type_code: String,
    /// Its name (`Data Security Center`).
    pub service_type_name: String,
    /// 1: created by the customer.
    pub source_type: i64,
    /// BSS status.
    pub status: i64,
    /// BSS order type.
    pub order_type: i64,
    /// What is due.
    pub amount_after_discount: Money,
    /// The list price (the same: orderd gives no discounts).
    pub official_amount: Money,
    /// 1: yuan.
    pub measure_id: i64,
    /// When it was placed.
    pub create_time: String,
    /// When it was paid; unpaid orders have none.
    pub payment_time: Option<String>,
    /// The currency.
    pub currency: String,
    /// The contract it was placed under: orderd has no contracts.
    pub contract_id: Option<String>,
    /// How it was paid beyond the balance: not at all.
    pub amount_info: AmountInfo,
    /// The orders of a combined transaction: orderd makes none.
    pub sub_order_infos: EmptyList,
}

impl OrderSummary {
    /// What every view shows of `order`.
    pub fn new(order: &Order) -> OrderSummary {
        let service = &order.priced().cloud_service_type;
        OrderSummary {
            order_id: order.id().to_string(),
            customer_id: order.domain_id().to_owned(),
            service_type_code: service.clone(),
            service_type_name: service_type_name(service).to_owned(),
            source_type: 1,
            status: order.status().code(),
            order_type: order.priced().order_type.code(),
            amount_after_discount: order.total().into(),
            official_amount: order.total().into(),
            measure_id: 1,
            create_time: utc_seconds(order.created_at()),
            payment_time: order.paid_at().map(utc_seconds),
            currency: order.priced().currency.as_str().to_owned(),
            contract_id: None,
            amount_info: AmountInfo::NONE,
            sub_order_infos: EmptyList,
        }
    }
}
