//! `createDesktops`.

use orderd::domain::period::Period;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::place;
use crate::detail::{line_texts, lines, order_id, order_period, total};
use crate::helpers::{DEMO_PROJECT, TestApp, with_field};
use orderd::domain::clock::Clock;

/// The seed's example, verbatim.
pub fn seed_example() -> Value {
    json!({
      "type" : "createDesktops",
      "enterprise_project_id" : "0",
      "resources" : [ {
        "period_type" : 2,
        "period_num" : 1,
        "create_desktops" : {
          "desktops" : [ {
            "user_email" : "test@test.com",
            "user_name" : "test",
            "user_group" : "sudo"
          } ],
          "desktop_type" : "DEDICATED",
          "email_notification" : false,
          "product_id" : "workspace.k.xlarge2.uosv20pro",
          "image_type" : "private",
          "image_id" : "e1d65e11-861c-459d-a3a8-ab150d79befc",
          "root_volume" : {
            "type" : "SAS",
            "size" : 80
          },
          "nics" : [ {
            "subnet_id" : "197c1aa4-2611-48bd-a3af-ac4ce2c17c4c"
          } ],
          "tags" : [ {
            "key" : "aa",
            "value" : "bb"
          } ]
        }
      } ]
    })
}

const CD: &str = "/resources/0/create_desktops";

pub fn p(rest: &str) -> String {
    format!("{CD}{rest}")
}

#[tokio::test]
async fn the_seed_example_orders_a_desktop_and_its_system_disk() {
    let app = TestApp::spawn().await;
    let order = place(&app, &seed_example()).await;
    assert_eq!(order["order_info"]["status"], 6, "pending payment");
    assert_eq!(
        order["order_info"]["service_type_code"],
        "hws.service.type.vdi"
    );
    assert_eq!(
        line_texts(&order, "product_id"),
        ["workspace.k.xlarge2.uosv20pro", "workspace.volume.SAS"]
    );
    // 219.00 a month for the package, 0.35 per GB-month × 80 GB for the disk.
    assert_eq!(total(&order), Decimal::new(24700, 2));
    assert_eq!(order_period(&order), (2, Some(1)));
    let id = order_id(&order);
    let resource_ids = app.line_resource_ids(id).await;
    let desktop = resource_ids[0]
        .clone()
        .expect("the desktop line's resource");
    let disk = resource_ids[1].clone().expect("the disk line's resource");
    let stored = app.resource(DEMO_PROJECT, &desktop).await.unwrap();
    assert_eq!(
        stored.resource_type(),
        "hws.resource.type.workspace.desktop"
    );
    assert_eq!(stored.order_id(), Some(id));
    assert_eq!(stored.expires_at(), None, "pending until the order is paid");
    let stored_disk = app.resource(DEMO_PROJECT, &disk).await.unwrap();
    assert_eq!(stored_disk.parent_id(), Some(desktop.as_str()));
    app.pay_ok(id).await;
    let delivered = app.resource(DEMO_PROJECT, &desktop).await.unwrap();
    let month_later = Period::Months(1).ends_at(app.clock.now());
    assert_eq!(delivered.expires_at(), month_later, "a month from delivery");
}

#[tokio::test]
async fn unassigned_desktops_by_size_with_data_disks_and_eips_get_a_line_each() {
    let app = TestApp::spawn().await;
    let mut body = with_field(&seed_example(), &p("/desktops"), None);
    body = with_field(&body, &p("/size"), Some(json!(2)));
    body = with_field(&body, &p("/desktop_name"), Some(json!("office-desk13")));
    body = with_field(
        &body,
        &p("/product_id"),
        Some(json!("workspace.x.large2.windows2019")),
    );
    body = with_field(
        &body,
        &p("/data_volumes"),
        Some(json!([{ "type": "GPSSD", "size": 100 }])),
    );
    body = with_field(
        &body,
        &p("/eip"),
        Some(json!({ "type": "5_bgp", "charge_mode": "BANDWIDTH", "bandwidth_size": 5 })),
    );
    body = with_field(&body, "/resources/0/period_type", Some(json!(3)));
    let order = place(&app, &body).await;
    assert_eq!(
        lines(&order).len(),
        8,
        "desktop, system disk, data disk, EIP, twice"
    );
    // A year: 1590 + 3.50×80 + 5.00×100 + 230×5 = 3520 per desktop.
    assert_eq!(total(&order), Decimal::new(704000, 2));
    assert_eq!(app.order_resources(order_id(&order)).await.len(), 8);
}

#[tokio::test]
async fn an_existing_eip_is_bound_not_bought() {
    let app = TestApp::spawn().await;
    let body = with_field(&seed_example(), &p("/eip"), Some(json!({ "id": "eip-1" })));
    let order = place(&app, &body).await;
    assert_eq!(lines(&order).len(), 2);
}
