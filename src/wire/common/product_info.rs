//! Product lines (DSC's `product_infos`, package orders' `productInfos`), checked against the
//! catalog.

use serde::Deserialize;

use crate::domain::catalog::{Catalog, Product};
use crate::domain::violations::Violations;

/// A product line as DSC (`product_infos`, snake_case) and cloud service package orders
/// (`productInfos`, camelCase) send it. Both spellings of every field are accepted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProductInfo {
    /// Cloud service type; must be the product's.
    #[serde(alias = "cloudServiceType")]
    pub cloud_service_type: Option<String>,
    /// Catalog product id.
    #[serde(alias = "productId")]
    pub product_id: Option<String>,
    /// Resource type; must be the product's.
    #[serde(alias = "resourceType")]
    pub resource_type: Option<String>,
    /// Spec code; must be the product's.
    #[serde(alias = "resourceSpecCode")]
    pub resource_spec_code: Option<String>,
    /// Size, for sized products.
    #[serde(alias = "resourceSize")]
    pub resource_size: Option<i64>,
    /// The measure the size is given in; must be the product's.
    #[serde(alias = "resourceSizeMeasureId")]
    pub resource_size_measure_id: Option<i64>,
    /// Informational; kept in the stored request body.
    #[serde(alias = "productSpecDesc")]
    pub product_spec_desc: Option<String>,
    /// Informational; kept in the stored request body.
    #[serde(alias = "resourceName")]
    pub resource_name: Option<String>,
    /// Informational (DSC's `ProductInfoBean`); read so that a wrong type is refused, as the
    /// SDK's typed models would, instead of being stored unnoticed.
    #[serde(alias = "allResourceNames")]
    pub all_resource_names: Option<Vec<String>>,
    /// Informational, like `all_resource_names`.
    #[serde(alias = "displayId")]
    pub display_id: Option<String>,
    /// Informational, like `all_resource_names`; a string on the wire.
    #[serde(alias = "usageFactor")]
    pub usage_factor: Option<String>,
    /// Informational, like `all_resource_names`; an int32 on the wire.
    #[serde(alias = "usageMeasureId")]
    pub usage_measure_id: Option<i32>,
    /// Informational, like `all_resource_names`; a double on the wire.
    #[serde(alias = "usageValue")]
    pub usage_value: Option<f64>,
}

/// A product line checked against the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedProduct<'c> {
    /// The catalog product.
    pub product: &'c Product,
    /// Its size, where the line gave one.
    pub size: Option<u32>,
}

impl ProductInfo {
    /// Checks the line against the catalog and against the order's `service_type`, recording
    /// every broken rule under `path` (`product_infos[0]`).
    pub fn resolve<'c>(
        &self,
        path: &str,
        catalog: &'c Catalog,
        service_type: Option<&str>,
        v: &mut Violations,
    ) -> Option<ResolvedProduct<'c>> {
        let field = |name: &str| format!("{path}.{name}");
        let cloud_service_type = v.required(
            &field("cloud_service_type"),
            self.cloud_service_type.as_deref(),
        );
        let resource_type = v.required(&field("resource_type"), self.resource_type.as_deref());
        let spec_code = v.required(
            &field("resource_spec_code"),
            self.resource_spec_code.as_deref(),
        );
        let product_id = v.required(&field("product_id"), self.product_id.as_deref())?;

        let Some(product) = catalog.get(product_id) else {
            v.push(
                field("product_id"),
                format!("no catalog product {product_id}"),
            );
            return None;
        };
        let before = v.len();
        if let (Some(line_type), Some(order_type)) = (cloud_service_type, service_type)
            && line_type != order_type
        {
            v.push(
                field("cloud_service_type"),
                format!("must equal the order's cloud_service_type {order_type}, got {line_type}"),
            );
        }
        if let Some(got) = cloud_service_type
            && got != product.cloud_service_type
        {
            v.push(
                field("cloud_service_type"),
                format!(
                    "product {product_id} belongs to {}, got {got}",
                    product.cloud_service_type
                ),
            );
        }
        if let Some(got) = resource_type
            && got != product.resource_type
        {
            v.push(
                field("resource_type"),
                format!(
                    "product {product_id} has resource type {}, got {got}",
                    product.resource_type
                ),
            );
        }
        if let Some(got) = spec_code
            && got != product.resource_spec_code
        {
            let rule = if catalog.find(|p| p.resource_spec_code == got).is_none() {
                format!("no catalog product {got}")
            } else {
                format!(
                    "product {product_id} has spec code {}, got {got}",
                    product.resource_spec_code
                )
            };
            v.push(field("resource_spec_code"), rule);
        }
        let size = self.size(path, product, v);
        (v.len() == before).then_some(ResolvedProduct {
            product,
            size: size?,
        })
    }

    /// The line's size, checked against the product's size rule (see [`checked_size`]).
    fn size(&self, path: &str, product: &Product, v: &mut Violations) -> Option<Option<u32>> {
        checked_size(
            product,
            (&format!("{path}.resource_size"), self.resource_size),
            (
                &format!("{path}.resource_size_measure_id"),
                self.resource_size_measure_id,
            ),
            v,
        )
    }
}

/// A line's size checked against `product`'s size rule, the size and the measure it is given in
/// each with its field path: a sized product needs both, and the measure must be the product's.
/// `Some(None)` is a valid line without a size; `None` means a rule was broken.
pub fn checked_size(
    product: &Product,
    (size_path, size): (&str, Option<i64>),
    (measure_path, measure): (&str, Option<i64>),
    v: &mut Violations,
) -> Option<Option<u32>> {
    let Some(rule) = product.size else {
        return Some(None);
    };
    let mut ok = true;
    match measure {
        Some(got) if got != i64::from(rule.measure_id) => {
            v.push(
                measure_path,
                format!(
                    "product {} is measured in {}, got {got}",
                    product.product_id, rule.measure_id
                ),
            );
            ok = false;
        }
        None if rule.required => {
            v.push(
                measure_path,
                format!("is required for product {}", product.product_id),
            );
            ok = false;
        }
        _ => {}
    }
    let size = match size {
        None if rule.required => {
            v.push(
                size_path,
                format!("is required for product {}", product.product_id),
            );
            None
        }
        None => return ok.then_some(None),
        Some(got) => match u32::try_from(got) {
            Ok(n) if (rule.min..=rule.max).contains(&n) => Some(n),
            _ => {
                v.push(
                    size_path,
                    format!("must be {} to {}, got {got}", rule.min, rule.max),
                );
                None
            }
        },
    };
    (ok && size.is_some()).then_some(size)
}
