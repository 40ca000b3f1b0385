//! `X-Client-Token`: a client that retries a create or a payment does not buy or pay twice.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth::{dsc_order, dsc_path};
use crate::bss::{ACME, ACME_PROJECT, GLOBEX, GLOBEX_PROJECT, two_accounts};
use crate::helpers::{Credentials, Key, TestApp, status_and_json};

const BALANCES: &str = "/v2/accounts/customer-accounts/balances";

/// POSTs `body` to `path` signed by `key`, with `X-Client-Token: token` when given. Gives the
/// status, whether it was a replay, and the body.
async fn post_keyed(
    app: &TestApp,
    key: Key,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, bool, Value) {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(token) = token {
        headers.push(("x-client-token", token));
    }
    let bytes = serde_json::to_vec(body).unwrap();
    let response = app
        .send_as(
            &Credentials::Signed(key),
            Method::POST,
            path,
            &headers,
            bytes,
        )
        .await;
    let replay = response.headers().get("x-idempotent-replay").is_some();
    if response.status() == 204 {
        assert_eq!(response.text().await.unwrap(), "", "204 has no body");
        return (204, replay, Value::Null);
    }
    let (status, body) = status_and_json(response).await;
    (status, replay, body)
}

fn acme_order() -> Value {
    let mut order = dsc_order();
    order["region_id"] = json!("cn-north-4");
    order
}

fn acme_path() -> String {
    dsc_path().replace(crate::helpers::DEMO_PROJECT, ACME_PROJECT)
}

/// The ids of the orders account `key` can list.
async fn listed(app: &TestApp, key: Key) -> Vec<String> {
    let response = app
        .get_as(
            &Credentials::Signed(key),
            "/v2/orders/customer-orders?limit=100",
        )
        .await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    crate::bss_helpers::ids(&body["order_infos"], "order_id")
}

async fn balance(app: &TestApp, key: Key) -> String {
    let (status, body) =
        status_and_json(app.get_as(&Credentials::Signed(key), BALANCES).await).await;
    assert_eq!(status, 200, "{body}");
    body["account_balances"][0]["amount"].to_string()
}

#[tokio::test]
async fn a_retried_create_returns_the_first_answer_and_buys_once() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let first = post_keyed(&app, ACME, &acme_path(), Some("buy-1"), &acme_order()).await;
    assert_eq!((first.0, first.1), (200, false), "{}", first.2);
    let retry = post_keyed(&app, ACME, &acme_path(), Some("buy-1"), &acme_order()).await;
    assert_eq!(
        retry,
        (200, true, first.2.clone()),
        "the first answer, marked a replay"
    );
    let ids = listed(&app, ACME).await;
    assert_eq!(ids, vec![first.2["order_id"].as_str().unwrap().to_owned()]);

    // Without a key, or with another one, each request is an order of its own.
    for token in [None, None, Some("buy-2")] {
        let (status, replay, body) =
            post_keyed(&app, ACME, &acme_path(), token, &acme_order()).await;
        assert_eq!((status, replay), (200, false), "{body}");
    }
    assert_eq!(listed(&app, ACME).await.len(), 4);
}

#[tokio::test]
async fn a_key_used_with_another_request_is_a_conflict_that_changes_nothing() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let (status, _, _) = post_keyed(&app, ACME, &acme_path(), Some("k"), &acme_order()).await;
    assert_eq!(status, 200);
    let mut other = acme_order();
    other["period_num"] = json!(2);
    let (status, replay, body) = post_keyed(&app, ACME, &acme_path(), Some("k"), &other).await;
    assert_eq!((status, replay), (409, false), "{body}");
    assert_eq!(
        body["error_code"], "dsc.40000011",
        "DSC's own conflict code: {body}"
    );
    let message = body["error_msg"].as_str().unwrap();
    assert!(
        message.contains("X-Client-Token") && message.contains("another request"),
        "{message}"
    );
    assert_eq!(listed(&app, ACME).await.len(), 1);
}

#[tokio::test]
async fn keys_belong_to_the_account_that_used_them() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let acme = post_keyed(&app, ACME, &acme_path(), Some("shared"), &acme_order()).await;
    let globex_path = dsc_path().replace(crate::helpers::DEMO_PROJECT, GLOBEX_PROJECT);
    let globex = post_keyed(&app, GLOBEX, &globex_path, Some("shared"), &acme_order()).await;
    assert_eq!(
        (acme.0, acme.1, globex.0, globex.1),
        (200, false, 200, false),
        "{globex:?}"
    );
    assert_ne!(acme.2["order_id"], globex.2["order_id"]);
    assert_eq!(listed(&app, GLOBEX).await.len(), 1);
}

#[tokio::test]
async fn a_refused_request_claims_nothing_and_a_bad_key_is_named() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let mut bad = acme_order();
    bad["period_num"] = json!(0);
    let (status, _, body) = post_keyed(&app, ACME, &acme_path(), Some("fix-me"), &bad).await;
    assert_eq!(status, 400, "{body}");
    // The corrected request under the same key is served: the refusal changed nothing.
    let (status, replay, body) =
        post_keyed(&app, ACME, &acme_path(), Some("fix-me"), &acme_order()).await;
    assert_eq!((status, replay), (200, false), "{body}");

    for token in ["has space", &"x".repeat(65)] {
        let (status, _, body) =
            post_keyed(&app, ACME, &acme_path(), Some(token), &acme_order()).await;
        assert_eq!(status, 400, "{token}: {body}");
        let message = body["error_msg"].as_str().unwrap();
        assert!(
            message.contains("X-Client-Token") && message.contains("1 to 64"),
            "{message}"
        );
    }
    assert_eq!(listed(&app, ACME).await.len(), 1);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_place_one_order_and_all_get_its_answer() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let path = acme_path();
    let order = acme_order();
    let answers = futures::future::join_all(
        (0..16).map(|_| post_keyed(&app, ACME, &path, Some("burst"), &order)),
    )
    .await;
    let ids = listed(&app, ACME).await;
    assert_eq!(
        ids.len(),
        1,
        "one order from 16 concurrent requests: {ids:?}"
    );
    for (status, _, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(body["order_id"], json!(ids[0]));
    }
    assert_eq!(answers.iter().filter(|(_, replay, _)| !replay).count(), 1);
}

#[tokio::test]
async fn a_retried_payment_is_paid_once_and_keys_outlive_a_restart() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let (_, _, placed) = post_keyed(&app, ACME, &acme_path(), None, &acme_order()).await;
    let id = placed["order_id"].as_str().unwrap().to_owned();
    let before = balance(&app, ACME).await;
    let pay = json!({"order_id": id, "use_coupon": "NO", "use_discount": "NO"});
    let pay_path = "/v3/orders/customer-orders/pay";
    let first = post_keyed(&app, ACME, pay_path, Some("pay-1"), &pay).await;
    assert_eq!((first.0, first.1), (204, false), "{}", first.2);
    let paid = balance(&app, ACME).await;
    assert_ne!(paid, before);

    let app = app.restart().await;
    let retry = post_keyed(&app, ACME, pay_path, Some("pay-1"), &pay).await;
    assert_eq!(
        (retry.0, retry.1),
        (204, true),
        "the first answer after a restart"
    );
    assert_eq!(balance(&app, ACME).await, paid, "debited once");
    // Without the key, the second payment is refused as the API refuses paying a paid order.
    let (status, _, body) = post_keyed(&app, ACME, pay_path, None, &pay).await;
    assert_eq!(status, 400, "{body}");
}
