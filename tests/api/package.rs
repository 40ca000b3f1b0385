//! Cloud service package orders: `POST /v2/orders/{order_id}`.

use std::sync::Arc;

use reqwest::Response;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::detail::{line_texts, lines, order_period, total};
use crate::helpers::{
    Credentials, DEMO_DOMAIN, DEMO_PROJECT, Key, TestApp, assert_error, status_and_json, with_field,
};

const CODE: &str = "CBC.0100";
const ORDER: &str = "CS25110715ABC86MU";

fn path(order_id: &str) -> String {
    format!("/v2/orders/{order_id}")
}

/// The seed page's example, with the demo project as tenant and project (the example's ids are
/// masked with `xxx`).
pub fn seed_example() -> Value {
    json!({
        "cloudServices" : {
            "avalibleZoneId" : "",
            "chargingMode" : 0,
            "cloudServiceEndpoint" : "",
            "cloudServiceForm" : {
                "projectid" : DEMO_PROJECT,
                "orderid" : "CS25110715ABC86MU",
                "cloudServiceType" : "hws.service.type.dis"
            },
            "cloudServiceType" : "hws.service.type.dis",
            "isAutoRenew" : 0,
            "isTrial" : 0,
            "paymentMode" : 0,
            "periodNum" : 1,
            "periodType" : 2,
            "productInfos" : {
                "cloudServiceType" : "hws.service.type.dis",
                "productId" : "00301-261175-0--0",
                "resourceSpecCode" : "dis.general.partition.duration.pkg",
                "resourceType" : "hws.resource.type.dis"
            },
            "regionId" : "cn-north-x",
            "subscriptionNum" : 1
        },
        "discountId" : "",
        "purchaseMode" : 1,
        "tenantId" : DEMO_PROJECT
    })
}

/// Only what has no default: the tenant and a product.
fn minimal() -> Value {
    json!({
        "tenantId": DEMO_DOMAIN,
        "cloudServices": [{"productInfos": [{"productId": "00301-261175-0--0"}]}]
    })
}

async fn submit(app: &TestApp, order_id: &str, body: &Value) -> u16 {
    let response = app.post_json(&path(order_id), body).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    if status == 200 {
        assert_eq!(text, "", "a 200 has an empty body");
    }
    status
}

#[tokio::test]
async fn the_seed_example_stores_a_dis_package_order_under_the_callers_id() {
    let app = TestApp::spawn().await;
    assert_eq!(submit(&app, ORDER, &seed_example()).await, 200);

    let id = app
        .client_order(DEMO_DOMAIN, ORDER)
        .await
        .expect("stored under the caller's id");
    let order = app
        .assert_new_demo_order(&id, "hws.service.type.dis", (2, Some(1)))
        .await;
    assert!(!app.order_auto_renews(&id).await);
    assert_eq!(line_texts(&order, "product_id"), ["00301-261175-0--0"]);
    assert_eq!(
        line_texts(&order, "category_code"),
        ["hws.resource.type.dis"]
    );
    assert_eq!(
        line_texts(&order, "product_spec_desc"),
        ["dis.general.partition.duration.pkg"]
    );
    assert_eq!(total(&order), Decimal::new(8000, 2));
    assert_eq!(app.order_request_body(&id).await, seed_example());
}

#[tokio::test]
async fn arrays_are_accepted_where_the_example_sends_objects() {
    let app = TestApp::spawn().await;
    let seed = seed_example();
    let mut entry = seed["cloudServices"].clone();
    entry["productInfos"] = json!([entry["productInfos"], entry["productInfos"]]);
    entry["cloudServiceForm"] = json!([entry["cloudServiceForm"]]);
    entry["periodType"] = json!(3);
    entry["periodNum"] = json!(2);
    entry["subscriptionNum"] = json!(3);
    let body = with_field(&seed, "/cloudServices", Some(json!([entry])));
    assert_eq!(submit(&app, "PKG2", &body).await, 200);
    let id = app.client_order(DEMO_DOMAIN, "PKG2").await.unwrap();
    let order = app.order_detail(&id).await;
    assert_eq!(lines(&order).len(), 2);
    assert_eq!(lines(&order)[0]["subscription_num"], 3);
    // Two lines of 3 packages at 800.00 a year for 2 years.
    assert_eq!(total(&order), Decimal::new(960_000, 2));
}

#[tokio::test]
async fn documented_defaults_fill_what_the_body_leaves_out() {
    let app = TestApp::spawn().await;
    assert_eq!(submit(&app, "minimal1", &minimal()).await, 200);
    let id = app.client_order(DEMO_DOMAIN, "minimal1").await.unwrap();
    let order = app.order_detail(&id).await;
    assert_eq!(
        order["order_info"]["service_type_code"],
        "hws.service.type.dis"
    );
    assert_eq!(app.order_charging_mode(&id).await, 0);
    assert_eq!(
        order_period(&order),
        (2, Some(1)),
        "periodType 2, periodNum 1"
    );
    assert_eq!(lines(&order)[0]["subscription_num"], 1);
    assert_eq!(
        line_texts(&order, "category_code")[0],
        "hws.resource.type.dis"
    );
    assert_eq!(
        app.order_project(&id).await,
        None,
        "the tenant is the account"
    );
}

#[tokio::test]
async fn the_same_order_again_answers_200_and_creates_nothing_new() {
    let app = TestApp::spawn().await;
    assert_eq!(submit(&app, ORDER, &seed_example()).await, 200);
    let first = app.client_order(DEMO_DOMAIN, ORDER).await.unwrap();
    assert_eq!(submit(&app, ORDER, &seed_example()).await, 200);
    // The same content laid out differently (arrays, other key order) is the same order.
    let seed = seed_example();
    let mut entry = seed["cloudServices"].clone();
    entry["productInfos"] = json!([entry["productInfos"]]);
    let relaid = with_field(&seed, "/cloudServices", Some(json!([entry])));
    assert_eq!(submit(&app, ORDER, &relaid).await, 200);

    assert_eq!(app.order_count().await, 1);
    let after = app.client_order(DEMO_DOMAIN, ORDER).await.unwrap();
    assert_eq!(after, first);
}

#[tokio::test]
async fn the_same_order_id_with_other_content_is_a_conflict() {
    let app = TestApp::spawn().await;
    assert_eq!(submit(&app, ORDER, &seed_example()).await, 200);
    let first = app.client_order(DEMO_DOMAIN, ORDER).await.unwrap();
    let first_detail = app.order_detail(&first).await;
    let other = with_field(&seed_example(), "/cloudServices/periodNum", Some(json!(2)));
    assert_error(
        app.post_json(&path(ORDER), &other).await,
        409,
        CODE,
        &format!(
            "order_id: order {ORDER} was already submitted with other content (stored as {first})"
        ),
    )
    .await;
    assert_eq!(app.order_count().await, 1);
    assert_eq!(app.client_order(DEMO_DOMAIN, ORDER).await.unwrap(), first);
    assert_eq!(
        app.order_detail(&first).await,
        first_detail,
        "the first order stands unchanged"
    );
}

#[tokio::test]
async fn concurrent_identical_submissions_create_exactly_one_order() {
    let app = Arc::new(TestApp::spawn().await);
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let app = Arc::clone(&app);
            tokio::spawn(async move { submit(&app, ORDER, &seed_example()).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    assert_eq!(app.order_count().await, 1);
    assert!(app.client_order(DEMO_DOMAIN, ORDER).await.is_some());
}

#[tokio::test]
async fn of_concurrent_different_submissions_under_one_id_exactly_one_wins() {
    let app = Arc::new(TestApp::spawn().await);
    let tasks: Vec<_> = (1..=9)
        .map(|months| {
            let app = Arc::clone(&app);
            let body = with_field(
                &seed_example(),
                "/cloudServices/periodNum",
                Some(json!(months)),
            );
            tokio::spawn(async move { (months, submit(&app, ORDER, &body).await) })
        })
        .collect();
    let mut winners = Vec::new();
    for task in tasks {
        let (months, status) = task.await.unwrap();
        match status {
            200 => winners.push(months),
            409 => {}
            other => panic!("{months} months: status {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "winners {winners:?}");
    assert_eq!(app.order_count().await, 1);
    let id = app.client_order(DEMO_DOMAIN, ORDER).await.unwrap();
    let order = app.order_detail(&id).await;
    assert_eq!(order_period(&order).1, Some(winners[0]));
}

/// Two accounts, each with a root user and an access key.
fn two_accounts() -> String {
    let account = |name: &str, id: char| {
        let domain: String = std::iter::repeat_n(id, 32).collect();
        format!(
            r#"
            [[accounts]]
            domain_name = "{name}"
            domain_id = "{domain}"
            [[accounts.users]]
            name = "{name}"
            root = true
            access_keys = [{{ access_key = "{ak}", secret_key = "{name}-secret-key-00000000000000000000" }}]
            "#,
            ak = key(name).ak,
        )
    };
    account("alpha", 'a') + &account("bravo", 'b')
}

fn key(account: &str) -> Key {
    match account {
        "alpha" => Key {
            ak: "ALPHAAK000000000001",
            sk: "alpha-secret-key-00000000000000000000",
        },
        _ => Key {
            ak: "BRAVOAK000000000001",
            sk: "bravo-secret-key-00000000000000000000",
        },
    }
}

async fn submit_as(app: &TestApp, account: &str, order_id: &str, body: &Value) -> Response {
    app.post_json_as(&Credentials::Signed(key(account)), &path(order_id), body)
        .await
}

#[tokio::test]
async fn order_ids_are_per_account() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    for (account, tenant) in [
        ("alpha", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("bravo", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
    ] {
        let body = with_field(&minimal(), "/tenantId", Some(json!(tenant)));
        let response = submit_as(&app, account, "SHARED1", &body).await;
        assert_eq!(response.status(), 200, "{account}");
        assert!(app.client_order(tenant, "SHARED1").await.is_some());
    }
}

#[tokio::test]
async fn another_accounts_tenant_is_refused_like_an_unknown_one() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let foreign = with_field(
        &minimal(),
        "/tenantId",
        Some(json!("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")),
    );
    assert_error(
        submit_as(&app, "alpha", "FOREIGN1", &foreign).await,
        403,
        "CBC.0151",
        "tenantId: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb is not your account or one of its projects",
    )
    .await;
    assert!(
        app.client_order("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "FOREIGN1")
            .await
            .is_none()
    );
}

#[tokio::test]
async fn a_submission_is_remembered_across_a_restart() {
    let app = TestApp::spawn().await;
    assert_eq!(submit(&app, ORDER, &seed_example()).await, 200);
    let app = app.restart().await;
    assert_eq!(submit(&app, ORDER, &seed_example()).await, 200);
    assert_eq!(app.order_count().await, 1);
    let other = with_field(&seed_example(), "/cloudServices/periodNum", Some(json!(3)));
    assert_eq!(submit(&app, ORDER, &other).await, 409);
}

#[tokio::test]
async fn an_unknown_tenant_is_forbidden() {
    let app = TestApp::spawn().await;
    let body = with_field(
        &seed_example(),
        "/tenantId",
        Some(json!("5d5916d21xxx46efbe7c2e93bd1xxxce")),
    );
    assert_error(
        app.post_json(&path(ORDER), &body).await,
        403,
        "CBC.0151",
        "tenantId: 5d5916d21xxx46efbe7c2e93bd1xxxce is not your account or one of its projects",
    )
    .await;
}

#[tokio::test]
async fn each_broken_rule_is_refused_with_its_field_path() {
    let app = TestApp::spawn().await;
    let seed = seed_example();
    let other_service = {
        let mut entry = seed["cloudServices"].clone();
        entry["cloudServiceType"] = json!("hws.service.type.ebs");
        entry["cloudServiceForm"] = json!([]);
        json!([seed["cloudServices"], entry])
    };
    let cases: Vec<(&str, Option<Value>, &str)> = vec![
        ("/tenantId", None, "tenantId: is required"),
        ("/cloudServices", None, "cloudServices: is required"),
        (
            "/cloudServices",
            Some(json!([])),
            "cloudServices: must hold at least one cloud service",
        ),
        (
            "/cloudServices",
            Some(json!(7)),
            "cloudServices: invalid type: number",
        ),
        (
            "/purchaseMode",
            Some(json!(2)),
            "purchaseMode: must be 1, got 2",
        ),
        (
            "/cloudServices/chargingMode",
            Some(json!(1)),
            "cloudServices[0].chargingMode: must be 0 (prepaid",
        ),
        (
            "/cloudServices/paymentMode",
            Some(json!(1)),
            "cloudServices[0].paymentMode: must be 0, got 1",
        ),
        (
            "/cloudServices/periodType",
            Some(json!(4)),
            "cloudServices[0].periodType: must be one of 2 (month) or 3 (year), got 4",
        ),
        (
            "/cloudServices/periodNum",
            Some(json!(10)),
            "cloudServices[0].periodNum: must be 1 to 9 for months",
        ),
        (
            "/cloudServices/periodNum",
            Some(json!(0)),
            "cloudServices[0].periodNum: must be 1 to 9 for months",
        ),
        (
            "/cloudServices/subscriptionNum",
            Some(json!(0)),
            "cloudServices[0].subscriptionNum: must be at least 1, got 0",
        ),
        (
            "/cloudServices/isAutoRenew",
            Some(json!("maybe")),
            // Type errors inside a one-or-many list are named like every other rule.
            "cloudServices[0].isAutoRenew: invalid value",
        ),
        (
            "/cloudServices/cloudServiceForm/projectid",
            Some(json!(5)),
            "cloudServices[0].cloudServiceForm[0].projectid: invalid type: integer",
        ),
        (
            "/cloudServices/productInfos",
            Some(json!([{"productId": "00301-261175-0--0"}, {"productId": 7}])),
            "cloudServices[0].productInfos[1].productId: invalid type: integer",
        ),
        (
            "/cloudServices/cloudServiceForm/projectid",
            Some(json!("5d59-16")),
            "cloudServices[0].cloudServiceForm[0].projectid: must be 1 to 64 letters and digits",
        ),
        (
            "/cloudServices/cloudServiceForm/orderid",
            Some(json!("C".repeat(65))),
            "cloudServices[0].cloudServiceForm[0].orderid: must be 1 to 64 letters and digits",
        ),
        (
            "/cloudServices/cloudServiceForm/cloudServiceType",
            Some(json!("hws.service.type.obs")),
            "cloudServices[0].cloudServiceForm[0].cloudServiceType: must be the entry's cloudServiceType hws.service.type.dis",
        ),
        (
            "/cloudServices/productInfos",
            None,
            "cloudServices[0].productInfos: is required",
        ),
        (
            "/cloudServices/productInfos",
            Some(json!([])),
            "cloudServices[0].productInfos: must hold at least one product",
        ),
        (
            "/cloudServices/productInfos/productId",
            Some(json!("00301-000000-0--0")),
            "cloudServices[0].productInfos[0].product_id: no catalog product 00301-000000-0--0",
        ),
        (
            "/cloudServices/productInfos/productId",
            None,
            "cloudServices[0].productInfos[0].product_id: is required",
        ),
        (
            "/cloudServices/productInfos/resourceSpecCode",
            Some(json!("dis.general.partition.pkg")),
            "cloudServices[0].productInfos[0].resource_spec_code: no catalog product dis.general.partition.pkg",
        ),
        (
            "/cloudServices/productInfos/cloudServiceType",
            Some(json!("hws.service.type.sdg")),
            "cloudServices[0].productInfos[0].cloud_service_type: must equal the order's cloud_service_type hws.service.type.dis",
        ),
        (
            "/cloudServices/cloudServiceType",
            Some(json!("hws.service.type.sdg")),
            "cloudServices[0].cloudServiceForm[0].cloudServiceType: must be the entry's cloudServiceType hws.service.type.sdg",
        ),
        (
            "/cloudServices",
            Some(other_service),
            "cloudServices[1].cloudServiceType: must be hws.service.type.dis as in cloudServices[0]",
        ),
    ];
    app.assert_invalid_cases(&path(ORDER), &seed, CODE, &cases)
        .await;
    assert_eq!(app.order_count().await, 0, "no refused order is stored");
}

#[tokio::test]
async fn the_path_order_id_must_be_letters_and_digits() {
    let app = TestApp::spawn().await;
    for bad in ["bad-id", "with.dot", &"A".repeat(65)] {
        let (status, answer) =
            status_and_json(app.post_json(&path(bad), &seed_example()).await).await;
        assert_eq!(status, 400, "{bad}: {answer}");
        assert_eq!(answer["error_code"], CODE, "{bad}");
        let message = answer["error_msg"].as_str().unwrap();
        assert!(
            message.contains("order_id: must be 1 to 64 letters and digits"),
            "{bad}: {message}"
        );
    }
    assert_eq!(submit(&app, &"A".repeat(64), &seed_example()).await, 200);
}

/// `subscriptionNum` is documented as Int (an int32 in the service): past 2147483647 it is
/// refused with its field path.
#[tokio::test]
async fn subscription_num_is_an_int32() {
    let app = TestApp::spawn().await;
    let cases = crate::helpers::setting([(
        "/cloudServices/subscriptionNum",
        json!(2_147_483_648_i64),
        "cloudServices[0].subscriptionNum: must be at most 2147483647, got 2147483648",
    )]);
    app.assert_invalid_cases(&path(ORDER), &seed_example(), CODE, &cases)
        .await;
    assert_eq!(app.order_count().await, 0, "no refused order is stored");
}

/// The seed's example sends `avalibleZoneId` and `cloudServiceEndpoint` (strings, recorded only);
/// like every field the example sends, a wrong type is refused naming it.
#[tokio::test]
async fn the_examples_recorded_strings_are_type_checked() {
    let app = TestApp::spawn().await;
    let cases = crate::helpers::setting([
        (
            "/cloudServices/avalibleZoneId",
            json!(5),
            "avalibleZoneId: invalid type: integer `5`, expected a string",
        ),
        (
            "/cloudServices/cloudServiceEndpoint",
            json!({"url": "x"}),
            "cloudServiceEndpoint: invalid type: object, expected a string",
        ),
    ]);
    app.assert_invalid_cases(&path(ORDER), &seed_example(), CODE, &cases)
        .await;
    assert_eq!(app.order_count().await, 0, "no refused order is stored");
}

/// The replay check compares the content the order was read from, whatever its text: bodies
/// written with a byte order mark or `-0` are told apart, or matched, by their content.
#[tokio::test]
async fn replays_are_told_from_conflicts_by_content_however_the_body_is_written() {
    let app = TestApp::spawn().await;
    let with_bom = |body: &Value| {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(body.to_string().into_bytes());
        bytes
    };
    let url = path(ORDER);
    let post = |bytes: Vec<u8>| app.post_raw(&url, bytes, Some("application/json"));
    assert_eq!(post(with_bom(&seed_example())).await.status(), 200);
    let other = with_field(&seed_example(), "/cloudServices/periodNum", Some(json!(2)));
    assert_error(
        post(with_bom(&other)).await,
        409,
        CODE,
        "was already submitted with other content",
    )
    .await;
    // The same content again, without the mark and with -0 for 0: a replay.
    let same = seed_example()
        .to_string()
        .replacen("\"chargingMode\":0", "\"chargingMode\":-0", 1);
    assert!(same.contains("-0"));
    assert_eq!(post(same.into_bytes()).await.status(), 200);
    assert_eq!(app.order_count().await, 1);
}

/// What was ordered decides, not what the body held beside it: a field the order ignores that
/// no JSON value can hold (`1e400`, a lone surrogate, nesting past 128) never makes two different
/// orders look the same, nor the same order look different.
#[tokio::test]
async fn fields_the_order_ignores_never_hide_a_change_of_what_was_ordered() {
    let app = TestApp::spawn().await;
    let url = path(ORDER);
    let post = |text: String| app.post_raw(&url, text, Some("application/json"));
    let seed = seed_example().to_string();
    let unreadable = [
        r#""ignored": 1e400, "#.to_owned(),
        r#""ignored": "\ud800", "#.to_owned(),
        format!(r#""ignored": {}1{}, "#, "[".repeat(200), "]".repeat(200)),
    ];
    for (i, extra) in unreadable.iter().enumerate() {
        let id = format!("{ORDER}x{i}");
        let with_extra = |body: &str| body.replacen('{', &format!("{{{extra}"), 1);
        let url = path(&id);
        let answer = app
            .post_raw(&url, with_extra(&seed), Some("application/json"))
            .await;
        assert_eq!(answer.status(), 200, "case {i}: the first submission");
        let more = with_field(
            &seed_example(),
            "/cloudServices/subscriptionNum",
            Some(json!(50)),
        );
        let answer = app
            .post_raw(
                &url,
                with_extra(&more.to_string()),
                Some("application/json"),
            )
            .await;
        assert_error(
            answer,
            409,
            CODE,
            "was already submitted with other content",
        )
        .await;
        let answer = app
            .post_raw(&url, seed.clone(), Some("application/json"))
            .await;
        assert_eq!(
            answer.status(),
            200,
            "case {i}: the same order without the field"
        );
    }
    assert_eq!(post(seed).await.status(), 200);
    assert_eq!(app.order_count().await, 4);
}
