//! `subscribeUserSharer`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{expect_invalid, order, place};
use crate::detail::{lines, order_id, total};
use crate::helpers::{TestApp, with_field};

fn sharer() -> Value {
    order(
        "subscribeUserSharer",
        "subscribe_user_sharer",
        json!({
            "user_sharer_sku": "workspace.usersharer.month",
            "users": [{ "user_id": "u1", "user_name": "alice" }, { "user_id": "u2", "user_name": "bob" }]
        }),
        true,
    )
}

#[tokio::test]
async fn each_user_gets_a_collaboration_line() {
    let app = TestApp::spawn().await;
    let yearly = with_field(&sharer(), "/resources/0/period_type", Some(json!(3)));
    let order = place(&app, &yearly).await;
    assert_eq!(lines(&order).len(), 2);
    assert_eq!(
        total(&order),
        Decimal::new(60000, 2),
        "300.00 a year × 2 users"
    );
    assert_eq!(app.order_resources(order_id(&order)).await.len(), 2);
}

#[tokio::test]
async fn every_subscribe_user_sharer_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let p = |rest: &str| format!("/resources/0/subscribe_user_sharer{rest}");
    let f = |rest: &str| format!("resources[0].subscribe_user_sharer{rest}");
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({ "user_id": format!("u{i}"), "user_name": "x" }))
        .collect();
    let cases: Vec<(String, Option<Value>, String)> = vec![
        (
            p("/user_sharer_sku"),
            None,
            f(".user_sharer_sku: is required"),
        ),
        (
            p("/user_sharer_sku"),
            Some(json!("workspace.usersharer.day")),
            f(".user_sharer_sku: no catalog product workspace.usersharer.day"),
        ),
        (
            p("/user_sharer_sku"),
            Some(json!("workspace.volume.SAS")),
            f(".user_sharer_sku: product workspace.volume.SAS is not a user collaboration SKU"),
        ),
        (p("/users"), None, f(".users: is required")),
        (
            p("/users"),
            Some(json!([])),
            f(".users: must hold 1 to 1000 items, got 0"),
        ),
        (
            p("/users"),
            Some(json!(many)),
            f(".users: must hold 1 to 1000 items, got 1001"),
        ),
        (
            p("/users/0/user_id"),
            None,
            f(".users[0].user_id: is required"),
        ),
        (
            p("/users/0/user_name"),
            None,
            f(".users[0].user_name: is required"),
        ),
        (
            p("/users/0/user_name"),
            Some(json!("n".repeat(101))),
            f(".users[0].user_name: must be 1 to 100 characters"),
        ),
        (
            p("/users/1/user_id"),
            Some(json!("u1")),
            f(".users[1].user_id: user u1 is listed twice"),
        ),
        (
            "/resources/0/period_type".into(),
            None,
            "resources[0].period_type: is required".into(),
        ),
        (
            "/resources/0/period_type".into(),
            Some(json!(4)),
            "resources[0].period_type: must be one of 2 (month) or 3 (year), got 4".into(),
        ),
    ];
    let cases: Vec<_> = cases
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.as_str()))
        .collect();
    expect_invalid(&app, &sharer(), &cases).await;
}
