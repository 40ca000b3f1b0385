//! Workspace App: `POST /v1/{project_id}/bundles/subscribe/order`.

use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::detail::{lines, total};
use crate::helpers::{
    Case, DEMO_PROJECT, FOREIGN_ID, TestApp, assert_error, setting, status_and_json, with_field,
};

const CODE: &str = "WKS.00211102";

fn path() -> String {
    format!("/v1/{DEMO_PROJECT}/bundles/subscribe/order")
}

/// The seed page's example request, verbatim.
pub fn seed_example() -> Value {
    json!({
        "resources" : [ {
            "add_volumes" : {
                "service_id" : "string",
                "volumes" : [ {
                    "type" : "SSD",
                    "size" : 10,
                    "cluster_id" : "c950ee97-587c-4f24-8a74-3367e3da570f"
                } ]
            },
            "cloud_service_console_url" : "http://10.*.*.0:8003/v1/{project_id}/bundles/services/create",
            "create_services" : {
                "availability_zone" : "cn-north-5a",
                "data_volumes" : [ {
                    "type" : "SSD",
                    "size" : 10,
                    "cluster_id" : "c950ee97-587c-4f24-8a74-3367e3da570f"
                } ],
                "nics" : [ {
                    "ip_address" : "string",
                    "subnet_id" : "197c1aa4-2611-48bd-a3af-ac4ce2c17c4c"
                } ],
                "ou_name" : "string",
                "product_id" : "workspacehost.s.large2.p01",
                "flavor_id" : "c3.large.4",
                "os_type" : "Windows",
                "root_volume" : {
                    "type" : "SSD",
                    "size" : 10,
                    "cluster_id" : "c950ee97-587c-4f24-8a74-3367e3da570f"
                },
                "server_group_id" : "1",
                "service_type" : "string",
                "subnet_id" : "197c1aa4-2611-48bd-a3af-ac4ce2c17c4c",
                "vpc_id" : "string",
                "security_groups" : [ {
                    "id" : "string",
                    "name" : "string"
                } ],
                "update_access_agent" : "true"
            },
            "is_auto_renew" : 1,
            "period_num" : 3,
            "period_type" : 3,
            "subscription_num" : 3
        } ],
        "type" : "createApps"
    })
}

/// The smallest valid order: mandatory fields only.
fn minimal() -> Value {
    json!({
        "type": "createApps",
        "resources": [{
            "period_type": 2,
            "period_num": 1,
            "subscription_num": 1,
            "create_services": {
                "product_id": "workspacehost.s.large2.p01",
                "root_volume": {"type": "SAS", "size": 80},
                "server_group_id": "sg-1",
                "subnet_id": "subnet-1",
                "vpc_id": "vpc-1"
            }
        }]
    })
}

#[tokio::test]
async fn the_seed_example_places_a_priced_order_of_servers_and_disks() {
    let app = TestApp::spawn().await;
    let id = app.place_ok(&path(), &seed_example()).await;

    let order = app
        .assert_new_demo_order(&id, "hws.service.type.vdi", (3, Some(3)))
        .await;
    assert!(app.order_auto_renews(&id).await);
    let sizes = app.line_sizes(&id).await;
    let items: Vec<_> = lines(&order)
        .iter()
        .zip(sizes)
        .map(|(l, size)| {
            (
                l["category_code"].as_str().expect("category_code"),
                l["product_spec_desc"].as_str().expect("product_spec_desc"),
                l["subscription_num"].as_u64().expect("subscription_num"),
                size,
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "hws.resource.type.workspace.appstream",
                "workspacehost.s.large2.p01",
                3,
                None
            ),
            (
                "hws.resource.type.workspace.appstream.volume",
                "SSD",
                3,
                Some(10)
            ),
            (
                "hws.resource.type.workspace.appstream.volume",
                "SSD",
                3,
                Some(10)
            ),
            (
                "hws.resource.type.workspace.appstream.volume",
                "SSD",
                1,
                Some(10)
            ),
        ]
    );
    // 3 servers × 3500.00 × 3 years; SSD 10.00 per GB-year: 3 root + 3 data disks of 10 GB and
    // one added 10 GB disk, for 3 years.
    assert_eq!(total(&order), Decimal::new(3_360_000, 2));
    assert_eq!(
        app.order_request_body(&id).await,
        seed_example(),
        "the body is kept as received"
    );
}

#[tokio::test]
async fn only_mandatory_fields_are_enough() {
    let app = TestApp::spawn().await;
    let id = app.place_ok(&path(), &minimal()).await;
    assert!(
        !app.order_auto_renews(&id).await,
        "is_auto_renew defaults to 0"
    );
    let order = app.order_detail(&id).await;
    assert_eq!(lines(&order).len(), 2);
    // 350.00 for one month; SAS 0.35 per GB-month × 80 GB.
    assert_eq!(total(&order), Decimal::new(37800, 2));
}

#[tokio::test]
async fn scalars_are_coerced_as_the_java_service_coerces_them() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            "/resources/0/create_services/update_access_agent",
            json!(true),
        ),
        (
            "/resources/0/create_services/update_access_agent",
            json!("FALSE"),
        ),
        ("/resources/0/create_services/update_access_agent", json!(0)),
        ("/resources/0/period_num", json!("2")),
        ("/resources/0/subscription_num", json!(2.0)),
        ("/resources/0/create_services/root_volume/size", json!("90")),
        ("/resources/0/create_services/server_group_id", json!(7)),
    ];
    for (pointer, value) in cases {
        let body = with_field(&minimal(), pointer, Some(value.clone()));
        let (status, answer) = status_and_json(app.post_json(&path(), &body).await).await;
        assert_eq!(status, 200, "{pointer} = {value}: {answer}");
    }
    let body = with_field(
        &minimal(),
        "/resources/0/create_services/update_access_agent",
        Some(json!("yes")),
    );
    assert_error(
        app.post_json(&path(), &body).await,
        400,
        CODE,
        "resources[0].create_services.update_access_agent: invalid value: string \"yes\"",
    )
    .await;
}

#[tokio::test]
async fn every_missing_mandatory_field_is_named() {
    let app = TestApp::spawn().await;
    let cases = [
        ("/type", "type: is required"),
        ("/resources", "resources: is required"),
        (
            "/resources/0/create_services",
            "resources[0].create_services: is required",
        ),
        (
            "/resources/0/subscription_num",
            "resources[0].subscription_num: is required",
        ),
        (
            "/resources/0/period_type",
            "resources[0].period_type: is required",
        ),
        (
            "/resources/0/period_num",
            "resources[0].period_num: is required",
        ),
        (
            "/resources/0/create_services/product_id",
            "resources[0].create_services.product_id: is required",
        ),
        (
            "/resources/0/create_services/root_volume",
            "resources[0].create_services.root_volume: is required",
        ),
        (
            "/resources/0/create_services/root_volume/type",
            "resources[0].create_services.root_volume.type: is required",
        ),
        (
            "/resources/0/create_services/root_volume/size",
            "resources[0].create_services.root_volume.size: is required",
        ),
        (
            "/resources/0/create_services/server_group_id",
            "resources[0].create_services.server_group_id: is required",
        ),
        (
            "/resources/0/create_services/subnet_id",
            "resources[0].create_services.subnet_id: is required",
        ),
        (
            "/resources/0/create_services/vpc_id",
            "resources[0].create_services.vpc_id: is required",
        ),
    ];
    let cases: Vec<Case> = cases.iter().map(|&(p, m)| (p, None, m)).collect();
    app.assert_invalid_cases(&path(), &seed_example(), CODE, &cases)
        .await;
}

#[tokio::test]
async fn all_missing_fields_of_a_resource_are_reported_in_one_answer() {
    let app = TestApp::spawn().await;
    let body = json!({"type": "createApps", "resources": [{"create_services": {}}]});
    let fields = [
        "resources[0].period_type",
        "resources[0].period_num",
        "resources[0].subscription_num",
        "resources[0].create_services.product_id",
        "resources[0].create_services.root_volume",
        "resources[0].create_services.server_group_id",
        "resources[0].create_services.subnet_id",
        "resources[0].create_services.vpc_id",
    ];
    app.assert_all_required(&path(), &body, CODE, &fields).await;
}

#[tokio::test]
async fn each_broken_rule_is_refused_with_its_field_path() {
    let app = TestApp::spawn().await;
    let seed = seed_example();
    let long = |n: usize| json!("x".repeat(n));
    let vol = |t: &str, size: i64| json!({"type": t, "size": size});
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/type",
            json!("createDesktops"),
            "type: must be createApps, got createDesktops",
        ),
        (
            "/resources",
            json!([]),
            "resources: must hold exactly one resource, got 0",
        ),
        (
            "/resources",
            json!([seed["resources"][0], seed["resources"][0]]),
            "resources: must hold exactly one resource, got 2",
        ),
        (
            "/resources/0/create_services/root_volume",
            vol("SSD", 85),
            "resources[0].create_services.root_volume.size: must be a multiple of 10, got 85",
        ),
        (
            "/resources/0/create_services/root_volume",
            vol("SSD", 0),
            "resources[0].create_services.root_volume.size: must be 10 to 1024 GB, got 0",
        ),
        (
            "/resources/0/create_services/root_volume",
            vol("SSD", 1030),
            "resources[0].create_services.root_volume.size: must be 10 to 1024 GB, got 1030",
        ),
        (
            "/resources/0/create_services/root_volume",
            vol("ssd", 10),
            "resources[0].create_services.root_volume.type: must be one of ESSD, SSD, GPSSD, SAS, SATA, got ssd",
        ),
        (
            "/resources/0/create_services/data_volumes",
            json!([vol("SATA", 32770)]),
            "resources[0].create_services.data_volumes[0].size: must be 10 to 32768 GB, got 32770",
        ),
        (
            "/resources/0/create_services/data_volumes",
            json!([vol("SATA", 20), vol("NVME", 15)]),
            "resources[0].create_services.data_volumes[1].type: must be one of",
        ),
        (
            "/resources/0/add_volumes/volumes",
            json!([]),
            "resources[0].add_volumes.volumes: must hold 1 to 10 items, got 0",
        ),
        (
            "/resources/0/add_volumes/volumes",
            json!(vec![vol("SSD", 10); 11]),
            "resources[0].add_volumes.volumes: must hold 1 to 10 items, got 11",
        ),
        (
            "/resources/0/add_volumes/volumes",
            json!([vol("SSD", 15)]),
            "resources[0].add_volumes.volumes[0].size: must be a multiple of 10, got 15",
        ),
        (
            "/resources/0/create_services/os_type",
            json!("Linux"),
            "resources[0].create_services.os_type: must be Windows",
        ),
        (
            "/resources/0/create_services/product_id",
            json!("workspacehost.s.huge"),
            "resources[0].create_services.product_id: no Workspace App product workspacehost.s.huge",
        ),
        (
            "/resources/0/create_services/product_id",
            json!("00301-225396-0--0"),
            "resources[0].create_services.product_id: no Workspace App product 00301-225396-0--0",
        ),
        (
            "/resources/0/create_services/flavor_id",
            json!("c3.xlarge.4"),
            "resources[0].create_services.flavor_id: product workspacehost.s.large2.p01 runs on flavor c3.large.4, got c3.xlarge.4",
        ),
        (
            "/resources/0/period_type",
            json!(4),
            "resources[0].period_type: must be 2 (month) or 3 (year) for application servers, got 4",
        ),
        (
            "/resources/0/period_type",
            json!(1),
            "resources[0].period_type: must be one of 2 (month) or 3 (year), got 1",
        ),
        (
            "/resources/0/period_num",
            json!(0),
            "resources[0].period_num: must be 1 to 100 for years",
        ),
        (
            "/resources/0/is_auto_renew",
            json!(2),
            "resources[0].is_auto_renew: must be 0 (no) or 1 (yes), got 2",
        ),
        (
            "/resources/0/subscription_num",
            json!(0),
            "resources[0].subscription_num: must be 1 to 100, got 0",
        ),
        (
            "/resources/0/subscription_num",
            json!(101),
            "resources[0].subscription_num: must be 1 to 100, got 101",
        ),
        (
            "/resources/0/create_services/server_group_id",
            json!(""),
            "resources[0].create_services.server_group_id: must not be empty",
        ),
        (
            "/resources/0/create_services/server_group_id",
            long(129),
            "resources[0].create_services.server_group_id: must be 1 to 128 characters long, got 129",
        ),
        (
            "/resources/0/create_services/vpc_id",
            long(256),
            "resources[0].create_services.vpc_id: must be 1 to 255 characters long, got 256",
        ),
        (
            "/resources/0/create_services/nics",
            json!(vec![json!({}); 6]),
            "resources[0].create_services.nics: must hold 0 to 5 items, got 6",
        ),
        (
            "/resources/0/create_services/security_groups",
            json!([{"name": "x".repeat(56)}]),
            "resources[0].create_services.security_groups[0].name: must be 0 to 55 characters long, got 56",
        ),
        (
            "/resources/0/cloud_service_console_url",
            long(256),
            // The definition's minLength is 1: the rule names 1, not 0.
            "resources[0].cloud_service_console_url: must be 1 to 255 characters long, got 256",
        ),
        (
            "/resources/0/cloud_service_console_url",
            json!(""),
            "resources[0].cloud_service_console_url: must not be empty",
        ),
        (
            "/resources/0/create_services/root_volume/size",
            json!([10]),
            "resources[0].create_services.root_volume.size: invalid type: array, expected an integer",
        ),
    ];
    app.assert_invalid_cases(&path(), &seed, CODE, &setting(cases))
        .await;
    assert_eq!(app.order_count().await, 0, "no refused order is stored");
}

#[tokio::test]
async fn a_project_not_the_callers_is_forbidden() {
    let app = TestApp::spawn().await;
    let foreign = format!("/v1/{FOREIGN_ID}/bundles/subscribe/order");
    app.assert_forbidden(&foreign, &seed_example(), FOREIGN_ID)
        .await;
}

#[tokio::test]
async fn malformed_bodies_answer_in_the_workspace_app_family() {
    let app = TestApp::spawn().await;
    assert_error(
        app.post_raw(&path(), "{\"type\":", Some("application/json"))
            .await,
        400,
        CODE,
        "malformed JSON",
    )
    .await;
    assert_error(
        app.post_raw(&path(), "type=createApps", Some("text/plain"))
            .await,
        415,
        CODE,
        "Content-Type must be application/json",
    )
    .await;
}

#[tokio::test]
async fn each_violation_is_reported_once() {
    let app = TestApp::spawn().await;
    let body = json!({"type": "createApps", "resources": [{"create_services": {}}]});
    let (status, answer) = status_and_json(app.post_json(&path(), &body).await).await;
    assert_eq!(status, 400, "{answer}");
    let message = answer["error_msg"].as_str().unwrap();
    for rule in [
        "resources[0].period_type: is required",
        "resources[0].period_num: is required",
        "resources[0].subscription_num: is required",
    ] {
        assert_eq!(message.matches(rule).count(), 1, "{rule} once in {message}");
    }
}

/// The seed documents 405 for a method the API does not accept, and the definition its code
/// (`MethodNotAllowedErrorResp`: `WKS.00000405`).
#[tokio::test]
async fn another_method_is_405_in_the_definitions_code() {
    let app = TestApp::spawn().await;
    let path = path();
    for method in [Method::GET, Method::PUT, Method::DELETE] {
        let response = app.send(method.clone(), &path, &[], Vec::new()).await;
        let (status, answer) = status_and_json(response).await;
        assert_eq!(status, 405, "{method}: {answer}");
        assert_eq!(answer["error_code"], "WKS.00000405", "{method}: {answer}");
        let message = answer["error_msg"].as_str().unwrap();
        assert!(
            message.contains(&format!("does not accept {method}")),
            "{message}"
        );
    }
}
