//! Reading delivery orders: the list's query parameters (`GET /v2/{domain_id}/delivery-orders`)
//! and the answers of the list and of one delivery order.

use serde::Serialize;

use super::DeliveryOrderView;
use crate::domain::delivery::{DeliveryOrder, DeliveryStatus};
use crate::domain::violations::Violations;
use crate::store::DeliveryQuery;

/// The most delivery orders one page holds, and what a page holds when `limit` is not given.
pub const MAX_LIMIT: u32 = 1000;

/// The list's query for the account `domain_id`, from the query parameters as sent: `status`
/// (repeatable, each one of the six statuses), `id`, `limit` (1–[`MAX_LIMIT`], default
/// [`MAX_LIMIT`]) and `marker` (the last id of the previous page), each but `status` at most once.
/// A parameter sent empty counts as not sent, as the BSS APIs treat them; other parameters are
/// ignored. Without `status`, deleted delivery orders are left out.
pub fn list_query(
    domain_id: &str,
    params: &[(String, String)],
) -> Result<DeliveryQuery, Violations> {
    let mut v = Violations::new();
    let mut statuses = Vec::new();
    for value in sent(params, "status") {
        if let Some(status) = v.take("status", value.parse::<DeliveryStatus>()) {
            statuses.push(status);
        }
    }
    if statuses.is_empty() {
        statuses = DeliveryStatus::UNDELETED.to_vec();
    }
    let id = single(params, "id", &mut v);
    let marker = single(params, "marker", &mut v);
    let limit = match single(params, "limit", &mut v) {
        None => Some(MAX_LIMIT),
        Some(text) => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Some(n),
            _ => {
                v.push(
                    "limit",
                    format!("must be an integer from 1 to {MAX_LIMIT}, got {text:?}"),
                );
                None
            }
        },
    };
    match limit {
        Some(limit) if v.is_empty() => Ok(DeliveryQuery {
            domain_id: domain_id.to_owned(),
            statuses,
            id: id.map(str::to_owned),
            after: marker.map(str::to_owned),
            limit,
        }),
        _ => Err(v),
    }
}

/// The values of the parameter `name`, but empty ones, which count as not sent.
fn sent<'p>(params: &'p [(String, String)], name: &'p str) -> impl Iterator<Item = &'p str> {
    params
        .iter()
        .filter(move |(n, value)| n == name && !value.is_empty())
        .map(|(_, value)| value.as_str())
}

/// The one value of the parameter `name`, if it was sent.
fn single<'p>(
    params: &'p [(String, String)],
    name: &'p str,
    v: &mut Violations,
) -> Option<&'p str> {
    let mut values = sent(params, name);
    let first = values.next()?;
    if values.next().is_some() {
        v.push(name, "must be given at most once");
        return None;
    }
    Some(first)
}

/// The list's 200 answer.
#[derive(Debug, Serialize)]
pub struct ListDeliveryOrdersResponse {
    /// The page, oldest first.
    pub delivery_orders: Vec<DeliveryOrderView>,
    /// Where the page ends.
    pub page_info: PageInfo,
}

/// `page_info`.
#[derive(Debug, Serialize)]
pub struct PageInfo {
    /// The `marker` of the next page: this page's last id; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// How many delivery orders this page holds.
    pub current_count: usize,
}

impl ListDeliveryOrdersResponse {
    /// The answer for `orders`, followed by the page at `next_marker` when there is one.
    pub fn new(orders: &[DeliveryOrder], next_marker: Option<String>) -> Self {
        ListDeliveryOrdersResponse {
            delivery_orders: orders.iter().map(DeliveryOrderView::from).collect(),
            page_info: PageInfo {
                next_marker,
                current_count: orders.len(),
            },
        }
    }
}

/// The 200 answer of one delivery order.
#[derive(Debug, Serialize)]
pub struct ShowDeliveryOrderResponse {
    /// The delivery order.
    pub delivery_order: DeliveryOrderView,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Result<DeliveryQuery, String> {
        let params: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        list_query("d", &params).map_err(|v| v.to_string())
    }

    #[test]
    fn without_parameters_a_page_holds_a_thousand_undeleted_delivery_orders() {
        let q = query(&[
            ("unknown", "x"),
            ("status", ""),
            ("limit", ""),
            ("marker", ""),
        ])
        .unwrap();
        assert_eq!(q.domain_id, "d");
        assert_eq!(q.statuses, DeliveryStatus::UNDELETED);
        assert_eq!((q.id, q.after, q.limit), (None, None, 1000));
    }

    #[test]
    fn statuses_repeat_and_the_rest_are_read_once() {
        let q = query(&[
            ("status", "DELETED"),
            ("status", "SUCCESS"),
            ("id", "i"),
            ("marker", "m"),
            ("limit", "1"),
        ])
        .unwrap();
        assert_eq!(
            q.statuses,
            [DeliveryStatus::Deleted, DeliveryStatus::Success]
        );
        assert_eq!(
            (q.id.as_deref(), q.after.as_deref(), q.limit),
            (Some("i"), Some("m"), 1)
        );
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let err = query(&[
            ("status", "processing"),
            ("limit", "1001"),
            ("id", "a"),
            ("id", "b"),
        ])
        .unwrap_err();
        assert_eq!(
            err,
            "status: unknown delivery order status processing; id: must be given at most once; \
             limit: must be an integer from 1 to 1000, got \"1001\""
        );
        assert!(query(&[("limit", "0")]).is_err());
        assert!(query(&[("limit", "ten")]).is_err());
    }
}
