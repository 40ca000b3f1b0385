//! Cloud service package orders: `POST /v2/orders/{order_id}`.
//!
//! The body is camelCase. The seed's example sends `cloudServices`, `cloudServiceForm` and
//! `productInfos` as single objects although the tables say arrays; both shapes are accepted
//! ([`OneOrMany`]). Error paths use the wire names; the fields of a product line are named as the
//! shared [`ProductInfo`] names them (snake_case, as for DSC).

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::common::{OneOrMany, ProductInfo, period_from_fields};
use super::scalar::Coerced;
use crate::domain::account::Accounts;
use crate::domain::catalog::Catalog;
use crate::domain::client_order::{ClientOrderId, is_letters_and_digits_1_to_64};
use crate::domain::money::Currency;
use crate::domain::order::OrderLine;
use crate::domain::period::{Period, PeriodLimits};
use crate::domain::pricing;
use crate::domain::violations::Violations;

/// `cloudServiceType` when a cloud service entry names none.
pub const DEFAULT_SERVICE_TYPE: &str = "hws.service.type.dis";

/// The request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PackageOrderRequest {
    /// The packages, one entry per cloud service order. Needed to order anything.
    #[serde(rename = "cloudServices")]
    pub cloud_services: Option<OneOrMany<CloudServiceEntry>>,
    /// 1 (the only documented value); default 1.
    #[serde(rename = "purchaseMode")]
    pub purchase_mode: Option<i64>,
    /// The tenant: an account's domain id, or one of its project ids. Needed to know whose order
    /// it is.
    #[serde(rename = "tenantId")]
    pub tenant_id: Option<String>,
    /// Recorded only.
    #[serde(rename = "discountId")]
    pub discount_id: Option<String>,
}

/// `cloudServicesRequestEntry`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CloudServiceEntry {
    /// 0 (prepaid), the default.
    #[serde(rename = "chargingMode")]
    pub charging_mode: Option<i64>,
    /// 0, the default.
    #[serde(rename = "paymentMode")]
    pub payment_mode: Option<i64>,
    /// 1–9 months or 1–3 years; default 1.
    #[serde(rename = "periodNum")]
    pub period_num: Option<i64>,
    /// 2 month or 3 year; default 2.
    #[serde(rename = "periodType")]
    pub period_type: Option<i64>,
    /// The order's form: cloud service type, project and order ids.
    #[serde(rename = "cloudServiceForm")]
    pub cloud_service_form: Option<OneOrMany<CloudServiceForm>>,
    /// Boolean, default false; `0`/`1` accepted as the example sends them.
    #[serde(rename = "isAutoRenew")]
    pub is_auto_renew: Option<Coerced<bool>>,
    /// Boolean, default false; recorded only.
    #[serde(rename = "isTrial")]
    pub is_trial: Option<Coerced<bool>>,
    /// Default `hws.service.type.dis`.
    #[serde(rename = "cloudServiceType")]
    pub cloud_service_type: Option<String>,
    /// The packages. At least one.
    #[serde(rename = "productInfos")]
    pub product_infos: Option<OneOrMany<ProductInfo>>,
    /// Recorded only.
    #[serde(rename = "regionId")]
    pub region_id: Option<String>,
    /// How many of each package, at least 1; default 1.
    #[serde(rename = "subscriptionNum")]
    pub subscription_num: Option<i64>,
}

/// `cloudServiceFormRequestEntry`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CloudServiceForm {
    /// The entry's cloud service type, when given.
    #[serde(alias = "cloudServiceType")]
    pub cloudservicetype: Option<String>,
    /// 1–64 letters and digits.
    #[serde(alias = "projectId")]
    pub projectid: Option<String>,
    /// 1–64 letters and digits.
    #[serde(alias = "orderId")]
    pub orderid: Option<String>,
}

/// A package order, checked and priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageOrder {
    /// The caller's id for it.
    pub client_order_id: ClientOrderId,
    /// The tenant's account.
    pub domain_id: String,
    /// The tenant's project, where `tenantId` or a `cloudServiceForm.projectid` names one.
    pub project_id: Option<String>,
    /// The cloud service of every entry.
    pub cloud_service_type: String,
    /// The period every entry shares; `None` when entries differ (each line keeps its own).
    pub period: Option<Period>,
    /// True when every entry renews itself.
    pub auto_renew: bool,
    /// The priced packages.
    pub lines: Vec<OrderLine>,
    /// The currency the lines are priced in.
    pub currency: Currency,
}

/// Why a package order is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageRejection {
    /// Rules were broken (400).
    Invalid(Violations),
    /// `tenantId` names no account or project (404).
    NoSuchTenant(String),
}

struct Entry<'c> {
    service_type: String,
    period: Period,
    auto_renew: bool,
    quantity: u32,
    products: Vec<crate::wire::common::ResolvedProduct<'c>>,
}

impl PackageOrderRequest {
    /// Checks every rule (the path's `order_id` too) against the accounts and the catalog and
    /// prices the packages. Broken rules are reported first, all of them; an unknown tenant only
    /// when the rest is valid.
    pub fn into_order(
        self,
        order_id: &str,
        accounts: &Accounts,
        catalog: &Catalog,
    ) -> Result<PackageOrder, PackageRejection> {
        let mut v = Violations::new();
        let client_order_id = v.take("order_id", order_id.parse::<ClientOrderId>());
        if let Some(mode) = self.purchase_mode
            && mode != 1
        {
            v.push("purchaseMode", format!("must be 1, got {mode}"));
        }
        let tenant = v.required("tenantId", self.tenant_id.as_deref());
        let wire_entries = match self.cloud_services.map(OneOrMany::into_vec) {
            None => {
                v.push("cloudServices", "is required");
                Vec::new()
            }
            Some(list) if list.is_empty() => {
                v.push("cloudServices", "must hold at least one cloud service");
                Vec::new()
            }
            Some(list) => list,
        };
        let checked: Vec<_> = wire_entries
            .iter()
            .enumerate()
            .map(|(i, e)| e.check(&format!("cloudServices[{i}]"), catalog, &mut v))
            .collect();
        let service_types: Vec<_> = wire_entries.iter().map(|e| e.service_type()).collect();
        for (i, other) in service_types.iter().enumerate().skip(1) {
            if *other != service_types[0] {
                v.push(
                    format!("cloudServices[{i}].cloudServiceType"),
                    format!(
                        "must be {} as in cloudServices[0] (one order is for one cloud service), got {other}",
                        service_types[0]
                    ),
                );
            }
        }
        let (Some(client_order_id), Some(tenant)) = (client_order_id, tenant) else {
            return Err(PackageRejection::Invalid(v));
        };
        if !v.is_empty() {
            return Err(PackageRejection::Invalid(v));
        }
        let entries: Vec<Entry<'_>> = checked.into_iter().flatten().collect();

        // tenantId is documented as a project id; before auth the account is found by domain id
        // or by project id (see docs/package.md).
        let (account, project) = match accounts.by_domain(tenant) {
            Some(account) => (account, None),
            None => match accounts.by_project(tenant) {
                Some((account, project)) => (account, Some(project.id.clone())),
                None => return Err(PackageRejection::NoSuchTenant(tenant.to_owned())),
            },
        };
        let project = project.or_else(|| {
            wire_entries
                .iter()
                .flat_map(|e| e.forms())
                .filter_map(|f| f.projectid.as_deref())
                .find(|id| account.projects.iter().any(|p| p.id == *id))
                .map(str::to_owned)
        });

        let mut priced = Vec::new();
        for entry in &entries {
            for line in &entry.products {
                priced.push(pricing::price_line(
                    line.product,
                    entry.period,
                    entry.quantity,
                    line.size,
                    None,
                ));
            }
        }
        let lines = priced.into_iter().collect::<Result<Vec<_>, _>>();
        let currency = pricing::order_currency(
            entries
                .iter()
                .flat_map(|e| e.products.iter().map(|p| p.product)),
        );
        let (Some(lines), Some(currency)) = (
            v.take("cloudServices", lines),
            v.take("cloudServices", currency),
        ) else {
            return Err(PackageRejection::Invalid(v));
        };
        let first = &entries[0];
        Ok(PackageOrder {
            client_order_id,
            domain_id: account.domain_id.clone(),
            project_id: project,
            cloud_service_type: first.service_type.clone(),
            period: entries
                .iter()
                .all(|e| e.period == first.period)
                .then_some(first.period),
            auto_renew: entries.iter().all(|e| e.auto_renew),
            lines,
            currency,
        })
    }
}

impl CloudServiceEntry {
    /// `cloudServiceType`, or its default.
    fn service_type(&self) -> &str {
        self.cloud_service_type
            .as_deref()
            .unwrap_or(DEFAULT_SERVICE_TYPE)
    }

    fn forms(&self) -> &[CloudServiceForm] {
        self.cloud_service_form
            .as_ref()
            .map_or(&[], |f| f.0.as_slice())
    }

    fn check<'c>(&self, path: &str, catalog: &'c Catalog, v: &mut Violations) -> Option<Entry<'c>> {
        let field = |name: &str| format!("{path}.{name}");
        let charging = self.charging_mode.unwrap_or(0);
        if charging != 0 {
            v.push(
                field("chargingMode"),
                format!(
                    "must be 0 (prepaid; resource packages are paid in advance), got {charging}"
                ),
            );
        }
        let payment = self.payment_mode.unwrap_or(0);
        if payment != 0 {
            v.push(field("paymentMode"), format!("must be 0, got {payment}"));
        }
        let period = period_from_fields(
            (&field("periodType"), Some(self.period_type.unwrap_or(2))),
            (&field("periodNum"), Some(self.period_num.unwrap_or(1))),
            PeriodLimits::MONTHS_9_YEARS_3,
            v,
        );
        let quantity = match self.subscription_num.unwrap_or(1) {
            n if n < 1 => {
                v.push(
                    field("subscriptionNum"),
                    format!("must be at least 1, got {n}"),
                );
                None
            }
            n => v.take(
                &field("subscriptionNum"),
                u32::try_from(n).map_err(|_| format!("must be at most {}, got {n}", u32::MAX)),
            ),
        };
        let service_type = self.service_type().to_owned();
        if service_type.is_empty() {
            v.push(field("cloudServiceType"), "must not be empty");
        }
        for (j, form) in self.forms().iter().enumerate() {
            let form_field = |name: &str| format!("{path}.cloudServiceForm[{j}].{name}");
            for (name, value) in [("projectid", &form.projectid), ("orderid", &form.orderid)] {
                if let Some(value) = value
                    && !is_letters_and_digits_1_to_64(value)
                {
                    v.push(
                        form_field(name),
                        format!("must be 1 to 64 letters and digits, got {value:?}"),
                    );
                }
            }
            if let Some(form_type) = &form.cloudservicetype
                && *form_type != service_type
            {
                v.push(
                    form_field("cloudServiceType"),
                    format!("must be the entry's cloudServiceType {service_type}, got {form_type}"),
                );
            }
        }
        let infos = match &self.product_infos {
            None => {
                v.push(field("productInfos"), "is required");
                &[][..]
            }
            Some(list) if list.0.is_empty() => {
                v.push(field("productInfos"), "must hold at least one product");
                &[][..]
            }
            Some(list) => list.0.as_slice(),
        };
        let products: Vec<_> = infos
            .iter()
            .enumerate()
            .map(|(j, info)| {
                with_defaults(info, &service_type, catalog).resolve(
                    &format!("{path}.productInfos[{j}]"),
                    catalog,
                    Some(&service_type),
                    v,
                )
            })
            .collect();
        let products: Option<Vec<_>> = products.into_iter().collect();
        Some(Entry {
            service_type,
            period: period?,
            auto_renew: self.is_auto_renew.is_some_and(|c| c.0),
            quantity: quantity?,
            products: products.filter(|p| !p.is_empty())?,
        })
    }
}

/// The line with the documented defaults filled in: the entry's cloud service type, and the
/// product's own resource type and spec code (the seed documents fixed DIS defaults, one of which,
/// `resourceType` `hws.service.type.dis`, is a service type; the product's values are what those
/// defaults mean).
fn with_defaults(info: &ProductInfo, service_type: &str, catalog: &Catalog) -> ProductInfo {
    let mut info = info.clone();
    info.cloud_service_type
        .get_or_insert_with(|| service_type.to_owned());
    if let Some(product) = info.product_id.as_deref().and_then(|id| catalog.get(id)) {
        info.resource_type
            .get_or_insert_with(|| product.resource_type.clone());
        info.resource_spec_code
            .get_or_insert_with(|| product.resource_spec_code.clone());
    }
    info
}

/// The request's content, normalized so that equal orders hash equally: object keys sorted,
/// insignificant white space dropped, and the one-or-many lists always arrays.
pub fn content_hash(raw: &str) -> String {
    let mut value: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
    normalize(&mut value);
    hex::encode(Sha256::digest(value.to_string().as_bytes()))
}

fn normalize(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if matches!(
                    key.as_str(),
                    "cloudServices" | "cloudServiceForm" | "productInfos"
                ) && item.is_object()
                {
                    *item = Value::Array(vec![item.take()]);
                }
                normalize(item);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_content_hashes_equally_whatever_its_layout() {
        let a =
            r#"{"tenantId":"t","cloudServices":{"periodNum":1,"productInfos":{"productId":"p"}}}"#;
        let b = r#"{ "cloudServices": [ { "productInfos": [ {"productId": "p"} ], "periodNum": 1 } ],
                     "tenantId": "t" }"#;
        assert_eq!(content_hash(a), content_hash(b));
        let c =
            r#"{"tenantId":"t","cloudServices":{"periodNum":2,"productInfos":{"productId":"p"}}}"#;
        assert_ne!(content_hash(a), content_hash(c));
        assert_eq!(content_hash(a).len(), 64);
    }
}
