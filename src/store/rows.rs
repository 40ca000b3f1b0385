//! Storage rows: domain values flattened to portable column values ([`Value`]) and rebuilt from
//! any backend's row ([`Columns`]). Shared by every backend so that each one only moves values.

use time::OffsetDateTime;

use super::StoreError;
use crate::domain::balance::Balance;
use crate::domain::delivery::{DeliveryOrder, DeliveryStatus};
use crate::domain::idempotency::{Answer, Fingerprint, KeyRecord};
use crate::domain::ids::OrderId;
use crate::domain::money::{Amount, SignedAmount};
use crate::domain::order::{
    ChargingMode, LineResources, Order, OrderDraft, OrderLine, OrderStatus, OrderType, PricedOrder,
    StoredOrder,
};
use crate::domain::period::Period;
use crate::domain::resource::{AutoRenew, Resource, ResourceStatus, ResourceTerm, StoredResource};

/// One portable column value: every column is a 64-bit integer or text, either may be NULL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// BIGINT.
    Int(Option<i64>),
    /// TEXT.
    Text(Option<String>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_owned))
    }
}

/// A result row of any backend, read by column index.
pub trait Columns {
    /// The integer at `i`, or `None` for NULL.
    fn int(&self, i: usize) -> Result<Option<i64>, StoreError>;
    /// The text at `i`, or `None` for NULL.
    fn text(&self, i: usize) -> Result<Option<String>, StoreError>;
}

fn corrupt(what: &str, value: impl std::fmt::Debug) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

/// The not-NULL integer at `i`.
fn int(row: &dyn Columns, i: usize) -> Result<i64, StoreError> {
    row.int(i)?
        .ok_or_else(|| corrupt("NULL integer in column", i))
}

/// The not-NULL text at `i`.
fn text(row: &dyn Columns, i: usize) -> Result<String, StoreError> {
    row.text(i)?
        .ok_or_else(|| corrupt("NULL text in column", i))
}

/// A time as stored: microseconds since the Unix epoch.
pub fn micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1000).expect("orderd's times fit i64 microseconds")
}

/// The time `value` microseconds after the Unix epoch.
pub fn from_micros(value: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(value) * 1000)
        .map_err(|e| corrupt("time", (value, e)))
}

fn time(row: &dyn Columns, i: usize) -> Result<OffsetDateTime, StoreError> {
    from_micros(int(row, i)?)
}

fn opt_time(row: &dyn Columns, i: usize) -> Result<Option<OffsetDateTime>, StoreError> {
    row.int(i)?.map(from_micros).transpose()
}

fn amount(row: &dyn Columns, i: usize) -> Result<Amount, StoreError> {
    let cents = int(row, i)?;
    Amount::from_cents(cents).map_err(|e| corrupt("amount", (cents, e)))
}

fn count(value: Option<i64>) -> Result<Option<u32>, StoreError> {
    value
        .map(|v| u32::try_from(v).map_err(|_| corrupt("count", v)))
        .transpose()
}

fn period(type_code: i64, num: Option<i64>) -> Result<Period, StoreError> {
    Period::from_stored(type_code, count(num)?).ok_or_else(|| corrupt("period", (type_code, num)))
}

fn order_id(text: &str) -> Result<OrderId, StoreError> {
    text.parse().map_err(|_| corrupt("order id", text))
}

/// The columns of `orders`, in the order [`order_values`] writes and [`order_from`] reads.
pub const ORDER_COLUMNS: &str = "id, domain_id, project_id, cloud_service_type, order_type, \
    charging_mode, period_type, period_num, auto_renew, total_cents, currency, status, version, \
    created_at, updated_at, paid_at, paid_by, due_at, request_body";

/// The values of an `orders` row.
pub fn order_values(order: &Order) -> Vec<Value> {
    let d = order.draft();
    let p = &d.priced;
    vec![
        order.id().as_str().into(),
        d.domain_id.as_str().into(),
        d.project_id.as_deref().into(),
        p.cloud_service_type.as_str().into(),
        p.order_type.code().into(),
        p.charging_mode.code().into(),
        p.period.map(Period::type_code).into(),
        p.period.and_then(Period::count).map(i64::from).into(),
        i64::from(p.auto_renew).into(),
        order.total().cents().into(),
        p.currency.as_str().into(),
        order.status().code().into(),
        order.version().into(),
        micros(order.created_at()).into(),
        micros(order.updated_at()).into(),
        order.paid_at().map(micros).into(),
        order.paid_by().into(),
        order.due_at().map(micros).into(),
        d.request_body.as_str().into(),
    ]
}

/// The order of an `orders` row (columns [`ORDER_COLUMNS`]) with its `lines` and `resources`.
pub fn order_from(
    row: &dyn Columns,
    lines: Vec<OrderLine>,
    resources: Vec<Resource>,
) -> Result<Order, StoreError> {
    let period_num = row.int(7)?;
    let period = row.int(6)?.map(|t| period(t, period_num)).transpose()?;
    let order_type = int(row, 4)?;
    let charging_mode = int(row, 5)?;
    let status = int(row, 11)?;
    let priced = PricedOrder {
        cloud_service_type: text(row, 3)?,
        order_type: OrderType::from_code(order_type)
            .ok_or_else(|| corrupt("order_type", order_type))?,
        charging_mode: ChargingMode::from_code(charging_mode)
            .map_err(|e| corrupt("charging_mode", e))?,
        period,
        auto_renew: int(row, 8)? != 0,
        lines,
        currency: text(row, 10)?.parse().map_err(|e| corrupt("currency", e))?,
        resources,
        line_resources: LineResources::Listed,
    };
    Ok(Order::restore(StoredOrder {
        id: order_id(&text(row, 0)?)?,
        draft: OrderDraft::new(text(row, 1)?, row.text(2)?, priced, text(row, 18)?),
        total: amount(row, 9)?,
        status: OrderStatus::from_code(status).ok_or_else(|| corrupt("status", status))?,
        version: int(row, 12)?,
        created_at: time(row, 13)?,
        updated_at: time(row, 14)?,
        paid_at: opt_time(row, 15)?,
        paid_by: row.text(16)?,
        due_at: opt_time(row, 17)?,
    }))
}

/// The values of the `line_no`-th line of order `order_id`.
pub fn line_values(order_id: &OrderId, line_no: usize, line: &OrderLine) -> Vec<Value> {
    vec![
        order_id.as_str().into(),
        i64::try_from(line_no).expect("line count fits i64").into(),
        line.product_id.as_str().into(),
        line.cloud_service_type.as_str().into(),
        line.resource_type.as_str().into(),
        line.resource_spec_code.as_str().into(),
        line.period.type_code().into(),
        line.period.count().map(i64::from).into(),
        i64::from(line.quantity).into(),
        line.size.map(i64::from).into(),
        line.size_measure_id.map(i64::from).into(),
        line.unit_price.cents().into(),
        line.amount.cents().into(),
        line.resource_id.as_deref().into(),
    ]
}

/// The line of an `order_lines` row (the columns of `sql::SELECT_LINES`).
pub fn line_from(row: &dyn Columns) -> Result<OrderLine, StoreError> {
    let quantity = int(row, 7)?;
    Ok(OrderLine {
        product_id: text(row, 1)?,
        cloud_service_type: text(row, 2)?,
        resource_type: text(row, 3)?,
        resource_spec_code: text(row, 4)?,
        period: period(int(row, 5)?, row.int(6)?)?,
        quantity: u32::try_from(quantity).map_err(|_| corrupt("quantity", quantity))?,
        size: count(row.int(8)?)?,
        size_measure_id: count(row.int(9)?)?,
        unit_price: amount(row, 10)?,
        amount: amount(row, 11)?,
        resource_id: row.text(12)?,
    })
}

/// The values of a `resources` row.
pub fn resource_values(r: &Resource) -> Vec<Value> {
    let (term_type, term_num, term_until) = match r.term() {
        None => (None, None, None),
        Some(ResourceTerm::Period(p)) => (Some(p.type_code()), p.count().map(i64::from), None),
        Some(ResourceTerm::Until(at)) => (None, None, Some(micros(at))),
    };
    vec![
        r.project_id().into(),
        r.id().into(),
        r.domain_id().into(),
        r.service_type().into(),
        r.product_id().into(),
        r.resource_type().into(),
        r.spec_code().into(),
        r.order_id().into(),
        r.parent_id().into(),
        r.status().code().into(),
        term_type.into(),
        term_num.into(),
        term_until.into(),
        micros(r.created_at()).into(),
        r.effective_at().map(micros).into(),
        r.expires_at().map(micros).into(),
        r.version().into(),
        r.auto_renew().map(|a| a.period.type_code()).into(),
        r.auto_renew()
            .and_then(|a| a.period.count())
            .map(i64::from)
            .into(),
        r.auto_renew()
            .and_then(|a| a.times_left)
            .map(i64::from)
            .into(),
        r.due_at().map(micros).into(),
    ]
}

/// The resource of a `resources` row (the columns of the resource selects in `sql`).
pub fn resource_from(row: &dyn Columns) -> Result<Resource, StoreError> {
    let status = int(row, 9)?;
    let term = match (row.int(10)?, row.int(12)?) {
        (Some(t), _) => Some(ResourceTerm::Period(period(t, row.int(11)?)?)),
        (None, Some(until)) => Some(ResourceTerm::Until(from_micros(until)?)),
        (None, None) => None,
    };
    Ok(Resource::restore(StoredResource {
        project_id: text(row, 0)?,
        id: text(row, 1)?,
        domain_id: text(row, 2)?,
        service_type: text(row, 3)?,
        product_id: text(row, 4)?,
        resource_type: text(row, 5)?,
        spec_code: text(row, 6)?,
        order_id: row.text(7)?,
        parent_id: row.text(8)?,
        status: ResourceStatus::from_code(status)
            .ok_or_else(|| corrupt("resource status", status))?,
        term,
        created_at: time(row, 13)?,
        effective_at: opt_time(row, 14)?,
        expires_at: opt_time(row, 15)?,
        version: int(row, 16)?,
        auto_renew: row
            .int(17)?
            .map(|t| -> Result<AutoRenew, StoreError> {
                Ok(AutoRenew {
                    period: period(t, row.int(18)?)?,
                    times_left: count(row.int(19)?)?,
                })
            })
            .transpose()?,
        due_at: opt_time(row, 20)?,
    }))
}

/// The values of a `delivery_orders` row.
pub fn delivery_values(d: &DeliveryOrder) -> Vec<Value> {
    vec![
        d.id.as_str().into(),
        d.name.as_str().into(),
        d.domain_id.as_str().into(),
        d.status.as_str().into(),
        d.edge_site_id.as_str().into(),
        d.order_id.as_str().into(),
        d.effected_at.map(micros).into(),
        micros(d.created_at).into(),
        micros(d.updated_at).into(),
    ]
}

/// The delivery order of a `delivery_orders` row (the columns of `sql::SELECT_DELIVERY`).
pub fn delivery_from(row: &dyn Columns) -> Result<DeliveryOrder, StoreError> {
    Ok(DeliveryOrder {
        id: text(row, 0)?,
        name: text(row, 1)?,
        domain_id: text(row, 2)?,
        status: text(row, 3)?
            .parse::<DeliveryStatus>()
            .map_err(|e| corrupt("delivery status", e))?,
        edge_site_id: text(row, 4)?,
        order_id: order_id(&text(row, 5)?)?,
        effected_at: opt_time(row, 6)?,
        created_at: time(row, 7)?,
        updated_at: time(row, 8)?,
    })
}

/// The balance of a `balances` row (`domain_id, currency, balance_cents, version`).
pub fn balance_from(row: &dyn Columns) -> Result<Balance, StoreError> {
    Ok(Balance {
        domain_id: text(row, 0)?,
        currency: text(row, 1)?.parse().map_err(|e| corrupt("currency", e))?,
        amount: SignedAmount::from_cents(int(row, 2)?),
        version: int(row, 3)?,
    })
}

/// (order id, content hash) of a `client_orders` row (`order_id, content_hash`).
pub fn client_order_from(row: &dyn Columns) -> Result<(OrderId, String), StoreError> {
    Ok((order_id(&text(row, 0)?)?, text(row, 1)?))
}

/// (account, order id, due time) of a `domain_id, id, due_at` row.
pub fn due_order_from(row: &dyn Columns) -> Result<(String, OrderId, OffsetDateTime), StoreError> {
    Ok((text(row, 0)?, order_id(&text(row, 1)?)?, time(row, 2)?))
}

/// (project, id, due time) of a `project_id, id, due_at` row.
pub fn due_resource_from(
    row: &dyn Columns,
) -> Result<(String, String, OffsetDateTime), StoreError> {
    Ok((text(row, 0)?, text(row, 1)?, time(row, 2)?))
}

/// A duration as stored: whole microseconds.
pub fn duration_micros(d: time::Duration) -> i64 {
    i64::try_from(d.whole_microseconds()).expect("offsets fit i64 microseconds")
}

/// The duration of a microseconds column.
pub fn duration_from(row: &dyn Columns) -> Result<time::Duration, StoreError> {
    Ok(time::Duration::microseconds(int(row, 0)?))
}

/// The text of a one-column row.
pub fn text_from(row: &dyn Columns) -> Result<String, StoreError> {
    text(row, 0)
}

/// An idempotency key of an `idempotency_keys` row ([`super::sql::SELECT_KEY`]'s columns).
pub fn key_from(row: &dyn Columns) -> Result<KeyRecord, StoreError> {
    let created_orders = text(row, 4)?
        .split_whitespace()
        .map(order_id)
        .collect::<Result<_, _>>()?;
    let answer = match (row.int(5)?, row.text(6)?) {
        (Some(status), Some(body)) => Some(Answer {
            status: u16::try_from(status).map_err(|_| corrupt("answer status", status))?,
            body,
        }),
        (None, None) => None,
        other => return Err(corrupt("half an answer", other)),
    };
    Ok(KeyRecord {
        domain_id: text(row, 0)?,
        key: text(row, 1)?.parse().map_err(|e| corrupt("key", e))?,
        fingerprint: Fingerprint::stored(text(row, 2)?),
        claimed_at: time(row, 3)?,
        created_orders,
        answer,
    })
}

/// The count of a `COUNT(*)` row.
pub fn count_from(row: &dyn Columns) -> Result<u64, StoreError> {
    let n = int(row, 0)?;
    u64::try_from(n).map_err(|_| corrupt("count", n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stored_times_keep_microseconds_and_order() {
        let a = datetime!(2026-11-23 12:07:01.123456 UTC);
        let b = datetime!(2026-11-23 12:07:01.123457 UTC);
        assert!(micros(a) < micros(b));
        assert_eq!(from_micros(micros(a)).unwrap(), a);
        let before_1970 = datetime!(1960-01-01 0:00:00.000001 UTC);
        assert_eq!(from_micros(micros(before_1970)).unwrap(), before_1970);
    }
}
