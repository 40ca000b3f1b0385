//! `applyDesktopsInternet`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{DEMO_DESKTOP, expect_error, expect_invalid, order, place};
use crate::detail::{lines, order_id, order_period, total};
use crate::helpers::{TestApp, with_field};

fn for_desktops() -> Value {
    order(
        "applyDesktopsInternet",
        "apply_desktops_internet",
        json!({ "desktop_ids": [DEMO_DESKTOP], "eip_type": "5_bgp", "eip_charge_mode": "BANDWIDTH", "bandwidth_size": 10 }),
        true,
    )
}

fn by_count() -> Value {
    order(
        "applyDesktopsInternet",
        "apply_desktops_internet",
        json!({ "count": 2, "eip_type": "5_sbgp", "eip_charge_mode": "TRAFFIC", "bandwidth_size": 5 }),
        true,
    )
}

#[tokio::test]
async fn an_eip_per_desktop_is_priced_per_mbit() {
    let app = TestApp::spawn().await;
    let order = place(&app, &for_desktops()).await;
    assert_eq!(app.line_sizes(order_id(&order)).await, [Some(10)]);
    assert_eq!(
        total(&order),
        Decimal::new(23000, 2),
        "23.00 per Mbit/s-month × 10"
    );
    assert_eq!(
        app.order_resources(order_id(&order)).await[0].parent_id(),
        Some(DEMO_DESKTOP)
    );
}

#[tokio::test]
async fn eips_bought_on_their_own_count_and_may_be_hourly() {
    let app = TestApp::spawn().await;
    let order = place(&app, &by_count()).await;
    assert_eq!(lines(&order).len(), 2);
    assert_eq!(
        total(&order),
        Decimal::new(18000, 2),
        "18.00 × 5 Mbit/s × 2 EIPs"
    );
    let hourly = with_field(
        &with_field(&by_count(), "/resources/0/period_type", Some(json!(4))),
        "/resources/0/period_num",
        Some(json!(24)),
    );
    let order = place(&app, &hourly).await;
    assert_eq!(order_period(&order), (4, Some(24)));
    assert_eq!(
        total(&order),
        Decimal::new(1200, 2),
        "0.05 × 24 h × 5 Mbit/s × 2"
    );
}

#[tokio::test]
async fn every_apply_desktops_internet_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let p = |rest: &str| format!("/resources/0/apply_desktops_internet{rest}");
    let f = |rest: &str| format!("resources[0].apply_desktops_internet{rest}");
    let cases: Vec<(String, Option<Value>, String)> = vec![
        (p("/eip_type"), None, f(".eip_type: is required")),
        (
            p("/eip_type"),
            Some(json!("5_union")),
            f(".eip_type: no catalog product workspace.eip.5_union"),
        ),
        (
            p("/eip_charge_mode"),
            None,
            f(".eip_charge_mode: is required"),
        ),
        (
            p("/eip_charge_mode"),
            Some(json!("FLAT")),
            f(".eip_charge_mode: must be one of TRAFFIC, BANDWIDTH, got FLAT"),
        ),
        (
            p("/bandwidth_size"),
            None,
            f(".bandwidth_size: is required"),
        ),
        (
            p("/bandwidth_size"),
            Some(json!(0)),
            f(".bandwidth_size: must be 1 to 2000, got 0"),
        ),
        (
            p("/bandwidth_size"),
            Some(json!(2001)),
            f(".bandwidth_size: must be 1 to 2000, got 2001"),
        ),
        (
            p("/desktop_ids"),
            None,
            f(".count: is required when desktop_ids is empty"),
        ),
        (
            p("/desktop_ids"),
            Some(json!(vec![json!(DEMO_DESKTOP); 101])),
            f(".desktop_ids: must hold 0 to 100 items, got 101"),
        ),
        (
            p("/desktop_ids"),
            Some(json!([DEMO_DESKTOP, DEMO_DESKTOP])),
            f(".desktop_ids[1]: 8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7 is listed twice"),
        ),
        (
            "/resources/0/period_type".into(),
            None,
            "resources[0].period_type: is required".into(),
        ),
        (
            "/resources/0/period_type".into(),
            Some(json!(4)),
            "resources[0].period_num: must be 1 to 720 for hours (period_type 4)".into(),
        ),
    ];
    let cases: Vec<_> = cases
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.as_str()))
        .collect();
    // period_type 4 with period_num 1 is valid; make the hourly case break the hour limit.
    let mut base = for_desktops();
    base["resources"][0]["period_num"] = json!(1);
    expect_invalid(&app, &base, &cases[..cases.len() - 1]).await;
    let hours = with_field(
        &with_field(&base, "/resources/0/period_type", Some(json!(4))),
        "/resources/0/period_num",
        Some(json!(721)),
    );
    expect_error(
        &app,
        &hours,
        400,
        "WKS.0001",
        cases[cases.len() - 1].2,
        "721 hours",
    )
    .await;
    let counts = [
        (0, "must be 1 to 100, got 0"),
        (101, "must be 1 to 100, got 101"),
    ];
    for (count, rule) in counts {
        let body = with_field(&by_count(), &p("/count"), Some(json!(count)));
        expect_error(
            &app,
            &body,
            400,
            "WKS.0001",
            &f(&format!(".count: {rule}")),
            "count",
        )
        .await;
    }
}

#[tokio::test]
async fn a_desktop_that_does_not_exist_is_a_404() {
    let app = TestApp::spawn().await;
    let body = with_field(
        &for_desktops(),
        "/resources/0/apply_desktops_internet/desktop_ids",
        Some(json!(["ghost"])),
    );
    expect_error(
        &app,
        &body,
        404,
        "WKS.0404",
        "resources[0].apply_desktops_internet.desktop_ids[0]: desktop ghost does not exist",
        "ghost",
    )
    .await;
}
