//! IES delivery orders: `POST /v2/{domain_id}/delivery-orders`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::detail::{lines, order_id, order_period, total};
use crate::helpers::{
    Credentials, DEMO_DOMAIN, FOREIGN_ID, Key, TestApp, assert_error, is_order_id, status_and_json,
    with_field,
};

const CODE: &str = "IES.00001005";
pub const DEMO_SITE: &str = "e5c2a1f0-3b4d-4c6e-8f7a-9b0c1d2e3f4a";
const SEED_OFFERING: &str = "00000000-0000-000-0000-000000000000";

fn path() -> String {
    format!("/v2/{DEMO_DOMAIN}/delivery-orders")
}

/// The seed page's example request, verbatim (its `edge_site_id` is the placeholder `0`).
fn seed_example() -> Value {
    json!({
        "delivery_order" : {
            "edge_site_id" : 0,
            "network_devices" : [ {
                "offering_id" : "00000000-0000-000-0000-000000000000",
                "count" : 1
            } ],
            "servers" : [ {
                "offering_id" : "00000000-0000-000-0000-000000000000",
                "count" : 1
            } ],
            "storage_pools" : [ {
                "storage_type" : "SSD",
                "size" : 26
            } ],
            "market_options" : {
                "charge_mode" : "prepaid",
                "prepaid_options" : {
                    "period_type" : "year",
                    "period_num" : 3,
                    "pay_mode" : "FULL"
                }
            }
        }
    })
}

/// The seed's example with the demo account's edge site.
pub fn valid() -> Value {
    with_field(
        &seed_example(),
        "/delivery_order/edge_site_id",
        Some(json!(DEMO_SITE)),
    )
}

/// Places the seed's order for the demo site: (delivery order id, order id).
pub async fn place_seed(app: &TestApp) -> (String, String) {
    let answer = app.post_ok(&path(), &valid()).await;
    let text = |v: &Value| v.as_str().expect("an id").to_owned();
    (
        text(&answer["delivery_order"]["id"]),
        text(&answer["order_ids"][0]),
    )
}

fn is_rfc3339_utc_micros(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.len() == 27
        && text.ends_with('Z')
        && bytes[10] == b'T'
        && bytes[19] == b'.'
        && time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).is_ok()
}

#[tokio::test]
async fn the_seed_example_with_the_demo_site_creates_a_delivery_order_and_its_order() {
    let app = TestApp::spawn().await;
    let at = time::macros::datetime!(2026-01-04 07:05:14.405839 UTC);
    app.clock.set(at);
    let answer = app.post_ok(&path(), &valid()).await;

    let delivery = &answer["delivery_order"];
    let keys: Vec<_> = delivery.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "created_at",
            "domain_id",
            "edge_site_id",
            "id",
            "name",
            "status",
            "updated_at"
        ],
        "the seed's fields, no more at creation"
    );
    let id = delivery["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    let name = delivery["name"].as_str().unwrap();
    let suffix = name.strip_prefix("delivery_order-").expect(name);
    assert!(
        suffix.len() == 5 && suffix.bytes().all(|b| b.is_ascii_lowercase()),
        "{name}"
    );
    assert_eq!(delivery["domain_id"], DEMO_DOMAIN);
    assert_eq!(delivery["status"], "PROCESSING");
    assert_eq!(delivery["edge_site_id"], DEMO_SITE);
    assert_eq!(delivery["created_at"], "2026-01-04T07:05:14.405839Z");
    assert_eq!(delivery["updated_at"], "2026-01-04T07:05:14.405839Z");
    assert!(is_rfc3339_utc_micros(
        delivery["created_at"].as_str().unwrap()
    ));

    let order_ids = answer["order_ids"].as_array().unwrap();
    assert_eq!(order_ids.len(), 1);
    let order_id = order_ids[0].as_str().unwrap();
    assert!(is_order_id(order_id), "{order_id}");
    assert!(
        order_id.starts_with("CS2601041505"),
        "UTC+8 minute: {order_id}"
    );

    let stored = app
        .stored_delivery(id)
        .await
        .expect("delivery order stored");
    assert_eq!(stored.order_id.as_str(), order_id);
    assert_eq!(stored.name, name);
    assert_eq!(stored.created_at, at);
    let order = app.order_detail(order_id).await;
    assert_eq!(
        order["order_info"]["service_type_code"],
        "hws.service.type.ies"
    );
    assert_eq!(
        app.order_project(order_id).await,
        None,
        "an account-level order"
    );
    assert_eq!(order_period(&order), (3, Some(3)));
    let sizes = app.line_sizes(order_id).await;
    let items: Vec<_> = lines(&order)
        .iter()
        .zip(sizes)
        .map(|(l, size)| {
            let quantity = l["subscription_num"].as_u64().expect("subscription_num");
            (
                l["category_code"].as_str().expect("category_code"),
                quantity,
                size,
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("hws.resource.type.ies.server", 1, None),
            ("hws.resource.type.ies.networkdevice", 1, None),
            ("hws.resource.type.ies.storagepool", 1, Some(26)),
        ]
    );
    // 3 years of: a server 40000.00, a network device 15000.00, 26 TB of SSD at 3000.00.
    assert_eq!(total(&order), Decimal::new(39_900_000, 2));
}

#[tokio::test]
async fn the_seed_example_verbatim_names_an_edge_site_that_does_not_exist() {
    let app = TestApp::spawn().await;
    assert_error(
        app.post_json(&path(), &seed_example()).await,
        404,
        "IES.00011002",
        "delivery_order.edge_site_id: edge site not exists: 0",
    )
    .await;
    assert_eq!(app.order_count().await, 0);
}

#[tokio::test]
async fn one_kind_of_item_is_enough_and_count_defaults_to_one() {
    let app = TestApp::spawn().await;
    let body = json!({"delivery_order": {
        "edge_site_id": DEMO_SITE,
        "servers": [{"offering_id": SEED_OFFERING}],
        "market_options": {"charge_mode": "prepaid",
            "prepaid_options": {"period_type": "month", "period_num": 2, "pay_mode": "ZERO_PAID_BY_MONTH"}}
    }});
    let answer = app.post_ok(&path(), &body).await;
    let order_id = answer["order_ids"][0].as_str().unwrap();
    let order = app.order_detail(order_id).await;
    assert_eq!(lines(&order).len(), 1);
    assert_eq!(lines(&order)[0]["subscription_num"], 1);
    assert_eq!(
        total(&order),
        Decimal::new(800_000, 2),
        "4000.00 × 2 months"
    );
}

#[tokio::test]
async fn an_edge_site_declared_in_the_configuration_can_be_ordered_for() {
    let app = TestApp::spawn_with_config(
        r#"
        [[accounts]]
        domain_name = "acme"
        domain_id = "0123456789abcdef0123456789abcdef"
        edge_sites = [{ id = "acme-site-1", name = "plant", region = "eu-west-0" }]
        [[accounts.users]]
        name = "acme"
        root = true
        access_keys = [{ access_key = "ACMEAK0000000000001", secret_key = "acme-secret-key-000000000000000000000" }]
        "#,
    )
    .await;
    let acme = Credentials::Signed(Key {
        ak: "ACMEAK0000000000001",
        sk: "acme-secret-key-000000000000000000000",
    });
    let body = with_field(
        &valid(),
        "/delivery_order/edge_site_id",
        Some(json!("acme-site-1")),
    );
    let (status, answer) = status_and_json(
        app.post_json_as(
            &acme,
            "/v2/0123456789abcdef0123456789abcdef/delivery-orders",
            &body,
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["delivery_order"]["edge_site_id"], "acme-site-1");
    // The demo account is replaced, and another account's site is not this account's.
    assert_error(
        app.post_json_as(&acme, &path(), &valid()).await,
        403,
        "APIGW.0302",
        DEMO_DOMAIN,
    )
    .await;
    let demo_site = with_field(
        &body,
        "/delivery_order/edge_site_id",
        Some(json!(DEMO_SITE)),
    );
    assert_error(
        app.post_json_as(
            &acme,
            "/v2/0123456789abcdef0123456789abcdef/delivery-orders",
            &demo_site,
        )
        .await,
        404,
        "IES.00011002",
        "edge site not exists",
    )
    .await;
}

#[tokio::test]
async fn each_broken_rule_is_refused_with_its_field_path() {
    let app = TestApp::spawn().await;
    let cases: Vec<(&str, Option<Value>, &str)> = vec![
        ("/delivery_order", None, "delivery_order: is required"),
        (
            "/delivery_order/edge_site_id",
            None,
            "delivery_order.edge_site_id: is required",
        ),
        (
            "/delivery_order/edge_site_id",
            Some(json!("")),
            "delivery_order.edge_site_id: must not be empty",
        ),
        (
            "/delivery_order/market_options",
            None,
            "delivery_order.market_options: is required",
        ),
        (
            "/delivery_order/market_options/charge_mode",
            Some(json!("postPaid")),
            "delivery_order.market_options.charge_mode: must be prepaid, got postPaid",
        ),
        (
            "/delivery_order/market_options/charge_mode",
            None,
            "delivery_order.market_options.charge_mode: is required",
        ),
        (
            "/delivery_order/market_options/prepaid_options",
            None,
            "delivery_order.market_options.prepaid_options: is required",
        ),
        (
            "/delivery_order/market_options/prepaid_options/period_type",
            Some(json!("week")),
            "delivery_order.market_options.prepaid_options.period_type: must be year or month, got week",
        ),
        (
            "/delivery_order/market_options/prepaid_options/period_type",
            None,
            "delivery_order.market_options.prepaid_options.period_type: is required",
        ),
        (
            "/delivery_order/market_options/prepaid_options/period_num",
            Some(json!(0)),
            "delivery_order.market_options.prepaid_options.period_num: must be 1 to 100 years, got 0",
        ),
        (
            "/delivery_order/market_options/prepaid_options/period_num",
            None,
            "delivery_order.market_options.prepaid_options.period_num: is required",
        ),
        (
            "/delivery_order/market_options/prepaid_options/pay_mode",
            Some(json!("MONTHLY")),
            "delivery_order.market_options.prepaid_options.pay_mode: must be one of FULL, HALF, PAID_BY_YEAR, ZERO_PAID_BY_YEAR, ZERO_PAID_BY_MONTH, got MONTHLY",
        ),
        (
            "/delivery_order/market_options/prepaid_options/pay_mode",
            None,
            "delivery_order.market_options.prepaid_options.pay_mode: is required",
        ),
        (
            "/delivery_order/servers/0/count",
            Some(json!(0)),
            "delivery_order.servers[0].count: must be at least 1, got 0",
        ),
        (
            "/delivery_order/servers/0/offering_id",
            None,
            "delivery_order.servers[0].offering_id: is required",
        ),
        (
            "/delivery_order/servers/0/offering_id",
            Some(json!("3e9a6b1c-0d2f-4a7e-8b5c-6f1e2d3c4b5a")),
            "delivery_order.servers[0].offering_id: no server offering 3e9a6b1c-0d2f-4a7e-8b5c-6f1e2d3c4b5a",
        ),
        (
            "/delivery_order/network_devices/0/offering_id",
            Some(json!("7d1f0c2a-5b8e-4e3a-9c61-2a4b6d8f0e13")),
            "delivery_order.network_devices[0].offering_id: no network device offering 7d1f0c2a-5b8e-4e3a-9c61-2a4b6d8f0e13",
        ),
        (
            "/delivery_order/network_devices/0/count",
            Some(json!(-1)),
            "delivery_order.network_devices[0].count: must be at least 1, got -1",
        ),
        (
            "/delivery_order/storage_pools/0/storage_type",
            Some(json!("NVME")),
            "delivery_order.storage_pools[0].storage_type: must be one of SSD, SAS, got NVME",
        ),
        (
            "/delivery_order/storage_pools/0/storage_type",
            None,
            "delivery_order.storage_pools[0].storage_type: is required",
        ),
        (
            "/delivery_order/storage_pools/0/size",
            Some(json!(0)),
            "delivery_order.storage_pools[0].size: must be 1 to 1000 TB, got 0",
        ),
        (
            "/delivery_order/storage_pools/0/size",
            None,
            "delivery_order.storage_pools[0].size: is required",
        ),
        (
            "/delivery_order/servers/0/count",
            Some(json!("1")),
            "delivery_order.servers[0].count: invalid type: string",
        ),
    ];
    app.assert_invalid_cases(&path(), &valid(), CODE, &cases)
        .await;
    assert_eq!(app.order_count().await, 0, "no refused order is stored");
}

#[tokio::test]
async fn an_order_of_nothing_is_refused() {
    let app = TestApp::spawn().await;
    let mut body = valid();
    let order = body["delivery_order"].as_object_mut().unwrap();
    order.remove("servers");
    order.insert("network_devices".into(), json!([]));
    order.remove("storage_pools");
    assert_error(
        app.post_json(&path(), &body).await,
        400,
        CODE,
        "delivery_order: must order at least one item in servers, network_devices or storage_pools",
    )
    .await;
}

#[tokio::test]
async fn broken_rules_come_before_an_unknown_edge_site() {
    let app = TestApp::spawn().await;
    let body = with_field(
        &seed_example(),
        "/delivery_order/servers/0/count",
        Some(json!(0)),
    );
    assert_error(
        app.post_json(&path(), &body).await,
        400,
        CODE,
        "servers[0].count",
    )
    .await;
}

#[tokio::test]
async fn a_domain_not_the_callers_is_forbidden() {
    let app = TestApp::spawn().await;
    let foreign = format!("/v2/{FOREIGN_ID}/delivery-orders");
    app.assert_forbidden(&foreign, &valid(), FOREIGN_ID).await;
}

#[tokio::test]
async fn delivery_orders_survive_a_restart() {
    let app = TestApp::spawn().await;
    let answer = app.post_ok(&path(), &valid()).await;
    let id = answer["delivery_order"]["id"].as_str().unwrap().to_owned();
    let app = app.restart().await;
    let stored = app.stored_delivery(&id).await.expect("still stored");
    assert_eq!(stored.status.as_str(), "PROCESSING");
    let order_id_kept = stored.order_id.as_str();
    assert_eq!(
        order_id(&app.order_detail(order_id_kept).await),
        order_id_kept,
        "its order too"
    );
}

/// The seed types `count` as Integer (an int32 in the service), and `discounts` as an array of
/// Discount objects: a count past 2147483647 or a discount that is not an object is refused with
/// its field path, not accepted.
#[tokio::test]
async fn counts_are_int32_and_discounts_are_objects() {
    let app = TestApp::spawn().await;
    let cases = crate::helpers::setting([
        (
            "/delivery_order/servers/0/count",
            json!(2_147_483_648_i64),
            "delivery_order.servers[0].count: must be at most 2147483647, got 2147483648",
        ),
        (
            "/delivery_order/network_devices/0/count",
            json!(4_294_967_295_i64),
            "delivery_order.network_devices[0].count: must be at most 2147483647, got 4294967295",
        ),
        (
            "/delivery_order/market_options/discounts",
            json!([1]),
            "delivery_order.market_options.discounts[0]: invalid type: integer `1`, expected an object",
        ),
        (
            "/delivery_order/market_options/discounts",
            json!([{"id": "d1"}, null]),
            "delivery_order.market_options.discounts[1]: invalid type: null, expected an object",
        ),
    ]);
    app.assert_invalid_cases(&path(), &valid(), CODE, &cases)
        .await;
    let body = with_field(
        &valid(),
        "/delivery_order/servers/0/count",
        Some(json!(2_147_483_647_i64)),
    );
    let body = with_field(
        &body,
        "/delivery_order/market_options/discounts",
        Some(json!([{"id": "d1", "type": "x"}])),
    );
    let (status, answer) = status_and_json(app.post_json(&path(), &body).await).await;
    assert_eq!(status, 200, "{answer}");
}
