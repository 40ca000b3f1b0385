//! DSC instance ordering: `POST /v1/{project_id}/period/order`; and the view of what a project
//! has ordered ([`specification`]).
//!
//! Two deliberate departures from the seed's table, because the real service accepts what real
//! clients send: the older camelCase body that Terraform posts (`regionId`, `productInfos`, ...)
//! is accepted beside the snake_case one, and `zone` is optional (Terraform sends none). Sizes are
//! required only where the catalog says a product is sized; Terraform gives none for base
//! editions.

mod specification;

use serde::Deserialize;

use crate::domain::account::Project;
use crate::domain::catalog::Catalog;
use crate::domain::order::{ChargingMode, LineResources, PricedOrder, parse_flag};
use crate::domain::period::PeriodLimits;
use crate::domain::pricing;
use crate::domain::violations::Violations;
use crate::wire::common::{ProductInfo, at_least_one, period_from_fields};

pub use specification::SpecificationResponse;

/// The request body (`PeriodOrderRequest`). Every field is optional here so that one pass can
/// report every missing mandatory field at once; unknown fields are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PeriodOrderRequest {
    /// 0 yearly/monthly, 1 pay-per-use, 2 one-off. Mandatory.
    #[serde(alias = "chargingMode")]
    pub charging_mode: Option<i64>,
    /// Must be `hws.service.type.sdg`. Mandatory.
    #[serde(alias = "cloudServiceType")]
    pub cloud_service_type: Option<String>,
    /// Package id; recorded only.
    #[serde(alias = "compositeProductId")]
    pub composite_product_id: Option<String>,
    /// Discount id; recorded only.
    #[serde(alias = "discountId")]
    pub discount_id: Option<String>,
    /// 0 or 1; default 0.
    #[serde(alias = "isAutoRenew")]
    pub is_auto_renew: Option<i64>,
    /// 1–9 months or 1–3 years. Mandatory.
    #[serde(alias = "periodNum")]
    pub period_num: Option<i64>,
    /// 2 month, 3 year. Mandatory.
    #[serde(alias = "periodType")]
    pub period_type: Option<i64>,
    /// At least one line. Mandatory.
    #[serde(alias = "productInfos")]
    pub product_infos: Option<Vec<ProductInfo>>,
    /// Promotion id; recorded only.
    #[serde(alias = "promotionActivityId")]
    pub promotion_activity_id: Option<String>,
    /// Promotion text; recorded only.
    #[serde(alias = "promotionInfo")]
    pub promotion_info: Option<String>,
    /// Must be the project's region. Mandatory.
    #[serde(alias = "regionId")]
    pub region_id: Option<String>,
    /// Country or region (`CH`); optional, see the module docs.
    pub zone: Option<String>,
}

/// The cloud service every DSC order and line names.
pub const DSC_SERVICE_TYPE: &str = "hws.service.type.sdg";

impl PeriodOrderRequest {
    /// Checks every rule against the project and the catalog and prices the lines; on failure
    /// gives every broken rule, each named by its field path.
    pub fn into_order(
        self,
        project: &Project,
        catalog: &Catalog,
    ) -> Result<PricedOrder, Violations> {
        let mut v = Violations::new();
        let charging_mode = v
            .required("charging_mode", self.charging_mode)
            .and_then(|c| v.take("charging_mode", ChargingMode::from_code(c)));
        let service_type = v.required("cloud_service_type", self.cloud_service_type.as_deref());
        if let Some(got) = service_type
            && got != DSC_SERVICE_TYPE
        {
            v.push(
                "cloud_service_type",
                format!("must be {DSC_SERVICE_TYPE}, got {got}"),
            );
        }
        let auto_renew = v.take("is_auto_renew", parse_flag(self.is_auto_renew.unwrap_or(0)));
        let period = period_from_fields(
            ("period_type", self.period_type),
            ("period_num", self.period_num),
            PeriodLimits::MONTHS_9_YEARS_3,
            &mut v,
        );
        if let Some(region) = v.required("region_id", self.region_id.as_deref())
            && region != project.region
        {
            v.push(
                "region_id",
                format!(
                    "must be the project's region {}, got {region}",
                    project.region
                ),
            );
        }
        if self.zone.as_deref() == Some("") {
            v.push("zone", "must not be empty when given");
        }
        let infos = at_least_one(
            "product_infos",
            self.product_infos.as_deref(),
            "product",
            &mut v,
        );
        let resolved: Vec<_> = infos
            .iter()
            .enumerate()
            .map(|(i, info)| {
                info.resolve(
                    &format!("product_infos[{i}]"),
                    catalog,
                    Some(DSC_SERVICE_TYPE),
                    &mut v,
                )
            })
            .collect();

        let (Some(charging_mode), Some(period), Some(auto_renew)) =
            (charging_mode, period, auto_renew)
        else {
            return Err(v);
        };
        if !v.is_empty() {
            return Err(v);
        }
        // Every line resolved, or a violation would have been recorded.
        let products: Vec<_> = resolved.into_iter().flatten().collect();
        let items: Vec<_> = products
            .iter()
            .map(|r| pricing::Item {
                product: r.product,
                period,
                quantity: 1,
                size: r.size,
            })
            .collect();
        let priced = pricing::price_items(&items);
        let (currency, lines) = v.take("product_infos", priced).ok_or(v)?;
        Ok(PricedOrder {
            charging_mode,
            line_resources: LineResources::UnderFirst,
            ..PricedOrder::new_prepaid(DSC_SERVICE_TYPE, period, auto_renew, lines, currency)
        })
    }
}
