//! Workspace yearly/monthly orders: `POST /v2/{project_id}/periodic/subscribe/order`.
//! One file per order type; the shared request helpers are here.

mod abuse;
mod add_volumes;
mod audit;
mod common;
pub mod create_desktops;
mod create_desktops_rules;
mod desktop_pool;
mod directory;
mod exclusive_hosts;
mod internet;
mod rebuild_desktops;
mod subnet_bandwidth;
mod user_sharer;

use serde_json::{Value, json};

use crate::helpers::{Case, DEMO_PROJECT, TestApp, status_and_json, with_field};

/// The demo project's starting desktop.
pub const DEMO_DESKTOP: &str = "8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7";

pub fn path() -> String {
    format!("/v2/{DEMO_PROJECT}/periodic/subscribe/order")
}

/// An order of `order_type` with one resource: `resource` plus a monthly period of one month
/// when `monthly` is set.
pub fn order(order_type: &str, object: &str, body: Value, monthly: bool) -> Value {
    let mut resource = json!({ object: body });
    if monthly {
        resource["period_type"] = json!(2);
        resource["period_num"] = json!(1);
    }
    json!({ "type": order_type, "enterprise_project_id": "0", "resources": [resource] })
}

/// Places `body`, expecting 200 and a stored order; gives the order's detail.
pub async fn place(app: &TestApp, body: &Value) -> Value {
    let id = app.place_ok(&path(), body).await;
    app.order_detail(&id).await
}

/// Asserts a Workspace error answer: status, code, and that both `error_msg` and
/// `error_detail` name `needle`.
pub async fn expect_error(
    app: &TestApp,
    body: &Value,
    status: u16,
    code: &str,
    needle: &str,
    case: &str,
) {
    let (got, answer) = status_and_json(app.post_json(&path(), body).await).await;
    assert_eq!(got, status, "case {case}: status; body {answer}");
    assert_eq!(
        answer["error_code"], code,
        "case {case}: code; body {answer}"
    );
    let msg = answer["error_msg"].as_str().unwrap_or_default();
    assert!(
        msg.contains(needle),
        "case {case}: error_msg {msg:?} should name {needle:?}"
    );
    let detail = answer["error_detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(needle),
        "case {case}: error_detail {detail:?} should name {needle:?}"
    );
}

/// Runs every case against `base`, each expecting a 400 `WKS.0001` naming the field.
pub async fn expect_invalid(app: &TestApp, base: &Value, cases: &[Case<'_>]) {
    for (pointer, value, needle) in cases {
        let body = with_field(base, pointer, value.clone());
        let case = format!("{pointer} = {value:?}");
        expect_error(app, &body, 400, "WKS.0001", needle, &case).await;
    }
}
