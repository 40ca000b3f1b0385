//! `addVolumes`.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::Duration;

use super::{DEMO_DESKTOP, expect_error, expect_invalid, order};
use crate::detail::{line_amounts, line_texts, order_id, order_period, total};
// `place` gives the stored order only for `disks_can_be_added_to_a_desktop_an_order_created`,
// which reads the orders' fields until its meaning changes (a desktop from an unpaid order will
// not be in use yet); the other tests place with `super::place` and read the order's details.
use crate::helpers::{Credentials, DEMO_PROJECT, Key, TestApp, with_field};
use orderd::domain::clock::Clock;
use orderd::domain::resource::ResourceTerm;

/// The seed's example, verbatim.
pub fn seed_example() -> Value {
    json!({
      "type" : "addVolumes",
      "enterprise_project_id" : "0",
      "resources" : [ {
        "add_volumes" : {
          "desktop_id" : "8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7",
          "volumes" : [ {
            "type" : "SAS",
            "size" : 50
          } ]
        }
      } ]
    })
}

const AV: &str = "/resources/0/add_volumes";

#[tokio::test]
async fn the_seed_example_adds_a_disk_priced_pro_rata_to_the_desktops_expiry() {
    let app = TestApp::spawn().await;
    let order = super::place(&app, &seed_example()).await;
    let id = order_id(&order);
    let desktop = app.resource(DEMO_PROJECT, DEMO_DESKTOP).await.unwrap();
    let expiry = desktop
        .expires_at()
        .expect("the demo desktop has a subscription");
    assert_eq!(line_texts(&order, "product_id"), ["workspace.volume.SAS"]);
    assert_eq!(
        order_period(&order).0,
        5,
        "absolute time: until the desktop expires"
    );
    assert_eq!(app.line_sizes(id).await, [Some(50)]);
    // 0.35 per GB-month for the 30-day months left, to the cent, × 50 GB.
    let months =
        Decimal::from((expiry - app.clock.now()).whole_seconds()) / Decimal::from(30 * 86400);
    let unit = (Decimal::new(35, 2) * months).round_dp(2);
    assert_eq!(app.line_unit_prices(id).await, [unit]);
    assert_eq!(line_amounts(&order), [unit * Decimal::from(50)]);
    let disk = app.order_resources(id).await[0].clone();
    assert_eq!(disk.parent_id(), Some(DEMO_DESKTOP));
    assert_eq!(disk.expires_at(), None, "not delivered before it is paid");
    app.pay_ok(id).await;
    let disk = app.order_resources(id).await[0].clone();
    assert_eq!(
        disk.expires_at(),
        Some(expiry),
        "the disk ends with its desktop"
    );
}

#[tokio::test]
async fn an_explicit_period_prices_the_disks_by_the_calendar() {
    let app = TestApp::spawn().await;
    let mut body = with_field(&seed_example(), "/resources/0/period_type", Some(json!(3)));
    body = with_field(&body, "/resources/0/period_num", Some(json!(2)));
    let order = super::place(&app, &body).await;
    // 3.50 per GB-year × 2 years × 50 GB.
    assert_eq!(total(&order), Decimal::new(35000, 2));
}

#[tokio::test]
async fn disks_can_be_added_to_a_desktop_once_its_order_is_paid_and_delivered() {
    let app = TestApp::spawn().await;
    let created = super::place(&app, &super::create_desktops::seed_example()).await;
    let created_id = order_id(&created);
    let desktop = app.line_resource_ids(created_id).await[0]
        .clone()
        .expect("the desktop line's resource");
    let body = with_field(
        &seed_example(),
        &format!("{AV}/desktop_id"),
        Some(json!(desktop)),
    );
    super::expect_error(
        &app,
        &body,
        400,
        "WKS.0001",
        &format!("{desktop} is not in use yet: its order {created_id} has not been paid"),
        "a desktop whose order is unpaid",
    )
    .await;

    app.pay_ok(created_id).await;
    let order = super::place(&app, &body).await;
    let desktop = app.resource(DEMO_PROJECT, &desktop).await.unwrap();
    let disk = &app.order_resources(order_id(&order)).await[0];
    assert_eq!(disk.parent_id(), Some(desktop.id()));
    assert!(desktop.expires_at().is_some());
    assert_eq!(
        disk.term(),
        Some(ResourceTerm::Until(desktop.expires_at().unwrap())),
        "the disk will end with its desktop"
    );
}

#[tokio::test]
async fn every_add_volumes_rule_gives_a_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let ten = vec![json!({ "type": "SAS", "size": 10 }); 11];
    expect_invalid(
        &app,
        &seed_example(),
        &[
            (
                &format!("{AV}/desktop_id"),
                None,
                "resources[0].add_volumes.desktop_id: is required",
            ),
            (
                &format!("{AV}/desktop_id"),
                Some(json!("")),
                "resources[0].add_volumes.desktop_id: must be 1 to 255 characters",
            ),
            (
                &format!("{AV}/volumes"),
                None,
                "resources[0].add_volumes.volumes: is required",
            ),
            (
                &format!("{AV}/volumes"),
                Some(json!([])),
                "resources[0].add_volumes.volumes: must hold 1 to 10 items, got 0",
            ),
            (
                &format!("{AV}/volumes"),
                Some(json!(ten)),
                "resources[0].add_volumes.volumes: must hold 1 to 10 items, got 11",
            ),
            (
                &format!("{AV}/volumes/0/size"),
                Some(json!(5)),
                "resources[0].add_volumes.volumes[0].size: must be 10 to 32760 GB, got 5",
            ),
            (
                &format!("{AV}/volumes/0/size"),
                Some(json!(55)),
                "resources[0].add_volumes.volumes[0].size: must be a multiple of 10, got 55",
            ),
            (
                &format!("{AV}/volumes/0/size"),
                Some(json!(32770)),
                "resources[0].add_volumes.volumes[0].size: must be 10 to 32760 GB",
            ),
            (
                &format!("{AV}/volumes/0/size"),
                None,
                "resources[0].add_volumes.volumes[0].size: is required",
            ),
            (
                &format!("{AV}/volumes/0/type"),
                Some(json!("sas")),
                "resources[0].add_volumes.volumes[0].type: must be one of SAS, SSD, GPSSD, got sas",
            ),
            (
                &format!("{AV}/volumes/0/type"),
                None,
                "resources[0].add_volumes.volumes[0].type: is required",
            ),
            (
                &format!("{AV}/volumes/0/kms_id"),
                Some(json!("k y")),
                "resources[0].add_volumes.volumes[0].kms_id: must not contain whitespace",
            ),
            (
                "/resources/0/period_type",
                Some(json!(2)),
                "resources[0].period_num: is required",
            ),
            (
                "/resources/0/period_type",
                Some(json!(4)),
                "resources[0].period_type: must be 2 (month), 3 (year) or 5",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_desktop_that_does_not_exist_or_is_not_a_desktop_is_a_404() {
    let app = TestApp::spawn().await;
    let pool = super::place(&app, &super::desktop_pool::create_pool()).await;
    let pool_id = app
        .order_resources(order_id(&pool))
        .await
        .into_iter()
        .find(|r| r.resource_type().ends_with(".pool"))
        .unwrap()
        .id()
        .to_owned();
    for id in ["0b5e0ee1-0000-4000-8000-000000000000", pool_id.as_str()] {
        let body = with_field(
            &seed_example(),
            &format!("{AV}/desktop_id"),
            Some(json!(id)),
        );
        let needle = format!(
            "resources[0].add_volumes.desktop_id: desktop {id} does not exist in project {DEMO_PROJECT}"
        );
        expect_error(&app, &body, 404, "WKS.0404", &needle, id).await;
    }
}

#[tokio::test]
async fn a_desktop_of_another_project_is_a_404() {
    let app = TestApp::spawn_with_config(
        r#"
        [[accounts]]
        domain_name = "acme"
        domain_id = "acme0000000000000000000000000001"
        projects = [
            { id = "aaaa0000000000000000000000000001", region = "cn-north-4" },
            { id = "bbbb0000000000000000000000000002", region = "cn-north-4" },
        ]
        [[accounts.users]]
        name = "acme"
        root = true
        access_keys = [{ access_key = "ACMEAK0000000000001", secret_key = "acme-secret-key-000000000000000000000" }]
        [[resources]]
        project_id = "bbbb0000000000000000000000000002"
        id = "desk-in-b"
        resource_type = "hws.resource.type.workspace.desktop"
        spec_code = "workspace.k.xlarge2.uosv20pro"
        "#,
    )
    .await;
    let body = order(
        "addVolumes",
        "add_volumes",
        json!({ "desktop_id": "desk-in-b", "volumes": [{ "type": "SAS", "size": 50 }] }),
        false,
    );
    let acme = Credentials::Signed(Key {
        ak: "ACMEAK0000000000001",
        sk: "acme-secret-key-000000000000000000000",
    });
    let in_a = app
        .post_json_as(
            &acme,
            "/v2/aaaa0000000000000000000000000001/periodic/subscribe/order",
            &body,
        )
        .await;
    assert_eq!(in_a.status().as_u16(), 404);
    let in_b = app
        .post_json_as(
            &acme,
            "/v2/bbbb0000000000000000000000000002/periodic/subscribe/order",
            &body,
        )
        .await;
    assert_eq!(
        in_b.status().as_u16(),
        200,
        "{}",
        in_b.text().await.unwrap()
    );
}

#[tokio::test]
async fn a_desktop_whose_subscription_ended_takes_no_disks_until_renewed() {
    let app = TestApp::spawn().await;
    // Through the operator's clock, so the desktop's expiry is processed before the order: a
    // day past its year, in its grace period.
    app.advance_clock("P366D").await;
    expect_error(
        &app,
        &seed_example(),
        400,
        "WKS.0001",
        "resources[0].add_volumes.desktop_id: 8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7 expired at",
        "expired",
    )
    .await;
}

#[tokio::test]
async fn the_demo_desktop_is_seeded_once_and_keeps_its_first_expiry_across_restarts() {
    let app = TestApp::spawn().await;
    let first = app.resource(DEMO_PROJECT, DEMO_DESKTOP).await.unwrap();
    let year_later = orderd::domain::period::Period::Years(1)
        .ends_at(app.clock.now())
        .unwrap();
    // Stored times keep microseconds.
    let stored = first.expires_at().unwrap();
    assert!(
        (stored - year_later).abs() < Duration::microseconds(1),
        "one year after the first start: {stored} vs {year_later}"
    );
    let app = app.restart().await;
    let again = app.resource(DEMO_PROJECT, DEMO_DESKTOP).await.unwrap();
    assert_eq!(again, first);
}
