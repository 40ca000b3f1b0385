//! DSC's specification read, `GET /v1/{project_id}/period/product/specification`, and
//! Terraform's DSC create flow up to it.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::helpers::{
    Credentials, DEMO_PROJECT, DEMO_VIEWER, Key, TestApp, assert_error, status_and_json,
};
use crate::rating::{self, terraform_inquiry};

fn spec_path(project: &str) -> String {
    format!("/v1/{project}/period/product/specification")
}

fn order_path(project: &str) -> String {
    format!("/v1/{project}/period/order")
}

/// The specification of the demo project; asserts a 200.
async fn specification(app: &TestApp) -> Vec<Value> {
    let (status, body) = status_and_json(app.get(&spec_path(DEMO_PROJECT)).await).await;
    assert_eq!(status, 200, "{body}");
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["orderInfo"], "{body}");
    body["orderInfo"].as_array().unwrap().clone()
}

/// The entries whose resource type is `resource_type`, as Terraform's JMESPath
/// `orderInfo[?productInfo.resourceType=='...']` selects them.
fn of_type<'a>(entries: &'a [Value], resource_type: &str) -> Vec<&'a Value> {
    entries
        .iter()
        .filter(|e| e["productInfo"]["resourceType"] == resource_type)
        .collect()
}

/// Terraform's camelCase order body for a standard edition with one OBS and one database
/// package, with the product ids the price inquiry gave, in the inquiry's line order.
fn terraform_order(product_ids: &[String]) -> Value {
    json!({
        "regionId": "cn-north-4",
        "cloudServiceType": "hws.service.type.sdg",
        "periodNum": 1,
        "productInfos": [
            {"cloudServiceType": "hws.service.type.sdg", "resourceType": "hws.resource.type.dsc.base",
             "resourceSpecCode": "base_standard", "productId": product_ids[0]},
            {"cloudServiceType": "hws.service.type.sdg", "resourceType": "hws.resource.type.dsc.obs",
             "resourceSpecCode": "OBS_standard", "resourceSize": 1, "resourceSizeMeasureId": 47,
             "productId": product_ids[1]},
            {"cloudServiceType": "hws.service.type.sdg", "resourceType": "hws.resource.type.dsc.db",
             "resourceSpecCode": "DB_standard", "resourceSize": 1, "resourceSizeMeasureId": 30,
             "productId": product_ids[2]}
        ],
        "chargingMode": 0,
        "periodType": 2,
        "isAutoRenew": 0
    })
}

/// Asks the price inquiry as Terraform does and gives the product ids by line id.
async fn product_ids(app: &TestApp) -> Vec<String> {
    let answer = app.post_ok(rating::PATH, &terraform_inquiry()).await;
    let by_id: HashMap<&str, &str> =
        answer["official_website_rating_result"]["product_rating_results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap(), r["product_id"].as_str().unwrap()))
            .collect();
    ["1", "2", "3"]
        .iter()
        .map(|id| by_id[id].to_owned())
        .collect()
}

#[tokio::test]
async fn terraforms_dsc_flow_from_price_inquiry_to_unsubscribe() {
    let app = TestApp::spawn().await;
    let at = time::macros::datetime!(2026-03-31 10:00:00 UTC);
    app.clock.set(at);
    // 1. The price inquiry, strings in integer fields, for the product ids.
    let ids = product_ids(&app).await;
    assert_eq!(
        ids,
        [
            "00301-225396-0--0",
            "00301-225400-0--0",
            "00301-225398-0--0"
        ]
    );
    // 2. The camelCase DSC order with those ids and no zone.
    let order_id = app
        .place_ok(&order_path(DEMO_PROJECT), &terraform_order(&ids))
        .await;
    // 3. Pay as Terraform does, then the order is complete.
    app.pay_ok(&order_id).await;
    let detail = app.order_detail(&order_id).await;
    assert_eq!(detail["order_info"]["status"], 5, "{detail}");
    // 4. Terraform's WaitOrderResourceComplete: the order's main resource is the instance id.
    let query = json!({"order_id": order_id, "only_main_resource": 1});
    let found = app
        .post_ok("/v2/orders/suscriptions/resources/query", &query)
        .await;
    assert_eq!(found["total_count"], 1, "{found}");
    let instance = found["data"][0]["resource_id"].as_str().unwrap().to_owned();
    assert_eq!(found["data"][0]["is_main_resource"], 1, "{found}");
    assert_eq!(found["data"][0]["status"], 2, "{found}");
    // 5. The read Terraform does after creating.
    let entries = specification(&app).await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    let base = of_type(&entries, "hws.resource.type.dsc.base");
    assert_eq!(base.len(), 1);
    assert_eq!(base[0]["periodType"], 2, "Terraform's period_unit month");
    assert_eq!(base[0]["periodNum"], 1, "Terraform's period");
    let resources = app.order_resources(&order_id).await;
    let main = resources.iter().find(|r| r.is_main()).unwrap();
    assert_eq!(main.id(), instance);
    assert_eq!(
        base[0],
        &json!({
            "periodType": 2,
            "periodNum": 1,
            "isAutoRenew": 0,
            "productInfo": {
                "cloudServiceType": "hws.service.type.sdg",
                "resourceType": "hws.resource.type.dsc.base",
                "resourceSpecCode": "base_standard",
                "productId": "00301-225396-0--0"
            },
            "orderId": order_id,
            "resourceId": main.id(),
            "expireTime": "2026-04-30T10:00:00Z"
        })
    );
    assert_eq!(entries[0], *base[0], "the edition comes first");
    let packages: Vec<(&Value, &Value, &Value, &Value)> = entries[1..]
        .iter()
        .map(|e| {
            let p = &e["productInfo"];
            (
                &p["resourceSpecCode"],
                &p["productId"],
                &p["resourceSize"],
                &p["resourceSizeMeasureId"],
            )
        })
        .collect();
    assert_eq!(
        packages,
        [
            (
                &json!("OBS_standard"),
                &json!("00301-225400-0--0"),
                &json!(1),
                &json!(47)
            ),
            (
                &json!("DB_standard"),
                &json!("00301-225398-0--0"),
                &json!(1),
                &json!(30)
            ),
        ]
    );
    for package in &entries[1..] {
        assert_eq!(package["orderId"], order_id);
        assert_ne!(package["resourceId"], main.id());
    }
    // 6. Terraform's delete: unsubscribe the instance, poll the query until nothing is in use,
    // then the specification read is empty.
    let unsubscribe = json!({"resource_ids": [instance], "unsubscribe_type": 1});
    let answer = app
        .post_ok(
            "/v2/orders/subscriptions/resources/unsubscribe",
            &unsubscribe,
        )
        .await;
    assert_eq!(
        answer["order_ids"].as_array().map(Vec::len),
        Some(1),
        "{answer}"
    );
    assert_eq!(answer["fail_resource_infos"], json!([]), "{answer}");
    let in_use = json!({"resource_ids": [instance], "status_list": [2],
        "only_main_resource": 1, "limit": 100, "offset": 0});
    let found = app
        .post_ok("/v2/orders/suscriptions/resources/query", &in_use)
        .await;
    assert_eq!(found["total_count"], 0, "{found}");
    assert!(specification(&app).await.is_empty(), "the instance is gone");
}

#[tokio::test]
async fn a_yearly_auto_renewed_instance_shows_its_period_renewal_and_sizes() {
    let app = TestApp::spawn().await;
    let body = json!({
        "charging_mode": 0, "cloud_service_type": "hws.service.type.sdg", "is_auto_renew": 1,
        "period_num": 2, "period_type": 3, "region_id": "cn-north-4", "zone": "CH",
        "product_infos": [
            {"cloud_service_type": "hws.service.type.sdg", "product_id": "00301-225399-0--0",
             "resource_size": 5, "resource_size_measure_id": 30,
             "resource_spec_code": "DB_professional", "resource_type": "hws.resource.type.dsc.db"},
            {"cloud_service_type": "hws.service.type.sdg", "product_id": "00301-225397-0--0",
             "resource_spec_code": "base_professional", "resource_type": "hws.resource.type.dsc.base"}
        ]
    });
    let id = app.place_ok(&order_path(DEMO_PROJECT), &body).await;
    app.pay_ok(&id).await;
    let entries = specification(&app).await;
    let summary: Vec<_> = entries
        .iter()
        .map(|e| {
            (
                e["periodType"].clone(),
                e["periodNum"].clone(),
                e["isAutoRenew"].clone(),
                e["productInfo"]["resourceSpecCode"].clone(),
                e["productInfo"]["resourceSize"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                json!(3),
                json!(2),
                json!(1),
                json!("DB_professional"),
                json!(5)
            ),
            (
                json!(3),
                json!(2),
                json!(1),
                json!("base_professional"),
                Value::Null
            ),
        ],
        "in the order's line order"
    );
}

#[tokio::test]
async fn nothing_is_shown_until_delivery_and_nothing_for_a_cancelled_order() {
    let app = TestApp::spawn_with_flags(&["--delivery-delay", "1h"]).await;
    assert!(
        specification(&app).await.is_empty(),
        "the demo project's Workspace desktop is not DSC"
    );
    let ids = product_ids(&app).await;
    let unpaid = app
        .place_ok(&order_path(DEMO_PROJECT), &terraform_order(&ids))
        .await;
    assert!(specification(&app).await.is_empty(), "unpaid");
    let (status, body) = app.cancel(&unpaid).await;
    assert_eq!(status, 204, "{body}");
    assert!(specification(&app).await.is_empty(), "cancelled");

    let paid = app
        .place_ok(&order_path(DEMO_PROJECT), &terraform_order(&ids))
        .await;
    app.pay_ok(&paid).await;
    assert!(specification(&app).await.is_empty(), "paid, not delivered");
    app.advance_clock("PT1H").await;
    let entries = specification(&app).await;
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().all(|e| e["orderId"] == paid));
}

const ACME: Key = Key::new("ACMEDSCREADAK0000001", "acme-dsc-read-secret");
const ACME_DSC_ONLY: Key = Key::new("ACMEDSCORDERONLY0001", "acme-dsc-order-secret");
const GLOBEX: Key = Key::new("GLOBEXDSCREADAK00001", "globex-dsc-read-secret");
const ACME_ONE: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa31";
const ACME_TWO: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa32";
const GLOBEX_PROJECT: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb31";

fn two_accounts() -> String {
    format!(
        r#"
        [[accounts]]
        domain_name = "acme"
        domain_id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        balance = "100000.00"
        projects = [{{ id = "{ACME_ONE}", region = "cn-north-4" }}, {{ id = "{ACME_TWO}", region = "cn-north-4" }}]
        [[accounts.users]]
        name = "acme"
        root = true
        access_keys = [{{ access_key = "{acme_ak}", secret_key = "{acme_sk}" }}]
        [[accounts.users]]
        name = "acme-orders"
        actions = ["dsc:orders:create", "bss:order:view"]
        access_keys = [{{ access_key = "{only_ak}", secret_key = "{only_sk}" }}]

        [[accounts]]
        domain_name = "globex"
        domain_id = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        projects = [{{ id = "{GLOBEX_PROJECT}", region = "cn-north-4" }}]
        [[accounts.users]]
        name = "globex"
        root = true
        access_keys = [{{ access_key = "{globex_ak}", secret_key = "{globex_sk}" }}]
        "#,
        acme_ak = ACME.ak,
        acme_sk = ACME.sk,
        only_ak = ACME_DSC_ONLY.ak,
        only_sk = ACME_DSC_ONLY.sk,
        globex_ak = GLOBEX.ak,
        globex_sk = GLOBEX.sk,
    )
}

async fn specification_as(app: &TestApp, key: Key, project: &str) -> (u16, Value) {
    status_and_json(
        app.get_as(&Credentials::Signed(key), &spec_path(project))
            .await,
    )
    .await
}

#[tokio::test]
async fn only_the_paths_project_of_the_callers_account_is_shown() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let acme = Credentials::Signed(ACME);
    let body = json!({
        "charging_mode": 0, "cloud_service_type": "hws.service.type.sdg", "period_num": 1,
        "period_type": 2, "region_id": "cn-north-4",
        "product_infos": [{"cloud_service_type": "hws.service.type.sdg",
            "product_id": "00301-225396-0--0", "resource_spec_code": "base_standard",
            "resource_type": "hws.resource.type.dsc.base"}]
    });
    let (status, placed) =
        status_and_json(app.post_json_as(&acme, &order_path(ACME_ONE), &body).await).await;
    assert_eq!(status, 200, "{placed}");
    let id = placed["order_id"].as_str().unwrap();
    let pay = json!({"order_id": id, "use_coupon": "NO", "use_discount": "NO"});
    let response = app
        .post_json_as(&acme, "/v3/orders/customer-orders/pay", &pay)
        .await;
    assert_eq!(response.status(), 204);

    let (status, one) = specification_as(&app, ACME, ACME_ONE).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["orderInfo"].as_array().unwrap().len(), 1);
    let (_, two) = specification_as(&app, ACME, ACME_TWO).await;
    assert_eq!(
        two,
        json!({"orderInfo": []}),
        "another project of the account"
    );
    let (_, globex) = specification_as(&app, GLOBEX, GLOBEX_PROJECT).await;
    assert_eq!(globex, json!({"orderInfo": []}), "another account");
    assert_error(
        app.get_as(&Credentials::Signed(GLOBEX), &spec_path(ACME_ONE))
            .await,
        403,
        "APIGW.0302",
        &format!("project {ACME_ONE} is not a project of your account"),
    )
    .await;
}

#[tokio::test]
async fn reading_takes_dsc_orders_view_which_the_demo_viewer_has() {
    let app = TestApp::spawn().await;
    let (status, body) = status_and_json(
        app.get_as(&Credentials::Signed(DEMO_VIEWER), &spec_path(DEMO_PROJECT))
            .await,
    )
    .await;
    assert_eq!((status, body), (200, json!({"orderInfo": []})));
    assert_error(
        app.get_as(&Credentials::None, &spec_path(DEMO_PROJECT))
            .await,
        401,
        "APIGW.0301",
        "",
    )
    .await;

    let app = TestApp::spawn_with_config(&two_accounts()).await;
    assert_error(
        app.get_as(&Credentials::Signed(ACME_DSC_ONLY), &spec_path(ACME_ONE))
            .await,
        403,
        "APIGW.0302",
        "acme-orders is not allowed to perform dsc:orders:view",
    )
    .await;
    let (status, _) = status_and_json(
        app.send_as(
            &Credentials::Signed(ACME),
            reqwest::Method::POST,
            &spec_path(ACME_ONE),
            &[],
            Vec::new(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 405);
}
