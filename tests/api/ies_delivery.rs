//! Reading and deleting IES delivery orders: `GET /v2/{domain_id}/delivery-orders`,
//! `GET .../delivery-orders/{id}`, `DELETE .../delivery-orders/{id}`.

use reqwest::Method;
use serde_json::{Value, json};
use time::Duration;
use time::macros::datetime;

use crate::helpers::{
    Credentials, DEMO_DOMAIN, DEMO_VIEWER, Key, TestApp, assert_error, status_and_json,
};

const CODE: &str = "IES.00001005";
const DEMO_SITE: &str = "e5c2a1f0-3b4d-4c6e-8f7a-9b0c1d2e3f4a";

fn list_path(domain: &str) -> String {
    format!("/v2/{domain}/delivery-orders")
}

fn one_path(domain: &str, id: &str) -> String {
    format!("/v2/{domain}/delivery-orders/{id}")
}

/// A month of one server for `site`.
fn server_for(site: &str) -> Value {
    json!({"delivery_order": {
        "edge_site_id": site,
        "servers": [{"offering_id": "00000000-0000-000-0000-000000000000", "count": 1}],
        "market_options": {"charge_mode": "prepaid",
            "prepaid_options": {"period_type": "month", "period_num": 1, "pay_mode": "FULL"}}
    }})
}

/// Creates a delivery order for the demo site; gives the answer's `delivery_order` and the id
/// of the order it is billed through.
async fn create(app: &TestApp) -> (Value, String) {
    let answer = app
        .post_ok(&list_path(DEMO_DOMAIN), &server_for(DEMO_SITE))
        .await;
    let order_id = answer["order_ids"][0].as_str().unwrap().to_owned();
    (answer["delivery_order"].clone(), order_id)
}

fn id_of(delivery: &Value) -> String {
    delivery["id"].as_str().unwrap().to_owned()
}

/// GETs `path` as the demo root user and asserts a 200.
async fn get_ok(app: &TestApp, path: &str) -> Value {
    let (status, body) = status_and_json(app.get(path).await).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// The ids on the demo account's list page at `query` (`?...` or empty).
async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let page = get_ok(app, &format!("{}{query}", list_path(DEMO_DOMAIN))).await;
    page["delivery_orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect()
}

async fn delete_as(app: &TestApp, credentials: &Credentials, path: &str) -> reqwest::Response {
    app.send_as(credentials, Method::DELETE, path, &[], Vec::new())
        .await
}

async fn delete(app: &TestApp, id: &str) -> (u16, String) {
    let response = delete_as(
        app,
        &Credentials::Signed(crate::helpers::DEMO_ROOT),
        &one_path(DEMO_DOMAIN, id),
    )
    .await;
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

#[tokio::test]
async fn the_list_shows_the_accounts_delivery_orders_oldest_first_as_created() {
    let app = TestApp::spawn().await;
    let empty = get_ok(&app, &list_path(DEMO_DOMAIN)).await;
    assert_eq!(
        empty,
        json!({"delivery_orders": [], "page_info": {"current_count": 0}})
    );
    let mut created = Vec::new();
    for minute in 0..3 {
        app.clock
            .set(datetime!(2026-01-04 07:05:14.405839 UTC) + Duration::minutes(minute));
        created.push(create(&app).await.0);
    }
    let page = get_ok(&app, &list_path(DEMO_DOMAIN)).await;
    assert_eq!(
        page,
        json!({"delivery_orders": created, "page_info": {"current_count": 3}}),
        "each as its creation answered it, no next page"
    );
}

#[tokio::test]
async fn pages_follow_the_marker_until_none_is_given() {
    let app = TestApp::spawn().await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(id_of(&create(&app).await.0));
        app.clock.advance(Duration::seconds(1));
    }
    let first = get_ok(&app, &format!("{}?limit=2", list_path(DEMO_DOMAIN))).await;
    assert_eq!(
        first["page_info"],
        json!({"next_marker": ids[1], "current_count": 2})
    );
    let second = get_ok(
        &app,
        &format!("{}?limit=2&marker={}", list_path(DEMO_DOMAIN), ids[1]),
    )
    .await;
    assert_eq!(
        second["page_info"],
        json!({"next_marker": ids[3], "current_count": 2})
    );
    assert_eq!(
        listed(&app, &format!("?limit=2&marker={}", ids[3])).await,
        [ids[4].clone()]
    );
    let last = get_ok(
        &app,
        &format!("{}?limit=2&marker={}", list_path(DEMO_DOMAIN), ids[3]),
    )
    .await;
    assert_eq!(last["page_info"], json!({"current_count": 1}));
    assert_eq!(
        listed(&app, "?limit=5").await,
        ids,
        "exactly full: no next page"
    );
    assert_eq!(listed(&app, "?limit=1000").await, ids);
}

#[tokio::test]
async fn bad_parameters_are_refused_naming_them() {
    let app = TestApp::spawn().await;
    let (delivery, _) = create(&app).await;
    let base = list_path(DEMO_DOMAIN);
    for (query, needle) in [
        (
            "?limit=0",
            "limit: must be an integer from 1 to 1000, got \"0\"",
        ),
        (
            "?limit=1001",
            "limit: must be an integer from 1 to 1000, got \"1001\"",
        ),
        (
            "?limit=ten",
            "limit: must be an integer from 1 to 1000, got \"ten\"",
        ),
        ("?limit=1&limit=2", "limit: must be given at most once"),
        (
            "?status=processing",
            "status: unknown delivery order status processing",
        ),
        (
            "?status=SUCCESS&status=LOST",
            "status: unknown delivery order status LOST",
        ),
        (
            "?marker=8c1b5f0e-0000-4000-8000-000000000000",
            "marker: no delivery order 8c1b5f0e-0000-4000-8000-000000000000 in your account",
        ),
    ] {
        assert_error(app.get(&format!("{base}{query}")).await, 400, CODE, needle).await;
    }
    // Unknown parameters are ignored, empty ones count as not sent.
    assert_eq!(
        listed(&app, "?offset=3&name=x&limit=&marker=&id=&status=").await,
        [id_of(&delivery)]
    );
}

#[tokio::test]
async fn status_and_id_filter_and_deleted_ones_show_only_when_asked() {
    let app = TestApp::spawn().await;
    let (paid, paid_order) = create(&app).await;
    app.clock.advance(Duration::seconds(1));
    let (open, _) = create(&app).await;
    app.clock.advance(Duration::seconds(1));
    let (gone, _) = create(&app).await;
    app.pay_ok(&paid_order).await;
    assert_eq!(delete(&app, &id_of(&gone)).await.0, 204);
    let [paid, open, gone] = [&paid, &open, &gone].map(id_of);

    assert_eq!(listed(&app, "").await, [paid.as_str(), open.as_str()]);
    assert_eq!(listed(&app, "?status=SUCCESS").await, [paid.as_str()]);
    assert_eq!(
        listed(&app, "?status=PROCESSING&status=SUCCESS").await,
        [paid.as_str(), open.as_str()]
    );
    assert_eq!(listed(&app, "?status=DELETED").await, [gone.as_str()]);
    assert_eq!(
        listed(&app, "?status=DELETED&status=PROCESSING").await,
        [open.as_str(), gone.as_str()]
    );
    assert_eq!(listed(&app, &format!("?id={open}")).await, [open.as_str()]);
    assert!(listed(&app, &format!("?id={gone}")).await.is_empty());
    assert_eq!(
        listed(&app, &format!("?id={gone}&status=DELETED")).await,
        [gone.as_str()]
    );
    assert!(listed(&app, "?status=FAIL").await.is_empty());
}

#[tokio::test]
async fn one_delivery_order_is_shown_as_created_and_an_unknown_one_is_404() {
    let app = TestApp::spawn().await;
    let (delivery, _) = create(&app).await;
    let shown = get_ok(&app, &one_path(DEMO_DOMAIN, &id_of(&delivery))).await;
    assert_eq!(shown, json!({ "delivery_order": delivery }));
    assert_error(
        app.get(&one_path(DEMO_DOMAIN, "no-such-id")).await,
        404,
        "IES.00011002",
        "delivery order no-such-id does not exist",
    )
    .await;
}

#[tokio::test]
async fn deleting_an_unpaid_one_cancels_its_order_and_a_second_delete_is_404() {
    let app = TestApp::spawn().await;
    let (delivery, order_id) = create(&app).await;
    let id = id_of(&delivery);
    app.clock.advance(Duration::minutes(5));
    let (status, body) = delete(&app, &id).await;
    assert_eq!((status, body.as_str()), (204, ""));

    let detail = app.order_detail(&order_id).await;
    assert_eq!(detail["order_info"]["status"], 4, "the order is cancelled");
    let shown = get_ok(&app, &one_path(DEMO_DOMAIN, &id)).await;
    let shown = &shown["delivery_order"];
    assert_eq!(shown["status"], "DELETED");
    assert_eq!(shown["created_at"], delivery["created_at"]);
    assert_ne!(shown["updated_at"], delivery["updated_at"]);
    assert!(shown.get("effected_at").is_none(), "never billed");
    assert!(listed(&app, "").await.is_empty());

    let (status, body) = delete(&app, &id).await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("IES.00011002"), "{body}");
    let (status, paid) = app.pay(&order_id).await;
    assert_eq!((status, &paid["error_code"]), (400, &json!("CBC.99003106")));
}

#[tokio::test]
async fn deleting_a_delivered_one_keeps_its_order_and_its_billing_start() {
    let app = TestApp::spawn().await;
    let (delivery, order_id) = create(&app).await;
    app.pay_ok(&order_id).await;
    let id = id_of(&delivery);
    let before = get_ok(&app, &one_path(DEMO_DOMAIN, &id)).await["delivery_order"].clone();
    assert_eq!(before["status"], "SUCCESS");
    assert!(before["effected_at"].is_string(), "{before}");
    assert_eq!(delete(&app, &id).await.0, 204);
    let after = get_ok(&app, &one_path(DEMO_DOMAIN, &id)).await["delivery_order"].clone();
    assert_eq!(after["status"], "DELETED");
    assert_eq!(after["effected_at"], before["effected_at"]);
    let detail = app.order_detail(&order_id).await;
    assert_eq!(
        detail["order_info"]["status"], 5,
        "the order stays complete"
    );
}

#[tokio::test]
async fn a_paid_one_waiting_for_delivery_cannot_be_deleted_until_delivered() {
    let app = TestApp::spawn_with_flags(&["--delivery-delay", "1h"]).await;
    let (delivery, order_id) = create(&app).await;
    app.pay_ok(&order_id).await;
    let id = id_of(&delivery);
    let (status, body) = delete(&app, &id).await;
    assert_eq!(status, 400, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error_code"], "CBC.99005010", "{body}");
    assert!(
        body["error_msg"]
            .as_str()
            .unwrap()
            .contains("does not allow cancel"),
        "{body}"
    );
    let shown = get_ok(&app, &one_path(DEMO_DOMAIN, &id)).await;
    assert_eq!(shown["delivery_order"]["status"], "PROCESSING", "unchanged");
    app.advance_clock("PT1H").await;
    assert_eq!(delete(&app, &id).await.0, 204);
    let detail = app.order_detail(&order_id).await;
    assert_eq!(detail["order_info"]["status"], 5);
}

#[tokio::test]
async fn one_cancelled_with_its_order_stays_listed_until_deleted() {
    let app = TestApp::spawn().await;
    let (delivery, order_id) = create(&app).await;
    let (status, body) = app.cancel(&order_id).await;
    assert_eq!(status, 204, "{body}");
    let id = id_of(&delivery);
    let page = get_ok(&app, &list_path(DEMO_DOMAIN)).await;
    assert_eq!(page["delivery_orders"][0]["status"], "CANCELLED");
    assert_eq!(delete(&app, &id).await.0, 204);
    assert!(listed(&app, "").await.is_empty());
    assert_eq!(listed(&app, "?status=DELETED").await, [id]);
    let detail = app.order_detail(&order_id).await;
    assert_eq!(detail["order_info"]["status"], 4);
}

const ACME: Key = Key::new("ACMEIESREADAK0000001", "acme-ies-read-secret");
const GLOBEX: Key = Key::new("GLOBEXIESREADAK00001", "globex-ies-read-secret");
const ACME_DOMAIN: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const GLOBEX_DOMAIN: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

fn two_accounts() -> String {
    format!(
        r#"
        [[accounts]]
        domain_name = "acme"
        domain_id = "{ACME_DOMAIN}"
        edge_sites = [{{ id = "acme-site", name = "plant", region = "cn-north-4" }}]
        [[accounts.users]]
        name = "acme"
        root = true
        access_keys = [{{ access_key = "{acme_ak}", secret_key = "{acme_sk}" }}]

        [[accounts]]
        domain_name = "globex"
        domain_id = "{GLOBEX_DOMAIN}"
        edge_sites = [{{ id = "globex-site", name = "mill", region = "cn-north-4" }}]
        [[accounts.users]]
        name = "globex"
        root = true
        access_keys = [{{ access_key = "{globex_ak}", secret_key = "{globex_sk}" }}]
        "#,
        acme_ak = ACME.ak,
        acme_sk = ACME.sk,
        globex_ak = GLOBEX.ak,
        globex_sk = GLOBEX.sk,
    )
}

#[tokio::test]
async fn another_accounts_delivery_orders_are_never_seen_nor_deleted() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let acme = Credentials::Signed(ACME);
    let globex = Credentials::Signed(GLOBEX);
    let (status, created) = status_and_json(
        app.post_json_as(&acme, &list_path(ACME_DOMAIN), &server_for("acme-site"))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let id = id_of(&created["delivery_order"]);

    let (_, own) = status_and_json(app.get_as(&acme, &list_path(ACME_DOMAIN)).await).await;
    assert_eq!(own["page_info"]["current_count"], 1);
    let (status, theirs) =
        status_and_json(app.get_as(&globex, &list_path(GLOBEX_DOMAIN)).await).await;
    assert_eq!(status, 200);
    assert_eq!(theirs["delivery_orders"], json!([]));
    let with_acmes = format!("{}?id={id}&status=PROCESSING", list_path(GLOBEX_DOMAIN));
    let (_, filtered) = status_and_json(app.get_as(&globex, &with_acmes).await).await;
    assert_eq!(filtered["delivery_orders"], json!([]));
    let acmes_marker = format!("{}?marker={id}", list_path(GLOBEX_DOMAIN));
    assert_error(
        app.get_as(&globex, &acmes_marker).await,
        400,
        CODE,
        "marker: no delivery order",
    )
    .await;
    assert_error(
        app.get_as(&globex, &one_path(GLOBEX_DOMAIN, &id)).await,
        404,
        "IES.00011002",
        &format!("delivery order {id} does not exist"),
    )
    .await;
    assert_error(
        delete_as(&app, &globex, &one_path(GLOBEX_DOMAIN, &id)).await,
        404,
        "IES.00011002",
        "does not exist",
    )
    .await;
    for path in [list_path(ACME_DOMAIN), one_path(ACME_DOMAIN, &id)] {
        assert_error(
            app.get_as(&globex, &path).await,
            403,
            "APIGW.0302",
            &format!("domain {ACME_DOMAIN} is not your account"),
        )
        .await;
    }
    assert_error(
        delete_as(&app, &globex, &one_path(ACME_DOMAIN, &id)).await,
        403,
        "APIGW.0302",
        "is not your account",
    )
    .await;
    let (_, still) = status_and_json(app.get_as(&acme, &one_path(ACME_DOMAIN, &id)).await).await;
    assert_eq!(still["delivery_order"]["status"], "PROCESSING");
}

#[tokio::test]
async fn the_viewer_may_list_and_show_but_not_delete() {
    let app = TestApp::spawn().await;
    let (delivery, _) = create(&app).await;
    let id = id_of(&delivery);
    let viewer = Credentials::Signed(DEMO_VIEWER);
    let (status, page) = status_and_json(app.get_as(&viewer, &list_path(DEMO_DOMAIN)).await).await;
    assert_eq!(
        (status, page["page_info"]["current_count"].clone()),
        (200, json!(1))
    );
    let (status, _) = status_and_json(app.get_as(&viewer, &one_path(DEMO_DOMAIN, &id)).await).await;
    assert_eq!(status, 200);
    assert_error(
        delete_as(&app, &viewer, &one_path(DEMO_DOMAIN, &id)).await,
        403,
        "APIGW.0302",
        "demo-viewer is not allowed to perform ies:deliveryOrders:delete",
    )
    .await;
    assert_error(
        app.get_as(&Credentials::None, &list_path(DEMO_DOMAIN))
            .await,
        401,
        "APIGW.0301",
        "",
    )
    .await;
    let shown = get_ok(&app, &one_path(DEMO_DOMAIN, &id)).await;
    assert_eq!(shown["delivery_order"]["status"], "PROCESSING");
}
