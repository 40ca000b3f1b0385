//! `createExclusiveHosts`, with `resize_exclusive_lites`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{expect_invalid, order, place};
use crate::detail::{line_texts, lines, total};
use crate::helpers::{TestApp, with_field};

fn hosts() -> Value {
    order(
        "createExclusiveHosts",
        "create_exclusive_hosts",
        json!({
            "availability_zone": "cn-north-4a",
            "name": "host",
            "quantity": 1,
            "product_id": "workspace.exclusive.host.c6.8xlarge",
            "image_volumes": [{ "type": "SSD", "size": 100 }],
            "memory_volumes": [{ "type": "SAS", "size": 500 }],
            "vpc_id": "vpc-1",
            "subnet_id": "subnet-1",
            "apply_desktop_quantity": 10
        }),
        true,
    )
}

#[tokio::test]
async fn hosts_order_a_line_per_host_and_disk() {
    let app = TestApp::spawn().await;
    let body = with_field(
        &hosts(),
        "/resources/0/create_exclusive_hosts/quantity",
        Some(json!(2)),
    );
    let order = place(&app, &body).await;
    assert_eq!(lines(&order).len(), 6);
    // (6800 + 1.00 × 100 + 0.35 × 500) × 2.
    assert_eq!(total(&order), Decimal::new(1415000, 2));
}

#[tokio::test]
async fn desktops_on_the_hosts_come_from_resize_exclusive_lites_inside_or_beside() {
    let app = TestApp::spawn().await;
    let lites = json!({ "product_id": "workspace.x.large2.windows2019", "new_quantity": 2 });
    let inside = with_field(
        &hosts(),
        "/resources/0/create_exclusive_hosts/resize_exclusive_lites",
        Some(lites.clone()),
    );
    let beside = with_field(&hosts(), "/resources/0/resize_exclusive_lites", Some(lites));
    for body in [inside, beside] {
        let order = place(&app, &body).await;
        let products = line_texts(&order, "product_id");
        assert_eq!(
            products
                .iter()
                .filter(|p| **p == "workspace.x.large2.windows2019")
                .count(),
            2,
            "{products:?}"
        );
    }
}

#[tokio::test]
async fn every_create_exclusive_hosts_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let p = |rest: &str| format!("/resources/0/create_exclusive_hosts{rest}");
    let f = |rest: &str| format!("resources[0].create_exclusive_hosts{rest}");
    let lites = json!({ "product_id": "workspace.x.large2.windows2019", "new_quantity": 2 });
    let cases: Vec<(String, Option<Value>, String)> = vec![
        (
            p("/availability_zone"),
            None,
            f(".availability_zone: is required"),
        ),
        (p("/quantity"), None, f(".quantity: is required")),
        (
            p("/quantity"),
            Some(json!(0)),
            f(".quantity: must be 1 to 100, got 0"),
        ),
        (
            p("/quantity"),
            Some(json!(101)),
            f(".quantity: must be 1 to 100, got 101"),
        ),
        (p("/product_id"), None, f(".product_id: is required")),
        (
            p("/product_id"),
            Some(json!("workspace.host.x")),
            f(".product_id: no catalog product workspace.host.x"),
        ),
        (
            p("/product_id"),
            Some(json!("workspace.x.large2.windows2019")),
            f(
                ".product_id: product workspace.x.large2.windows2019 is not a exclusive host product",
            ),
        ),
        (p("/image_volumes"), None, f(".image_volumes: is required")),
        (
            p("/memory_volumes"),
            Some(json!([])),
            f(".memory_volumes: must hold 1 to 100 items, got 0"),
        ),
        (
            p("/image_volumes/0/size"),
            Some(json!(5)),
            f(".image_volumes[0].size: must be 10 to 32760 GB, got 5"),
        ),
        (
            p("/memory_volumes/0/type"),
            Some(json!("NVME")),
            f(".memory_volumes[0].type: must be one of SAS, SSD, GPSSD"),
        ),
        (p("/vpc_id"), None, f(".vpc_id: is required")),
        (p("/subnet_id"), None, f(".subnet_id: is required")),
        (
            p("/apply_desktop_quantity"),
            Some(json!(301)),
            f(".apply_desktop_quantity: must be 0 to 300, got 301"),
        ),
        (
            p("/name"),
            Some(json!("n".repeat(256))),
            f(".name: must be 0 to 255 characters"),
        ),
        (
            p("/resize_exclusive_lites"),
            Some(json!({ "new_quantity": 2 })),
            f(".resize_exclusive_lites.product_id: is required"),
        ),
        (
            p("/resize_exclusive_lites"),
            Some(json!({ "product_id": "workspace.x.large2.windows2019", "new_quantity": 301 })),
            f(".resize_exclusive_lites.new_quantity: must be 1 to 300, got 301"),
        ),
        (
            p("/resize_exclusive_lites"),
            Some(json!({ "product_id": "workspace.pool.x.large2", "new_quantity": 1 })),
            f(
                ".resize_exclusive_lites.product_id: product workspace.pool.x.large2 is not a desktop package",
            ),
        ),
        (
            "/resources/0/period_num".into(),
            None,
            "resources[0].period_num: is required".into(),
        ),
    ];
    let cases: Vec<_> = cases
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.as_str()))
        .collect();
    expect_invalid(&app, &hosts(), &cases).await;
    let both = with_field(
        &with_field(&hosts(), &p("/resize_exclusive_lites"), Some(lites.clone())),
        "/resources/0/resize_exclusive_lites",
        Some(lites.clone()),
    );
    super::expect_error(&app, &both, 400, "WKS.0001", "resources[0].resize_exclusive_lites: must not be given both here and inside create_exclusive_hosts", "both").await;
    let alone = json!({ "type": "createExclusiveHosts", "resources": [{ "period_type": 2, "period_num": 1, "resize_exclusive_lites": lites }] });
    super::expect_error(
        &app,
        &alone,
        400,
        "WKS.0001",
        "resources[0].create_exclusive_hosts: is required for type createExclusiveHosts",
        "alone",
    )
    .await;
}
