//! PayOrders (`POST /v3/orders/customer-orders/pay`) and CancelCustomerOrder
//! (`PUT /v2/orders/customer-orders/cancel`) request bodies.
//!
//! orderd issues no coupons and no discounts, so `use_coupon`/`use_discount` `"YES"` always names
//! one that does not exist: refused with the id that was sent.

use serde::Deserialize;

use crate::domain::violations::Violations;

/// A coupon or discount a payment names.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaymentOffer {
    /// Its id. Mandatory.
    pub id: Option<String>,
    /// Its type. Mandatory.
    #[serde(rename = "type")]
    pub offer_type: Option<i64>,
}

/// The PayOrders body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PayRequest {
    /// The order to pay. Mandatory.
    pub order_id: Option<String>,
    /// `YES` or `NO`. Mandatory.
    pub use_coupon: Option<String>,
    /// `YES` or `NO`. Mandatory.
    pub use_discount: Option<String>,
    /// At most 3 coupons, when `use_coupon` is `YES`.
    pub coupon_infos: Option<Vec<PaymentOffer>>,
    /// Exactly 1 discount, when `use_discount` is `YES`.
    pub discount_infos: Option<Vec<PaymentOffer>>,
}

/// The CancelCustomerOrder body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CancelRequest {
    /// The order to cancel. Mandatory.
    pub order_id: Option<String>,
}

impl PayRequest {
    /// The id of the order to pay, once every rule holds.
    pub fn into_order_id(self) -> Result<String, Violations> {
        let mut v = Violations::new();
        let order_id = v.required("order_id", self.order_id.filter(|id| !id.is_empty()));
        offers(
            &mut v,
            "use_coupon",
            self.use_coupon,
            "coupon_infos",
            self.coupon_infos,
            3,
            "coupon",
        );
        offers(
            &mut v,
            "use_discount",
            self.use_discount,
            "discount_infos",
            self.discount_infos,
            1,
            "discount",
        );
        match order_id {
            Some(id) if v.is_empty() => Ok(id),
            _ => Err(v),
        }
    }
}

impl CancelRequest {
    /// The id of the order to cancel.
    pub fn into_order_id(self) -> Result<String, Violations> {
        let mut v = Violations::new();
        v.required("order_id", self.order_id.filter(|id| !id.is_empty()))
            .ok_or(v)
    }
}

/// Checks a `YES`/`NO` flag and the offers it turns on: with `YES`, 1 to `max` offers, each
/// with an id and a type, none of which exists in orderd.
fn offers(
    v: &mut Violations,
    flag_name: &str,
    flag: Option<String>,
    list_name: &str,
    list: Option<Vec<PaymentOffer>>,
    max: usize,
    what: &str,
) {
    let Some(flag) = v.required(flag_name, flag) else {
        return;
    };
    match flag.as_str() {
        "NO" => {}
        "YES" => match list.filter(|l| !l.is_empty()) {
            None => v.push(list_name, format!("is required when {flag_name} is YES")),
            Some(list) if list.len() > max => v.push(
                list_name,
                format!("must hold 1 to {max} items, got {}", list.len()),
            ),
            Some(list) => {
                for (i, offer) in list.into_iter().enumerate() {
                    let path = format!("{list_name}[{i}]");
                    let id = v.required(&format!("{path}.id"), offer.id);
                    v.required(&format!("{path}.type"), offer.offer_type);
                    if let Some(id) = id {
                        v.push(format!("{path}.id"), format!("no {what} {id} exists"));
                    }
                }
            }
        },
        other => v.push(flag_name, format!("must be YES or NO, got {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(json: serde_json::Value) -> Result<String, String> {
        serde_json::from_value::<PayRequest>(json)
            .unwrap()
            .into_order_id()
            .map_err(|v| v.to_string())
    }

    #[test]
    fn terraforms_payment_names_the_order() {
        let body = serde_json::json!({"order_id": "CS1", "use_coupon": "NO", "use_discount": "NO"});
        assert_eq!(pay(body), Ok("CS1".into()));
    }

    #[test]
    fn every_broken_rule_is_named() {
        let err = pay(serde_json::json!({"use_coupon": "MAYBE"})).unwrap_err();
        assert!(err.contains("order_id: is required"), "{err}");
        assert!(err.contains("use_coupon: must be YES or NO"), "{err}");
        assert!(err.contains("use_discount: is required"), "{err}");
        let err = pay(
            serde_json::json!({"order_id": "CS1", "use_coupon": "YES", "use_discount": "YES",
            "coupon_infos": [{"id": "c-1", "type": 301}], "discount_infos": [{"type": 0}]}),
        )
        .unwrap_err();
        assert!(
            err.contains("coupon_infos[0].id: no coupon c-1 exists"),
            "{err}"
        );
        assert!(err.contains("discount_infos[0].id: is required"), "{err}");
    }
}
