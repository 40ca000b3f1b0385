//! Behaviour every route shares: health, request ids, error bodies, limits, durability.

use serde_json::json;

use crate::detail::{line_texts, order_id};
use crate::helpers::{DEMO_PROJECT, TestApp, assert_error, order_id_of, status_and_json};

fn dsc_path() -> String {
    format!("/v1/{DEMO_PROJECT}/period/order")
}

fn dsc_order() -> serde_json::Value {
    json!({
        "charging_mode": 0, "cloud_service_type": "hws.service.type.sdg", "period_num": 1, "period_type": 2,
        "region_id": "cn-north-4", "zone": "CH",
        "product_infos": [{
            "cloud_service_type": "hws.service.type.sdg", "product_id": "00301-225396-0--0",
            "resource_spec_code": "base_standard", "resource_type": "hws.resource.type.dsc.base"
        }]
    })
}

#[tokio::test]
async fn health_answers_once_the_store_is_open() {
    let app = TestApp::spawn().await;
    let (status, body) =
        status_and_json(app.client.get(app.url("/health")).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn health_answers_503_while_the_store_cannot_write_and_200_again_after() {
    let app = TestApp::spawn().await;
    let held = app.hold_writes().await;
    assert_error(
        app.client.get(app.url("/health")).send().await.unwrap(),
        503,
        "APIG.0202",
        "the store cannot write",
    )
    .await;
    held.release().await;
    let (status, body) =
        status_and_json(app.client.get(app.url("/health")).send().await.unwrap()).await;
    assert_eq!((status, &body["status"]), (200, &json!("ok")), "{body}");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let fresh = app.client.get(app.url("/nope")).send().await.unwrap();
    let id = fresh.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));

    let echoed = app
        .client
        .get(app.url("/health"))
        .header("x-request-id", "client-chosen-id-1")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "client-chosen-id-1");

    let unsafe_id = app
        .client
        .get(app.url("/health"))
        .header("x-request-id", "a b <script>")
        .send()
        .await
        .unwrap();
    assert_ne!(unsafe_id.headers()["x-request-id"], "a b <script>");
}

#[tokio::test]
async fn error_bodies_carry_the_request_id_as_the_gateway_does() {
    let app = TestApp::spawn().await;
    let unknown = app.client.get(app.url("/nope")).send().await.unwrap();
    let header = unknown.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let (_, body) = status_and_json(unknown).await;
    assert_eq!(body["request_id"], header.as_str());

    let invalid = app
        .send(
            reqwest::Method::POST,
            &dsc_path(),
            &[
                ("content-type", "application/json"),
                ("x-request-id", "client-id-7"),
            ],
            b"{}".to_vec(),
        )
        .await;
    let (status, body) = status_and_json(invalid).await;
    assert_eq!(status, 400);
    assert_eq!(body["request_id"], "client-id-7");

    let ok = app.get("/health").await;
    let (_, body) = status_and_json(ok).await;
    assert!(
        body.get("request_id").is_none(),
        "only error bodies: {body}"
    );
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_get_json_errors() {
    let app = TestApp::spawn().await;
    assert_error(
        app.client.get(app.url("/v9/nothing")).send().await.unwrap(),
        404,
        "APIGW.0101",
        "/v9/nothing",
    )
    .await;
    let wrong_method = app
        .client
        .delete(app.url(&dsc_path()))
        .send()
        .await
        .unwrap();
    assert_error(wrong_method, 405, "APIGW.0201", "does not accept DELETE").await;
}

#[tokio::test]
async fn malformed_bodies_get_a_400_in_the_apis_own_error_body() {
    let app = TestApp::spawn().await;
    let cases: &[(&str, &str)] = &[
        ("{\"charging_mode\": ", "malformed JSON"),
        ("{} trailing", "malformed JSON"),
        ("", "request body is empty"),
        ("[1, 2]", "request body: must be a JSON object"),
        ("\"text\"", "request body: must be a JSON object"),
    ];
    for (body, message) in cases {
        let response = app
            .post_raw(&dsc_path(), *body, Some("application/json"))
            .await;
        assert_error(response, 400, "dsc.40000011", message).await;
    }
    let not_utf8 = app
        .post_raw(
            &dsc_path(),
            vec![0xff, 0xfe, b'{'],
            Some("application/json"),
        )
        .await;
    assert_error(not_utf8, 400, "dsc.40000011", "not UTF-8").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_gets_415() {
    let app = TestApp::spawn().await;
    let body = dsc_order().to_string();
    assert_error(
        app.post_raw(&dsc_path(), body.clone(), Some("text/plain"))
            .await,
        415,
        "dsc.40000011",
        "text/plain",
    )
    .await;
    assert_error(
        app.post_raw(&dsc_path(), body, None).await,
        415,
        "dsc.40000011",
        "got none",
    )
    .await;
}

#[tokio::test]
async fn a_body_over_one_mebibyte_gets_413() {
    let app = TestApp::spawn().await;
    let huge = format!("{{\"zone\": \"{}\"}}", "x".repeat(1024 * 1024));
    assert_error(
        app.post_raw(&dsc_path(), huge, Some("application/json"))
            .await,
        413,
        "dsc.40000011",
        "larger than the limit",
    )
    .await;
}

#[tokio::test]
async fn the_body_limit_comes_from_the_configuration() {
    let app = TestApp::spawn_with_config("[limits]\nmax_body_bytes = 64\n").await;
    let response = app.post_json(&dsc_path(), &dsc_order()).await;
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn orders_survive_a_restart() {
    let app = TestApp::spawn().await;
    let (status, body) = status_and_json(app.post_json(&dsc_path(), &dsc_order()).await).await;
    assert_eq!(status, 200);
    let id = body["order_id"].as_str().unwrap().to_owned();

    let app = app.restart().await;
    let order = app.order_detail(&id).await;
    assert_eq!(order_id(&order), id, "kept across the restart");
    assert_eq!(line_texts(&order, "product_id"), ["00301-225396-0--0"]);
    let (status, _) = status_and_json(app.post_json(&dsc_path(), &dsc_order()).await).await;
    assert_eq!(status, 200, "the restarted server takes new orders");
}

/// Some clients write a UTF-8 byte order mark before the JSON; it is not part of the text.
#[tokio::test]
async fn a_body_starting_with_a_byte_order_mark_is_read() {
    let app = TestApp::spawn().await;
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(dsc_order().to_string().into_bytes());
    let response = app
        .post_raw(&dsc_path(), body, Some("application/json"))
        .await;
    order_id_of(response).await;
}
