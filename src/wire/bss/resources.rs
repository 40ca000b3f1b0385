//! ListPayPerUseCustomerResources (`POST /v2/orders/suscriptions/resources/query`, "suscriptions"
//! as the real path spells it): the body that selects an account's delivered resources, and the
//! answer.
//!
//! Integer fields take numeric strings too (Terraform sends them), and an empty string counts as
//! not sent, as the service's Java binding reads them.

use serde::{Deserialize, Serialize};

use super::money::EnterpriseProject;
use super::params::{MAX_OFFSET, time_range};
use crate::domain::account::Account;
use crate::domain::clock::utc_seconds;
use crate::domain::order::Order;
use crate::domain::resource::{Resource, ResourceStatus};
use crate::domain::service_type::{resource_type_name, service_type_name};
use crate::domain::violations::Violations;
use crate::store::ResourceQuery;
use crate::wire::common::{items, range};
use crate::wire::scalar::{Coerced, OrEmpty, given};

/// The most resources one page holds.
pub const MAX_LIMIT: i64 = 500;
/// The most resource ids one query names.
const MAX_IDS: usize = 50;
/// The documented resource statuses: 2 in use, 3 closed, 4 frozen, 5 expired.
const STATUSES: std::ops::RangeInclusive<i64> = 2..=5;

/// The body; every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct QueryResourcesRequest {
    /// Only these resources (at most 50); empty: all.
    pub resource_ids: Option<Vec<String>>,
    /// Only the resources of this order: its `CS...` id in any case, or the id a caller
    /// submitted it under.
    pub order_id: Option<String>,
    /// 1: main resources only; 0 (default): attached ones too.
    pub only_main_resource: OrEmpty<i64>,
    /// Only resources in one of these statuses; empty: all.
    pub status_list: Option<Vec<Coerced<i64>>>,
    /// Resources to skip, default 0.
    pub offset: OrEmpty<i64>,
    /// Page size, 1–500, default 10.
    pub limit: OrEmpty<i64>,
    /// Expiring at or after (`yyyy-MM-ddTHH:mm:ssZ`).
    pub expire_time_begin: Option<String>,
    /// Expiring at or before, to the second.
    pub expire_time_end: Option<String>,
    /// Only resources of this cloud service type; must not be empty.
    pub service_type_code: Option<String>,
    /// A partner's sub-customer: at most 64 characters, not read otherwise (as documented).
    pub customer_id: Option<String>,
}

/// Which resources a query shows: those `query` selects, of the order named `order` when one
/// is named. The query names no order itself: the service finds the order by either of its ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceSelection {
    /// Every other filter, and the page.
    pub query: ResourceQuery,
    /// The order's name as sent.
    pub order: Option<String>,
}

impl QueryResourcesRequest {
    /// The delivered resources of account `domain_id` the body selects, once every rule holds.
    pub fn into_selection(self, domain_id: &str) -> Result<ResourceSelection, Violations> {
        let mut v = Violations::new();
        let ids = items("resource_ids", &self.resource_ids, 0, MAX_IDS, &mut v).to_vec();
        let only_main = match given(&self.only_main_resource) {
            None => Some(false),
            Some(flag) => range("only_main_resource", flag, 0, 1, &mut v).map(|f| f == 1),
        };
        let statuses = self.statuses(&mut v);
        let offset = range(
            "offset",
            given(&self.offset).unwrap_or(0),
            0,
            MAX_OFFSET,
            &mut v,
        );
        let limit = range(
            "limit",
            given(&self.limit).unwrap_or(10),
            1,
            MAX_LIMIT,
            &mut v,
        );
        let expires = time_range(
            &mut v,
            ("expire_time_begin", self.expire_time_begin.as_deref()),
            ("expire_time_end", self.expire_time_end.as_deref()),
            None,
        );
        if self.service_type_code.as_deref() == Some("") {
            v.push("service_type_code", "must not be empty");
        }
        if let Some(customer) = &self.customer_id
            && customer.chars().count() > 64
        {
            v.push("customer_id", "must be at most 64 characters");
        }
        let (Some(only_main), Some(statuses), Some(offset), Some(limit), Some(expires)) =
            (only_main, statuses, offset, limit, expires)
        else {
            return Err(v);
        };
        if !v.is_empty() {
            return Err(v);
        }
        Ok(ResourceSelection {
            query: ResourceQuery {
                domain_id: domain_id.to_owned(),
                // BSS lists the account's resources in every project.
                project_id: None,
                resource_ids: ids,
                order_id: None,
                only_main,
                statuses,
                expires,
                service_type: self.service_type_code,
                offset: u64::from(offset),
                limit,
            },
            order: self.order_id.filter(|id| !id.is_empty()),
        })
    }

    /// The statuses asked for (empty: all), or `None` (recorded) when one is not documented.
    fn statuses(&self, v: &mut Violations) -> Option<Vec<ResourceStatus>> {
        let asked = self.status_list.as_deref().unwrap_or_default();
        let mut known = Vec::new();
        let mut valid = true;
        for (i, Coerced(code)) in asked.iter().enumerate() {
            match ResourceStatus::from_code(*code).filter(|_| STATUSES.contains(code)) {
                Some(status) => known.push(status),
                None => {
                    v.push(
                        format!("status_list[{i}]"),
                        format!(
                            "must be 2 (in use), 3 (closed), 4 (frozen) or 5 (expired), got {code}"
                        ),
                    );
                    valid = false;
                }
            }
        }
        valid.then_some(known)
    }
}

/// One `data[]` entry (OrderInstanceV2).
#[derive(Debug, Serialize)]
pub struct ResourceView {
    /// The resource's id before it was provisioned: orderd's resources have one id only.
    pub id: String,
    /// The resource's id.
    pub resource_id: String,
    /// Its name: orderd keeps no names, so its id.
    pub resource_name: String,
    /// The region of its project (of its edge site, for CloudPond hardware).
    pub region_code: Option<String>,
    /// Its cloud service type.
    pub service_type_code: String,
    /// Its resource type.
    pub resource_type_code: String,
    /// The resource type's name.
    pub resource_type_name: String,
    /// The cloud service's name.
    pub service_type_name: String,
    /// Its spec code.
    pub resource_spec_code: String,
    /// Its project; none for resources of account-level orders.
    pub project_id: Option<String>,
    /// The catalog product it was bought as.
    pub product_id: String,
    /// The resource it is attached to.
    pub parent_resource_id: Option<String>,
    /// 1: a main resource; 0: attached to another.
    pub is_main_resource: i64,
    /// 2 in use, 3 closed, 4 frozen, 5 expired.
    pub status: i64,
    /// When it came into use.
    pub effective_time: Option<String>,
    /// When its subscription ends.
    pub expire_time: Option<String>,
    /// 3 (renews itself) while its auto-renewal is on, else 0 (a grace period).
    pub expire_policy: i64,
    /// Its spec code.
    pub product_spec_desc: String,
    /// Its size, when its order line gave one.
    pub spec_size: Option<u32>,
    /// The unit of the size.
    pub spec_size_measure_id: Option<u32>,
    /// When it last changed: its delivery.
    pub update_time: String,
    /// The default enterprise project.
    pub enterprise_project: EnterpriseProject,
}

impl ResourceView {
    /// The view of `resource` of `account`, bought by `order` (none for resources the account
    /// started with), delivered to the edge site `edge_site_id` when it is CloudPond hardware.
    pub fn new(
        resource: &Resource,
        order: Option<&Order>,
        edge_site_id: Option<&str>,
        account: &Account,
    ) -> ResourceView {
        let line = order.and_then(|o| {
            o.priced()
                .lines
                .iter()
                .find(|l| l.resource_id.as_deref() == Some(resource.id()))
        });
        let project = account
            .projects
            .iter()
            .find(|p| p.id == resource.project_id());
        let region = project.map(|p| p.region.clone()).or_else(|| {
            edge_site_id
                .and_then(|id| account.edge_site(id))
                .map(|site| site.region.clone())
        });
        ResourceView {
            id: resource.id().to_owned(),
            resource_id: resource.id().to_owned(),
            resource_name: resource.id().to_owned(),
            region_code: region,
            service_type_code: resource.service_type().to_owned(),
            resource_type_code: resource.resource_type().to_owned(),
            resource_type_name: resource_type_name(resource.resource_type()).to_owned(),
            service_type_name: service_type_name(resource.service_type()).to_owned(),
            resource_spec_code: resource.spec_code().to_owned(),
            project_id: Some(resource.project_id())
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
            product_id: resource.product_id().to_owned(),
            parent_resource_id: resource.parent_id().map(str::to_owned),
            is_main_resource: i64::from(resource.is_main()),
            status: resource.status().code(),
            effective_time: resource.effective_at().map(utc_seconds),
            expire_time: resource.expires_at().map(utc_seconds),
            expire_policy: if resource.auto_renew().is_some() {
                3
            } else {
                0
            },
            product_spec_desc: resource.spec_code().to_owned(),
            spec_size: line.and_then(|l| l.size),
            spec_size_measure_id: line.and_then(|l| l.size.and(l.size_measure_id)),
            update_time: utc_seconds(resource.effective_at().unwrap_or(resource.created_at())),
            enterprise_project: EnterpriseProject::DEFAULT,
        }
    }
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct QueryResourcesResponse {
    /// How many resources the query selects in all.
    pub total_count: u64,
    /// One page of them.
    pub data: Vec<ResourceView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;

    fn select(body: serde_json::Value) -> Result<ResourceSelection, String> {
        crate::wire::json::parse_json::<QueryResourcesRequest>(&body.to_string())?
            .into_selection("d1")
            .map_err(|v| v.to_string())
    }

    fn query(body: serde_json::Value) -> (ResourceQuery, Option<String>) {
        match select(body.clone()) {
            Ok(ResourceSelection { query, order }) => (query, order),
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn an_empty_body_lists_the_first_ten_delivered_resources() {
        assert_eq!(
            query(json!({})),
            (ResourceQuery::of_account("d1", 10), None)
        );
    }

    #[test]
    fn terraforms_bodies_are_read_with_numbers_in_strings() {
        let (q, order) = query(json!({"order_id": "CS2108102036B2CAI", "only_main_resource": 1}));
        assert!(q.only_main);
        assert_eq!(order.as_deref(), Some("CS2108102036B2CAI"));
        let (q, _) = query(json!({"resource_ids": ["r1"], "status_list": ["2"],
            "only_main_resource": "1", "limit": "100", "offset": "0"}));
        assert_eq!(q.resource_ids, ["r1"]);
        assert_eq!(q.statuses, [ResourceStatus::InUse]);
        assert_eq!((q.limit, q.offset), (100, 0));
        let (q, order) = query(json!({"order_id": "", "limit": "", "only_main_resource": ""}));
        assert_eq!((q.limit, q.only_main, order), (10, false, None));
    }

    #[test]
    fn every_filter_is_read() {
        let (q, _) = query(json!({"expire_time_begin": "2026-01-01T00:00:00Z",
            "expire_time_end": "2026-12-31T23:59:59Z", "service_type_code": "hws.service.type.sdg",
            "customer_id": "anyone", "status_list": [2, 5]}));
        assert_eq!(q.expires.from, Some(datetime!(2026-01-01 0:00 UTC)));
        assert_eq!(q.expires.to, Some(datetime!(2027-01-01 0:00 UTC)));
        assert_eq!(q.service_type.as_deref(), Some("hws.service.type.sdg"));
        assert_eq!(q.statuses, [ResourceStatus::InUse, ResourceStatus::Expired]);
    }

    #[test]
    fn closed_frozen_and_expired_are_statuses_to_filter_by() {
        let (q, _) = query(json!({"status_list": [3, 4, 5]}));
        assert_eq!(
            q.statuses,
            [
                ResourceStatus::Closed,
                ResourceStatus::Frozen,
                ResourceStatus::Expired
            ]
        );
    }

    #[test]
    fn every_broken_rule_is_named_in_one_answer() {
        let ids: Vec<String> = (0..51).map(|i| format!("r{i}")).collect();
        let err = select(json!({"resource_ids": ids, "only_main_resource": 2,
            "status_list": [2, 1], "offset": -1, "limit": 501, "expire_time_end": "tomorrow",
            "service_type_code": "", "customer_id": "c".repeat(65)}))
        .unwrap_err();
        for needle in [
            "resource_ids: must hold 0 to 50 items, got 51",
            "only_main_resource: must be 0 to 1, got 2",
            "status_list[1]: must be 2 (in use), 3 (closed), 4 (frozen) or 5 (expired), got 1",
            "offset: must be 0 to 2147483647, got -1",
            "limit: must be 1 to 500, got 501",
            "expire_time_end: must be a UTC time",
            "service_type_code: must not be empty",
            "customer_id: must be at most 64 characters",
        ] {
            assert!(err.contains(needle), "{needle} missing from {err}");
        }
        let err = select(json!({"limit": "ten"})).unwrap_err();
        assert!(
            err.starts_with("limit: invalid value: string \"ten\""),
            "{err}"
        );
    }
}
