//! Orders read back as a client reads them: the BSS order detail API
//! (`GET /v2/orders/customer-orders/details/{order_id}`), signed as the demo root user.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::helpers::{DEMO_DOMAIN, DEMO_PROJECT, TestApp, status_and_json};

/// The most line items the API gives in one page.
const PAGE: usize = 100;

impl TestApp {
    /// The detail of the demo account's order `id`: `order_info`, `total_count`, and in
    /// `order_line_items` every line, read page by page. Asserts each page is a 200.
    pub async fn order_detail(&self, id: &str) -> Value {
        let mut lines: Vec<Value> = Vec::new();
        loop {
            let path = format!(
                "/v2/orders/customer-orders/details/{id}?offset={}&limit={PAGE}",
                lines.len()
            );
            let (status, mut page) = status_and_json(self.get(&path).await).await;
            assert_eq!(status, 200, "GET {path}: {page}");
            let total = page["total_count"]
                .as_u64()
                .unwrap_or_else(|| panic!("GET {path}: total_count missing: {page}"));
            let Value::Array(items) = page["order_line_items"].take() else {
                panic!("GET {path}: order_line_items missing: {page}");
            };
            let last = items.is_empty();
            lines.extend(items);
            if last || lines.len() as u64 >= total {
                assert_eq!(lines.len() as u64, total, "GET {path}: every line read");
                page["order_line_items"] = Value::Array(lines);
                return page;
            }
        }
    }

    /// Asserts what a new order placed in the demo project shows: a new purchase pending
    /// payment of the demo account, in the demo project, of `cloud_service_type`, every line for
    /// `period` as `(period_type, period_num)`. Gives its detail.
    pub async fn assert_new_demo_order(
        &self,
        id: &str,
        cloud_service_type: &str,
        period: (i64, Option<u64>),
    ) -> Value {
        let detail = self.order_detail(id).await;
        let info = &detail["order_info"];
        assert_eq!(info["status"], 6, "pending payment: {info}");
        assert_eq!(info["order_type"], 1, "a new purchase: {info}");
        assert_eq!(info["customer_id"], DEMO_DOMAIN, "{info}");
        assert_eq!(info["service_type_code"], cloud_service_type, "{info}");
        assert_eq!(order_period(&detail), period);
        assert_eq!(self.order_project(id).await.as_deref(), Some(DEMO_PROJECT));
        detail
    }
}

/// An amount of an order detail, a JSON number, as a decimal read from the number's text (never
/// through binary floating point arithmetic). Without serde_json's `arbitrary_precision` (which
/// would change how orderd itself reads JSON in test builds) a number with a fraction is kept as
/// the nearest double, whose shortest text is the one written for any amount of up to 15
/// significant digits.
pub fn amount(value: &Value) -> Decimal {
    let Value::Number(number) = value else {
        panic!("an amount is a JSON number, got {value}");
    };
    let text = number.to_string();
    text.parse()
        .or_else(|_| Decimal::from_scientific(&text))
        .unwrap_or_else(|e| panic!("amount {text}: {e}"))
}

/// The order's id.
pub fn order_id(detail: &Value) -> &str {
    detail["order_info"]["order_id"]
        .as_str()
        .unwrap_or_else(|| panic!("order_info.order_id missing: {detail}"))
}

/// What the order costs in all (`order_info.amount_after_discount`).
pub fn total(detail: &Value) -> Decimal {
    amount(&detail["order_info"]["amount_after_discount"])
}

/// The order's lines, each a JSON object.
pub fn lines(detail: &Value) -> &[Value] {
    detail["order_line_items"]
        .as_array()
        .unwrap_or_else(|| panic!("order_line_items missing: {detail}"))
}

/// What each line costs, in order.
pub fn line_amounts(detail: &Value) -> Vec<Decimal> {
    lines(detail)
        .iter()
        .map(|l| amount(&l["amount_after_discount"]))
        .collect()
}

/// The period of every line as `(period_type, period_num)`; asserts all lines have the same.
pub fn order_period(detail: &Value) -> (i64, Option<u64>) {
    let periods: Vec<_> = lines(detail)
        .iter()
        .map(|l| {
            (
                l["period_type"].as_i64().expect("period_type"),
                l["period_num"].as_u64(),
            )
        })
        .collect();
    let first = *periods.first().expect("an order has lines");
    assert!(
        periods.iter().all(|p| *p == first),
        "the lines' periods differ: {periods:?}"
    );
    first
}

/// The value of `field` (a string) of each line, in order.
pub fn line_texts<'a>(detail: &'a Value, field: &str) -> Vec<&'a str> {
    lines(detail)
        .iter()
        .map(|l| {
            l[field]
                .as_str()
                .unwrap_or_else(|| panic!("{field} of a line: {l}"))
        })
        .collect()
}

#[test]
fn amounts_are_the_decimals_the_json_numbers_spell() {
    let cases = [
        ("2500", Decimal::new(2500, 0)),
        ("0.1", Decimal::new(1, 1)),
        ("1234.56", Decimal::new(123456, 2)),
        ("0.35", Decimal::new(35, 2)),
        ("99999999999.99", Decimal::new(9_999_999_999_999, 2)),
        ("1e16", Decimal::new(10_000_000_000_000_000, 0)),
    ];
    for (text, expected) in cases {
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(amount(&value), expected, "case {text}");
    }
}
