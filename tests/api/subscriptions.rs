//! Subscriptions over time through the BSS APIs: renewals and their price, unsubscriptions with
//! their refunds, auto-renewal on and off, and what the moved clock does to resources (auto-
//! renewal, expiry, grace, freezing, closing).

use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::auth::dsc_path;
use crate::bss_helpers::bss_time;
use crate::helpers::{DEMO_DOMAIN, TestApp, status_and_json};
use crate::lifecycle_helpers::assert_refused;

const RENEW: &str = "/v2/orders/subscriptions/resources/renew";
const UNSUBSCRIBE: &str = "/v2/orders/subscriptions/resources/unsubscribe";
const RATE: &str = "/v2/bills/ratings/period-resources/renew-rate";
const BALANCES: &str = "/v2/accounts/customer-accounts/balances";

/// A monthly DSC base_standard edition (3000.00) with a DB_standard package of 2 (1000.00),
/// auto-renewing when `auto_renew`: 4000.00 a month.
fn edition(auto_renew: bool) -> Value {
    json!({
        "charging_mode": 0, "cloud_service_type": "hws.service.type.sdg", "period_num": 1,
        "period_type": 2, "region_id": "cn-north-4", "zone": "CH",
        "is_auto_renew": i64::from(auto_renew),
        "product_infos": [{
            "cloud_service_type": "hws.service.type.sdg", "product_id": "00301-225396-0--0",
            "resource_spec_code": "base_standard", "resource_type": "hws.resource.type.dsc.base"
        }, {
            "cloud_service_type": "hws.service.type.sdg", "product_id": "00301-225398-0--0",
            "resource_size": 2, "resource_size_measure_id": 30,
            "resource_spec_code": "DB_standard", "resource_type": "hws.resource.type.dsc.db"
        }]
    })
}

/// A paid edition: (its order, main resource, attached DB package).
async fn paid_edition(app: &TestApp, auto_renew: bool) -> (String, String, String) {
    let id = app.place_ok(&dsc_path(), &edition(auto_renew)).await;
    app.pay_ok(&id).await;
    let ids: Vec<String> = app
        .line_resource_ids(&id)
        .await
        .into_iter()
        .map(|r| r.expect("a resource per line"))
        .collect();
    (id, ids[0].clone(), ids[1].clone())
}

/// `POST path` with `body`: status and body.
async fn post(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    status_and_json(app.post_json(path, &body).await).await
}

/// The 200 answer of `POST path` with `body`.
async fn post_ok(app: &TestApp, path: &str, body: Value) -> Value {
    let (status, answer) = post(app, path, body.clone()).await;
    assert_eq!(status, 200, "{body}: {answer}");
    answer
}

/// The demo account's balance, as ShowCustomerAccountBalances gives it.
async fn balance(app: &TestApp) -> Decimal {
    let answer = app.get_ok(BALANCES).await;
    answer["account_balances"][0]["amount"]
        .to_string()
        .parse()
        .expect("a number")
}

/// Sets the demo account's balance through the operator API.
async fn set_balance(app: &TestApp, amount: &str) {
    let path = format!("/orderd/v1/accounts/{DEMO_DOMAIN}/balance");
    let (status, body) = app
        .operator(Method::PUT, &path, Some(json!({ "balance": amount })))
        .await;
    assert_eq!(status, 200, "{body}");
}

/// The resource query's view of resource `id`.
async fn view(app: &TestApp, id: &str) -> Value {
    let answer = app.query_resources(&json!({ "resource_ids": [id] })).await;
    assert_eq!(answer["total_count"], 1, "{answer}");
    answer["data"][0].clone()
}

/// How many renewal orders (order type 2) the demo account has.
async fn renewal_orders(app: &TestApp) -> u64 {
    app.list_orders("order_type=2&limit=100").await["total_count"]
        .as_u64()
        .expect("a count")
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[tokio::test]
async fn a_paid_renewal_extends_the_main_and_attached_resources_from_the_old_expiry() {
    let app = TestApp::spawn().await;
    let (bought, main, db) = paid_edition(&app, false).await;
    let expiry = view(&app, &main).await["expire_time"].clone();
    let rate = post_ok(
        &app,
        RATE,
        json!({"resource_ids": [main], "period_type": 2, "period_num": "2"}),
    )
    .await;
    assert_eq!(
        rate["renew_inquiry_results"],
        json!([{"resource_id": main, "amount": "8000.00"}])
    );
    assert_eq!(
        rate["official_website_rating_result"]["official_website_amount"],
        "8000.00"
    );
    assert_eq!(rate["currency"], "CNY");

    app.advance_clock("P10D").await;
    let answer = post_ok(
        &app,
        RENEW,
        json!({"resource_ids": [main], "period_type": 2, "period_num": 2}),
    )
    .await;
    assert_eq!(answer["fail_resource_infos"], json!([]));
    let order = answer["order_ids"][0].as_str().unwrap().to_owned();
    let detail = app.order_detail(&order).await;
    assert_eq!(detail["order_info"]["order_type"], 2, "{detail}");
    assert_eq!(detail["order_info"]["status"], 6);
    assert_eq!(
        view(&app, &main).await["expire_time"],
        expiry,
        "nothing changes before the payment"
    );
    let again = post_ok(
        &app,
        RENEW,
        json!({"resource_ids": [main], "period_type": 2, "period_num": 1}),
    )
    .await;
    assert_eq!(again["order_ids"], json!([]));
    assert_eq!(
        again["fail_resource_infos"][0]["error_code"],
        "CBC.30050010"
    );
    let unsubscribe = post_ok(
        &app,
        UNSUBSCRIBE,
        json!({"resource_ids": [main], "unsubscribe_type": 1}),
    )
    .await;
    assert_eq!(
        unsubscribe["fail_resource_infos"][0]["error_code"], "CBC.99003651",
        "a renewal in progress"
    );

    app.pay_ok(&order).await;
    let delivered = app.order_resources(&bought).await;
    let start = delivered[0].effective_at().unwrap();
    let three_months = orderd::domain::period::Period::Months(3)
        .ends_at(start)
        .unwrap();
    for id in [&main, &db] {
        assert_eq!(
            view(&app, id).await["expire_time"],
            bss_time(three_months),
            "{id}: a month bought, two renewed, counted from the old expiry"
        );
    }
    assert_eq!(balance(&app).await, dec("988000"), "4000 + 8000 paid");
}

#[tokio::test]
async fn renewals_refuse_each_resource_with_its_code() {
    let app = TestApp::spawn().await;
    let (_, main, db) = paid_edition(&app, false).await;
    let answer = post_ok(
        &app,
        RENEW,
        json!({"resource_ids": ["nope", db, main], "period_type": 3, "period_num": 1,
            "is_auto_pay": 1}),
    )
    .await;
    assert_eq!(answer["order_ids"].as_array().unwrap().len(), 1);
    let fails = &answer["fail_resource_infos"];
    assert_eq!(fails[0]["resource_id"], "nope");
    assert_eq!(fails[0]["error_code"], "CBC.99003012");
    assert_eq!(fails[1]["resource_id"], db.as_str());
    assert_eq!(fails[1]["error_code"], "CBC.0100");
    // Paid at once: 4000 + a year of 30000 + 2 × 5000.
    assert_eq!(balance(&app).await, dec("956000"));

    post_ok(
        &app,
        UNSUBSCRIBE,
        json!({"resource_ids": [main], "unsubscribe_type": 1}),
    )
    .await;
    let answer = post_ok(
        &app,
        RENEW,
        json!({"resource_ids": [main], "period_type": 2, "period_num": 1}),
    )
    .await;
    assert_eq!(
        answer["fail_resource_infos"][0]["error_code"],
        "CBC.30050013"
    );
    let (status, body) = post(
        &app,
        RENEW,
        json!({"resource_ids": [main], "period_type": 2, "period_num": 12}),
    )
    .await;
    assert_refused(
        &(status, body),
        400,
        "CBC.0100",
        "period_num: must be 1 to 11",
    );
}

#[tokio::test]
async fn unsubscribing_refunds_to_the_cent_and_closes_the_resource_with_its_attached_one() {
    let app = TestApp::spawn().await;
    let (bought, main, db) = paid_edition(&app, false).await;
    // Renew 2 months (8000.00), paid at once.
    post_ok(
        &app,
        RENEW,
        json!({"resource_ids": [main], "period_type": 2, "period_num": 2, "is_auto_pay": 1}),
    )
    .await;
    assert_eq!(balance(&app).await, dec("988000"));
    let first = app.order_resources(&bought).await[0].clone();
    let start = first.effective_at().unwrap();
    let month_end = orderd::domain::period::Period::Months(1)
        .ends_at(start)
        .unwrap();
    let days = (month_end - start).whole_days();

    // Type 2, ten and a half days in: the two renewed months back in full, the expiry back to
    // the end of the first month.
    app.advance_clock("PT252H").await;
    let answer = post_ok(
        &app,
        UNSUBSCRIBE,
        json!({"resource_ids": [main], "unsubscribe_type": 2, "unsubscribe_reason_type": 5,
            "unsubscribe_reason": "too long"}),
    )
    .await;
    let order = answer["order_ids"][0].as_str().unwrap().to_owned();
    let detail = app.order_detail(&order).await;
    assert_eq!(detail["order_info"]["order_type"], 4, "{detail}");
    assert_eq!(detail["order_info"]["status"], 5);
    assert_eq!(balance(&app).await, dec("996000"));
    for id in [&main, &db] {
        assert_eq!(view(&app, id).await["expire_time"], bss_time(month_end));
    }
    let again = post_ok(
        &app,
        UNSUBSCRIBE,
        json!({"resource_ids": [main], "unsubscribe_type": 2}),
    )
    .await;
    assert_eq!(again["fail_resource_infos"][0]["error_code"], "CBC.0100");

    // Type 1: the unused whole days of the month, pro rata, for each of the two.
    let unused = days - 11;
    let refund = |price: i64| {
        (Decimal::from(price) * Decimal::from(unused) / Decimal::from(days)).round_dp(2)
    };
    post_ok(
        &app,
        UNSUBSCRIBE,
        json!({"resource_ids": [main], "unsubscribe_type": "1"}),
    )
    .await;
    assert_eq!(
        balance(&app).await,
        dec("996000") + refund(3000) + refund(1000)
    );
    for id in [&main, &db] {
        assert_eq!(view(&app, id).await["status"], 3, "closed, with its main");
    }
    let listed = app
        .query_resources(&json!({"resource_ids": [main], "status_list": [2],
            "only_main_resource": 1, "limit": 100, "offset": 0}))
        .await;
    assert_eq!(
        listed["total_count"], 0,
        "Terraform's DSC delete finds it gone"
    );
    let closed = post_ok(
        &app,
        UNSUBSCRIBE,
        json!({"resource_ids": [main, "nope"], "unsubscribe_type": 1}),
    )
    .await;
    assert_eq!(
        closed["fail_resource_infos"][0]["error_code"],
        "CBC.99003012"
    );
    assert_eq!(
        closed["fail_resource_infos"][1]["error_code"],
        "CBC.99003012"
    );
}

#[tokio::test]
async fn a_monthly_auto_renewal_renews_thirteen_times_in_thirteen_months() {
    let app = TestApp::spawn().await;
    let (bought, main, db) = paid_edition(&app, true).await;
    assert_eq!(view(&app, &main).await["expire_policy"], 3);
    let start = app.order_resources(&bought).await[0]
        .effective_at()
        .unwrap();
    app.advance_clock("P13M").await;
    assert_eq!(renewal_orders(&app).await, 13);
    assert_eq!(
        balance(&app).await,
        dec("1000000") - dec("4000") * Decimal::from(14)
    );
    let end = orderd::domain::period::Period::Months(14)
        .ends_at(start)
        .unwrap();
    for id in [&main, &db] {
        let r = view(&app, id).await;
        assert_eq!(
            (r["status"].clone(), r["expire_time"].clone()),
            (json!(2), json!(bss_time(end)))
        );
    }
}

#[tokio::test]
async fn running_out_of_balance_expires_then_freezes_then_closes() {
    let app =
        TestApp::spawn_with_flags(&["--grace-period", "10d", "--retention-period", "5d"]).await;
    let (_, main, db) = paid_edition(&app, true).await;
    // Enough for two renewals and a cent.
    set_balance(&app, "8000.01").await;
    app.advance_clock("P3M").await;
    assert_eq!(renewal_orders(&app).await, 2);
    assert_eq!(balance(&app).await, dec("0.01"));
    for id in [&main, &db] {
        assert_eq!(
            view(&app, id).await["status"],
            5,
            "expired, in its grace period"
        );
    }
    app.advance_clock("P10D").await;
    assert_eq!(
        view(&app, &main).await["status"],
        4,
        "frozen after 10 days of grace"
    );
    app.advance_clock("P5D").await;
    for id in [&main, &db] {
        assert_eq!(
            view(&app, id).await["status"],
            3,
            "closed after 5 days frozen"
        );
    }
}

#[tokio::test]
async fn renewing_during_grace_brings_it_back_from_the_old_expiry() {
    let app = TestApp::spawn().await;
    let (bought, main, _) = paid_edition(&app, false).await;
    let old = app.order_resources(&bought).await[0].expires_at().unwrap();
    app.advance_clock("P1M").await;
    app.advance_clock("P3D").await;
    assert_eq!(view(&app, &main).await["status"], 5);
    let answer = post(&app, &auto_renew_path(&main), json!({})).await;
    assert_refused(&answer, 400, "CBC.99003602", "expired");
    post_ok(
        &app,
        RENEW,
        json!({"resource_ids": [main], "period_type": 2, "period_num": 1, "is_auto_pay": 1}),
    )
    .await;
    let r = view(&app, &main).await;
    assert_eq!(r["status"], 2);
    let end = orderd::domain::period::Period::Months(1)
        .ends_at(old)
        .unwrap();
    assert_eq!(r["expire_time"], bss_time(end));
}

fn auto_renew_path(id: &str) -> String {
    format!("/v2/orders/subscriptions/resources/autorenew/{id}")
}

#[tokio::test]
async fn auto_renewal_turns_on_and_off_and_shows_in_the_expire_policy() {
    let app = TestApp::spawn().await;
    let (_, main, _) = paid_edition(&app, false).await;
    assert_eq!(view(&app, &main).await["expire_policy"], 0);
    let path = auto_renew_path(&main);
    let off = app.send(Method::DELETE, &path, &[], Vec::new()).await;
    assert_refused(
        &status_and_json(off).await,
        400,
        "CBC.99003605",
        "already off",
    );
    let on = app
        .post_json(
            &path,
            &json!({"auto_renew_times": 2, "period_type": "YEAR"}),
        )
        .await;
    assert_eq!(on.status(), 204);
    assert_eq!(view(&app, &main).await["expire_policy"], 3);
    // Two yearly renewals, then it expires.
    app.advance_clock("P3Y").await;
    assert_eq!(renewal_orders(&app).await, 2);
    assert_eq!(
        balance(&app).await,
        dec("1000000") - dec("4000") - dec("40000") * Decimal::from(2)
    );
    assert_eq!(
        view(&app, &main).await["expire_policy"],
        0,
        "no renewals left"
    );

    let (status, _) = post(&app, &auto_renew_path("nope"), json!({})).await;
    assert_eq!(status, 400);
    let (_, body) = post(&app, &auto_renew_path("nope"), json!({})).await;
    assert_eq!(body["error_code"], "CBC.99003012");
}

#[tokio::test]
async fn an_unpaid_renewal_order_expires_like_any_order_and_frees_the_resource() {
    let app = TestApp::spawn().await;
    let (_, main, _) = paid_edition(&app, false).await;
    let body = json!({"resource_ids": [main], "period_type": 2, "period_num": 1});
    let first = post_ok(&app, RENEW, body.clone()).await;
    let order = first["order_ids"][0].as_str().unwrap().to_owned();
    app.advance_clock("P7DT1M").await;
    assert_eq!(app.order_detail(&order).await["order_info"]["status"], 4);
    let again = post_ok(&app, RENEW, body).await;
    assert_eq!(again["fail_resource_infos"], json!([]), "{again}");
    assert_eq!(
        balance(&app).await,
        dec("996000"),
        "only the purchase was paid"
    );
}
