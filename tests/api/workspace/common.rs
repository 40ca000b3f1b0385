//! Rules of the order as a whole: `type`, `resources`, the resource objects, periods, flags,
//! scalar coercion and the error body.

use serde_json::{Value, json};

use super::{DEMO_DESKTOP, expect_error, expect_invalid, order, path, place};
use crate::detail::{order_id, order_period};
use crate::helpers::{TestApp, status_and_json, with_field};

fn add_volumes() -> Value {
    order(
        "addVolumes",
        "add_volumes",
        json!({ "desktop_id": DEMO_DESKTOP, "volumes": [{ "type": "SAS", "size": 50 }] }),
        false,
    )
}

#[tokio::test]
async fn order_level_rules_each_give_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let base = add_volumes();
    let many: Vec<Value> = (0..51).map(|_| base["resources"][0].clone()).collect();
    expect_invalid(
        &app,
        &base,
        &[
            ("/type", None, "type: is required"),
            ("/type", Some(json!("addDisks")), "type: must be one of createDesktops"),
            ("/type", Some(json!("addvolumes")), "type: must be one of"),
            ("/resources", None, "resources: is required"),
            ("/resources", Some(json!([])), "resources: must hold 1 to 50 items, got 0"),
            ("/resources", Some(json!(many)), "resources: must hold 1 to 50 items, got 51"),
            ("/enterprise_project_id", Some(json!("a b")), "enterprise_project_id: may hold only"),
            ("/agency_urn", Some(json!("u".repeat(1501))), "agency_urn: must be 0 to 1500"),
            ("/extend_param", Some(json!({ "is_auto_pay": "yes" })), "extend_param.is_auto_pay: must be one of true, false, got yes"),
            ("/resources/0/is_auto_renew", Some(json!(2)), "resources[0].is_auto_renew: must be 0 (no) or 1 (yes), got 2"),
            ("/resources/0/add_volumes", None, "resources[0].add_volumes: is required for type addVolumes"),
            ("/resources/0/create_desktops", Some(json!({})), "resources[0].create_desktops: does not belong to type addVolumes"),
            ("/resources/0/subscribe_user_sharer", Some(json!({})), "resources[0].subscribe_user_sharer: does not belong to type addVolumes"),
            ("/resources/0/period_type", Some(json!(6)), "resources[0].period_type: must be 2 (month), 3 (year) or 5 (until the resource expires), got 6"),
        ],
    )
    .await;
}

#[tokio::test]
async fn every_violation_of_a_request_is_in_the_one_answer() {
    let app = TestApp::spawn().await;
    let body = json!({
        "type": "createDesktops",
        "resources": [{
            "period_type": 2, "period_num": 12, "add_volumes": {},
            "create_desktops": { "size": 2, "desktop_name": "abcdefghijklmn", "root_volume": { "type": "SAS", "size": 85 } }
        }]
    });
    let (status, answer) = status_and_json(app.post_json(&path(), &body).await).await;
    assert_eq!(status, 400, "{answer}");
    let detail = answer["error_detail"].as_str().unwrap();
    for needle in [
        "resources[0].add_volumes: does not belong to type createDesktops",
        "resources[0].period_num: must be 1 to 11",
        "resources[0].create_desktops.desktop_type: is required",
        "resources[0].create_desktops.product_id: is required",
        "resources[0].create_desktops.image_type: is required",
        "resources[0].create_desktops.image_id: is required",
        "resources[0].create_desktops.root_volume.size: must be a multiple of 10, got 85",
        "resources[0].create_desktops.desktop_name: must be 1 to 13 characters",
    ] {
        assert!(
            detail.lines().any(|l| l.starts_with(needle)),
            "{needle} missing from {detail}"
        );
        assert!(answer["error_msg"].as_str().unwrap().contains(needle));
    }
    assert_eq!(
        detail.lines().count(),
        8,
        "one line per violation: {detail}"
    );
}

#[tokio::test]
async fn malformed_bodies_and_uncoercible_scalars_are_400s_naming_the_field() {
    let app = TestApp::spawn().await;
    let response = app
        .post_raw(&path(), "{\"type\":", Some("application/json"))
        .await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("WKS.0001")),
        "{body}"
    );
    assert!(
        body["error_detail"]
            .as_str()
            .unwrap()
            .contains("malformed JSON")
    );

    let cases = [
        (
            "/resources/0/add_volumes/volumes/0/size",
            json!("fifty"),
            "resources[0].add_volumes.volumes[0].size",
        ),
        (
            "/resources/0/add_volumes/volumes/0/size",
            json!(50.5),
            "resources[0].add_volumes.volumes[0].size",
        ),
        (
            "/resources/0/add_volumes/desktop_id",
            json!(["x"]),
            "resources[0].add_volumes.desktop_id",
        ),
        (
            "/resources/0/is_auto_renew",
            json!("yes"),
            "resources[0].is_auto_renew",
        ),
    ];
    for (pointer, value, needle) in cases {
        let body = with_field(&add_volumes(), pointer, Some(value));
        expect_error(&app, &body, 400, "WKS.0001", needle, pointer).await;
    }
}

#[tokio::test]
async fn scalars_are_coerced_as_the_java_service_does() {
    let app = TestApp::spawn().await;
    let body = json!({
        "type": "addVolumes",
        "enterprise_project_id": 0,
        "extend_param": { "is_auto_pay": true },
        "resources": [{
            "period_type": "2", "period_num": "1", "is_auto_renew": "1",
            "add_volumes": { "desktop_id": DEMO_DESKTOP, "volumes": [{ "type": "SSD", "size": "50", "iops": 3000.0 }] }
        }]
    });
    let order = place(&app, &body).await;
    let id = order_id(&order);
    assert!(app.order_auto_renews(id).await);
    assert_eq!(app.line_sizes(id).await, [Some(50)]);
    assert_eq!(order_period(&order), (2, Some(1)));
}

#[tokio::test]
async fn a_project_not_the_callers_is_a_403_with_the_workspace_body() {
    let app = TestApp::spawn().await;
    let response = app
        .post_json(
            "/v2/ffffffffffffffffffffffffffffffff/periodic/subscribe/order",
            &add_volumes(),
        )
        .await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error_code"], "APIGW.0302");
    assert!(
        body["error_msg"]
            .as_str()
            .unwrap()
            .contains("ffffffffffffffffffffffffffffffff")
    );
    assert!(body["error_detail"].is_string());
}

#[tokio::test]
async fn other_families_bodies_carry_no_error_detail() {
    let app = TestApp::spawn().await;
    let response = app
        .post_json(
            "/v1/ffffffffffffffffffffffffffffffff/period/order",
            &json!({}),
        )
        .await;
    let (_, body) = status_and_json(response).await;
    assert!(body.get("error_detail").is_none(), "{body}");
}

#[tokio::test]
async fn bodies_that_are_not_json_or_too_large_get_workspace_codes() {
    let app = TestApp::spawn().await;
    let (status, body) = status_and_json(
        app.post_raw(&path(), "type=addVolumes", Some("text/plain"))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (415, Some("WKS.0001")),
        "{body}"
    );
    assert!(
        body["error_detail"]
            .as_str()
            .unwrap()
            .contains("Content-Type")
    );
    let huge = format!("{{\"type\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let (status, body) =
        status_and_json(app.post_raw(&path(), huge, Some("application/json")).await).await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (413, Some("WKS.0001")),
        "{body}"
    );
}
