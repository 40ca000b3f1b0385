//! BSS ShowCustomerOrderDetails, and the isolation of accounts from each other.

use orderd::auth::password::PasswordDigest;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::json;

use crate::auth::{dsc_order, dsc_path};
use crate::detail::amount;
use crate::helpers::{
    Credentials, DEMO_PROJECT, DEMO_VIEWER, Key, TestApp, assert_error, status_and_json,
};

fn details(id: &str) -> String {
    format!("/v2/orders/customer-orders/details/{id}")
}

/// The order details of `id`, read with `key`.
async fn details_as(app: &TestApp, key: Key, id: &str) -> reqwest::Response {
    app.get_as(&Credentials::Signed(key), &details(id)).await
}

#[tokio::test]
async fn order_details_show_the_stored_order() {
    let app = TestApp::spawn().await;
    let id = app.place_ok(&dsc_path(), &dsc_order()).await;
    let (status, body) = status_and_json(app.get(&details(&id)).await).await;
    assert_eq!(status, 200, "{body}");
    let info = &body["order_info"];
    assert_eq!(info["order_id"], id.as_str());
    assert_eq!(info["status"], 6);
    assert_eq!(info["order_type"], 1);
    assert_eq!(info["service_type_code"], "hws.service.type.sdg");
    assert_eq!(info["currency"], "CNY");
    // base_standard: 3000.00 a month in the built-in catalog.
    assert_eq!(
        amount(&info["amount_after_discount"]),
        Decimal::new(300000, 2)
    );
    assert_eq!(info["amount_after_discount"], info["official_amount"]);
    assert!(
        info["create_time"].as_str().unwrap().ends_with('Z'),
        "{info}"
    );
    assert_eq!(body["total_count"], 1);
    let line = &body["order_line_items"][0];
    assert_eq!(line["product_id"], "00301-225396-0--0");
    assert_eq!(line["period_type"], 2);
    assert_eq!(line["period_num"], 1);
    assert_eq!(line["subscription_num"], 1);
    assert_eq!(line["order_id"], id.as_str());
}

#[tokio::test]
async fn order_ids_are_case_insensitive_and_pages_are_checked() {
    let app = TestApp::spawn().await;
    let id = app.place_ok(&dsc_path(), &dsc_order()).await;
    let (status, body) = status_and_json(app.get(&details(&id.to_lowercase())).await).await;
    assert_eq!(status, 200, "{body}");
    let (_, empty_page) =
        status_and_json(app.get(&format!("{}?offset=1", details(&id))).await).await;
    assert_eq!(empty_page["order_line_items"], json!([]));
    assert_eq!(empty_page["total_count"], 1);
    for (query, needle) in [
        ("limit=0", "limit: must be"),
        ("limit=x", "limit: must be"),
        ("offset=-1", "offset: must be"),
    ] {
        assert_error(
            app.get(&format!("{}?{query}", details(&id))).await,
            400,
            "CBC.0100",
            needle,
        )
        .await;
    }
}

#[tokio::test]
async fn an_unknown_order_is_404() {
    let app = TestApp::spawn().await;
    for id in ["CS2108102036B2CAI", "not-an-order"] {
        assert_error(app.get(&details(id)).await, 404, "CBC.30000010", id).await;
    }
}

#[tokio::test]
async fn the_viewer_may_read_orders() {
    let app = TestApp::spawn().await;
    let id = app.place_ok(&dsc_path(), &dsc_order()).await;
    let response = details_as(&app, DEMO_VIEWER, &id).await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["order_info"]["order_id"], id.as_str());
}

#[tokio::test]
async fn an_x_domain_id_of_another_account_is_403_in_cbc_codes() {
    let app = TestApp::spawn().await;
    let id = app.place_ok(&dsc_path(), &dsc_order()).await;
    let response = app
        .send_as(
            &Credentials::Signed(DEMO_VIEWER),
            Method::GET,
            &details(&id),
            &[("x-domain-id", "ffffffffffffffffffffffffffffffff")],
            Vec::new(),
        )
        .await;
    assert_error(response, 403, "CBC.0151", "X-Domain-Id").await;
}

pub const ACME_PROJECT: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
pub const GLOBEX_PROJECT: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1";
pub const ACME: Key = Key::new("ACMEROOTAK0000000001", "acme-root-secret");
pub const ACME_WS: Key = Key::new("ACMEWORKSPACE0000001", "acme-ws-secret");
pub const ACME_ALL: Key = Key::new("ACMEALLACTIONS000001", "acme-all-secret");
pub const GLOBEX: Key = Key::new("GLOBEXROOTAK00000001", "globex-root-secret");

pub fn two_accounts() -> String {
    let hash = PasswordDigest::hash("acme-password");
    format!(
        r#"
        [[accounts]]
        domain_name = "acme"
        domain_id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        balance = "100000.00"
        projects = [{{ id = "{ACME_PROJECT}", region = "cn-north-4" }}]
        [[accounts.users]]
        name = "acme"
        root = true
        password_hash = "{phc}"
        access_keys = [{{ access_key = "{acme_ak}", secret_key = "{acme_sk}" }}]
        [[accounts.users]]
        name = "acme-workspace"
        actions = ["workspace:*:*"]
        access_keys = [{{ access_key = "{ws_ak}", secret_key = "{ws_sk}" }}]
        [[accounts.users]]
        name = "acme-all"
        actions = ["*:*:*"]
        access_keys = [{{ access_key = "{all_ak}", secret_key = "{all_sk}" }}]

        [[accounts]]
        domain_name = "globex"
        domain_id = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        projects = [{{ id = "{GLOBEX_PROJECT}", region = "cn-north-4" }}]
        [[accounts.users]]
        name = "globex"
        root = true
        access_keys = [{{ access_key = "{globex_ak}", secret_key = "{globex_sk}" }}]
        "#,
        phc = hash.as_phc(),
        acme_ak = ACME.ak,
        acme_sk = ACME.sk,
        ws_ak = ACME_WS.ak,
        ws_sk = ACME_WS.sk,
        all_ak = ACME_ALL.ak,
        all_sk = ACME_ALL.sk,
        globex_ak = GLOBEX.ak,
        globex_sk = GLOBEX.sk,
    )
}

fn order_path(project: &str) -> String {
    format!("/v1/{project}/period/order")
}

pub async fn order_as(app: &TestApp, key: Key, project: &str) -> reqwest::Response {
    let mut order = dsc_order();
    order["region_id"] = json!("cn-north-4");
    app.post_json_as(&Credentials::Signed(key), &order_path(project), &order)
        .await
}

#[tokio::test]
async fn another_accounts_project_is_403_exactly_like_a_project_that_does_not_exist() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let (status, _) = status_and_json(order_as(&app, ACME, ACME_PROJECT).await).await;
    assert_eq!(status, 200);

    let (status, foreign) = status_and_json(order_as(&app, ACME, GLOBEX_PROJECT).await).await;
    assert_eq!(status, 403, "{foreign}");
    let (status, missing) =
        status_and_json(order_as(&app, ACME, "cccccccccccccccccccccccccccccccc").await).await;
    assert_eq!(status, 403, "{missing}");
    assert_eq!(foreign["error_code"], missing["error_code"]);
    assert_eq!(
        foreign["error_msg"]
            .as_str()
            .unwrap()
            .replace(GLOBEX_PROJECT, "P"),
        missing["error_msg"]
            .as_str()
            .unwrap()
            .replace("cccccccccccccccccccccccccccccccc", "P"),
    );
    // And the demo account is gone once accounts are declared.
    let (status, _) =
        status_and_json(app.post_json(&order_path(DEMO_PROJECT), &dsc_order()).await).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn another_accounts_order_is_404_not_403() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let (_, body) = status_and_json(order_as(&app, GLOBEX, GLOBEX_PROJECT).await).await;
    let id = body["order_id"].as_str().unwrap().to_owned();
    let (status, _) = status_and_json(details_as(&app, GLOBEX, &id).await).await;
    assert_eq!(status, 200);
    assert_error(
        details_as(&app, ACME, &id).await,
        404,
        "CBC.30000010",
        &format!("order {id} does not exist"),
    )
    .await;
}

#[tokio::test]
async fn iam_users_may_do_only_what_their_wildcards_grant() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    assert_error(
        order_as(&app, ACME_WS, ACME_PROJECT).await,
        403,
        "APIGW.0302",
        "acme-workspace is not allowed to perform dsc:orders:create",
    )
    .await;
    let (status, body) = status_and_json(order_as(&app, ACME_ALL, ACME_PROJECT).await).await;
    assert_eq!(status, 200, "{body}");
    let id = body["order_id"].as_str().unwrap();
    assert_error(
        details_as(&app, ACME_WS, id).await,
        403,
        "CBC.0151",
        "acme-workspace is not allowed to perform bss:order:view",
    )
    .await;
    let (status, _) = status_and_json(details_as(&app, ACME_ALL, id).await).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn configured_users_log_in_with_their_hashed_password() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let login = |password: &str| {
        json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": "acme", "password": password, "domain": {"name": "acme"}}}},
            "scope": {"project": {"id": ACME_PROJECT}}}})
    };
    for (password, status) in [("acme-password", 201), ("demo-password", 401)] {
        let response = app
            .send_as(
                &Credentials::None,
                Method::POST,
                "/v3/auth/tokens",
                &[("content-type", "application/json")],
                serde_json::to_vec(&login(password)).unwrap(),
            )
            .await;
        assert_eq!(response.status().as_u16(), status, "{password}");
    }
}
