//! ListCustomerOrders (`GET /v2/orders/customer-orders`): the query and the answer.
//!
//! Every parameter is optional, and one sent empty counts as not sent. Filters a caller's orders
//! can never match (another customer's id, the orders of sub-customers, an order type orderd
//! never makes) select nothing rather than being refused: they are valid questions whose answer
//! is an empty list.

use serde::{Deserialize, Serialize};

use super::money::EmptyList;
use super::params::{MAX_OFFSET, given, integer, time_range};
use super::summary::OrderSummary;
use crate::domain::order::{Order, OrderStatus, OrderType};
use crate::domain::violations::Violations;
use crate::store::{OrderQuery, OrderSort};

/// The most orders one page holds.
pub const MAX_LIMIT: i64 = 100;
/// The statuses a list can be filtered by (the documented ones).
const STATUSES: &[i64] = &[1, 3, 4, 5, 6, 9];
/// The documented order types; orderd makes only 1–4.
const ORDER_TYPES: &[i64] = &[1, 2, 3, 4, 10, 11, 13, 14, 15];

/// The query string, every parameter as the text it was sent as.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListCustomerOrdersQuery {
    /// One order: its `CS...` id in any case, or the id a caller submitted it under.
    pub order_id: Option<String>,
    /// The customer whose orders to list: only the caller's own has any.
    pub customer_id: Option<String>,
    /// Placed at or after (`yyyy-MM-ddTHH:mm:ssZ`).
    pub create_time_begin: Option<String>,
    /// Placed at or before, to the second; at most a year after the begin.
    pub create_time_end: Option<String>,
    /// Paid at or after.
    pub payment_time_begin: Option<String>,
    /// Paid at or before, to the second; at most a year after the begin.
    pub payment_time_end: Option<String>,
    /// Of this cloud service type (any case).
    pub service_type_code: Option<String>,
    /// In this status: 1, 3, 4, 5, 6 or 9.
    pub status: Option<String>,
    /// Of this order type: a documented type code.
    pub order_type: Option<String>,
    /// Page size, 1–100, default 10.
    pub limit: Option<String>,
    /// Orders to skip, default 0.
    pub offset: Option<String>,
    /// `createTime` (oldest first) or `-createTime` (newest first, the default), any case.
    pub order_by: Option<String>,
    /// A reseller's id: orderd has no resellers, so it is not read.
    pub indirect_partner_id: Option<String>,
    /// `oneself` (the default): the caller's orders; `sub_customer`: those it pays for
    /// enterprise sub-customers, of which orderd has none.
    pub method: Option<String>,
}

/// Which orders a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderSelection {
    /// Those the query selects.
    Orders(OrderQuery),
    /// None: the filters can match no order of the caller's.
    Nothing,
}

impl ListCustomerOrdersQuery {
    /// The orders of account `domain_id` the query selects, once every parameter is valid.
    /// `service_types` are the codes orderd sells, which a `service_type_code` in another case
    /// is read as.
    pub fn into_selection(
        self,
        domain_id: &str,
        service_types: &[&str],
    ) -> Result<OrderSelection, Violations> {
        let mut v = Violations::new();
        let limit = integer(&mut v, "limit", self.limit.as_deref(), 10, (1, MAX_LIMIT));
        let offset = integer(&mut v, "offset", self.offset.as_deref(), 0, (0, MAX_OFFSET));
        let created = time_range(
            &mut v,
            ("create_time_begin", self.create_time_begin.as_deref()),
            ("create_time_end", self.create_time_end.as_deref()),
            Some(1),
        );
        let paid = time_range(
            &mut v,
            ("payment_time_begin", self.payment_time_begin.as_deref()),
            ("payment_time_end", self.payment_time_end.as_deref()),
            Some(1),
        );
        let status = code(&mut v, "status", self.status, STATUSES)
            .map(|c| c.map(|c| OrderStatus::from_code(c).expect("every listed status has a code")));
        let order_type = code(&mut v, "order_type", self.order_type, ORDER_TYPES);
        let order_by = given(self.order_by);
        let sort = match order_by.as_deref() {
            None => Some(OrderSort::NewestFirst),
            Some(s) if s.eq_ignore_ascii_case("-createTime") => Some(OrderSort::NewestFirst),
            Some(s) if s.eq_ignore_ascii_case("createTime") => Some(OrderSort::OldestFirst),
            Some(other) => {
                v.push(
                    "order_by",
                    format!("must be createTime or -createTime, got {other:?}"),
                );
                None
            }
        };
        let own = match given(self.method).as_deref() {
            None | Some("oneself") => Some(true),
            Some("sub_customer") => Some(false),
            Some(other) => {
                v.push(
                    "method",
                    format!("must be oneself or sub_customer, got {other:?}"),
                );
                None
            }
        };
        let (
            Some(limit),
            Some(offset),
            Some(created),
            Some(paid),
            Some(status),
            Some(order_type),
            Some(sort),
            Some(own),
        ) = (limit, offset, created, paid, status, order_type, sort, own)
        else {
            return Err(v);
        };
        let other_customer = given(self.customer_id).is_some_and(|c| c != domain_id);
        let order_type = match order_type {
            None => None,
            Some(code) => match OrderType::from_code(code) {
                Some(t) => Some(t),
                None => return Ok(OrderSelection::Nothing),
            },
        };
        if other_customer || !own {
            return Ok(OrderSelection::Nothing);
        }
        let service_type = given(self.service_type_code).map(|code| {
            service_types
                .iter()
                .find(|known| known.eq_ignore_ascii_case(&code))
                .map_or(code, |known| (*known).to_owned())
        });
        Ok(OrderSelection::Orders(OrderQuery {
            domain_id: domain_id.to_owned(),
            order_id: given(self.order_id),
            created,
            paid,
            service_type,
            status,
            order_type,
            offset: u64::try_from(offset).expect("offset is at least 0"),
            limit: u32::try_from(limit).expect("limit is 1 to 100"),
            sort,
        }))
    }
}

/// An integer code parameter: `Some(None)` when not sent, `Some(Some(code))` when one of
/// `allowed`, `None` (recorded) otherwise.
fn code(
    v: &mut Violations,
    name: &str,
    text: Option<String>,
    allowed: &[i64],
) -> Option<Option<i64>> {
    let Some(text) = given(text) else {
        return Some(None);
    };
    match text.parse::<i64>() {
        Ok(c) if allowed.contains(&c) => Some(Some(c)),
        _ => {
            let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
            v.push(
                name,
                format!("must be one of {}, got {text:?}", list.join(", ")),
            );
            None
        }
    }
}

/// `agent_pay_info`: orderd has no agents, so no order is paid by one.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AgentPayInfo {
    /// Always false.
    pub is_agent_pay: bool,
}

/// One `order_infos[]` entry (CustomerOrderV2).
#[derive(Debug, Serialize)]
pub struct CustomerOrder {
    /// What every order view shows.
    #[serde(flatten)]
    pub summary: OrderSummary,
    /// The order's enterprise projects: orderd has none.
    pub enterprise_projects: EmptyList,
    /// Not paid by an agent.
    pub agent_pay_info: AgentPayInfo,
}

impl CustomerOrder {
    /// The list entry of `order`.
    pub fn new(order: &Order) -> CustomerOrder {
        CustomerOrder {
            summary: OrderSummary::new(order),
            enterprise_projects: EmptyList,
            agent_pay_info: AgentPayInfo {
                is_agent_pay: false,
            },
        }
    }
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct ListCustomerOrdersResponse {
    /// How many orders the query selects in all.
    pub total_count: u64,
    /// One page of them.
    pub order_infos: Vec<CustomerOrder>,
}

impl ListCustomerOrdersResponse {
    /// The page `orders` of `total_count` selected orders.
    pub fn new(orders: &[Order], total_count: u64) -> ListCustomerOrdersResponse {
        ListCustomerOrdersResponse {
            total_count,
            order_infos: orders.iter().map(CustomerOrder::new).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const SERVICES: &[&str] = &["hws.service.type.sdg", "hws.service.type.vdi"];

    fn select(pairs: &[(&str, &str)]) -> Result<OrderSelection, String> {
        let map: serde_json::Map<String, serde_json::Value> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::json!(v)))
            .collect();
        let query: ListCustomerOrdersQuery =
            serde_json::from_value(serde_json::Value::Object(map)).expect("a query");
        query
            .into_selection("d1", SERVICES)
            .map_err(|v| v.to_string())
    }

    fn query(pairs: &[(&str, &str)]) -> OrderQuery {
        match select(pairs) {
            Ok(OrderSelection::Orders(q)) => q,
            other => panic!("{pairs:?}: {other:?}"),
        }
    }

    #[test]
    fn nothing_sent_lists_the_newest_ten() {
        assert_eq!(query(&[]), OrderQuery::of_account("d1", 10));
        let empty = query(&[
            ("limit", ""),
            ("offset", ""),
            ("order_by", ""),
            ("status", ""),
        ]);
        assert_eq!(empty, OrderQuery::of_account("d1", 10));
    }

    #[test]
    fn every_filter_is_read() {
        let q = query(&[
            ("order_id", "cs2108102036b2cai"),
            ("customer_id", "d1"),
            ("create_time_begin", "2026-01-01T00:00:00Z"),
            ("create_time_end", "2026-01-31T23:59:59Z"),
            ("payment_time_begin", "2026-01-02T00:00:00Z"),
            ("service_type_code", "HWS.SERVICE.TYPE.SDG"),
            ("status", "5"),
            ("order_type", "1"),
            ("limit", "100"),
            ("offset", "20"),
            ("order_by", "createTime"),
            ("method", "oneself"),
            ("indirect_partner_id", "anything"),
        ]);
        assert_eq!(q.order_id.as_deref(), Some("cs2108102036b2cai"));
        assert_eq!(q.created.from, Some(datetime!(2026-01-01 0:00 UTC)));
        assert_eq!(q.created.to, Some(datetime!(2026-02-01 0:00 UTC)));
        assert_eq!(q.paid.from, Some(datetime!(2026-01-02 0:00 UTC)));
        assert_eq!(q.paid.to, None);
        assert_eq!(q.service_type.as_deref(), Some("hws.service.type.sdg"));
        assert_eq!(q.status, Some(OrderStatus::Completed));
        assert_eq!(q.order_type, Some(OrderType::New));
        assert_eq!((q.limit, q.offset), (100, 20));
        assert_eq!(q.sort, OrderSort::OldestFirst);
        assert_eq!(
            query(&[("order_by", "-CREATETIME")]).sort,
            OrderSort::NewestFirst
        );
        let unknown = query(&[("service_type_code", "hws.service.type.ecs")]);
        assert_eq!(
            unknown.service_type.as_deref(),
            Some("hws.service.type.ecs")
        );
    }

    #[test]
    fn filters_no_order_of_the_caller_can_match_select_nothing() {
        for pairs in [
            [("customer_id", "d2")],
            [("method", "sub_customer")],
            [("order_type", "10")],
        ] {
            assert_eq!(select(&pairs), Ok(OrderSelection::Nothing), "{pairs:?}");
        }
    }

    #[test]
    fn every_broken_parameter_is_named_in_one_answer() {
        let err = select(&[
            ("limit", "101"),
            ("offset", "-1"),
            ("create_time_begin", "2026-01-01"),
            ("payment_time_begin", "2025-01-01T00:00:00Z"),
            ("payment_time_end", "2026-01-01T00:00:01Z"),
            ("status", "2"),
            ("order_type", "x"),
            ("order_by", "amount"),
            ("method", "all"),
        ])
        .unwrap_err();
        for needle in [
            "limit: must be an integer from 1 to 100, got \"101\"",
            "offset: must be an integer from 0 to 2147483647, got \"-1\"",
            "create_time_begin: must be a UTC time yyyy-MM-ddTHH:mm:ssZ, got \"2026-01-01\"",
            "payment_time_end: must be at most 1 year after payment_time_begin",
            "status: must be one of 1, 3, 4, 5, 6, 9, got \"2\"",
            "order_type: must be one of 1, 2, 3, 4, 10, 11, 13, 14, 15, got \"x\"",
            "order_by: must be createTime or -createTime, got \"amount\"",
            "method: must be oneself or sub_customer, got \"all\"",
        ] {
            assert!(err.contains(needle), "{needle} missing from {err}");
        }
    }
}
