//! `ApplySubnetBandwidth`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{expect_invalid, order, place};
use crate::detail::{line_texts, total};
use crate::helpers::{TestApp, with_field};

fn bandwidth() -> Value {
    order(
        "ApplySubnetBandwidth",
        "apply_subnet_bandwidth",
        json!({ "bandwidth_name": "office-bw", "subnet_id": "subnet-1", "charge_mode": "wks_bandwidth", "bandwidth_size": 10 }),
        true,
    )
}

#[tokio::test]
async fn workspace_bandwidth_is_priced_per_mbit_by_month_year_or_hour() {
    let app = TestApp::spawn().await;
    let order = place(&app, &bandwidth()).await;
    assert_eq!(total(&order), Decimal::new(20000, 2), "20.00 × 10 Mbit/s");
    assert_eq!(
        line_texts(&order, "category_code")[0],
        "hws.resource.type.workspace.bandwidth"
    );
    let hourly = with_field(
        &with_field(&bandwidth(), "/resources/0/period_type", Some(json!(4))),
        "/resources/0/period_num",
        Some(json!(24)),
    );
    let order = place(&app, &hourly).await;
    assert_eq!(
        total(&order),
        Decimal::new(1200, 2),
        "0.05 × 24 h × 10 Mbit/s"
    );
}

#[tokio::test]
async fn every_apply_subnet_bandwidth_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let p = |rest: &str| format!("/resources/0/apply_subnet_bandwidth{rest}");
    let f = |rest: &str| format!("resources[0].apply_subnet_bandwidth{rest}");
    let cases: Vec<(String, Option<Value>, String)> = vec![
        (p("/subnet_id"), None, f(".subnet_id: is required")),
        (p("/charge_mode"), None, f(".charge_mode: is required")),
        (
            p("/charge_mode"),
            Some(json!("free")),
            f(".charge_mode: free is for pay-per-use billing only"),
        ),
        (
            p("/charge_mode"),
            Some(json!("wks_traffic")),
            f(".charge_mode: wks_traffic is for pay-per-use billing only"),
        ),
        (
            p("/charge_mode"),
            Some(json!("BANDWIDTH")),
            f(".charge_mode: must be one of wks_bandwidth, free, wks_traffic, got BANDWIDTH"),
        ),
        (
            p("/bandwidth_size"),
            None,
            f(".bandwidth_size: is required"),
        ),
        (
            p("/bandwidth_size"),
            Some(json!(2001)),
            f(".bandwidth_size: must be 1 to 2000, got 2001"),
        ),
        (
            p("/bandwidth_name"),
            Some(json!("b")),
            f(".bandwidth_name: must be 2 to 64 characters"),
        ),
        (
            p("/bandwidth_name"),
            Some(json!("my bw!")),
            f(".bandwidth_name: may hold only"),
        ),
        (
            "/resources/0/period_num".into(),
            None,
            "resources[0].period_num: is required".into(),
        ),
        (
            "/resources/0/period_type".into(),
            Some(json!(5)),
            "resources[0].period_type: must be one of 2 (month), 3 (year) or 4 (hour), got 5"
                .into(),
        ),
    ];
    let cases: Vec<_> = cases
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.as_str()))
        .collect();
    expect_invalid(&app, &bandwidth(), &cases).await;
}
