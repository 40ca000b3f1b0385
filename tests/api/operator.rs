//! The operator endpoints under `/orderd/v1/`: the clock, balances, reset; each behind the
//! operator's bearer token.

use reqwest::Method;
use serde_json::json;

use crate::auth::{dsc_order, dsc_path};
use crate::helpers::{DEMO_DOMAIN, DEMO_PROJECT, FOREIGN_ID, TestApp, status_and_json};
use crate::lifecycle_helpers::assert_refused;

const DEMO_DESKTOP: &str = orderd::config::demo::DESKTOP_ID;

#[tokio::test]
async fn operator_endpoints_need_the_operator_token() {
    let app = TestApp::spawn().await;
    for token in [None, Some("wrong-token-wrong-token"), Some("")] {
        let mut request = app.client.get(app.url("/orderd/v1/clock"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let answer = status_and_json(request.send().await.unwrap()).await;
        assert_refused(&answer, 401, "APIGW.0301", "Bearer");
    }
    // An account's signed request is not the operator.
    let signed = status_and_json(app.get("/orderd/v1/clock").await).await;
    assert_refused(&signed, 401, "APIGW.0301", "operator token");
}

#[tokio::test]
async fn a_configuration_without_an_operator_token_turns_the_endpoints_off() {
    let config = format!(
        r#"
        [[accounts]]
        domain_name = "acme"
        domain_id = "{FOREIGN_ID}"
        projects = [{{ id = "{DEMO_PROJECT}", region = "cn-north-4" }}]
        "#
    );
    let app = TestApp::spawn_with_config(&config).await;
    let answer = app.operator(Method::GET, "/orderd/v1/clock", None).await;
    assert_refused(&answer, 403, "APIGW.0302", "[operator] token");
}

#[tokio::test]
async fn the_clock_shows_orderds_time_and_moves_only_forward() {
    let app = TestApp::spawn().await;
    let (status, shown) = app.operator(Method::GET, "/orderd/v1/clock", None).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["simulated"], true, "the tests' clock can be moved");
    let moved = app.advance_clock("P1Y").await;
    let year_later = orderd::domain::period::Period::Years(1)
        .ends_at(
            time::OffsetDateTime::parse(
                shown["now"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap(),
        )
        .unwrap();
    assert_eq!(moved["now"], orderd::domain::clock::utc_seconds(year_later));

    let cases = [
        (json!({"set": "2020-01-01T00:00:00Z"}), "only moves forward"),
        (
            json!({"advance": "7 days"}),
            "advance: must be an ISO 8601 duration",
        ),
        (json!({"advance": "P101Y"}), "at most 100 years"),
        (json!({"set": "tomorrow"}), "set: must be an RFC 3339 time"),
        (json!({}), "exactly one of advance and set"),
        (
            json!({"advance": "P1D", "set": "2030-01-01T00:00:00Z"}),
            "exactly one",
        ),
    ];
    for (body, needle) in cases {
        let answer = app
            .operator(Method::POST, "/orderd/v1/clock", Some(body))
            .await;
        assert_refused(&answer, 400, "APIGW.0201", needle);
    }
    let unknown = app
        .operator(
            Method::POST,
            "/orderd/v1/clock",
            Some(json!({"advnce": "P1D"})),
        )
        .await;
    assert_refused(&unknown, 400, "APIGW.0201", "advnce");
}

#[tokio::test]
async fn balances_are_set_as_decimal_strings_for_known_accounts() {
    let app = TestApp::spawn().await;
    let path = format!("/orderd/v1/accounts/{DEMO_DOMAIN}/balance");
    let (status, body) = app
        .operator(Method::PUT, &path, Some(json!({"balance": "1234.5"})))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"domain_id": DEMO_DOMAIN, "balance": "1234.50", "currency": "CNY"})
    );
    for bad in [
        json!({"balance": "-1"}),
        json!({"balance": "1.005"}),
        json!({"balance": 5}),
        json!({}),
    ] {
        let answer = app.operator(Method::PUT, &path, Some(bad.clone())).await;
        assert_eq!(answer.0, 400, "{bad}: {}", answer.1);
        assert_eq!(answer.1["error_code"], "APIGW.0201", "{bad}");
    }
    let unknown = format!("/orderd/v1/accounts/{FOREIGN_ID}/balance");
    let answer = app
        .operator(Method::PUT, &unknown, Some(json!({"balance": "1"})))
        .await;
    assert_refused(&answer, 404, "APIGW.0101", FOREIGN_ID);
}

#[tokio::test]
async fn a_reset_drops_every_order_and_restores_the_fixtures() {
    let app = TestApp::spawn().await;
    let id = app.place_ok(&dsc_path(), &dsc_order()).await;
    app.pay_ok(&id).await;
    let (status, body) = app.operator(Method::POST, "/orderd/v1/reset", None).await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(app.order_count().await, 0);
    let detail = app
        .get(&format!("/v2/orders/customer-orders/details/{id}"))
        .await;
    assert_eq!(detail.status(), 404);
    let desktop = app.resource(DEMO_PROJECT, DEMO_DESKTOP).await;
    assert!(desktop.is_some(), "the demo desktop is back");
}
