//! DSC's specification read (`GET /v1/{project_id}/period/product/specification`): the project's
//! DSC edition and packages, in the shape Terraform reads back.
//!
//! Terraform reads `orderInfo[?productInfo.resourceType=='hws.resource.type.dsc.base']` and its
//! `[0].periodType` / `[0].periodNum`, and polls until `orderInfo` is empty after unsubscribing.
//! The service, which Terraform's acceptance tests run against, answers in that camelCase shape;
//! the SDK models' `orderInfos` (Python) and `order_infos` (Go) with snake_case entries come from
//! a document that disagrees with it, so only `orderInfo` is given (see docs/dsc.md).

use serde::Serialize;

use crate::domain::clock::utc_seconds;
use crate::domain::order::Order;
use crate::domain::resource::{Resource, ResourceTerm};

/// The 200 answer.
#[derive(Debug, Serialize)]
pub struct SpecificationResponse {
    /// One entry per delivered, in-use DSC resource of the project: its edition first, then its
    /// packages, oldest order first. Empty when the project has no DSC instance.
    #[serde(rename = "orderInfo")]
    pub order_info: Vec<OrderInfo>,
}

/// One edition or package.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderInfo {
    /// 2 month, 3 year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_type: Option<i64>,
    /// How many months or years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_num: Option<u32>,
    /// 1 when the subscription renews itself, else 0.
    pub is_auto_renew: i64,
    /// What was bought.
    pub product_info: ProductInfoView,
    /// The order that bought it; absent for a resource the account started with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The resource's id.
    pub resource_id: String,
    /// When the subscription ends (`yyyy-MM-ddTHH:mm:ssZ`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_time: Option<String>,
}

/// `productInfo`: the product as the order named it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductInfoView {
    /// `hws.service.type.sdg`.
    pub cloud_service_type: String,
    /// `hws.resource.type.dsc.base`, `.db` or `.obs`.
    pub resource_type: String,
    /// The spec code (`base_standard`, `DB_professional`).
    pub resource_spec_code: String,
    /// The catalog product.
    pub product_id: String,
    /// The size ordered, for packages (databases, or OBS capacity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_size: Option<u32>,
    /// The measure of the size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_size_measure_id: Option<u32>,
}

impl SpecificationResponse {
    /// The answer for the project's delivered DSC `resources`, each with the order that bought
    /// it (none for a resource the account started with).
    pub fn new<'r>(resources: impl Iterator<Item = (&'r Resource, Option<&'r Order>)>) -> Self {
        let mut entries: Vec<_> = resources.map(|(r, o)| entry(r, o)).collect();
        entries.sort_by_key(|(key, _)| *key);
        SpecificationResponse {
            order_info: entries.into_iter().map(|(_, info)| info).collect(),
        }
    }
}

/// Where an entry sorts: by when its order was placed, then as its order lists it (the edition
/// is an order's first line), then by resource id.
type SortKey<'s> = (time::OffsetDateTime, usize, &'s str);

fn entry<'r>(resource: &'r Resource, order: Option<&Order>) -> (SortKey<'r>, OrderInfo) {
    let lines = order
        .map(|o| o.priced().lines.as_slice())
        .unwrap_or_default();
    let line_no = lines
        .iter()
        .position(|l| l.resource_id.as_deref() == Some(resource.id()));
    let line = line_no.map(|n| &lines[n]);
    let period = match resource.term() {
        Some(ResourceTerm::Period(period)) => Some(period),
        _ => line.map(|l| l.period),
    };
    let key = (
        resource.created_at(),
        line_no.unwrap_or(usize::MAX),
        resource.id(),
    );
    let info = OrderInfo {
        period_type: period.map(|p| p.type_code()),
        period_num: period.and_then(|p| p.count()),
        is_auto_renew: i64::from(order.is_some_and(|o| o.priced().auto_renew)),
        product_info: ProductInfoView {
            cloud_service_type: resource.service_type().to_owned(),
            resource_type: resource.resource_type().to_owned(),
            resource_spec_code: resource.spec_code().to_owned(),
            product_id: resource.product_id().to_owned(),
            resource_size: line.and_then(|l| l.size),
            resource_size_measure_id: line.and_then(|l| l.size_measure_id),
        },
        order_id: resource.order_id().map(str::to_owned),
        resource_id: resource.id().to_owned(),
        expire_time: resource.expires_at().map(utc_seconds),
    };
    (key, info)
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;
    use serde_json::json;
    use time::macros::datetime;

    use super::*;
    use crate::domain::lifecycle::Deadlines;
    use crate::domain::order::LineResources;
    use crate::domain::order::tests::{draft, line};
    use crate::domain::period::Period;
    use crate::domain::resource::NewResource;

    #[test]
    fn a_resource_the_account_started_with_shows_its_term_and_no_order() {
        let start = datetime!(2026-01-31 08:00 UTC);
        let resource = Resource::in_use(
            NewResource {
                id: "r1".into(),
                domain_id: "d".into(),
                project_id: "p".into(),
                service_type: "hws.service.type.sdg".into(),
                product_id: "00301-225396-0--0".into(),
                resource_type: "hws.resource.type.dsc.base".into(),
                spec_code: "base_standard".into(),
                parent_id: None,
            },
            ResourceTerm::Period(Period::Years(1)),
            start,
        );
        let view = SpecificationResponse::new([(&resource, None)].into_iter());
        assert_eq!(
            serde_json::to_value(view).unwrap(),
            json!({"orderInfo": [{
                "periodType": 3,
                "periodNum": 1,
                "isAutoRenew": 0,
                "productInfo": {
                    "cloudServiceType": "hws.service.type.sdg",
                    "resourceType": "hws.resource.type.dsc.base",
                    "resourceSpecCode": "base_standard",
                    "productId": "00301-225396-0--0"
                },
                "resourceId": "r1",
                "expireTime": "2027-01-31T08:00:00Z"
            }]})
        );
    }

    #[test]
    fn entries_follow_their_orders_lines_whatever_order_they_come_in() {
        let mut d = draft(vec![line(dec!(1)), line(dec!(2)), line(dec!(3))]);
        d.priced.line_resources = LineResources::UnderFirst;
        d.priced.auto_renew = true;
        let placed = datetime!(2026-11-23 12:07 UTC);
        let id = "CS2611232007ABCDE".parse().unwrap();
        let order = Order::place(id, d, placed, Deadlines::default()).unwrap();
        let delivered: Vec<Resource> = order
            .priced()
            .resources
            .iter()
            .rev()
            .map(|r| {
                r.clone()
                    .bought_by(order.id().as_str())
                    .deliver(placed, false)
            })
            .collect();
        let view = SpecificationResponse::new(delivered.iter().map(|r| (r, Some(&order))));
        let ids: Vec<_> = view
            .order_info
            .iter()
            .map(|e| e.resource_id.as_str())
            .collect();
        let expected: Vec<_> = order.priced().resources.iter().map(|r| r.id()).collect();
        assert_eq!(ids, expected);
        assert!(view.order_info.iter().all(|e| e.is_auto_renew == 1));
        assert_eq!(
            view.order_info[0].order_id.as_deref(),
            Some("CS2611232007ABCDE")
        );
    }
}
