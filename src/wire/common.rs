//! Wire parts several APIs share.

use serde::{Deserialize, Serialize};

use crate::domain::catalog::{Catalog, Product};
use crate::domain::period::{Period, PeriodLimits};
use crate::domain::violations::Violations;

/// The answer of the create-order APIs: `{"order_id": "CS..."}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderIdView {
    /// The new order's id.
    pub order_id: String,
}

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

    /// The line's size, checked against the product's size rule. `Some(None)` is a valid line
    /// without a size; `None` means a rule was broken.
    fn size(&self, path: &str, product: &Product, v: &mut Violations) -> Option<Option<u32>> {
        let size_path = format!("{path}.resource_size");
        let measure_path = format!("{path}.resource_size_measure_id");
        let Some(rule) = product.size else {
            return Some(None);
        };
        let mut ok = true;
        match self.resource_size_measure_id {
            Some(got) if got != i64::from(rule.measure_id) => {
                v.push(
                    &measure_path,
                    format!(
                        "product {} is measured in {}, got {got}",
                        product.product_id, rule.measure_id
                    ),
                );
                ok = false;
            }
            None if rule.required => {
                v.push(
                    &measure_path,
                    format!("is required for product {}", product.product_id),
                );
                ok = false;
            }
            _ => {}
        }
        let size = match self.resource_size {
            None if rule.required => {
                v.push(
                    &size_path,
                    format!("is required for product {}", product.product_id),
                );
                None
            }
            None => return ok.then_some(None),
            Some(got) => match u32::try_from(got) {
                Ok(n) if (rule.min..=rule.max).contains(&n) => Some(n),
                _ => {
                    v.push(
                        &size_path,
                        format!("must be {} to {}, got {got}", rule.min, rule.max),
                    );
                    None
                }
            },
        };
        (ok && size.is_some()).then_some(size)
    }
}

/// Parses a mandatory `period_type`/`period_num` pair given with their field paths, recording a
/// missing field or a broken range under the path of the field at fault.
pub fn period_from_fields(
    (type_path, period_type): (&str, Option<i64>),
    (num_path, period_num): (&str, Option<i64>),
    limits: PeriodLimits,
    v: &mut Violations,
) -> Option<Period> {
    let period_type = v.required(type_path, period_type);
    let period_num = v.required(num_path, period_num);
    match Period::parse(period_type?, period_num?, limits) {
        Ok(period) => Some(period),
        Err(err) => {
            v.push(
                if err.is_about_num() {
                    num_path
                } else {
                    type_path
                },
                err.to_string(),
            );
            None
        }
    }
}

/// A count (`count`, `subscriptionNum`): at least 1 and, since the services bind the seeds'
/// `Integer`/`Int` to an int32, at most 2147483647. Records a violation under `path` otherwise.
pub fn positive_int32(path: &str, n: i64, v: &mut Violations) -> Option<u32> {
    if n < 1 {
        v.push(path, format!("must be at least 1, got {n}"));
        return None;
    }
    match i32::try_from(n) {
        Ok(n) => Some(n.unsigned_abs()),
        Err(_) => {
            v.push(path, format!("must be at most {}, got {n}", i32::MAX));
            None
        }
    }
}

/// Checks that `value` holds `min..=max` characters, recording a violation under `path`.
pub fn check_length(path: &str, value: &str, min: usize, max: usize, v: &mut Violations) -> bool {
    let n = value.chars().count();
    let ok = (min..=max).contains(&n);
    if !ok {
        let rule = match (min, n) {
            (1, 0) => "must not be empty".to_owned(),
            _ => format!("must be {min} to {max} characters long, got {n}"),
        };
        v.push(path, rule);
    }
    ok
}

/// A list that some clients send as a single object: the documentation's tables say "array" while
/// its examples send one object (cloud service package orders). Both shapes are accepted; either
/// way the value is a list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> OneOrMany<T> {
    /// The items.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape<T> {
            Many(Vec<T>),
            One(T),
        }
        // Untagged enums lose the inner error; buffer once, then parse with the right shape, so a
        // type error inside an item names its field (`cloudServices: [0].isAutoRenew: ...`).
        let value = serde_json::Value::deserialize(d)?;
        let one = value.is_object();
        let shape = if value.is_array() {
            serde_path_to_error::deserialize(value).map(Shape::Many)
        } else if one {
            serde_path_to_error::deserialize(value).map(Shape::One)
        } else {
            return Err(serde::de::Error::custom(format!(
                "invalid type: {}, expected an object or an array of objects",
                json_kind(&value)
            )));
        };
        // A single object is item [0] of the list, so its errors are named as the array's are
        // (`[0].isAutoRenew`, `[1].n`); the caller joins the field's name in front.
        let shape = shape.map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner().to_string();
            let path = match (one, path.as_str()) {
                (true, ".") => "[0]".to_owned(),
                (true, field) => format!("[0].{field}"),
                (false, ".") => return serde::de::Error::custom(inner),
                (false, items) => items.to_owned(),
            };
            serde::de::Error::custom(join_path(&path, &inner))
        })?;
        match shape {
            Shape::Many(items) => Ok(OneOrMany(items)),
            Shape::One(item) => Ok(OneOrMany(vec![item])),
        }
    }
}

/// `path: message`, or `path[0].field: ...` when `message` is itself the error of an item
/// (it starts with its `[index]`), so nested one-or-many lists read as one field path.
pub fn join_path(path: &str, message: &str) -> String {
    if message.starts_with('[') {
        format!("{path}{message}")
    } else {
        format!("{path}: {message}")
    }
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        n: i64,
    }

    #[derive(Debug, Deserialize)]
    struct Body {
        items: Option<OneOrMany<Item>>,
    }

    fn parse(json: &str) -> Result<Vec<Item>, String> {
        crate::wire::json::parse_json::<Body>(json)
            .map(|b| b.items.map(OneOrMany::into_vec).unwrap_or_default())
    }

    #[test]
    fn counts_are_positive_int32s() {
        let mut v = Violations::new();
        assert_eq!(positive_int32("n", 1, &mut v), Some(1));
        assert_eq!(
            positive_int32("n", 2_147_483_647, &mut v),
            Some(2_147_483_647)
        );
        assert!(v.is_empty());
        for (bad, rule) in [
            (0, "n: must be at least 1, got 0"),
            (-1, "n: must be at least 1, got -1"),
            (
                2_147_483_648,
                "n: must be at most 2147483647, got 2147483648",
            ),
            (
                i64::MAX,
                "n: must be at most 2147483647, got 9223372036854775807",
            ),
        ] {
            let mut v = Violations::new();
            assert_eq!(positive_int32("n", bad, &mut v), None, "{bad}");
            assert_eq!(v.to_string(), rule);
        }
    }

    #[test]
    fn one_object_and_an_array_both_give_a_list() {
        assert_eq!(parse(r#"{"items":{"n":1}}"#), Ok(vec![Item { n: 1 }]));
        assert_eq!(
            parse(r#"{"items":[{"n":1},{"n":2}]}"#),
            Ok(vec![Item { n: 1 }, Item { n: 2 }])
        );
        assert_eq!(parse(r#"{"items":[]}"#), Ok(vec![]));
        assert_eq!(parse(r#"{}"#), Ok(vec![]));
    }

    #[test]
    fn other_shapes_and_bad_items_are_type_errors_naming_the_field() {
        let err = parse(r#"{"items":3}"#).unwrap_err();
        assert!(err.starts_with("items: invalid type: number"), "{err}");
        let err = parse(r#"{"items":{"n":"x"}}"#).unwrap_err();
        assert!(err.starts_with("items[0].n: invalid type: string"), "{err}");
        let err = parse(r#"{"items":[{"n":1},{"n":true}]}"#).unwrap_err();
        assert!(
            err.starts_with("items[1].n: invalid type: boolean"),
            "{err}"
        );
    }
}
