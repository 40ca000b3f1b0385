//! RenewalResources (`POST /v2/orders/subscriptions/resources/renew`),
//! CancelResourcesSubscription (`.../unsubscribe`), AutoRenewalResources (`POST` and `DELETE
//! .../autorenew/{resource_id}`) and ListRenewRateOnPeriod
//! (`POST /v2/bills/ratings/period-resources/renew-rate`): their bodies and answers.
//!
//! Integer fields take numeric strings too, and an empty string counts as not sent.

use serde::{Deserialize, Serialize};

use crate::domain::period::{Period, PeriodLimits};
use crate::domain::subscription::Unsubscribe;
use crate::domain::violations::Violations;
use crate::wire::common::{period_from_fields, range, required_items};
use crate::wire::scalar::{Coerced, OrEmpty, given};

/// The most resources one request names.
const MAX_IDS: usize = 10;
/// Renewals run 1–11 months or 1–3 years.
const RENEWAL: PeriodLimits = PeriodLimits {
    max_months: 11,
    max_years: 3,
    max_hours: None,
    max_days: None,
};

/// The RenewalResources and ListRenewRateOnPeriod body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RenewRequest {
    /// The main resources, 1–10.
    pub resource_ids: Option<Vec<String>>,
    /// 2 month, 3 year.
    pub period_type: OrEmpty<i64>,
    /// 1–11 months or 1–3 years.
    pub period_num: OrEmpty<i64>,
    /// 1: pay at once; 0 (default): leave pending payment. Renewal only.
    pub is_auto_pay: OrEmpty<i64>,
    /// Rating only: whether attached resources are priced too (they always are).
    pub include_relative_resources: Option<Coerced<bool>>,
}

/// A checked renewal request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewAsk {
    /// The main resources.
    pub resource_ids: Vec<String>,
    /// How long.
    pub period: Period,
    /// Pay at once.
    pub auto_pay: bool,
}

impl RenewRequest {
    /// The renewal asked for, once every rule holds.
    pub fn into_ask(self) -> Result<RenewAsk, Violations> {
        let mut v = Violations::new();
        let ids = required_items("resource_ids", &self.resource_ids, 1, MAX_IDS, &mut v).to_vec();
        let period = period_from_fields(
            ("period_type", given(&self.period_type)),
            ("period_num", given(&self.period_num)),
            RENEWAL,
            &mut v,
        );
        let auto_pay =
            given(&self.is_auto_pay).map_or(Some(0), |f| range("is_auto_pay", f, 0, 1, &mut v));
        match (period, auto_pay) {
            (Some(period), Some(auto_pay)) if v.is_empty() => Ok(RenewAsk {
                resource_ids: ids,
                period,
                auto_pay: auto_pay == 1,
            }),
            _ => Err(v),
        }
    }
}

/// The CancelResourcesSubscription body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnsubscribeRequest {
    /// The main resources, 1–10.
    pub resource_ids: Option<Vec<String>>,
    /// 1: the resource and its renewed periods; 2: the renewed periods only.
    pub unsubscribe_type: OrEmpty<i64>,
    /// 1–5, the kind of reason.
    pub unsubscribe_reason_type: OrEmpty<i64>,
    /// The reason, at most 500 characters.
    pub unsubscribe_reason: Option<String>,
}

impl UnsubscribeRequest {
    /// The resources and what to give up, once every rule holds.
    pub fn into_ask(self) -> Result<(Vec<String>, Unsubscribe), Violations> {
        let mut v = Violations::new();
        let ids = required_items("resource_ids", &self.resource_ids, 1, MAX_IDS, &mut v).to_vec();
        let kind = match given(&self.unsubscribe_type) {
            None => {
                v.push("unsubscribe_type", "is required");
                None
            }
            Some(1) => Some(Unsubscribe::Whole),
            Some(2) => Some(Unsubscribe::RenewedOnly),
            Some(other) => {
                v.push(
                    "unsubscribe_type",
                    format!("must be 1 (the resource) or 2 (its renewed periods), got {other}"),
                );
                None
            }
        };
        if let Some(reason) = given(&self.unsubscribe_reason_type) {
            range("unsubscribe_reason_type", reason, 1, 5, &mut v);
        }
        if self
            .unsubscribe_reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > 500)
        {
            v.push("unsubscribe_reason", "must be at most 500 characters");
        }
        match kind {
            Some(kind) if v.is_empty() => Ok((ids, kind)),
            _ => Err(v),
        }
    }
}

/// The AutoRenewalResources body (optional).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AutoRenewRequest {
    /// How many renewals, 0–99; 0 (default): unlimited.
    pub auto_renew_times: OrEmpty<i64>,
    /// `MONTH` or `YEAR` (or 2, 3): each renewal's period, one unit; default the resource's own.
    pub period_type: Option<Coerced<String>>,
}

impl AutoRenewRequest {
    /// (each renewal's period, how many renewals) once every rule holds.
    #[allow(clippy::type_complexity)]
    pub fn into_setting(self) -> Result<(Option<Period>, Option<u32>), Violations> {
        let mut v = Violations::new();
        let times = given(&self.auto_renew_times)
            .map_or(Some(0), |n| range("auto_renew_times", n, 0, 99, &mut v));
        let period = match self.period_type.map(Coerced::into_inner).as_deref() {
            None | Some("") => Some(None),
            Some("MONTH" | "month" | "2") => Some(Some(Period::Months(1))),
            Some("YEAR" | "year" | "3") => Some(Some(Period::Years(1))),
            Some(other) => {
                v.push(
                    "period_type",
                    format!("must be MONTH (2) or YEAR (3), got {other:?}"),
                );
                None
            }
        };
        match (period, times) {
            (Some(period), Some(times)) if v.is_empty() => Ok((period, Some(times))),
            _ => Err(v),
        }
    }
}

/// One resource a request did not act on.
#[derive(Debug, Serialize)]
pub struct FailResourceInfo {
    /// Why, as a code.
    pub error_code: &'static str,
    /// Why, in words.
    pub error_msg: String,
    /// The resource.
    pub resource_id: String,
}

/// The RenewalResources and CancelResourcesSubscription answer.
#[derive(Debug, Serialize)]
pub struct OrdersAnswer {
    /// One order per resource acted on.
    pub order_ids: Vec<String>,
    /// The others.
    pub fail_resource_infos: Vec<FailResourceInfo>,
}

/// One resource's renewal price.
#[derive(Debug, Serialize)]
pub struct RenewInquiryResult {
    /// The main resource.
    pub resource_id: String,
    /// The price of renewing it with its attached resources.
    pub amount: String,
}

/// The official-website price of every renewal together.
#[derive(Debug, Serialize)]
pub struct OfficialWebsiteRating {
    /// The sum.
    pub official_website_amount: String,
    /// 1: yuan.
    pub measure_id: i64,
}

/// The ListRenewRateOnPeriod answer.
#[derive(Debug, Serialize)]
pub struct RenewRateAnswer {
    /// The currency of every amount.
    pub currency: String,
    /// One price per resource that can be renewed.
    pub renew_inquiry_results: Vec<RenewInquiryResult>,
    /// Their sum.
    pub official_website_rating_result: OfficialWebsiteRating,
    /// No discounts are offered.
    pub optional_discount_rating_results: Vec<serde_json::Value>,
    /// The resources that cannot be renewed.
    pub fail_resource_infos: Vec<FailResourceInfo>,
}

impl RenewRateAnswer {
    /// The answer for `prices` ((resource, amount) in `currency`) and `failures`.
    pub fn new(
        currency: String,
        prices: Vec<(String, crate::domain::money::Amount)>,
        failures: Vec<FailResourceInfo>,
    ) -> RenewRateAnswer {
        let total: rust_decimal::Decimal = prices.iter().map(|(_, a)| a.value()).sum();
        RenewRateAnswer {
            currency,
            renew_inquiry_results: prices
                .into_iter()
                .map(|(resource_id, amount)| RenewInquiryResult {
                    resource_id,
                    amount: yuan(amount.value()),
                })
                .collect(),
            official_website_rating_result: OfficialWebsiteRating {
                official_website_amount: yuan(total),
                measure_id: 1,
            },
            optional_discount_rating_results: Vec::new(),
            fail_resource_infos: failures,
        }
    }
}

/// An amount as BSS's string amounts show it: to the cent.
fn yuan(value: rust_decimal::Decimal) -> String {
    format!("{:.2}", value.round_dp(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn renew(body: serde_json::Value) -> Result<RenewAsk, String> {
        crate::wire::json::parse_json::<RenewRequest>(&body.to_string())?
            .into_ask()
            .map_err(|v| v.to_string())
    }

    #[test]
    fn a_renewal_reads_numbers_in_strings_and_defaults_to_no_auto_pay() {
        let ask =
            renew(json!({"resource_ids": ["r"], "period_type": "3", "period_num": 2})).unwrap();
        assert_eq!(ask.period, Period::Years(2));
        assert!(!ask.auto_pay);
        let ask = renew(
            json!({"resource_ids": ["r"], "period_type": 2, "period_num": 11,
            "is_auto_pay": "1"}),
        )
        .unwrap();
        assert_eq!((ask.period, ask.auto_pay), (Period::Months(11), true));
    }

    #[test]
    fn every_broken_renewal_rule_is_named() {
        let ids: Vec<String> = (0..11).map(|i| format!("r{i}")).collect();
        let err = renew(
            json!({"resource_ids": ids, "period_type": 2, "period_num": 12,
            "is_auto_pay": 2}),
        )
        .unwrap_err();
        for needle in [
            "resource_ids: must hold 1 to 10 items, got 11",
            "period_num: must be 1 to 11 for months",
            "is_auto_pay: must be 0 to 1, got 2",
        ] {
            assert!(err.contains(needle), "{needle} missing from {err}");
        }
        let err = renew(json!({"period_type": 4, "period_num": 1})).unwrap_err();
        assert!(err.contains("resource_ids: is required"), "{err}");
        assert!(err.contains("period_type: must be one of"), "{err}");
    }

    #[test]
    fn an_unsubscription_names_its_type_and_reason() {
        let parse = |body: serde_json::Value| {
            crate::wire::json::parse_json::<UnsubscribeRequest>(&body.to_string())
                .unwrap()
                .into_ask()
                .map_err(|v| v.to_string())
        };
        assert_eq!(
            parse(json!({"resource_ids": ["r"], "unsubscribe_type": "2"})),
            Ok((vec!["r".to_owned()], Unsubscribe::RenewedOnly))
        );
        let err = parse(json!({"resource_ids": [], "unsubscribe_type": 3,
            "unsubscribe_reason_type": 6}))
        .unwrap_err();
        assert!(
            err.contains("resource_ids: must hold 1 to 10 items, got 0"),
            "{err}"
        );
        assert!(err.contains("unsubscribe_type: must be 1"), "{err}");
        assert!(
            err.contains("unsubscribe_reason_type: must be 1 to 5, got 6"),
            "{err}"
        );
    }

    #[test]
    fn auto_renewal_takes_a_unit_by_name_or_code_and_a_count() {
        let parse = |body: serde_json::Value| {
            crate::wire::json::parse_json::<AutoRenewRequest>(&body.to_string())
                .unwrap()
                .into_setting()
                .map_err(|v| v.to_string())
        };
        assert_eq!(parse(json!({})), Ok((None, Some(0))));
        assert_eq!(
            parse(json!({"period_type": 3, "auto_renew_times": "5"})),
            Ok((Some(Period::Years(1)), Some(5)))
        );
        let err = parse(json!({"period_type": "WEEK", "auto_renew_times": 100})).unwrap_err();
        assert!(
            err.contains("period_type: must be MONTH (2) or YEAR (3)"),
            "{err}"
        );
        assert!(
            err.contains("auto_renew_times: must be 0 to 99, got 100"),
            "{err}"
        );
    }
}
