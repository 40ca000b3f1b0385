//! ShowCustomerAccountBalances (`GET /v2/accounts/customer-accounts/balances`) and
//! ListServiceTypes (`GET /v2/products/service-types`).

use reqwest::Method;
use serde_json::{Value, json};

use crate::bss::{ACME, ACME_WS, GLOBEX, two_accounts};
use crate::bss_helpers::{Service, ids};
use crate::detail::{order_id, total};
use crate::helpers::{
    Credentials, DEMO_DOMAIN, DEMO_VIEWER, Key, TestApp, assert_error, status_and_json,
};

const BALANCES: &str = "/v2/accounts/customer-accounts/balances";
const SERVICE_TYPES: &str = "/v2/products/service-types";

/// The balance answer of `domain` holding `amount` yuan and owing `debt`.
fn balances(domain: &str, amount: Value, debt: Value) -> Value {
    json!({
        "account_balances": [{"account_id": domain, "account_type": 1, "amount": amount,
            "currency": "CNY", "designated_amount": 0, "credit_amount": 0, "measure_id": 1}],
        "debt_amount": debt,
        "measure_id": 1,
        "currency": "CNY"
    })
}

async fn get_as(app: &TestApp, key: Key, path: &str) -> (u16, Value) {
    status_and_json(app.get_as(&Credentials::Signed(key), path).await).await
}

#[tokio::test]
async fn the_balance_opens_as_configured_and_pays_for_orders() {
    let app = TestApp::spawn().await;
    let opening = balances(DEMO_DOMAIN, json!(1_000_000), json!(0));
    assert_eq!(app.get_ok(BALANCES).await, opening);
    let id = app.place_of(Service::Workspace).await;
    let price = total(&app.order_detail(&id).await);
    app.pay_ok(&id).await;
    let after = app.get_ok(BALANCES).await;
    let left = rust_decimal::Decimal::new(1_000_000, 0) - price;
    assert_eq!(
        crate::detail::amount(&after["account_balances"][0]["amount"]),
        left,
        "{after}"
    );
    assert_eq!(order_id(&app.order_detail(&id).await), id);
}

#[tokio::test]
async fn the_balance_the_operator_sets_is_shown() {
    let app = TestApp::spawn().await;
    let path = format!("/orderd/v1/accounts/{DEMO_DOMAIN}/balance");
    let (status, body) = app
        .operator(Method::PUT, &path, Some(json!({"balance": "1234.56"})))
        .await;
    assert_eq!(status, 200, "{body}");
    let set = balances(DEMO_DOMAIN, json!(1234.56), json!(0));
    assert_eq!(app.get_ok(BALANCES).await, set);
}

#[tokio::test]
async fn each_account_reads_its_own_balance() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let (status, acme) = get_as(&app, ACME, BALANCES).await;
    assert_eq!(status, 200, "{acme}");
    assert_eq!(
        acme,
        balances("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", json!(100_000), json!(0))
    );
    let (_, globex) = get_as(&app, GLOBEX, BALANCES).await;
    assert_eq!(
        globex,
        balances("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", json!(0), json!(0))
    );
    let response = app.get_as(&Credentials::Signed(ACME_WS), BALANCES).await;
    assert_error(response, 403, "CBC.0151", "bss:order:view").await;

    let app = TestApp::spawn().await;
    let (status, viewer) = get_as(&app, DEMO_VIEWER, BALANCES).await;
    assert_eq!(status, 200, "{viewer}");
    assert_eq!(viewer["account_balances"][0]["account_id"], DEMO_DOMAIN);
}

/// The codes a service type list gives, in order.
fn codes(answer: &Value) -> Vec<String> {
    ids(&answer["service_types"], "service_type_code")
}

#[tokio::test]
async fn terraforms_probe_is_answered_with_the_catalogs_services() {
    let app = TestApp::spawn().await;
    let probe = app.get_ok(&format!("{SERVICE_TYPES}?limit=1")).await;
    assert_eq!(
        probe,
        json!({"total_count": 4, "service_types": [{"service_type_name": "Data Ingestion Service",
            "service_type_code": "hws.service.type.dis", "abbreviation": "DIS"}]})
    );
    let all = app.get_ok(SERVICE_TYPES).await;
    assert_eq!(
        all["service_types"],
        json!([
            {"service_type_name": "Data Ingestion Service", "service_type_code": "hws.service.type.dis", "abbreviation": "DIS"},
            {"service_type_name": "CloudPond", "service_type_code": "hws.service.type.ies", "abbreviation": "IES"},
            {"service_type_name": "Data Security Center", "service_type_code": "hws.service.type.sdg", "abbreviation": "DSC"},
            {"service_type_name": "Workspace", "service_type_code": "hws.service.type.vdi", "abbreviation": "Workspace"}
        ])
    );
}

#[tokio::test]
async fn service_types_are_paged_and_found_by_part_of_their_name() {
    let app = TestApp::spawn().await;
    let app = &app;
    let list = |query: &str| {
        let path = format!("{SERVICE_TYPES}?{query}");
        async move { app.get_ok(&path).await }
    };
    let page = list("offset=1&limit=2").await;
    assert_eq!(page["total_count"], 4);
    assert_eq!(
        codes(&page),
        ["hws.service.type.ies", "hws.service.type.sdg"]
    );
    assert_eq!(codes(&list("offset=4").await), Vec::<String>::new());
    assert_eq!(
        codes(&list("service_type_name=cloud").await),
        ["hws.service.type.ies"]
    );
    let data = list("service_type_name=DATA").await;
    assert_eq!(data["total_count"], 2);
    assert_eq!(
        codes(&data),
        ["hws.service.type.dis", "hws.service.type.sdg"]
    );
    assert_eq!(list("service_type_name=ECS").await["total_count"], 0);
    for (query, needle) in [
        ("limit=0", "limit: must be an integer from 1 to 100"),
        ("offset=x", "offset: must be an integer from 0 to"),
        (
            &format!("service_type_name={}", "n".repeat(129)),
            "service_type_name: must be 1 to 128 characters",
        ),
    ] {
        let path = format!("{SERVICE_TYPES}?{query}");
        assert_error(app.get(&path).await, 400, "CBC.0100", needle).await;
    }
}

#[tokio::test]
async fn any_user_may_list_service_types_and_configured_services_are_named_by_code() {
    let config = format!(
        "{}\n{}",
        two_accounts(),
        r#"
        [[catalog.products]]
        product_id = "ecs.c7.large.2"
        cloud_service_type = "hws.service.type.ecs"
        resource_type = "hws.resource.type.vm"
        resource_spec_code = "c7.large.2.linux"
        currency = "CNY"
        price = { month = "100.00" }
        "#
    );
    let app = TestApp::spawn_with_config(&config).await;
    let (status, answer) = get_as(&app, ACME_WS, SERVICE_TYPES).await;
    assert_eq!(status, 200, "a user without BSS actions: {answer}");
    assert_eq!(answer["total_count"], 5);
    let ecs = &answer["service_types"][1];
    assert_eq!(
        ecs,
        &json!({"service_type_name": "hws.service.type.ecs",
            "service_type_code": "hws.service.type.ecs", "abbreviation": "ECS"})
    );
    let response = app.get_as(&Credentials::None, SERVICE_TYPES).await;
    assert_error(response, 401, "APIGW.0301", "").await;
}
