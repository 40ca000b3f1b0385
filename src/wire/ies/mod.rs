//! IES (CloudPond) delivery orders: `POST /v2/{domain_id}/delivery-orders`; reading them is in
//! [`list`].

pub mod list;

use serde::{Deserialize, Serialize};

use crate::domain::account::Account;
use crate::domain::catalog::{Catalog, Product};
use crate::domain::clock::utc_micros;
use crate::domain::delivery::DeliveryOrder;
use crate::domain::order::PricedOrder;
use crate::domain::period::{Period, PeriodLimits};
use crate::domain::pricing;
use crate::domain::violations::Violations;
use crate::wire::Rejection;
use crate::wire::common::{one_of, positive_int32};
use crate::wire::scalar::Coerced;

/// The cloud service of every IES order.
pub const IES_SERVICE_TYPE: &str = "hws.service.type.ies";
/// Server offerings.
pub const SERVER_RESOURCE_TYPE: &str = "hws.resource.type.ies.server";
/// Network device offerings.
pub const NETWORK_DEVICE_RESOURCE_TYPE: &str = "hws.resource.type.ies.networkdevice";
/// Storage pools; their offering id is the storage type.
pub const STORAGE_POOL_RESOURCE_TYPE: &str = "hws.resource.type.ies.storagepool";

/// The accepted `pay_mode`s.
pub const PAY_MODES: [&str; 5] = [
    "FULL",
    "HALF",
    "PAID_BY_YEAR",
    "ZERO_PAID_BY_YEAR",
    "ZERO_PAID_BY_MONTH",
];

/// The request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateDeliveryOrderRequest {
    /// Mandatory.
    pub delivery_order: Option<CreateDeliveryOrderOption>,
}

/// `CreateDeliveryOrderOption`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateDeliveryOrderOption {
    /// An edge site of the account. Mandatory. Coerced: the seed's example sends a number.
    pub edge_site_id: Option<Coerced<String>>,
    /// Servers to order.
    pub servers: Option<Vec<OfferingOption>>,
    /// Network devices to order.
    pub network_devices: Option<Vec<OfferingOption>>,
    /// Storage pools to create or expand.
    pub storage_pools: Option<Vec<StorageOption>>,
    /// Billing. Mandatory.
    pub market_options: Option<MarketCreateOption>,
}

/// `ServerOption` and `NetworkDeviceOption`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OfferingOption {
    /// The catalog offering. Needed to order anything.
    pub offering_id: Option<String>,
    /// How many, at least 1; default 1.
    pub count: Option<i64>,
}

/// `StorageOption`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StorageOption {
    /// A catalog storage type (`SSD`, `SAS`). Mandatory.
    pub storage_type: Option<String>,
    /// TB, at least 1. Mandatory.
    pub size: Option<i64>,
}

/// `MarketCreateOption`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MarketCreateOption {
    /// `prepaid`. Mandatory.
    pub charge_mode: Option<String>,
    /// Mandatory.
    pub prepaid_options: Option<PrepaidCreateOption>,
    /// Recorded only (kept in the stored request body). The seed documents "Array of Discount
    /// objects" without their fields: each must be an object, whatever it holds.
    pub discounts: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
}

/// `PrepaidCreateOption`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PrepaidCreateOption {
    /// `year` or `month`. Mandatory.
    pub period_type: Option<String>,
    /// At least 1. Mandatory.
    pub period_num: Option<i64>,
    /// FULL, HALF, PAID_BY_YEAR, ZERO_PAID_BY_YEAR or ZERO_PAID_BY_MONTH. Mandatory.
    pub pay_mode: Option<String>,
}

/// A delivery order's content, checked and priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IesOrder {
    /// The account's edge site it delivers to.
    pub edge_site_id: String,
    /// The order it is billed through: servers, network devices, then storage pools.
    pub order: PricedOrder,
}

const BASE: &str = "delivery_order";

impl CreateDeliveryOrderRequest {
    /// Checks every rule against the account and the catalog and prices the order. Broken rules
    /// are reported first, all of them; an edge site the account lacks only when the rest is
    /// valid.
    pub fn into_order(self, account: &Account, catalog: &Catalog) -> Result<IesOrder, Rejection> {
        let mut v = Violations::new();
        let Some(order) = v.required(BASE, self.delivery_order) else {
            return Err(Rejection::Invalid(v));
        };
        let field = |name: &str| format!("{BASE}.{name}");
        let site = v.required(
            &field("edge_site_id"),
            order.edge_site_id.map(Coerced::into_inner),
        );
        if site.as_deref() == Some("") {
            v.push(field("edge_site_id"), "must not be empty");
        }
        let period = order
            .market_options
            .as_ref()
            .map(|m| m.check(&field("market_options"), &mut v));
        if order.market_options.is_none() {
            v.push(field("market_options"), "is required");
        }

        let mut items: Vec<(&Product, u32, Option<u32>)> = Vec::new();
        let servers = order.servers.as_deref().unwrap_or_default();
        let devices = order.network_devices.as_deref().unwrap_or_default();
        let pools = order.storage_pools.as_deref().unwrap_or_default();
        if servers.is_empty() && devices.is_empty() && pools.is_empty() {
            v.push(
                BASE,
                "must order at least one item in servers, network_devices or storage_pools",
            );
        }
        for (list, name, resource_type) in [
            (servers, "servers", SERVER_RESOURCE_TYPE),
            (devices, "network_devices", NETWORK_DEVICE_RESOURCE_TYPE),
        ] {
            for (i, item) in list.iter().enumerate() {
                let path = format!("{BASE}.{name}[{i}]");
                items.extend(item.check(&path, resource_type, catalog, &mut v));
            }
        }
        for (i, pool) in pools.iter().enumerate() {
            let path = format!("{BASE}.storage_pools[{i}]");
            items.extend(pool.check(&path, catalog, &mut v));
        }

        let (Some(site), Some(Some(period))) = (site, period) else {
            return Err(Rejection::Invalid(v));
        };
        if !v.is_empty() {
            return Err(Rejection::Invalid(v));
        }
        if account.edge_site(&site).is_none() {
            return Err(Rejection::NotFound(vec![format!(
                "delivery_order.edge_site_id: edge site not exists: {site}"
            )]));
        }
        let items: Vec<_> = items
            .iter()
            .map(|&(product, quantity, size)| pricing::Item {
                product,
                period,
                quantity,
                size,
            })
            .collect();
        let priced = pricing::price_items(&items);
        let (currency, lines) = v.take(BASE, priced).ok_or(Rejection::Invalid(v))?;
        Ok(IesOrder {
            edge_site_id: site,
            order: PricedOrder::new_prepaid(IES_SERVICE_TYPE, period, false, lines, currency),
        })
    }
}

impl MarketCreateOption {
    fn check(&self, path: &str, v: &mut Violations) -> Option<Period> {
        let charge_path = format!("{path}.charge_mode");
        if let Some(mode) = v.required(&charge_path, self.charge_mode.as_deref())
            && mode != "prepaid"
        {
            v.push(charge_path, format!("must be prepaid, got {mode}"));
        }
        let options_path = format!("{path}.prepaid_options");
        let options = v.required(&options_path, self.prepaid_options.as_ref())?;
        options.check(&options_path, v)
    }
}

impl PrepaidCreateOption {
    fn check(&self, path: &str, v: &mut Violations) -> Option<Period> {
        let type_path = format!("{path}.period_type");
        let num_path = format!("{path}.period_num");
        let pay_path = format!("{path}.pay_mode");
        if let Some(mode) = v.required(&pay_path, self.pay_mode.as_deref()) {
            one_of(&pay_path, mode, &PAY_MODES, v);
        }
        let code = match v.required(&type_path, self.period_type.as_deref()) {
            Some("year") => Some(3),
            Some("month") => Some(2),
            Some(other) => {
                v.push(&type_path, format!("must be year or month, got {other}"));
                None
            }
            None => None,
        };
        let num = v.required(&num_path, self.period_num)?;
        let limits = PeriodLimits::AT_LEAST_ONE;
        let (max, unit) = match code? {
            3 => (limits.max_years, "years"),
            _ => (limits.max_months, "months"),
        };
        match Period::parse(code?, num, limits) {
            Ok(period) => Some(period),
            Err(_) => {
                v.push(num_path, format!("must be 1 to {max} {unit}, got {num}"));
                None
            }
        }
    }
}

impl OfferingOption {
    fn check<'c>(
        &self,
        path: &str,
        resource_type: &str,
        catalog: &'c Catalog,
        v: &mut Violations,
    ) -> Option<(&'c Product, u32, Option<u32>)> {
        let id_path = format!("{path}.offering_id");
        let count_path = format!("{path}.count");
        let count = positive_int32(&count_path, self.count.unwrap_or(1), v);
        let id = v.required(&id_path, self.offering_id.as_deref())?;
        let Some(product) = catalog.offering(resource_type, id) else {
            let kind = if resource_type == SERVER_RESOURCE_TYPE {
                "server"
            } else {
                "network device"
            };
            v.push(id_path, format!("no {kind} offering {id}"));
            return None;
        };
        Some((product, count?, None))
    }
}

impl StorageOption {
    fn check<'c>(
        &self,
        path: &str,
        catalog: &'c Catalog,
        v: &mut Violations,
    ) -> Option<(&'c Product, u32, Option<u32>)> {
        let type_path = format!("{path}.storage_type");
        let size_path = format!("{path}.size");
        let size = v.required(&size_path, self.size);
        let storage_type = v.required(&type_path, self.storage_type.as_deref())?;
        let Some(product) = catalog.offering(STORAGE_POOL_RESOURCE_TYPE, storage_type) else {
            let known: Vec<_> = catalog
                .iter()
                .filter(|p| p.resource_type == STORAGE_POOL_RESOURCE_TYPE)
                .filter_map(|p| p.offering_id.as_deref())
                .collect();
            v.push(
                type_path,
                format!("must be one of {}, got {storage_type}", known.join(", ")),
            );
            return None;
        };
        let (min, max) = product.size.map_or((1, u32::MAX), |r| (r.min, r.max));
        let size = size?;
        match u32::try_from(size) {
            Ok(n) if (min..=max).contains(&n) => Some((product, 1, Some(n))),
            _ => {
                v.push(size_path, format!("must be {min} to {max} TB, got {size}"));
                None
            }
        }
    }
}

/// The 200 answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CreateDeliveryOrderResponse {
    /// The new delivery order.
    pub delivery_order: DeliveryOrderView,
    /// The `CS...` order it is billed through.
    pub order_ids: Vec<String>,
}

/// `SimpleDeliveryOrder` as the seed shows it; `effected_at` where billing has started.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeliveryOrderView {
    /// UUID.
    pub id: String,
    /// `delivery_order-xxxxx`.
    pub name: String,
    /// The account.
    pub domain_id: String,
    /// `PROCESSING` at creation.
    pub status: String,
    /// The edge site.
    pub edge_site_id: String,
    /// When billing started; absent until then.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub effected_at: Option<String>,
    /// RFC 3339 UTC with microseconds.
    pub created_at: String,
    /// RFC 3339 UTC with microseconds.
    pub updated_at: String,
}

impl From<&DeliveryOrder> for DeliveryOrderView {
    fn from(d: &DeliveryOrder) -> Self {
        DeliveryOrderView {
            id: d.id.clone(),
            name: d.name.clone(),
            domain_id: d.domain_id.clone(),
            status: d.status.as_str().to_owned(),
            edge_site_id: d.edge_site_id.clone(),
            effected_at: d.effected_at.map(utc_micros),
            created_at: utc_micros(d.created_at),
            updated_at: utc_micros(d.updated_at),
        }
    }
}
