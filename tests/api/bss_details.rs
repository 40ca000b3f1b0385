//! ShowCustomerOrderDetails (`GET /v2/orders/customer-orders/details/{order_id}`): every
//! documented field, for an order of each service, before and after it is paid.

use orderd::domain::clock::Clock;
use orderd::domain::period::Period;
use serde_json::{Value, json};
use time::Duration;

use crate::bss::{ACME_ALL, ACME_PROJECT, GLOBEX, two_accounts};
use crate::bss_helpers::{PACKAGE_ID, SERVICES, Service, bss_time};
use crate::detail::lines;
use crate::helpers::{Credentials, Key, TestApp, assert_error, status_and_json, with_field};

fn details(id: &str) -> String {
    format!("/v2/orders/customer-orders/details/{id}")
}

/// The keys of a JSON object, sorted.
fn keys(object: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = object
        .as_object()
        .unwrap_or_else(|| panic!("an object: {object}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

const ORDER_INFO_KEYS: [&str; 18] = [
    "amount_after_discount",
    "amount_info",
    "contract_id",
    "create_time",
    "currency",
    "customer_id",
    "measure_id",
    "official_amount",
    "order_id",
    "order_type",
    "payment_time",
    "pending_payment_end_time",
    "service_type_code",
    "service_type_name",
    "source_type",
    "status",
    "sub_order_infos",
    "user_name",
];

const LINE_KEYS: [&str; 19] = [
    "amount_after_discount",
    "amount_info",
    "base_product_info",
    "category_code",
    "commercial_resource",
    "currency",
    "effective_time",
    "expire_time",
    "official_amount",
    "order_id",
    "order_line_item_id",
    "period_num",
    "period_type",
    "product_id",
    "product_owner_service",
    "product_spec_desc",
    "service_type_code",
    "service_type_name",
    "subscription_num",
];

#[tokio::test]
async fn every_documented_field_is_shown_for_an_order_of_each_service() {
    let app = TestApp::spawn().await;
    for service in SERVICES {
        let id = app.place_of(service).await;
        let detail = app.order_detail(&id).await;
        let info = &detail["order_info"];
        assert_eq!(keys(info), ORDER_INFO_KEYS, "{service:?}");
        let (code, name) = service.names();
        assert_eq!(info["service_type_code"], code);
        assert_eq!(info["service_type_name"], name);
        assert_eq!(info["user_name"], "demo", "the placing account until paid");
        assert_eq!(info["contract_id"], Value::Null);
        assert_eq!(info["sub_order_infos"], json!([]));
        assert_eq!(info["amount_info"]["discounts"], json!([]));
        assert_eq!(info["amount_info"]["coupon_amount"], 0);
        for (n, line) in lines(&detail).iter().enumerate() {
            assert_eq!(keys(line), LINE_KEYS, "{service:?}");
            assert_eq!(line["order_line_item_id"], format!("{id}-{}", n + 1));
            assert_eq!(line["service_type_code"], code);
            assert_eq!(line["service_type_name"], name);
            assert_eq!(line["product_owner_service"], code);
            assert_eq!(line["commercial_resource"], line["category_code"]);
            assert_eq!(
                line["base_product_info"],
                json!({
                    "product_id": line["product_id"],
                    "product_spec_desc": line["product_spec_desc"],
                    "category_code": line["category_code"],
                    "product_owner_service": code,
                    "commercial_resource": line["category_code"],
                })
            );
            assert_eq!(line["amount_info"], info["amount_info"]);
            assert_eq!(line["official_amount"], line["amount_after_discount"]);
            assert_eq!(line["currency"], "CNY");
            assert_eq!(line["order_id"], id.as_str());
            assert_eq!(
                (&line["effective_time"], &line["expire_time"]),
                (&Value::Null, &Value::Null),
                "no times before delivery"
            );
        }
    }
}

#[tokio::test]
async fn an_unpaid_order_shows_until_when_it_can_be_paid() {
    let app = TestApp::spawn().await;
    let placed_at = app.clock.now();
    let id = app.place_of(Service::Dsc).await;
    let info = &app.order_detail(&id).await["order_info"];
    assert_eq!(info["status"], 6);
    assert_eq!(
        info["pending_payment_end_time"],
        bss_time(placed_at + Duration::days(7))
    );
    assert_eq!(info["payment_time"], Value::Null);

    let (status, body) = app.cancel(&id).await;
    assert_eq!(status, 204, "{body}");
    let info = &app.order_detail(&id).await["order_info"];
    assert_eq!(info["status"], 4);
    assert_eq!(info["pending_payment_end_time"], Value::Null);
}

#[tokio::test]
async fn an_order_left_unpaid_past_its_deadline_has_none_left() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::Package).await;
    app.advance_clock("P8D").await;
    let info = &app.order_detail(&id).await["order_info"];
    assert_eq!(info["status"], 4, "cancelled by orderd: {info}");
    assert_eq!(info["pending_payment_end_time"], Value::Null);
    assert_eq!(info["user_name"], "demo");
}

/// Pays order `id` as the user of `key`.
async fn pay_as(app: &TestApp, key: Key, id: &str) {
    let body = json!({"order_id": id, "use_coupon": "NO", "use_discount": "NO"});
    let response = app
        .post_json_as(
            &Credentials::Signed(key),
            "/v3/orders/customer-orders/pay",
            &body,
        )
        .await;
    assert_eq!(response.status(), 204, "{}", response.text().await.unwrap());
}

async fn details_as(app: &TestApp, key: Key, id: &str) -> (u16, Value) {
    status_and_json(app.get_as(&Credentials::Signed(key), &details(id)).await).await
}

#[tokio::test]
async fn a_paid_order_names_who_paid_it_and_when() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let (status, body) =
        status_and_json(crate::bss::order_as(&app, ACME_ALL, ACME_PROJECT).await).await;
    assert_eq!(status, 200, "{body}");
    let id = body["order_id"].as_str().unwrap().to_owned();
    let (_, before) = details_as(&app, ACME_ALL, &id).await;
    assert_eq!(
        before["order_info"]["user_name"], "acme",
        "the account placed it"
    );

    app.clock.advance(Duration::hours(3));
    let paid_at = app.clock.now();
    pay_as(&app, ACME_ALL, &id).await;
    let (status, after) = details_as(&app, ACME_ALL, &id).await;
    assert_eq!(status, 200, "{after}");
    let info = &after["order_info"];
    assert_eq!(info["status"], 5, "delivered at once");
    assert_eq!(info["user_name"], "acme-all", "the user who paid");
    assert_eq!(info["payment_time"], bss_time(paid_at));
    assert_eq!(info["pending_payment_end_time"], Value::Null);
}

#[tokio::test]
async fn each_line_runs_from_its_resources_delivery() {
    let app = TestApp::spawn().await;
    for (service, period) in [
        (Service::Dsc, Period::Months(1)),
        (Service::Workspace, Period::Months(1)),
        (Service::WorkspaceApp, Period::Years(3)),
        (Service::Package, Period::Months(1)),
        (Service::Ies, Period::Years(3)),
    ] {
        let id = app.place_of(service).await;
        app.clock.advance(Duration::minutes(5));
        let delivered = app.clock.now();
        app.pay_ok(&id).await;
        let detail = app.order_detail(&id).await;
        let end = period.ends_at(delivered).unwrap();
        for line in lines(&detail) {
            assert_eq!(
                line["effective_time"],
                bss_time(delivered),
                "{service:?}: {line}"
            );
            assert_eq!(line["expire_time"], bss_time(end), "{service:?}: {line}");
        }
    }
}

#[tokio::test]
async fn a_package_order_is_found_by_the_callers_id_too() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::Package).await;
    for name in [PACKAGE_ID, id.as_str(), &id.to_lowercase()] {
        let detail = app.get_ok(&details(name)).await;
        assert_eq!(detail["order_info"]["order_id"], id.as_str(), "{name}");
    }
    for unknown in ["pkg0001", "PKG0002"] {
        assert_error(
            app.get(&details(unknown)).await,
            404,
            "CBC.30000010",
            unknown,
        )
        .await;
    }
}

#[tokio::test]
async fn another_accounts_package_order_is_not_found_by_its_id() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let mut body = crate::package::seed_example();
    body = with_field(&body, "/tenantId", Some(json!(ACME_PROJECT)));
    body = with_field(
        &body,
        "/cloudServices/cloudServiceForm/projectid",
        Some(json!(ACME_PROJECT)),
    );
    let response = app
        .post_json_as(&Credentials::Signed(ACME_ALL), "/v2/orders/SHARED1", &body)
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let (status, acme) = details_as(&app, ACME_ALL, "SHARED1").await;
    assert_eq!(status, 200, "{acme}");
    let cs_id = acme["order_info"]["order_id"].as_str().unwrap().to_owned();
    for name in ["SHARED1", cs_id.as_str()] {
        let (status, body) = details_as(&app, GLOBEX, name).await;
        assert_eq!(
            (status, &body["error_code"]),
            (404, &json!("CBC.30000010")),
            "{name}"
        );
    }
}
