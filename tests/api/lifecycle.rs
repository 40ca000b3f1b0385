//! An order's life after it is placed, as a client drives it through the BSS APIs: paid,
//! cancelled, delivered, cancelled by the system when left unpaid; and the operator's clock and
//! balances that move it.

use futures::future::join_all;
use orderd::domain::clock::Clock;
use reqwest::Method;
use serde_json::{Value, json};

use rust_decimal::Decimal;

use crate::auth::{dsc_order, dsc_path};
use crate::detail::total;
use crate::helpers::{Credentials, DEMO_DOMAIN, DEMO_VIEWER, TestApp, assert_error};
use crate::lifecycle_helpers::assert_refused;

/// The status of the demo account's order `id`, as its detail shows it.
async fn status(app: &TestApp, id: &str) -> Value {
    app.order_detail(id).await["order_info"]["status"].clone()
}

/// A new DSC order (2500.00 a month) of the demo account.
async fn dsc(app: &TestApp) -> String {
    app.place_ok(&dsc_path(), &dsc_order()).await
}

/// Sets the demo account's balance through the operator API.
async fn set_balance(app: &TestApp, balance: &str) -> Value {
    let path = format!("/orderd/v1/accounts/{DEMO_DOMAIN}/balance");
    let (status, body) = app
        .operator(Method::PUT, &path, Some(json!({ "balance": balance })))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Asserts a 400 of the BSS family with `code` whose message says `needle`.
fn assert_cbc(answer: &(u16, Value), code: &str, needle: &str) {
    assert_refused(answer, 400, code, needle);
}

#[tokio::test]
async fn paying_completes_the_order_and_delivers_what_it_bought() {
    let app = TestApp::spawn().await;
    let id = dsc(&app).await;
    assert_eq!(status(&app, &id).await, 6);
    assert!(
        app.order_resources(&id)
            .await
            .iter()
            .all(|r| r.expires_at().is_none()),
        "nothing is delivered before the payment"
    );
    app.pay_ok(&id).await;
    assert_eq!(
        status(&app, &id).await,
        5,
        "no delivery delay: completed at once"
    );
    let resources = app.order_resources(&id).await;
    assert_eq!(resources.len(), 1, "one resource per line");
    let edition = &resources[0];
    assert_eq!(edition.resource_type(), "hws.resource.type.dsc.base");
    assert_eq!(edition.effective_at(), Some(app.clock.now()));
    let month_later = orderd::domain::period::Period::Months(1).ends_at(app.clock.now());
    assert_eq!(edition.expires_at(), month_later);

    let app = app.restart().await;
    assert_eq!(status(&app, &id).await, 5, "the payment survives a restart");
}

#[tokio::test]
async fn a_payment_takes_the_amount_from_the_balance_to_the_cent() {
    let app = TestApp::spawn().await;
    let (first, second, third) = (dsc(&app).await, dsc(&app).await, dsc(&app).await);
    let price = total(&app.order_detail(&first).await);
    let two_and_a_cent = price * Decimal::from(2) + Decimal::new(1, 2);
    set_balance(&app, &two_and_a_cent.to_string()).await;
    app.pay_ok(&first).await;
    app.pay_ok(&second).await;
    assert_cbc(
        &app.pay(&third).await,
        "CBC.99005003",
        &format!("the balance 0.01 CNY is less than {price:.2}"),
    );
    assert_eq!(
        status(&app, &third).await,
        6,
        "a refused payment changes nothing"
    );
    set_balance(&app, &price.to_string()).await;
    app.pay_ok(&third).await;
}

#[tokio::test]
async fn an_order_is_paid_once_and_cancelled_only_while_unpaid() {
    let app = TestApp::spawn().await;
    let paid = dsc(&app).await;
    app.pay_ok(&paid).await;
    assert_cbc(&app.pay(&paid).await, "CBC.99003106", "status 5");
    assert_cbc(
        &app.cancel(&paid).await,
        "CBC.99005010",
        "does not allow cancel",
    );

    let cancelled = dsc(&app).await;
    let (code, body) = app.cancel(&cancelled).await;
    assert_eq!(code, 204, "{body}");
    assert_eq!(status(&app, &cancelled).await, 4);
    assert_cbc(&app.cancel(&cancelled).await, "CBC.99005010", "status 4");
    assert_cbc(
        &app.pay(&cancelled).await,
        "CBC.99003106",
        "does not allow pay",
    );
}

#[tokio::test]
async fn paying_an_order_that_is_not_the_callers_is_cbc_30000010() {
    let app = TestApp::spawn().await;
    for id in ["CS2611240000ABCDE", "cs-not-an-order", "../../etc"] {
        assert_cbc(&app.pay(id).await, "CBC.30000010", "does not exist");
        assert_cbc(&app.cancel(id).await, "CBC.30000010", "does not exist");
    }
    let id = dsc(&app).await;
    assert_eq!(
        app.pay(&id.to_lowercase()).await.0,
        204,
        "order ids are case-insensitive"
    );
}

#[tokio::test]
async fn a_pay_body_that_breaks_a_rule_is_cbc_0100_naming_the_field() {
    let app = TestApp::spawn().await;
    let id = dsc(&app).await;
    let cases = [
        (json!({}), "order_id: is required"),
        (json!({"order_id": id}), "use_coupon: is required"),
        (
            json!({"order_id": id, "use_coupon": "no", "use_discount": "NO"}),
            "use_coupon: must be YES or NO",
        ),
        (
            json!({"order_id": id, "use_coupon": "YES", "use_discount": "NO"}),
            "coupon_infos: is required when use_coupon is YES",
        ),
        (
            json!({"order_id": id, "use_coupon": "NO", "use_discount": "YES",
                   "discount_infos": [{"id": "d-1", "type": 0}]}),
            "discount_infos[0].id: no discount d-1 exists",
        ),
        (
            json!({"order_id": 5, "use_coupon": "NO", "use_discount": "NO"}),
            "order_id",
        ),
    ];
    for (body, needle) in cases {
        let response = app.post_json("/v3/orders/customer-orders/pay", &body).await;
        assert_error(response, 400, "CBC.0100", needle).await;
    }
    assert_eq!(status(&app, &id).await, 6);
}

#[tokio::test]
async fn the_viewer_may_read_orders_but_not_pay_or_cancel_them() {
    let app = TestApp::spawn().await;
    let id = dsc(&app).await;
    let viewer = Credentials::Signed(DEMO_VIEWER);
    let pay = json!({"order_id": id, "use_coupon": "NO", "use_discount": "NO"});
    let response = app
        .post_json_as(&viewer, "/v3/orders/customer-orders/pay", &pay)
        .await;
    assert_error(response, 403, "CBC.0151", "bss:order:update").await;
    assert_eq!(status(&app, &id).await, 6);
}

#[tokio::test]
async fn an_order_left_unpaid_for_seven_days_is_cancelled_by_the_system() {
    let app = TestApp::spawn().await;
    let id = dsc(&app).await;
    app.advance_clock("P6DT23H59M").await;
    assert_eq!(status(&app, &id).await, 6);
    app.advance_clock("PT1M").await;
    assert_eq!(status(&app, &id).await, 4, "cancelled when the week ended");
    assert_cbc(&app.pay(&id).await, "CBC.99003106", "status 4");
}

#[tokio::test]
async fn the_unpaid_timeout_is_an_option() {
    let app = TestApp::spawn_with_flags(&["--unpaid-timeout", "1h"]).await;
    let id = dsc(&app).await;
    app.advance_clock("PT1H").await;
    assert_eq!(status(&app, &id).await, 4);
}

#[tokio::test]
async fn with_a_delivery_delay_a_paid_order_is_processing_until_the_delay_passes() {
    let app = TestApp::spawn_with_flags(&["--delivery-delay", "5s"]).await;
    let id = dsc(&app).await;
    let paid_at = app.clock.now();
    app.pay_ok(&id).await;
    assert_eq!(status(&app, &id).await, 3);
    assert!(app.order_resources(&id).await[0].effective_at().is_none());
    app.advance_clock("PT4S").await;
    assert_eq!(status(&app, &id).await, 3);
    app.advance_clock("PT1S").await;
    assert_eq!(status(&app, &id).await, 5);
    let delivered = app.order_resources(&id).await[0].effective_at();
    assert_eq!(
        delivered,
        Some(paid_at + time::Duration::seconds(5)),
        "delivered when it fell due, not when the clock was moved"
    );
}

#[tokio::test]
async fn of_many_concurrent_payments_of_one_order_exactly_one_is_taken() {
    let app = TestApp::spawn().await;
    let id = dsc(&app).await;
    let pays: Vec<_> = (0..16).map(|_| app.pay(&id)).collect();
    let answers = join_all(pays).await;
    let paid = answers.iter().filter(|(s, _)| *s == 204).count();
    assert_eq!(paid, 1, "{answers:?}");
    for answer in answers.iter().filter(|(s, _)| *s != 204) {
        assert_cbc(answer, "CBC.99003106", "status");
    }
    // The balance holds exactly 39 more prices: of 40 concurrent payments, 39 are taken.
    let price = total(&app.order_detail(&id).await);
    set_balance(&app, &(price * Decimal::from(39)).to_string()).await;
    let more: Vec<String> = join_all((0..40).map(|_| dsc(&app))).await;
    let answers = join_all(more.iter().map(|id| app.pay(id))).await;
    let paid = answers.iter().filter(|(s, _)| *s == 204).count();
    assert_eq!(paid, 39, "{answers:?}");
    let refused = answers
        .iter()
        .find(|(s, _)| *s != 204)
        .expect("one refused");
    assert_cbc(refused, "CBC.99005003", "the balance 0.00 CNY");
}

#[tokio::test]
async fn a_payment_racing_a_cancellation_has_one_winner() {
    let app = TestApp::spawn().await;
    for _ in 0..10 {
        let id = dsc(&app).await;
        let (paid, cancelled) = tokio::join!(app.pay(&id), app.cancel(&id));
        let won = [paid.0, cancelled.0].iter().filter(|s| **s == 204).count();
        assert_eq!(won, 1, "{paid:?} {cancelled:?}");
        let expected = if paid.0 == 204 { 5 } else { 4 };
        assert_eq!(status(&app, &id).await, expected);
    }
}

#[tokio::test]
async fn ies_delivery_orders_follow_their_order() {
    let app = TestApp::spawn().await;
    set_balance(&app, "100000000.00").await;
    let (delivery, order) = crate::ies::place_seed(&app).await;
    app.pay_ok(&order).await;
    let stored = app.stored_delivery(&delivery).await.unwrap();
    assert_eq!(stored.status.as_str(), "SUCCESS");
    assert_eq!(stored.effected_at, Some(app.clock.now()));

    let (delivery, order) = crate::ies::place_seed(&app).await;
    assert_eq!(app.cancel(&order).await.0, 204);
    let stored = app.stored_delivery(&delivery).await.unwrap();
    assert_eq!(stored.status.as_str(), "CANCELLED");
}

#[tokio::test]
async fn a_workspace_order_asking_for_auto_pay_is_paid_when_the_balance_allows() {
    let app = TestApp::spawn().await;
    let path = format!(
        "/v2/{}/periodic/subscribe/order",
        crate::helpers::DEMO_PROJECT
    );
    let mut body = crate::workspace::create_desktops::seed_example();
    body["extend_param"] = json!({"is_auto_pay": "true"});
    let paid = app.place_ok(&path, &body).await;
    assert_eq!(status(&app, &paid).await, 5);

    set_balance(&app, "1.00").await;
    let unpaid = app.place_ok(&path, &body).await;
    assert_eq!(
        status(&app, &unpaid).await,
        6,
        "too little balance: left to pay later"
    );
    body["extend_param"] = json!({"is_auto_pay": "false"});
    set_balance(&app, "100000.00").await;
    let manual = app.place_ok(&path, &body).await;
    assert_eq!(status(&app, &manual).await, 6);
}
