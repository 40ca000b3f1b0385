//! BSS ListRateOnPeriodDetail: `POST /v2/bills/ratings/period-resources/subscribe-rate`, what
//! yearly/monthly products would cost. Terraform's DSC resource asks it for the product ids of
//! the editions and packages it is about to order.
//!
//! Integer fields also take numeric strings (Terraform sends `"period_type": "2"` and
//! `"subscription_num": "1"`), and a line's `id` also takes a number.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::{Deserialize, Serialize};

use super::Rejection;
use super::bss::money::{EmptyList, Money};
use super::common::{LengthWording, check_length, checked_size, period_from_fields};
use super::common::{positive_int32, required_items};
use super::ies::IES_SERVICE_TYPE;
use super::scalar::{Coerced, given};
use crate::domain::account::Account;
use crate::domain::catalog::{Catalog, Product};
use crate::domain::money::Amount;
use crate::domain::period::{Period, PeriodLimits};
use crate::domain::pricing::Item;
use crate::domain::rating::{self, Installments, Quote, Rating};
use crate::domain::violations::Violations;

/// The most lines one inquiry prices (the documented `product_infos` maximum).
pub const MAX_LINES: usize = 100;

/// The periods an inquiry prices. BSS documents a period range only for renewals (1–11 months,
/// 1–3 years), so inquiries take that range too. Days and hours are accepted here and priced
/// only for products with a daily or hourly price; they stop at 30 days and 720 hours, beyond
/// which a month is the unit.
const LIMITS: PeriodLimits = PeriodLimits {
    max_months: 11,
    max_years: 3,
    max_hours: Some(720),
    max_days: Some(30),
};

/// The request body (`RateOnPeriodReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RateOnPeriodReq {
    /// A project of the caller's account. Mandatory.
    pub project_id: Option<String>,
    /// 1 to 100 lines. Mandatory.
    pub product_infos: Option<Vec<PeriodProductInfo>>,
}

/// One line to price (`PeriodProductInfo`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PeriodProductInfo {
    /// The client's name for the line, unique in the request; the answer's line carries it.
    /// Mandatory.
    pub id: Option<Coerced<String>>,
    /// Mandatory.
    pub cloud_service_type: Option<String>,
    /// Mandatory.
    pub resource_type: Option<String>,
    /// The spec code. Mandatory.
    pub resource_spec: Option<String>,
    /// The project's region. Mandatory.
    pub region: Option<String>,
    /// An availability zone; checked for length only. `""` is absent, as the SDK documents.
    pub available_zone: Option<String>,
    /// The size, for sized products.
    pub resource_size: Option<Coerced<i64>>,
    /// The measure of the size, for sized products.
    pub size_measure_id: Option<Coerced<i64>>,
    /// 0 day, 2 month, 3 year, 4 hour. Mandatory.
    pub period_type: Option<Coerced<i64>>,
    /// Mandatory.
    pub period_num: Option<Coerced<i64>>,
    /// How many. Mandatory.
    pub subscription_num: Option<Coerced<i64>>,
    /// `HALF_PAY`, `ZERO_PAY` or `NA`; absent, `null` and `""` are `NA`, as the SDK documents.
    /// Other than `NA` only for CloudPond.
    pub fee_installment_mode: Option<String>,
}

/// A checked, priced inquiry: the client's line ids and the rating, line for line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedInquiry {
    /// Each line's `id`, in the order asked.
    pub ids: Vec<String>,
    /// What the lines cost.
    pub rating: Rating,
}

/// A line that broke no rule, before its product is looked up.
struct Line<'r> {
    path: String,
    service: &'r str,
    resource_type: &'r str,
    spec: &'r str,
    period: Period,
    quantity: u32,
    installments: Installments,
}

impl RateOnPeriodReq {
    /// Checks every rule against the caller's account and the catalog, then prices the lines.
    /// Broken rules are reported first, all of them (400); then a project that is not the
    /// caller's (403); then lines whose product the catalog lacks, each named (CBC.99006006).
    pub fn into_inquiry(
        self,
        account: &Account,
        catalog: &Catalog,
    ) -> Result<PricedInquiry, Rejection> {
        let mut v = Violations::new();
        let project_id = v.required("project_id", self.project_id.as_deref());
        if let Some(id) = project_id {
            check_length("project_id", id, 1, 64, LengthWording::Characters, &mut v);
        }
        let project = project_id.and_then(|id| account.projects.iter().find(|p| p.id == id));
        let infos = required_items("product_infos", &self.product_infos, 1, MAX_LINES, &mut v);

        let mut first_with_id: HashMap<&str, usize> = HashMap::new();
        let mut lines = Vec::with_capacity(infos.len());
        for (i, info) in infos.iter().enumerate() {
            let path = format!("product_infos[{i}]");
            if let Some(id) = given(&info.id) {
                match first_with_id.entry(id) {
                    Entry::Occupied(first) => v.push(
                        format!("{path}.id"),
                        format!(
                            "must be unique in the request; product_infos[{}] has id {id}",
                            first.get()
                        ),
                    ),
                    Entry::Vacant(slot) => {
                        slot.insert(i);
                    }
                }
            }
            let region = project.map(|p| p.region.as_str());
            lines.push(info.check(path, region, &mut v));
        }

        if !v.is_empty() {
            return Err(Rejection::Invalid(v));
        }
        if project.is_none() {
            let id = project_id.unwrap_or_default();
            return Err(Rejection::Forbidden(format!(
                "project_id: {id} is not a project of your account"
            )));
        }
        let lines: Vec<Line<'_>> = lines.into_iter().flatten().collect();
        let found: Vec<Option<&Product>> = lines
            .iter()
            .map(|l| catalog.by_spec(l.service, l.resource_type, l.spec))
            .collect();
        let missing: Vec<String> = lines
            .iter()
            .zip(&found)
            .filter(|(_, product)| product.is_none())
            .map(|(l, _)| {
                format!(
                    "{}: product not found: no {} product of resource type {} with spec {}",
                    l.path, l.service, l.resource_type, l.spec
                )
            })
            .collect();
        if !missing.is_empty() {
            return Err(Rejection::ProductNotFound(missing));
        }
        let products: Vec<&Product> = found.into_iter().flatten().collect();
        let mut rated = Vec::with_capacity(lines.len());
        for ((line, info), product) in lines.iter().zip(infos).zip(&products) {
            if let Some(quote) = info.quote(line, product, &mut v) {
                rated.extend(v.take(&line.path, rating::rate(&quote)));
            }
        }
        if !v.is_empty() {
            return Err(Rejection::Invalid(v));
        }
        let rating = rating::total(products.into_iter(), rated);
        let rating = v
            .take("product_infos", rating)
            .ok_or(Rejection::Invalid(v))?;
        Ok(PricedInquiry {
            ids: infos
                .iter()
                .filter_map(|i| given(&i.id).map(str::to_owned))
                .collect(),
            rating,
        })
    }
}

impl PeriodProductInfo {
    /// Checks the rules that need no product; `None` when one is broken (each is recorded).
    fn check<'r>(
        &'r self,
        path: String,
        region: Option<&str>,
        v: &mut Violations,
    ) -> Option<Line<'r>> {
        let before = v.len();
        let field = |name: &str| format!("{path}.{name}");
        let text = |name: &str, value: Option<&'r str>, max: usize, v: &mut Violations| {
            let value = v.required(&field(name), value)?;
            check_length(&field(name), value, 1, max, LengthWording::Characters, v).then_some(value)
        };
        if let Some(id) = v.required(&field("id"), given(&self.id)) {
            check_length(&field("id"), id, 1, 64, LengthWording::Characters, v);
        }
        let service = text(
            "cloud_service_type",
            self.cloud_service_type.as_deref(),
            400,
            v,
        );
        let resource_type = text("resource_type", self.resource_type.as_deref(), 400, v);
        let spec = text("resource_spec", self.resource_spec.as_deref(), 400, v);
        if let (Some(got), Some(region)) = (text("region", self.region.as_deref(), 64, v), region)
            && got != region
        {
            v.push(
                field("region"),
                format!("must be the project's region {region}, got {got}"),
            );
        }
        if let Some(zone) = self.available_zone.as_deref().filter(|z| !z.is_empty()) {
            check_length(
                &field("available_zone"),
                zone,
                1,
                64,
                LengthWording::Characters,
                v,
            );
        }
        let period = period_from_fields(
            (&field("period_type"), given(&self.period_type)),
            (&field("period_num"), given(&self.period_num)),
            LIMITS,
            v,
        );
        let quantity = v
            .required(&field("subscription_num"), given(&self.subscription_num))
            .and_then(|n| positive_int32(&field("subscription_num"), n, v));
        let installments = match self.fee_installment_mode.as_deref() {
            None | Some("") => Some(Installments::None),
            Some(mode) => v.take(&field("fee_installment_mode"), mode.parse()),
        };
        let (Some(service), Some(resource_type), Some(spec)) = (service, resource_type, spec)
        else {
            return None;
        };
        let (Some(period), Some(quantity), Some(installments)) = (period, quantity, installments)
        else {
            return None;
        };
        (v.len() == before).then_some(Line {
            path,
            service,
            resource_type,
            spec,
            period,
            quantity,
            installments,
        })
    }

    /// The quote of a checked line for its `product`; `None` when the size or the installments
    /// break the product's rules (each is recorded).
    fn quote<'c>(
        &self,
        line: &Line<'_>,
        product: &'c Product,
        v: &mut Violations,
    ) -> Option<Quote<'c>> {
        let field = |name: &str| format!("{}.{name}", line.path);
        let size = checked_size(
            product,
            (&field("resource_size"), given(&self.resource_size)),
            (&field("size_measure_id"), given(&self.size_measure_id)),
            v,
        );
        if line.installments != Installments::None && product.cloud_service_type != IES_SERVICE_TYPE
        {
            v.push(
                field("fee_installment_mode"),
                format!(
                    "installments are offered for CloudPond ({IES_SERVICE_TYPE}) products only; \
                     product {} belongs to {}",
                    product.product_id, product.cloud_service_type
                ),
            );
            return None;
        }
        Some(Quote {
            item: Item {
                product,
                period: line.period,
                quantity: line.quantity,
                size: size?,
            },
            installments: line.installments,
        })
    }
}

/// The 200 answer (`ListRateOnPeriodDetailResponse`).
#[derive(Debug, Serialize)]
pub struct RateOnPeriodResponse {
    /// The list prices.
    pub official_website_rating_result: OfficialWebsiteRatingResult,
    /// Prices under each discount the customer could choose: orderd gives no discounts.
    pub optional_discount_rating_results: EmptyList,
    /// The products' currency.
    pub currency: String,
}

/// `official_website_rating_result`: the inquiry's list price and each line's.
#[derive(Debug, Serialize)]
pub struct OfficialWebsiteRatingResult {
    /// What every line costs together.
    pub official_website_amount: Money,
    /// Each month's installment of the lines paid in installments, where any is: a string, as
    /// every SDK declares it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installment_official_website_amount: Option<String>,
    /// 2 (month): installments are monthly; given with the installment amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installment_period_type: Option<i64>,
    /// 1: yuan.
    pub measure_id: i64,
    /// One result per line, in the order asked.
    pub product_rating_results: Vec<ProductRatingResult>,
}

/// One `product_rating_results[]` entry (`PeriodProductOfficialRatingResult`).
#[derive(Debug, Serialize)]
pub struct ProductRatingResult {
    /// The line's `id`, as sent.
    pub id: String,
    /// The catalog product: what an order of it names.
    pub product_id: String,
    /// Its list price for the whole period.
    pub official_website_amount: Money,
    /// Its monthly installment, when paid in installments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installment_official_website_amount: Option<String>,
    /// 2 (month), with the installment amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installment_period_type: Option<i64>,
    /// 1: yuan.
    pub measure_id: i64,
}

/// `installment_period_type` 2: installments are monthly.
const MONTHLY: i64 = 2;

impl From<PricedInquiry> for RateOnPeriodResponse {
    fn from(inquiry: PricedInquiry) -> RateOnPeriodResponse {
        let rating = inquiry.rating;
        let installment =
            |amount: Option<Amount>| (amount.map(|a| a.to_string()), amount.map(|_| MONTHLY));
        let (total_installment, total_period) = installment(rating.installments);
        RateOnPeriodResponse {
            official_website_rating_result: OfficialWebsiteRatingResult {
                official_website_amount: rating.total.into(),
                installment_official_website_amount: total_installment,
                installment_period_type: total_period,
                measure_id: 1,
                product_rating_results: inquiry
                    .ids
                    .into_iter()
                    .zip(rating.lines)
                    .map(|(id, line)| {
                        let (amount, period) = installment(line.installment);
                        ProductRatingResult {
                            id,
                            product_id: line.product_id,
                            official_website_amount: line.amount.into(),
                            installment_official_website_amount: amount,
                            installment_period_type: period,
                            measure_id: 1,
                        }
                    })
                    .collect(),
            },
            optional_discount_rating_results: EmptyList,
            currency: rating.currency.as_str().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Project;
    use crate::wire::json::parse_json;
    use rust_decimal_macros::dec;

    fn account() -> Account {
        Account {
            domain_name: "d".into(),
            domain_id: "d1".into(),
            projects: vec![Project {
                id: "p1".into(),
                region: "cn-north-4".into(),
            }],
            edge_sites: Vec::new(),
            opening_balance: Amount::ZERO,
        }
    }

    fn inquire(body: &str) -> Result<PricedInquiry, Rejection> {
        let request: RateOnPeriodReq = parse_json(body).expect("parses");
        request.into_inquiry(&account(), &Catalog::builtin())
    }

    fn violations(body: &str) -> String {
        match inquire(body) {
            Err(Rejection::Invalid(v)) => v.to_string(),
            other => panic!("expected violations, got {other:?}"),
        }
    }

    #[test]
    fn terraforms_strings_in_integer_fields_are_read_as_integers() {
        let inquiry = inquire(
            r#"{"project_id":"p1","product_infos":[{"id":"1","cloud_service_type":"hws.service.type.sdg",
            "resource_type":"hws.resource.type.dsc.obs","resource_spec":"OBS_standard","region":"cn-north-4",
            "period_type":"2","period_num":"3","subscription_num":"1","resource_size":"5","size_measure_id":"47"}]}"#,
        )
        .unwrap();
        assert_eq!(inquiry.ids, ["1"]);
        let line = &inquiry.rating.lines[0];
        assert_eq!(line.product_id, "00301-225400-0--0");
        assert_eq!(line.amount.value(), dec!(6.00), "0.40 × 3 months × 5");
    }

    #[test]
    fn every_line_rule_is_reported_in_one_pass() {
        let rules = violations(
            r#"{"project_id":"p1","product_infos":[{"id":"a","period_type":1,"period_num":1,"subscription_num":-1},
            {"id":"a","fee_installment_mode":"SOMETIMES"}]}"#,
        );
        for needle in [
            "product_infos[0].cloud_service_type: is required",
            "product_infos[0].period_type: must be one of 0 (day), 2 (month), 3 (year) or 4 (hour), got 1",
            "product_infos[1].period_num: is required",
            "product_infos[0].subscription_num: must be at least 1, got -1",
            "product_infos[1].id: must be unique in the request; product_infos[0] has id a",
            "product_infos[1].fee_installment_mode: must be HALF_PAY, ZERO_PAY or NA, got SOMETIMES",
            "product_infos[1].region: is required",
        ] {
            assert!(rules.contains(needle), "{needle} in {rules}");
        }
    }

    #[test]
    fn a_foreign_project_comes_after_broken_rules_and_unknown_products_after_both() {
        let line = r#"{"id":"1","cloud_service_type":"s","resource_type":"r","resource_spec":"c",
            "region":"cn-north-4","period_type":2,"period_num":1,"subscription_num":1}"#;
        let foreign = format!(r#"{{"project_id":"p2","product_infos":[{line}]}}"#);
        assert!(matches!(inquire(&foreign), Err(Rejection::Forbidden(m)) if m.contains("p2")));
        let own = foreign.replace("p2", "p1");
        match inquire(&own) {
            Err(Rejection::ProductNotFound(missing)) => assert_eq!(
                missing,
                [
                    "product_infos[0]: product not found: no s product of resource type r with spec c"
                ]
            ),
            other => panic!("expected an unknown product, got {other:?}"),
        }
    }

    #[test]
    fn the_answer_carries_ids_amounts_and_installments_line_for_line() {
        let inquiry = inquire(
            r#"{"project_id":"p1","product_infos":[{"id":"x","cloud_service_type":"hws.service.type.ies",
            "resource_type":"hws.resource.type.ies.server","resource_spec":"ies.server.memory.m6",
            "region":"cn-north-4","period_type":2,"period_num":3,"subscription_num":2,
            "fee_installment_mode":"ZERO_PAY"}]}"#,
        )
        .unwrap();
        let answer = serde_json::to_value(RateOnPeriodResponse::from(inquiry)).unwrap();
        assert_eq!(
            answer,
            serde_json::json!({
                "official_website_rating_result": {
                    "official_website_amount": 31200,
                    "installment_official_website_amount": "10400.00",
                    "installment_period_type": 2,
                    "measure_id": 1,
                    "product_rating_results": [{
                        "id": "x",
                        "product_id": "ies.server.7d1f0c2a-5b8e-4e3a-9c61-2a4b6d8f0e13",
                        "official_website_amount": 31200,
                        "installment_official_website_amount": "10400.00",
                        "installment_period_type": 2,
                        "measure_id": 1
                    }]
                },
                "optional_discount_rating_results": [],
                "currency": "CNY"
            })
        );
    }
}
