//! `createDesktopPool` and `expandDesktopPool`.

use orderd::domain::resource::Resource;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{DEMO_DESKTOP, expect_error, expect_invalid, order, place};
use crate::detail::{line_amounts, line_texts, lines, order_id, total};
use crate::helpers::{TestApp, with_field};

/// A pool of two desktops, monthly.
pub fn create_pool() -> Value {
    order(
        "createDesktopPool",
        "create_desktop_pool",
        json!({
            "name": "pool-1",
            "type": "DYNAMIC",
            "size": 2,
            "product_id": "workspace.pool.x.large2",
            "image_type": "gold",
            "image_id": "e1d65e11-861c-459d-a3a8-ab150d79befc",
            "root_volume": { "type": "SSD", "size": 80 },
            "subnet_ids": ["197c1aa4-2611-48bd-a3af-ac4ce2c17c4c"],
            "authorized_objects": [{ "object_type": "USER", "object_id": "u1", "object_name": "alice", "user_group": "users" }],
            "tags": [{ "key": "team", "value": "ops" }]
        }),
        true,
    )
}

fn expand(pool_id: &str, size: i64) -> Value {
    order(
        "expandDesktopPool",
        "expand_desktop_pool",
        json!({ "pool_id": pool_id, "size": size }),
        false,
    )
}

/// The pool among the resources `resources`.
fn pool(resources: &[Resource]) -> &Resource {
    resources
        .iter()
        .find(|r| r.resource_type() == "hws.resource.type.workspace.pool")
        .expect("a pool")
}

#[tokio::test]
async fn a_pool_orders_a_line_per_desktop_and_disk_and_records_the_pool() {
    let app = TestApp::spawn().await;
    let order = place(&app, &create_pool()).await;
    assert_eq!(
        line_texts(&order, "product_id"),
        [
            "workspace.pool.x.large2",
            "workspace.volume.SSD",
            "workspace.pool.x.large2",
            "workspace.volume.SSD"
        ]
    );
    // (149 + 1.00 × 80) × 2.
    assert_eq!(total(&order), Decimal::new(45800, 2));
    let resources = app.order_resources(order_id(&order)).await;
    let pool = pool(&resources).id();
    let desktops: Vec<_> = resources
        .iter()
        .filter(|r| r.resource_type().ends_with(".desktop"))
        .collect();
    assert_eq!(desktops.len(), 2);
    assert!(desktops.iter().all(|d| d.parent_id() == Some(pool)));
}

#[tokio::test]
async fn every_create_desktop_pool_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let p = |rest: &str| format!("/resources/0/create_desktop_pool{rest}");
    let f = |rest: &str| format!("resources[0].create_desktop_pool{rest}");
    let cases: Vec<(String, Option<Value>, String)> = vec![
        (p("/name"), None, f(".name: is required")),
        (
            p("/name"),
            Some(json!("pool_1")),
            f(".name: may hold only letters, digits and -"),
        ),
        (
            p("/name"),
            Some(json!("p".repeat(256))),
            f(".name: must be 1 to 255 characters"),
        ),
        (p("/type"), None, f(".type: is required")),
        (
            p("/type"),
            Some(json!("MIXED")),
            f(".type: must be one of DYNAMIC, STATIC, got MIXED"),
        ),
        (p("/size"), None, f(".size: is required")),
        (
            p("/size"),
            Some(json!(0)),
            f(".size: must be 1 to 100, got 0"),
        ),
        (
            p("/size"),
            Some(json!(101)),
            f(".size: must be 1 to 100, got 101"),
        ),
        (p("/product_id"), None, f(".product_id: is required")),
        (
            p("/product_id"),
            Some(json!("workspace.x.large2.windows2019")),
            f(".product_id: product workspace.x.large2.windows2019 is not a desktop pool package"),
        ),
        (
            p("/image_type"),
            Some(json!("market")),
            f(".image_type: must be one of private, gold"),
        ),
        (p("/image_id"), None, f(".image_id: is required")),
        (p("/root_volume"), None, f(".root_volume: is required")),
        (
            p("/root_volume/size"),
            Some(json!(8210)),
            f(".root_volume.size: must be 80 to 8200 GB, got 8210"),
        ),
        (
            p("/root_volume/size"),
            Some(json!(75)),
            f(".root_volume.size: must be 80 to 8200 GB, got 75"),
        ),
        (
            p("/data_volumes"),
            Some(json!([{ "type": "SAS", "size": 15 }])),
            f(".data_volumes[0].size: must be a multiple of 10, got 15"),
        ),
        (p("/subnet_ids"), None, f(".subnet_ids: is required")),
        (
            p("/subnet_ids"),
            Some(json!([])),
            f(".subnet_ids: must hold 1 to 100 items, got 0"),
        ),
        (
            p("/security_groups"),
            Some(json!(vec![json!({ "id": "sg" }); 6])),
            f(".security_groups: must hold 0 to 5 items, got 6"),
        ),
        (
            p("/authorized_objects/0/object_type"),
            Some(json!("ROLE")),
            f(".authorized_objects[0].object_type: must be one of USER, USER_GROUP"),
        ),
        (
            p("/authorized_objects/0/object_id"),
            None,
            f(".authorized_objects[0].object_id: is required"),
        ),
        (
            p("/authorized_objects/0/object_name"),
            Some(json!("n".repeat(101))),
            f(".authorized_objects[0].object_name: must be 1 to 100 characters"),
        ),
        (
            p("/authorized_objects/0/user_group"),
            Some(json!("root")),
            f(".authorized_objects[0].user_group: must be one of sudo"),
        ),
        (
            p("/disconnected_retention_period"),
            Some(json!(5)),
            f(".disconnected_retention_period: must be 10 to 43200, got 5"),
        ),
        (
            p("/tags/0/value"),
            Some(json!("a*b")),
            f(".tags[0].value: must not contain any of"),
        ),
        (
            "/resources/0/period_type".into(),
            None,
            "resources[0].period_type: is required".into(),
        ),
        (
            "/resources/0/period_num".into(),
            Some(json!(12)),
            "resources[0].period_num: must be 1 to 11".into(),
        ),
    ];
    let cases: Vec<_> = cases
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.clone(), c.as_str()))
        .collect();
    expect_invalid(&app, &create_pool(), &cases).await;
}

#[tokio::test]
async fn expanding_a_pool_adds_desktops_of_its_package_until_the_pool_expires() {
    let app = TestApp::spawn().await;
    let created = place(&app, &create_pool()).await;
    app.pay_ok(order_id(&created)).await;
    let resources = app.order_resources(order_id(&created)).await;
    let pool = pool(&resources);
    let order = place(&app, &expand(pool.id(), 3)).await;
    assert_eq!(
        line_texts(&order, "product_id"),
        ["workspace.pool.x.large2"; 3]
    );
    assert!(
        lines(&order).iter().all(|l| l["period_type"] == 5),
        "{order}"
    );
    app.pay_ok(order_id(&order)).await;
    assert!(
        app.order_resources(order_id(&order))
            .await
            .iter()
            .all(|r| r.expires_at() == pool.expires_at() && r.parent_id() == Some(pool.id()))
    );
    // About one month left: close to the 149.00 monthly price per desktop, never more than 31 days' worth.
    let each = line_amounts(&order)[0];
    assert!(
        each > Decimal::new(14000, 2) && each <= Decimal::new(15397, 2),
        "{each}"
    );
}

#[tokio::test]
async fn every_expand_desktop_pool_rule_gives_a_400_or_404() {
    let app = TestApp::spawn().await;
    let created = place(&app, &create_pool()).await;
    app.pay_ok(order_id(&created)).await;
    let base = expand(pool(&app.order_resources(order_id(&created)).await).id(), 1);
    let p = "/resources/0/expand_desktop_pool";
    expect_invalid(
        &app,
        &base,
        &[
            (
                &format!("{p}/pool_id"),
                None,
                "resources[0].expand_desktop_pool.pool_id: is required",
            ),
            (
                &format!("{p}/size"),
                None,
                "resources[0].expand_desktop_pool.size: is required",
            ),
            (
                &format!("{p}/size"),
                Some(json!(0)),
                "resources[0].expand_desktop_pool.size: must be 1 to 1000, got 0",
            ),
            (
                &format!("{p}/size"),
                Some(json!(1001)),
                "resources[0].expand_desktop_pool.size: must be 1 to 1000, got 1001",
            ),
            (
                "/resources/0/period_type",
                Some(json!(3)),
                "resources[0].period_num: is required",
            ),
        ],
    )
    .await;
    for id in ["no-such-pool", DEMO_DESKTOP] {
        let body = expand(id, 1);
        let needle =
            format!("resources[0].expand_desktop_pool.pool_id: desktop pool {id} does not exist");
        expect_error(&app, &body, 404, "WKS.0404", &needle, id).await;
    }
    let yearly = with_field(
        &with_field(&base, "/resources/0/period_type", Some(json!(3))),
        "/resources/0/period_num",
        Some(json!(1)),
    );
    let order = place(&app, &yearly).await;
    assert_eq!(
        total(&order),
        Decimal::new(149000, 2),
        "a calendar year when a period is given"
    );
}
