//! Hostile and odd bodies: each gets a 4xx whose message names the field, never a 5xx, and no
//! answer grows with the size of what was sent.

use serde_json::{Value, json};

use super::create_desktops::seed_example;
use super::{DEMO_DESKTOP, expect_error, path};
use crate::helpers::{TestApp, status_and_json};

/// The seed's addVolumes example with `size` spelled as `size` (raw JSON text).
fn add_volumes_raw(size: &str) -> String {
    format!(
        r#"{{"type":"addVolumes","resources":[{{"add_volumes":{{"desktop_id":"{DEMO_DESKTOP}","volumes":[{{"type":"SAS","size":{size}}}]}}}}]}}"#
    )
}

async fn answer_raw(app: &TestApp, raw: String) -> (u16, Value) {
    status_and_json(app.post_raw(&path(), raw, Some("application/json")).await).await
}

#[tokio::test]
async fn numbers_json_cannot_hold_or_integers_cannot_be_are_400s_naming_the_field() {
    let app = TestApp::spawn().await;
    let field = "resources[0].add_volumes.volumes[0].size";
    for (size, rule) in [
        ("1e309", "number out of range"),
        ("-1e309", "number out of range"),
        ("99999999999999999999999", "expected an integer"),
        ("50.5", "expected an integer"),
        ("-0", "must be 10 to 32760 GB, got 0"),
        ("-0.0", "must be 10 to 32760 GB, got 0"),
        (&"[".repeat(300), ""),
    ] {
        let (status, body) = answer_raw(&app, add_volumes_raw(size)).await;
        let case: String = size.chars().take(20).collect();
        assert_eq!(status, 400, "size {case}: {body}");
        assert_eq!(body["error_code"], "WKS.0001", "size {case}: {body}");
        let msg = body["error_msg"].as_str().unwrap();
        assert!(msg.starts_with(field), "size {case}: {msg:?} names {field}");
        assert!(msg.contains(rule), "size {case}: {msg:?} says {rule:?}");
    }
}

#[tokio::test]
async fn a_duplicate_key_is_a_400_naming_the_key() {
    let app = TestApp::spawn().await;
    let (status, body) = answer_raw(
        &app,
        r#"{"type":"addVolumes","type":"addVolumes","resources":[]}"#.into(),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let msg = body["error_msg"].as_str().unwrap();
    assert!(msg.starts_with("duplicate field `type`"), "{msg:?}");
    let raw = add_volumes_raw("50").replace(r#""size":50"#, r#""size":50,"size":60"#);
    let (status, body) = answer_raw(&app, raw).await;
    assert_eq!(status, 400, "{body}");
    let msg = body["error_msg"].as_str().unwrap();
    assert!(
        msg.starts_with("resources[0].add_volumes.volumes[0]: duplicate field `size`"),
        "{msg:?}"
    );
}

#[tokio::test]
async fn huge_values_are_not_echoed_back_in_full() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(100_000);
    let cases = [
        ("/type", json!(huge), "type: must be one of createDesktops"),
        (
            "/resources/0/create_desktops/desktop_type",
            json!(huge),
            "resources[0].create_desktops.desktop_type: must be one of DEDICATED, SHARED, got xxx",
        ),
        (
            "/resources/0/create_desktops/root_volume/size",
            json!(huge),
            "resources[0].create_desktops.root_volume.size: invalid value",
        ),
        (
            "/resources/0/create_desktops/desktops/0/user_email",
            json!(huge),
            "resources[0].create_desktops.desktops[0].user_email: must be 1 to 255 characters, got 100000",
        ),
    ];
    for (pointer, value, needle) in cases {
        let body = crate::helpers::with_field(&seed_example(), pointer, Some(value));
        expect_error(&app, &body, 400, "WKS.0001", needle, pointer).await;
        let (_, answer) = status_and_json(app.post_json(&path(), &body).await).await;
        let len = answer.to_string().len();
        assert!(len < 2_000, "{pointer}: an answer of {len} bytes");
    }
}

#[tokio::test]
async fn unicode_is_counted_in_characters_and_refused_where_names_are_ascii() {
    let app = TestApp::spawn().await;
    let mut body = seed_example();
    body["resources"][0]["create_desktops"]["desktops"][0]["user_name"] = json!("Ünïcødé");
    body["resources"][0]["create_desktops"]["tags"][0]["value"] = json!("😀".repeat(43));
    expect_error(
        &app,
        &body,
        400,
        "WKS.0001",
        "resources[0].create_desktops.desktops[0].user_name: may hold only letters, digits, - and _, found 'Ü'",
        "unicode user name",
    )
    .await;
    let (_, answer) = status_and_json(app.post_json(&path(), &body).await).await;
    assert!(
        !answer["error_msg"]
            .as_str()
            .unwrap()
            .contains("tags[0].value"),
        "43 emoji are 43 characters: {answer}"
    );
    let (status, answer) = answer_raw(
        &app,
        r#"{"type":"addVolumes","resources":[{"add_volumes":{"desktop_id":"\ud800","volumes":[]}}]}"#.into(),
    )
    .await;
    assert_eq!(status, 400, "a lone surrogate: {answer}");
    assert!(
        answer["error_msg"]
            .as_str()
            .unwrap()
            .starts_with("resources[0].add_volumes.desktop_id"),
        "{answer}"
    );
}

#[tokio::test]
async fn fifty_one_resources_and_deep_junk_are_400s() {
    let app = TestApp::spawn().await;
    let mut body = seed_example();
    let one = body["resources"][0].clone();
    body["resources"] = json!(vec![one; 51]);
    expect_error(
        &app,
        &body,
        400,
        "WKS.0001",
        "resources: must hold 1 to 50 items, got 51",
        "51 resources",
    )
    .await;
    // Unknown fields are ignored, however deep; the answer is about what is wrong.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let (status, answer) = answer_raw(
        &app,
        format!(r#"{{"type":"addVolumes","junk":{deep},"resources":[]}}"#),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["error_msg"], "resources: must hold 1 to 50 items, got 0",
        "{answer}"
    );
}

/// Every list within its documented limit can still multiply into an order of a million lines
/// (50 resources × 100 exclusive hosts × 200 disks), which held the store's writer for over half
/// a minute. Orders are capped at 100 000 priced lines, above any other type's maximum (50 ×
/// 100 desktops × 12 lines).
#[tokio::test]
async fn an_order_that_multiplies_into_too_many_lines_is_a_400() {
    let app = TestApp::spawn().await;
    let vol = json!({ "type": "SAS", "size": 10 });
    let hosts = json!({
        "period_type": 2, "period_num": 1,
        "create_exclusive_hosts": {
            "availability_zone": "az", "quantity": 100,
            "product_id": "workspace.exclusive.host.c6.8xlarge",
            "image_volumes": vec![vol.clone(); 100], "memory_volumes": vec![vol; 100],
            "vpc_id": "vpc-1", "subnet_id": "subnet-1"
        }
    });
    let body = json!({ "type": "createExclusiveHosts", "resources": vec![hosts.clone(); 5] });
    expect_error(
        &app,
        &body,
        400,
        "WKS.0001",
        "resources: the order would hold more than 100000 priced lines (100500 by resources[4])",
        "5 x 100 hosts x 201 lines",
    )
    .await;
    let body = json!({ "type": "createExclusiveHosts", "resources": vec![hosts; 4] });
    let (status, answer) = status_and_json(app.post_json(&path(), &body).await).await;
    assert_eq!(status, 200, "80400 lines are within the cap: {answer}");
}
