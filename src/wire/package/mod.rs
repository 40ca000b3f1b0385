//! Cloud service package orders: `POST /v2/orders/{order_id}`.
//!
//! The body is camelCase. The seed's example sends `cloudServices`, `cloudServiceForm` and
//! `productInfos` as single objects although the tables say arrays; both shapes are accepted
//! ([`OneOrMany`]). Error paths use the wire names; the fields of a product line are named as the
//! shared [`ProductInfo`] names them (snake_case, as for DSC).

mod check;

use serde::Deserialize;

use super::common::{OneOrMany, ProductInfo};
use super::scalar::Coerced;
use crate::domain::client_order::ClientOrderId;
use crate::domain::order::PricedOrder;

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
    /// Recorded only; the example's spelling (sic).
    #[serde(rename = "avalibleZoneId")]
    pub avalible_zone_id: Option<String>,
    /// Recorded only.
    #[serde(rename = "cloudServiceEndpoint")]
    pub cloud_service_endpoint: Option<String>,
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
    /// The priced packages, of the cloud service of every entry. Its period is the one every
    /// entry shares, `None` when entries differ (each line keeps its own); it renews itself when
    /// every entry does.
    pub order: PricedOrder,
}
