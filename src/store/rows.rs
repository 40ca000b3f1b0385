//! Storage rows: domain values flattened to portable column values, and back. Shared by every
//! backend so each one only moves columns.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::StoreError;
use crate::domain::clock::utc_micros;
use crate::domain::delivery::{DeliveryOrder, DeliveryStatus};
use crate::domain::ids::OrderId;
use crate::domain::order::{
    ChargingMode, Order, OrderDraft, OrderLine, OrderStatus, OrderType, PricedOrder,
};
use crate::domain::period::Period;
use crate::domain::resource::Resource;

/// One `orders` row.
pub struct OrderRow {
    pub id: String,
    pub domain_id: String,
    pub project_id: Option<String>,
    pub cloud_service_type: String,
    pub order_type: i64,
    pub charging_mode: i64,
    pub period_type: Option<i64>,
    pub period_num: Option<i64>,
    pub auto_renew: i64,
    pub total: String,
    pub currency: String,
    pub status: i64,
    pub created_at: String,
    pub updated_at: String,
    pub request_body: String,
}

/// One `order_lines` row.
pub struct LineRow {
    pub line_no: i64,
    pub product_id: String,
    pub cloud_service_type: String,
    pub resource_type: String,
    pub resource_spec_code: String,
    pub period_type: i64,
    pub period_num: Option<i64>,
    pub quantity: i64,
    pub size: Option<i64>,
    pub size_measure_id: Option<i64>,
    pub unit_price: String,
    pub amount: String,
    pub resource_id: Option<String>,
}

/// One `resources` row.
pub struct ResourceRow {
    pub project_id: String,
    pub id: String,
    pub domain_id: String,
    pub resource_type: String,
    pub spec_code: String,
    pub order_id: Option<String>,
    pub parent_id: Option<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
}

/// One `delivery_orders` row.
pub struct DeliveryRow {
    pub id: String,
    pub name: String,
    pub domain_id: String,
    pub status: String,
    pub edge_site_id: String,
    pub order_id: String,
    pub effected_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl DeliveryRow {
    /// The columns of `delivery`.
    pub fn from_delivery(delivery: &DeliveryOrder) -> DeliveryRow {
        DeliveryRow {
            id: delivery.id.clone(),
            name: delivery.name.clone(),
            domain_id: delivery.domain_id.clone(),
            status: delivery.status.as_str().to_owned(),
            edge_site_id: delivery.edge_site_id.clone(),
            order_id: delivery.order_id.to_string(),
            effected_at: delivery.effected_at.map(utc_micros),
            created_at: utc_micros(delivery.created_at),
            updated_at: utc_micros(delivery.updated_at),
        }
    }

    /// Rebuilds the delivery order.
    pub fn into_delivery(self) -> Result<DeliveryOrder, StoreError> {
        Ok(DeliveryOrder {
            status: self
                .status
                .parse::<DeliveryStatus>()
                .map_err(|e| corrupt("delivery status", e))?,
            order_id: self
                .order_id
                .parse()
                .map_err(|_| corrupt("order id", &self.order_id))?,
            effected_at: self.effected_at.as_deref().map(parse_time).transpose()?,
            created_at: parse_time(&self.created_at)?,
            updated_at: parse_time(&self.updated_at)?,
            id: self.id,
            name: self.name,
            domain_id: self.domain_id,
            edge_site_id: self.edge_site_id,
        })
    }
}

fn parse_time(text: &str) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|e| StoreError::Corrupt(format!("time {text:?}: {e}")))
}

fn corrupt(what: &str, value: impl std::fmt::Debug) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

fn count(value: Option<i64>) -> Result<Option<u32>, StoreError> {
    value
        .map(|v| u32::try_from(v).map_err(|_| corrupt("count", v)))
        .transpose()
}

fn period(type_code: i64, num: Option<i64>) -> Result<Period, StoreError> {
    Period::from_stored(type_code, count(num)?).ok_or_else(|| corrupt("period", (type_code, num)))
}

impl OrderRow {
    /// The columns of `order`.
    pub fn from_order(order: &Order) -> OrderRow {
        let d = &order.draft;
        OrderRow {
            id: order.id.to_string(),
            domain_id: d.domain_id.clone(),
            project_id: d.project_id.clone(),
            cloud_service_type: d.priced.cloud_service_type.clone(),
            order_type: d.priced.order_type.code(),
            charging_mode: d.priced.charging_mode.code(),
            period_type: d.priced.period.map(Period::type_code),
            period_num: d.priced.period.and_then(Period::count).map(i64::from),
            auto_renew: i64::from(d.priced.auto_renew),
            total: order.total.to_string(),
            currency: d.priced.currency.to_string(),
            status: order.status.code(),
            created_at: utc_micros(order.created_at),
            updated_at: utc_micros(order.updated_at),
            request_body: d.request_body.clone(),
        }
    }

    /// Rebuilds the order from its row, its lines and its resources.
    pub fn into_order(
        self,
        lines: Vec<LineRow>,
        resources: Vec<ResourceRow>,
    ) -> Result<Order, StoreError> {
        let period = self
            .period_type
            .map(|t| period(t, self.period_num))
            .transpose()?;
        let priced = PricedOrder {
            cloud_service_type: self.cloud_service_type,
            order_type: OrderType::from_code(self.order_type)
                .ok_or_else(|| corrupt("order_type", self.order_type))?,
            charging_mode: ChargingMode::from_code(self.charging_mode)
                .map_err(|e| corrupt("charging_mode", e))?,
            period,
            auto_renew: self.auto_renew != 0,
            lines: lines
                .into_iter()
                .map(LineRow::into_line)
                .collect::<Result<_, _>>()?,
            currency: self.currency.parse().map_err(|e| corrupt("currency", e))?,
            resources: resources
                .into_iter()
                .map(ResourceRow::into_resource)
                .collect::<Result<_, _>>()?,
        };
        let draft = OrderDraft::new(self.domain_id, self.project_id, priced, self.request_body);
        Ok(Order {
            id: self
                .id
                .parse::<OrderId>()
                .map_err(|_| corrupt("order id", &self.id))?,
            draft,
            total: self.total.parse().map_err(|e| corrupt("total", e))?,
            status: OrderStatus::from_code(self.status)
                .ok_or_else(|| corrupt("status", self.status))?,
            created_at: parse_time(&self.created_at)?,
            updated_at: parse_time(&self.updated_at)?,
        })
    }
}

impl LineRow {
    /// The columns of the `line_no`-th line.
    pub fn from_line(line_no: usize, line: &OrderLine) -> LineRow {
        LineRow {
            line_no: i64::try_from(line_no).expect("line count fits i64"),
            product_id: line.product_id.clone(),
            cloud_service_type: line.cloud_service_type.clone(),
            resource_type: line.resource_type.clone(),
            resource_spec_code: line.resource_spec_code.clone(),
            period_type: line.period.type_code(),
            period_num: line.period.count().map(i64::from),
            quantity: i64::from(line.quantity),
            size: line.size.map(i64::from),
            size_measure_id: line.size_measure_id.map(i64::from),
            unit_price: line.unit_price.to_string(),
            amount: line.amount.to_string(),
            resource_id: line.resource_id.clone(),
        }
    }

    fn into_line(self) -> Result<OrderLine, StoreError> {
        Ok(OrderLine {
            product_id: self.product_id,
            cloud_service_type: self.cloud_service_type,
            resource_type: self.resource_type,
            resource_spec_code: self.resource_spec_code,
            period: period(self.period_type, self.period_num)?,
            quantity: u32::try_from(self.quantity)
                .map_err(|_| corrupt("quantity", self.quantity))?,
            size: count(self.size)?,
            size_measure_id: count(self.size_measure_id)?,
            unit_price: self
                .unit_price
                .parse()
                .map_err(|e| corrupt("unit_price", e))?,
            amount: self.amount.parse().map_err(|e| corrupt("amount", e))?,
            resource_id: self.resource_id,
        })
    }
}

impl ResourceRow {
    /// The columns of `resource`.
    pub fn from_resource(resource: &Resource) -> ResourceRow {
        ResourceRow {
            project_id: resource.project_id.clone(),
            id: resource.id.clone(),
            domain_id: resource.domain_id.clone(),
            resource_type: resource.resource_type.clone(),
            spec_code: resource.spec_code.clone(),
            order_id: resource.order_id.clone(),
            parent_id: resource.parent_id.clone(),
            created_at: utc_micros(resource.created_at),
            expires_at: resource.expires_at.map(utc_micros),
        }
    }

    /// Rebuilds the resource.
    pub fn into_resource(self) -> Result<Resource, StoreError> {
        Ok(Resource {
            id: self.id,
            domain_id: self.domain_id,
            project_id: self.project_id,
            resource_type: self.resource_type,
            spec_code: self.spec_code,
            order_id: self.order_id,
            parent_id: self.parent_id,
            created_at: parse_time(&self.created_at)?,
            expires_at: self.expires_at.as_deref().map(parse_time).transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stored_times_keep_microseconds_and_sort_as_text() {
        let a = datetime!(2026-11-23 12:07:01.123456 UTC);
        let b = datetime!(2026-11-23 12:07:01.123457 UTC);
        assert_eq!(utc_micros(a), "2026-11-23T12:07:01.123456Z");
        assert!(utc_micros(a) < utc_micros(b));
        assert_eq!(parse_time(&utc_micros(a)).unwrap(), a);
    }
}
