//! ListPayPerUseCustomerResources: `POST /v2/orders/suscriptions/resources/query`, the account's
//! delivered resources.

use orderd::domain::clock::Clock;
use orderd::domain::period::Period;
use serde_json::{Value, json};
use time::Duration;

use crate::bss::{ACME_ALL, ACME_PROJECT, ACME_WS, GLOBEX, order_as, two_accounts};
use crate::bss_helpers::{PACKAGE_ID, Service, bss_time, ids};
use crate::helpers::{DEMO_PROJECT, DEMO_ROOT, DEMO_VIEWER, TestApp, status_and_json};
use crate::workspace::DEMO_DESKTOP;

const PATH: &str = "/v2/orders/suscriptions/resources/query";

/// The ids of the resources an answer lists, in order.
fn listed(answer: &Value) -> Vec<String> {
    ids(&answer["data"], "resource_id")
}

/// The resources the demo account's order `id` created, in line order.
async fn line_resources(app: &TestApp, id: &str) -> Vec<String> {
    let ids = app.line_resource_ids(id).await;
    ids.into_iter()
        .map(|r| r.expect("a line resource"))
        .collect()
}

/// `ids` in the order a list gives resources created at the same time: by id.
fn by_id(mut ids: Vec<String>) -> Vec<String> {
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn terraform_waits_until_the_paid_order_delivers_its_resource() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::Dsc).await;
    let none = app.order_resource_list(&id, true).await;
    assert_eq!(
        none,
        json!({"total_count": 0, "data": []}),
        "pending: not listed"
    );

    app.clock.advance(Duration::minutes(10));
    let delivered = app.clock.now();
    app.pay_ok(&id).await;
    let answer = app.order_resource_list(&id, true).await;
    assert_eq!(answer["total_count"], 1, "{answer}");
    let resource = line_resources(&app, &id).await.remove(0);
    assert_eq!(
        answer["data"][0],
        json!({
            "id": resource,
            "resource_id": resource,
            "resource_name": resource,
            "region_code": "cn-north-4",
            "service_type_code": "hws.service.type.sdg",
            "resource_type_code": "hws.resource.type.dsc.base",
            "resource_type_name": "DSC edition",
            "service_type_name": "Data Security Center",
            "resource_spec_code": "base_standard",
            "project_id": DEMO_PROJECT,
            "product_id": "00301-225396-0--0",
            "parent_resource_id": null,
            "is_main_resource": 1,
            "status": 2,
            "effective_time": bss_time(delivered),
            "expire_time": bss_time(Period::Months(1).ends_at(delivered).unwrap()),
            "expire_policy": 0,
            "product_spec_desc": "base_standard",
            "spec_size": null,
            "spec_size_measure_id": null,
            "update_time": bss_time(delivered),
            "enterprise_project": {"id": "0", "name": "default"}
        })
    );
    let lower = app.order_resource_list(&id.to_lowercase(), true).await;
    assert_eq!(listed(&lower), [resource.as_str()]);
}

#[tokio::test]
async fn workspace_disks_are_attached_to_their_desktop() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::Workspace).await;
    app.pay_ok(&id).await;
    let [desktop, disk] = <[String; 2]>::try_from(line_resources(&app, &id).await).unwrap();
    let all = app.order_resource_list(&id, false).await;
    assert_eq!(listed(&all), by_id(vec![desktop.clone(), disk.clone()]));
    let find = |id: &str| {
        let data = all["data"].as_array().unwrap();
        data.iter()
            .find(|r| r["resource_id"] == id)
            .unwrap()
            .clone()
    };
    let (d, v) = (&find(&desktop), &find(&disk));
    assert_eq!(
        (
            &d["resource_type_code"],
            &d["resource_type_name"],
            &d["is_main_resource"]
        ),
        (
            &json!("hws.resource.type.workspace.desktop"),
            &json!("Cloud desktop"),
            &json!(1)
        )
    );
    assert_eq!(d["service_type_name"], "Workspace");
    assert_eq!(
        (&d["spec_size"], &d["spec_size_measure_id"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(v["parent_resource_id"], desktop.as_str());
    assert_eq!(v["is_main_resource"], 0);
    assert_eq!(v["resource_spec_code"], "SAS");
    assert_eq!(
        (&v["spec_size"], &v["spec_size_measure_id"]),
        (&json!(80), &json!(17))
    );
    assert_eq!(v["expire_time"], d["expire_time"]);
    let main = app.order_resource_list(&id, true).await;
    assert_eq!(listed(&main), [desktop.as_str()]);
}

#[tokio::test]
async fn a_self_renewing_order_marks_its_resources_to_renew() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::WorkspaceApp).await;
    let delivered = app.clock.now();
    app.pay_ok(&id).await;
    let answer = app.order_resource_list(&id, false).await;
    let resources = line_resources(&app, &id).await;
    assert_eq!(listed(&answer), by_id(resources.clone()));
    let server = resources[0].as_str();
    for r in answer["data"].as_array().unwrap() {
        assert_eq!(r["expire_policy"], 3, "the order renews itself: {r}");
        let end = Period::Years(3).ends_at(delivered).unwrap();
        assert_eq!(r["expire_time"], bss_time(end), "{r}");
        if r["resource_id"] == server {
            assert_eq!(r["is_main_resource"], 1, "{r}");
            assert_eq!(r["resource_type_name"], "Workspace App server");
        } else {
            assert_eq!(r["is_main_resource"], 0, "{r}");
            assert_eq!(r["parent_resource_id"], server);
            assert_eq!(r["resource_type_name"], "Workspace App disk");
            assert_eq!(
                (&r["spec_size"], &r["spec_size_measure_id"]),
                (&json!(10), &json!(17))
            );
        }
    }
}

#[tokio::test]
async fn account_level_orders_take_their_region_from_their_project_or_edge_site() {
    let app = TestApp::spawn().await;
    let package = app.place_of(Service::Package).await;
    let ies = app.place_of(Service::Ies).await;
    app.pay_ok(&package).await;
    app.pay_ok(&ies).await;

    let by_client_id = app.order_resource_list(PACKAGE_ID, true).await;
    assert_eq!(by_client_id["total_count"], 1, "{by_client_id}");
    let r = &by_client_id["data"][0];
    assert_eq!(r["service_type_name"], "Data Ingestion Service");
    assert_eq!(r["resource_type_code"], "hws.resource.type.dis");
    assert_eq!(r["project_id"], DEMO_PROJECT, "the tenant's project");
    assert_eq!(r["region_code"], "cn-north-4");

    let hardware = app.order_resource_list(&ies, true).await;
    assert_eq!(
        hardware["total_count"], 3,
        "servers, devices, storage: all main"
    );
    for r in hardware["data"].as_array().unwrap() {
        assert_eq!(r["project_id"], Value::Null, "{r}");
        assert_eq!(r["region_code"], "cn-north-4", "the edge site's: {r}");
        assert_eq!(r["service_type_name"], "CloudPond");
    }
    let storage = hardware["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource_type_code"] == "hws.resource.type.ies.storagepool")
        .expect("the storage pool");
    assert_eq!(storage["resource_type_name"], "CloudPond storage pool");
    assert_eq!(
        (&storage["spec_size"], &storage["spec_size_measure_id"]),
        (&json!(26), &json!(18))
    );
}

#[tokio::test]
async fn the_resources_an_account_starts_with_are_listed_without_an_order() {
    let app = TestApp::spawn().await;
    let answer = app.query_resources(&json!({})).await;
    assert_eq!(listed(&answer), [DEMO_DESKTOP]);
    let desktop = &answer["data"][0];
    assert_eq!(desktop["expire_policy"], 0);
    assert_eq!(desktop["service_type_code"], "hws.service.type.vdi");
    assert!(desktop["effective_time"].is_string() && desktop["expire_time"].is_string());
}

#[tokio::test]
async fn resources_are_filtered_and_paged() {
    let app = TestApp::spawn().await;
    let mut placed = Vec::new();
    for service in [Service::Dsc, Service::Workspace, Service::WorkspaceApp] {
        app.clock.advance(Duration::seconds(1));
        placed.push(app.place_of(service).await);
    }
    let [dsc, workspace, apps] = <[String; 3]>::try_from(placed).unwrap();
    app.clock.advance(Duration::seconds(1));
    let now = app.clock.now();
    for id in [&dsc, &workspace, &apps] {
        app.pay_ok(id).await;
        app.clock.advance(Duration::seconds(1));
    }
    let dsc_r = line_resources(&app, &dsc).await;
    let ws_r = line_resources(&app, &workspace).await;
    let app_r = line_resources(&app, &apps).await;
    let mut every = vec![DEMO_DESKTOP.to_owned()];
    for ids in [&dsc_r, &ws_r, &app_r] {
        every.extend(by_id(ids.clone()));
    }

    let all = app.query_resources(&json!({"limit": 100})).await;
    assert_eq!(all["total_count"], 8, "{all}");
    assert_eq!(listed(&all), every, "oldest first, then by id");
    let page = app.query_resources(&json!({"limit": 3, "offset": 2})).await;
    assert_eq!(page["total_count"], 8);
    assert_eq!(listed(&page), every[2..5]);
    let default_page = app.query_resources(&json!({})).await;
    assert_eq!(listed(&default_page), every, "10 by default");

    let by_ids = app
        .query_resources(&json!({"resource_ids": [&ws_r[1], &dsc_r[0], "nothing"]}))
        .await;
    assert_eq!(listed(&by_ids), [dsc_r[0].as_str(), ws_r[1].as_str()]);
    let main_of_ids = json!({"resource_ids": [&ws_r[1]], "only_main_resource": 1});
    assert_eq!(app.query_resources(&main_of_ids).await["total_count"], 0);

    for (statuses, count) in [
        (json!([2]), 8),
        (json!([2, 5]), 8),
        (json!([3, 4, 5]), 0),
        (json!([]), 8),
    ] {
        let body = json!({"status_list": statuses, "limit": 100});
        assert_eq!(
            app.query_resources(&body).await["total_count"],
            count,
            "{statuses}"
        );
    }
    let vdi = json!({"service_type_code": "hws.service.type.vdi", "limit": 100});
    assert_eq!(app.query_resources(&vdi).await["total_count"], 7);
    let sdg = json!({"service_type_code": "hws.service.type.sdg"});
    assert_eq!(listed(&app.query_resources(&sdg).await), dsc_r);

    // One month from the payments: the DSC edition and the Workspace desktop and disk expire;
    // the Workspace App resources run three years, the demo desktop one.
    let month_end = now + Duration::days(32);
    let within = json!({"expire_time_begin": bss_time(now),
        "expire_time_end": bss_time(month_end), "limit": 100});
    let soon = [dsc_r.clone(), by_id(ws_r.clone())].concat();
    assert_eq!(listed(&app.query_resources(&within).await), soon);
    let later = json!({"expire_time_begin": bss_time(month_end), "limit": 100});
    assert_eq!(app.query_resources(&later).await["total_count"], 5);
}

#[tokio::test]
async fn terraforms_numbers_in_strings_are_read() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::Dsc).await;
    app.pay_ok(&id).await;
    let body = json!({"order_id": id, "only_main_resource": "1", "status_list": ["2"],
        "limit": "100", "offset": "0", "expire_time_begin": "", "customer_id": "anyone"});
    assert_eq!(app.query_resources(&body).await["total_count"], 1);
}

#[tokio::test]
async fn every_broken_field_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    let ids: Vec<String> = (0..51).map(|i| format!("r{i}")).collect();
    for (body, needle) in [
        (
            json!({"resource_ids": ids}),
            "resource_ids: must hold 0 to 50 items, got 51",
        ),
        (
            json!({"resource_ids": "r1"}),
            "resource_ids: invalid type: string",
        ),
        (
            json!({"only_main_resource": 2}),
            "only_main_resource: must be 0 to 1, got 2",
        ),
        (
            json!({"only_main_resource": "yes"}),
            "only_main_resource: invalid value",
        ),
        (
            json!({"status_list": [1]}),
            "status_list[0]: must be 2 (in use), 3 (closed), 4 (frozen) or 5 (expired), got 1",
        ),
        (
            json!({"offset": -1}),
            "offset: must be 0 to 2147483647, got -1",
        ),
        (json!({"limit": 0}), "limit: must be 1 to 500, got 0"),
        (json!({"limit": 501}), "limit: must be 1 to 500, got 501"),
        (
            json!({"expire_time_begin": "2026-01-01"}),
            "expire_time_begin: must be a UTC time yyyy-MM-ddTHH:mm:ssZ",
        ),
        (
            json!({"expire_time_begin": "2026-01-02T00:00:00Z", "expire_time_end": "2026-01-01T00:00:00Z"}),
            "expire_time_end: must not be before expire_time_begin",
        ),
        (
            json!({"service_type_code": ""}),
            "service_type_code: must not be empty",
        ),
        (
            json!({"customer_id": "c".repeat(65)}),
            "customer_id: must be at most 64 characters",
        ),
        (json!([]), "request body: must be a JSON object"),
    ] {
        let (status, answer) = app.query_resources_as(DEMO_ROOT, &body).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(answer["error_code"], "CBC.0100", "{answer}");
        let message = answer["error_msg"].as_str().unwrap();
        assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    }
    let (status, answer) = app
        .query_resources_as(
            DEMO_ROOT,
            &json!({"limit": 0, "offset": -1, "service_type_code": ""}),
        )
        .await;
    assert_eq!(status, 400);
    let message = answer["error_msg"].as_str().unwrap();
    for name in ["limit:", "offset:", "service_type_code:"] {
        assert!(message.contains(name), "one answer names {name}: {message}");
    }
}

#[tokio::test]
async fn another_accounts_resources_are_never_listed() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let (status, body) = status_and_json(order_as(&app, ACME_ALL, ACME_PROJECT).await).await;
    assert_eq!(status, 200, "{body}");
    let id = body["order_id"].as_str().unwrap().to_owned();
    let pay = json!({"order_id": id, "use_coupon": "NO", "use_discount": "NO"});
    let credentials = crate::helpers::Credentials::Signed(ACME_ALL);
    let response = app
        .post_json_as(&credentials, "/v3/orders/customer-orders/pay", &pay)
        .await;
    assert_eq!(response.status(), 204);
    let (_, acme) = app
        .query_resources_as(ACME_ALL, &json!({"order_id": id}))
        .await;
    assert_eq!(acme["total_count"], 1, "{acme}");
    let resource = acme["data"][0]["resource_id"].clone();
    assert_eq!(acme["data"][0]["project_id"], ACME_PROJECT);

    for body in [
        json!({}),
        json!({"order_id": id}),
        json!({"resource_ids": [resource]}),
    ] {
        let (status, globex) = app.query_resources_as(GLOBEX, &body).await;
        assert_eq!(status, 200);
        assert_eq!(globex, json!({"total_count": 0, "data": []}), "{body}");
    }
    let (status, answer) = app.query_resources_as(ACME_WS, &json!({})).await;
    assert_eq!(status, 403, "{answer}");
    assert_eq!(answer["error_code"], "CBC.0151");
}

#[tokio::test]
async fn the_viewer_may_list_resources() {
    let app = TestApp::spawn().await;
    let (status, answer) = app.query_resources_as(DEMO_VIEWER, &json!({})).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(listed(&answer), [DEMO_DESKTOP]);
    let response = app
        .send_as(
            &crate::helpers::Credentials::None,
            reqwest::Method::POST,
            PATH,
            &[("content-type", "application/json")],
            b"{}".to_vec(),
        )
        .await;
    assert_eq!(response.status(), 401);
}
