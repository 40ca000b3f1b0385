//! `rebuildDesktops`, with `rebuild_desktops` or `attach_desktops`.

use serde_json::{Value, json};

use super::{DEMO_DESKTOP, expect_error, expect_invalid, order, place};
use crate::detail::{line_texts, order_id, order_period};
use crate::helpers::{TestApp, with_field};

fn rebuild() -> Value {
    order(
        "rebuildDesktops",
        "rebuild_desktops",
        json!({
            "desktop_ids": [DEMO_DESKTOP],
            "image_type": "gold",
            "image_id": "e1d65e11-861c-459d-a3a8-ab150d79befc",
            "encrypt_type": "KEEP",
            "handle_type": "FOR_EXPAND_AND_ALL",
            "delay_time": 5,
            "message": "saving your work"
        }),
        false,
    )
}

fn attach() -> Value {
    order(
        "rebuildDesktops",
        "attach_desktops",
        json!({
            "desktops": [{ "desktop_id": DEMO_DESKTOP, "user_name": "alice", "user_group": "users", "computer_name": "pc_alice" }],
            "image_type": "private",
            "image_id": "e1d65e11-861c-459d-a3a8-ab150d79befc"
        }),
        false,
    )
}

#[tokio::test]
async fn recomposing_orders_a_change_line_per_desktop_running_to_its_expiry() {
    let app = TestApp::spawn().await;
    let order = place(&app, &rebuild()).await;
    let id = order_id(&order);
    assert_eq!(order["order_info"]["order_type"], 3, "a change order");
    assert_eq!(
        line_texts(&order, "product_id"),
        ["workspace.desktop.rebuild"]
    );
    assert_eq!(
        app.line_resource_ids(id).await,
        [Some(DEMO_DESKTOP.to_owned())]
    );
    assert_eq!(order_period(&order).0, 5);
    assert!(
        app.order_resources(id).await.is_empty(),
        "nothing new is created"
    );
}

#[tokio::test]
async fn assigning_desktops_with_a_new_image_is_a_rebuild_order() {
    let app = TestApp::spawn().await;
    let order = place(&app, &attach()).await;
    assert_eq!(
        app.line_resource_ids(order_id(&order)).await[0].as_deref(),
        Some(DEMO_DESKTOP)
    );
    let group = with_field(
        &attach(),
        "/resources/0/attach_desktops/desktops/0/attach_user_infos",
        Some(json!([{ "user_name": "ops-team", "user_group": "users", "type": "GROUP" }])),
    );
    place(&app, &group).await;
}

#[tokio::test]
async fn every_rebuild_desktops_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let p = |rest: &str| format!("/resources/0/rebuild_desktops{rest}");
    let f = |rest: &str| format!("resources[0].rebuild_desktops{rest}");
    let cases: Vec<(String, Option<Value>, String)> = vec![
        (p("/desktop_ids"), None, f(".desktop_ids: is required")),
        (
            p("/desktop_ids"),
            Some(json!([])),
            f(".desktop_ids: must hold 1 to 100 items, got 0"),
        ),
        (
            p("/desktop_ids"),
            Some(json!([DEMO_DESKTOP, DEMO_DESKTOP])),
            f(".desktop_ids[1]: 8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7 is listed twice"),
        ),
        (
            p("/desktop_ids"),
            Some(json!([""])),
            f(".desktop_ids[0]: must be 1 to 255 characters"),
        ),
        (p("/image_type"), None, f(".image_type: is required")),
        (
            p("/image_type"),
            Some(json!("public")),
            f(".image_type: must be one of gold, private, market, got public"),
        ),
        (p("/image_id"), None, f(".image_id: is required")),
        (
            p("/encrypt_type"),
            Some(json!("AES")),
            f(".encrypt_type: must be one of KEEP, UNENCRYPTED, ENCRYPTED"),
        ),
        (
            p("/encrypt_type"),
            Some(json!("ENCRYPTED")),
            f(".kms_id: is required"),
        ),
        (
            p("/handle_type"),
            Some(json!("ALL")),
            f(
                ".handle_type: must be one of ONLY_FOR_EXPAND, FOR_EXPAND_AND_IDLE, FOR_EXPAND_AND_ALL",
            ),
        ),
        (
            p("/delay_time"),
            Some(json!(-1)),
            f(".delay_time: must be 0 to 2147483647"),
        ),
        (
            p("/message"),
            Some(json!("m".repeat(401))),
            f(".message: must be 0 to 400 characters"),
        ),
        (
            p("/enterprise_project_id"),
            Some(json!("e/p")),
            f(".enterprise_project_id: may hold only"),
        ),
    ];
    let cases: Vec<_> = cases
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.as_str()))
        .collect();
    expect_invalid(&app, &rebuild(), &cases).await;
    // With the key, ENCRYPTED is fine.
    let encrypted = with_field(
        &with_field(&rebuild(), &p("/encrypt_type"), Some(json!("ENCRYPTED"))),
        &p("/kms_id"),
        Some(json!("kms-1")),
    );
    place(&app, &encrypted).await;
}

#[tokio::test]
async fn every_attach_desktops_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let p = |rest: &str| format!("/resources/0/attach_desktops{rest}");
    let f = |rest: &str| format!("resources[0].attach_desktops{rest}");
    let cases: Vec<(String, Option<Value>, String)> = vec![
        (p("/desktops"), None, f(".desktops: is required")),
        (
            p("/desktops"),
            Some(json!([])),
            f(".desktops: must hold 1 to 50 items, got 0"),
        ),
        (
            p("/desktops"),
            Some(json!(vec![
                json!({ "desktop_id": DEMO_DESKTOP, "user_name": "alice", "user_group": "users" });
                2
            ])),
            f(".desktops[1].desktop_id: 8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7 is listed twice"),
        ),
        (
            p("/desktops/0/desktop_id"),
            None,
            f(".desktops[0].desktop_id: is required"),
        ),
        (
            p("/desktops/0/user_name"),
            None,
            f(".desktops[0].user_name: is required"),
        ),
        (
            p("/desktops/0/user_name"),
            Some(json!("9lives")),
            f(".desktops[0].user_name: must start with a letter"),
        ),
        (
            p("/desktops/0/user_group"),
            Some(json!("wheel")),
            f(".desktops[0].user_group: must be one of sudo"),
        ),
        (
            p("/desktops/0/computer_name"),
            Some(json!("1pc")),
            f(".desktops[0].computer_name: must start with a letter"),
        ),
        (
            p("/desktops/0/attach_user_infos"),
            Some(json!([{ "user_name": "bob", "user_group": "users", "type": "ROLE" }])),
            f(".desktops[0].attach_user_infos[0].type: must be one of USER, GROUP"),
        ),
        (
            p("/desktops/0/attach_user_infos"),
            Some(json!([{ "user_group": "users" }])),
            f(".desktops[0].attach_user_infos[0].user_name: is required"),
        ),
        (
            p("/image_id"),
            None,
            f(".image_id: is required when image_type is given"),
        ),
        (
            p("/image_type"),
            Some(json!("shared")),
            f(".image_type: must be one of gold, private, market"),
        ),
        (
            p("/encrypt_type"),
            Some(json!("ENCRYPTED")),
            f(".kms_id: is required"),
        ),
    ];
    let cases: Vec<_> = cases
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.as_str()))
        .collect();
    expect_invalid(&app, &attach(), &cases).await;
}

#[tokio::test]
async fn desktops_that_do_not_exist_are_404s() {
    let app = TestApp::spawn().await;
    let body = with_field(
        &rebuild(),
        "/resources/0/rebuild_desktops/desktop_ids",
        Some(json!([DEMO_DESKTOP, "ghost"])),
    );
    expect_error(
        &app,
        &body,
        404,
        "WKS.0404",
        "resources[0].rebuild_desktops.desktop_ids[1]: desktop ghost does not exist",
        "rebuild",
    )
    .await;
    let body = with_field(
        &attach(),
        "/resources/0/attach_desktops/desktops/0/desktop_id",
        Some(json!("ghost")),
    );
    expect_error(
        &app,
        &body,
        404,
        "WKS.0404",
        "resources[0].attach_desktops.desktops[0].desktop_id: desktop ghost does not exist",
        "attach",
    )
    .await;
}
