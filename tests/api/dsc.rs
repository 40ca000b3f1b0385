//! DSC instance ordering: `POST /v1/{project_id}/period/order`.

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::detail::{line_amounts, line_texts, lines, order_id, total};
use crate::helpers::{
    DEMO_PROJECT, FOREIGN_ID, TestApp, assert_error, setting, status_and_json, with_field,
};

fn path() -> String {
    format!("/v1/{DEMO_PROJECT}/period/order")
}

/// The seed's example with a real product id and the demo project's region.
fn seed_example() -> Value {
    json!({
        "charging_mode": 0,
        "cloud_service_type": "hws.service.type.sdg",
        "is_auto_renew": 0,
        "period_num": 1,
        "period_type": 2,
        "region_id": "cn-north-4",
        "zone": "CH",
        "product_infos": [{
            "cloud_service_type": "hws.service.type.sdg",
            "product_id": "00301-225397-0--0",
            "resource_size": 30,
            "resource_size_measure_id": 30,
            "resource_spec_code": "base_professional",
            "resource_type": "hws.resource.type.dsc.base"
        }]
    })
}

fn db_line(size: Value) -> Value {
    json!({
        "cloud_service_type": "hws.service.type.sdg",
        "product_id": "00301-225398-0--0",
        "resource_size": size,
        "resource_size_measure_id": 30,
        "resource_spec_code": "DB_standard",
        "resource_type": "hws.resource.type.dsc.db"
    })
}

#[tokio::test]
async fn the_seed_example_places_a_stored_order_pending_payment() {
    let app = TestApp::spawn().await;
    let id = app.place_ok(&path(), &seed_example()).await;

    let order = app
        .assert_new_demo_order(&id, "hws.service.type.sdg", (2, Some(1)))
        .await;
    assert_eq!(
        line_texts(&order, "product_spec_desc"),
        ["base_professional"]
    );
    // base_professional is priced as a whole: 6000.00 a month in the built-in catalog.
    assert_eq!(total(&order), Decimal::new(600000, 2));
    assert_eq!(order["order_info"]["currency"], "CNY");
    assert_eq!(
        app.order_request_body(&id).await,
        seed_example(),
        "the request body is kept as received"
    );
}

#[tokio::test]
async fn sized_lines_cost_price_times_periods_times_size() {
    let app = TestApp::spawn().await;
    let mut body = with_field(&seed_example(), "/period_num", Some(json!(3)));
    body["product_infos"] = json!([seed_example()["product_infos"][0], db_line(json!(5))]);
    let id = app.place_ok(&path(), &body).await;
    let order = app.order_detail(&id).await;
    // 6000 × 3 for the base edition, 500 × 3 × 5 databases.
    assert_eq!(line_amounts(&order)[1], Decimal::new(750000, 2));
    assert_eq!(total(&order), Decimal::new(2550000, 2));
}

#[tokio::test]
async fn terraforms_camel_case_body_without_zone_or_base_size_is_accepted() {
    let app = TestApp::spawn().await;
    let body = json!({
        "regionId": "cn-north-4",
        "cloudServiceType": "hws.service.type.sdg",
        "periodNum": 1,
        "periodType": 3,
        "isAutoRenew": 1,
        "chargingMode": 0,
        "productInfos": [{
            "cloudServiceType": "hws.service.type.sdg",
            "resourceType": "hws.resource.type.dsc.base",
            "resourceSpecCode": "base_standard",
            "productId": "00301-225396-0--0"
        }, {
            "cloudServiceType": "hws.service.type.sdg",
            "resourceType": "hws.resource.type.dsc.obs",
            "resourceSpecCode": "OBS_standard",
            "resourceSize": 10,
            "resourceSizeMeasureId": 47,
            "productId": "00301-225400-0--0"
        }]
    });
    let id = app.place_ok(&path(), &body).await;
    assert!(app.order_auto_renews(&id).await);
    assert_eq!(lines(&app.order_detail(&id).await).len(), 2);
    assert_eq!(app.line_sizes(&id).await[1], Some(10));
}

#[tokio::test]
async fn every_missing_mandatory_field_is_named() {
    let app = TestApp::spawn().await;
    let mut db_order = seed_example();
    db_order["product_infos"] = json!([db_line(json!(2))]);
    let cases: &[(&Value, &str, &str)] = &[
        (
            &seed_example(),
            "/charging_mode",
            "charging_mode: is required",
        ),
        (
            &seed_example(),
            "/cloud_service_type",
            "cloud_service_type: is required",
        ),
        (&seed_example(), "/period_num", "period_num: is required"),
        (&seed_example(), "/period_type", "period_type: is required"),
        (
            &seed_example(),
            "/product_infos",
            "product_infos: is required",
        ),
        (&seed_example(), "/region_id", "region_id: is required"),
        (
            &seed_example(),
            "/product_infos/0/cloud_service_type",
            "product_infos[0].cloud_service_type: is required",
        ),
        (
            &seed_example(),
            "/product_infos/0/product_id",
            "product_infos[0].product_id: is required",
        ),
        (
            &seed_example(),
            "/product_infos/0/resource_spec_code",
            "product_infos[0].resource_spec_code: is required",
        ),
        (
            &seed_example(),
            "/product_infos/0/resource_type",
            "product_infos[0].resource_type: is required",
        ),
        (
            &db_order,
            "/product_infos/0/resource_size",
            "product_infos[0].resource_size: is required",
        ),
        (
            &db_order,
            "/product_infos/0/resource_size_measure_id",
            "product_infos[0].resource_size_measure_id: is required",
        ),
    ];
    for (base, pointer, message) in cases {
        let case = [(*pointer, None, *message)];
        app.assert_invalid_cases(&path(), base, "dsc.40000011", &case)
            .await;
    }
}

#[tokio::test]
async fn all_missing_fields_are_reported_in_one_answer() {
    let app = TestApp::spawn().await;
    let fields = [
        "charging_mode",
        "cloud_service_type",
        "period_num",
        "period_type",
        "product_infos",
        "region_id",
    ];
    app.assert_all_required(&path(), &json!({}), "dsc.40000011", &fields)
        .await;
}

#[tokio::test]
async fn enums_and_ranges_are_enforced() {
    let app = TestApp::spawn().await;
    let seed = seed_example();
    let cases = [
        ("/charging_mode", json!(3), "charging_mode: must be 0"),
        ("/charging_mode", json!(-1), "charging_mode: must be 0"),
        (
            "/period_type",
            json!(1),
            "period_type: must be one of 2 (month) or 3 (year), got 1",
        ),
        ("/period_type", json!(4), "period_type: must be one of"),
        ("/period_num", json!(0), "period_num: must be 1 to 9"),
        ("/period_num", json!(10), "period_num: must be 1 to 9"),
        (
            "/is_auto_renew",
            json!(2),
            "is_auto_renew: must be 0 (no) or 1 (yes), got 2",
        ),
        ("/zone", json!(""), "zone: must not be empty"),
        (
            "/product_infos",
            json!([]),
            "product_infos: must hold at least one product",
        ),
        (
            "/product_infos/0/resource_size",
            json!(0),
            "product_infos[0].resource_size: must be 1 to 1000, got 0",
        ),
        (
            "/product_infos/0/resource_size_measure_id",
            json!(17),
            "product_infos[0].resource_size_measure_id: product 00301-225397-0--0 is measured in 30, got 17",
        ),
    ];
    app.assert_invalid_cases(&path(), &seed, "dsc.40000011", &setting(cases))
        .await;
    let four_years = with_field(
        &with_field(&seed, "/period_type", Some(json!(3))),
        "/period_num",
        Some(json!(4)),
    );
    assert_error(
        app.post_json(&path(), &four_years).await,
        400,
        "dsc.40000011",
        "period_num: must be 1 to 3 for years",
    )
    .await;
}

#[tokio::test]
async fn wrong_json_types_name_the_field() {
    let app = TestApp::spawn().await;
    let seed = seed_example();
    let cases = [
        (
            "/period_num",
            json!("1"),
            "period_num: invalid type: string",
        ),
        (
            "/charging_mode",
            json!(0.5),
            "charging_mode: invalid type: floating point",
        ),
        (
            "/product_infos",
            json!({}),
            "product_infos: invalid type: object, expected an array",
        ),
        (
            "/product_infos/0/resource_size",
            json!("30"),
            "product_infos[0].resource_size: invalid type: string",
        ),
        ("/region_id", json!(4), "region_id: invalid type: integer"),
    ];
    app.assert_invalid_cases(&path(), &seed, "dsc.40000011", &setting(cases))
        .await;
}

#[tokio::test]
async fn products_must_agree_with_the_catalog() {
    let app = TestApp::spawn().await;
    let seed = seed_example();
    let cases = [
        (
            "/product_infos/0/product_id",
            json!("00301-999999-0--0"),
            "product_infos[0].product_id: no catalog product 00301-999999-0--0",
        ),
        (
            "/product_infos/0/resource_spec_code",
            json!("base_gold"),
            "product_infos[0].resource_spec_code: no catalog product base_gold",
        ),
        (
            "/product_infos/0/resource_spec_code",
            json!("base_standard"),
            "product 00301-225397-0--0 has spec code base_professional",
        ),
        (
            "/product_infos/0/resource_type",
            json!("hws.resource.type.dsc.db"),
            "product_infos[0].resource_type: product 00301-225397-0--0 has resource type",
        ),
        (
            "/product_infos/0/cloud_service_type",
            json!("hws.service.type.ebs"),
            "product_infos[0].cloud_service_type: must equal the order's cloud_service_type",
        ),
        (
            "/cloud_service_type",
            json!("hws.service.type.ebs"),
            "cloud_service_type: must be hws.service.type.sdg",
        ),
        (
            "/region_id",
            json!("cn-south-1"),
            "region_id: must be the project's region cn-north-4, got cn-south-1",
        ),
    ];
    app.assert_invalid_cases(&path(), &seed, "dsc.40000011", &setting(cases))
        .await;
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let app = TestApp::spawn().await;
    let body = with_field(
        &seed_example(),
        "/something_new",
        Some(json!({"nested": [1, 2]})),
    );
    app.place_ok(&path(), &body).await;
}

#[tokio::test]
async fn a_project_no_account_owns_is_forbidden_like_any_project_not_the_callers() {
    let app = TestApp::spawn().await;
    let foreign = format!("/v1/{FOREIGN_ID}/period/order");
    let needle = format!("project {FOREIGN_ID} is not a project of your account");
    app.assert_forbidden(&foreign, &seed_example(), &needle)
        .await;
}

#[tokio::test]
async fn concurrent_orders_get_distinct_well_formed_ids_and_are_all_stored() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let app = std::sync::Arc::clone(&app);
        tasks.push(tokio::spawn(async move {
            app.place_ok(&path(), &seed_example()).await
        }));
    }
    let mut ids = HashSet::new();
    for task in tasks {
        ids.insert(task.await.unwrap());
    }
    assert_eq!(ids.len(), 200);
    for id in &ids {
        assert_eq!(order_id(&app.order_detail(id).await), id, "{id} stored");
    }
}

#[tokio::test]
async fn ids_and_times_come_from_the_injected_clock() {
    let app = TestApp::spawn().await;
    let at = time::macros::datetime!(2027-03-04 23:59:30.25 UTC);
    app.clock.set(at);
    let id = app.place_ok(&path(), &seed_example()).await;
    assert!(id.starts_with("CS2703050759"), "UTC+8 minute in {id}");
    let order = app.order_detail(&id).await;
    assert_eq!(order["order_info"]["create_time"], "2027-03-04T23:59:30Z");
    assert_eq!(app.order_times(&id).await, (at, at), "placed and changed");
}

/// The seed's `ProductInfoBean` also documents `all_resource_names` (array of strings),
/// `display_id`, `usage_factor` (strings), `usage_measure_id` (int32) and `usage_value`
/// (double): the SDK sends them, so they are read with their types, not ignored.
#[tokio::test]
async fn the_informational_product_fields_are_read_with_their_documented_types() {
    let app = TestApp::spawn().await;
    let line = "/product_infos/0";
    let full = [
        ("all_resource_names", json!(["db-1", "db-2"])),
        ("display_id", json!("display-1")),
        ("usage_factor", json!("1.0")),
        ("usage_measure_id", json!(17)),
        ("usage_value", json!(2.5)),
    ]
    .into_iter()
    .fold(seed_example(), |body, (name, value)| {
        with_field(&body, &format!("{line}/{name}"), Some(value))
    });
    let id = app.place_ok(&path(), &full).await;
    assert_eq!(order_id(&app.order_detail(&id).await), id);

    let cases = [
        (
            "/product_infos/0/usage_value",
            json!("abc"),
            "product_infos[0].usage_value: invalid type: string",
        ),
        (
            "/product_infos/0/usage_measure_id",
            json!("17"),
            "product_infos[0].usage_measure_id: invalid type: string",
        ),
        (
            "/product_infos/0/usage_measure_id",
            json!(2_147_483_648_i64),
            "product_infos[0].usage_measure_id: invalid value: integer `2147483648`",
        ),
        (
            "/product_infos/0/all_resource_names",
            json!("db-1"),
            "product_infos[0].all_resource_names: invalid type: string",
        ),
        (
            "/product_infos/0/all_resource_names",
            json!([1]),
            "product_infos[0].all_resource_names[0]: invalid type: integer",
        ),
        (
            "/product_infos/0/display_id",
            json!(7),
            "product_infos[0].display_id: invalid type: integer",
        ),
        (
            "/product_infos/0/usage_factor",
            json!(1.5),
            "product_infos[0].usage_factor: invalid type: floating point",
        ),
    ];
    app.assert_invalid_cases(&path(), &full, "dsc.40000011", &setting(cases))
        .await;
}

/// A key given twice is refused naming it, at the top level as deeper down; a top-level key is
/// not prefixed with serde's `.` for the root.
#[tokio::test]
async fn a_key_given_twice_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    let seed = serde_json::to_string(&seed_example()).unwrap();
    for (from, to, expected) in [
        (
            "\"period_num\":1",
            "\"period_num\":1,\"period_num\":2",
            "duplicate field `period_num`",
        ),
        (
            "\"zone\":\"CH\"",
            "\"zone\":\"CH\",\"regionId\":\"cn-north-4\"",
            "duplicate field `region_id`",
        ),
        (
            "\"resource_size\":30",
            "\"resource_size\":30,\"resourceSize\":30",
            "product_infos[0]: duplicate field `resource_size`",
        ),
    ] {
        let raw = seed.replacen(from, to, 1);
        assert_ne!(raw, seed, "{expected}: the body must change");
        let response = app
            .post_raw(&path(), raw.into_bytes(), Some("application/json"))
            .await;
        let (status, answer) = status_and_json(response).await;
        assert_eq!(status, 400, "{expected}: {answer}");
        assert_eq!(answer["error_code"], "dsc.40000011", "{expected}: {answer}");
        let message = answer["error_msg"].as_str().unwrap();
        assert!(message.starts_with(expected), "{expected}: {message}");
    }
}

/// A very long value is refused naming its field, without the answer repeating all of it.
#[tokio::test]
async fn a_very_long_value_is_named_not_echoed_whole() {
    let app = TestApp::spawn().await;
    let long = "x".repeat(200_000);
    for (pointer, needle) in [
        (
            "/region_id",
            "region_id: must be the project's region cn-north-4, got xxx",
        ),
        ("/period_num", "period_num: invalid type: string \"xxx"),
    ] {
        let body = with_field(&seed_example(), pointer, Some(json!(long)));
        let (status, answer) = status_and_json(app.post_json(&path(), &body).await).await;
        assert_eq!(status, 400, "{pointer}");
        let message = answer["error_msg"].as_str().unwrap();
        assert!(
            message.starts_with(needle),
            "{pointer}: {}",
            &message[..100]
        );
        assert!(message.len() < 1_000, "{pointer}: {} bytes", message.len());
        assert!(message.contains("characters left out"), "{pointer}");
    }
    // The end of serde's message, what it expected, survives the clipping.
    let body = with_field(&seed_example(), "/period_num", Some(json!(long)));
    let (_, answer) = status_and_json(app.post_json(&path(), &body).await).await;
    let message = answer["error_msg"].as_str().unwrap();
    assert!(message.contains("expected an integer"), "{message}");
}

/// A number no double holds (`1e309`) is a malformed body, but the answer still names the field
/// it was sent for.
#[tokio::test]
async fn a_number_out_of_range_names_its_field() {
    let app = TestApp::spawn().await;
    let seed = serde_json::to_string(&seed_example()).unwrap();
    for (from, to, field) in [
        ("\"period_num\":1", "\"period_num\":1e309", "period_num: "),
        (
            "\"resource_size\":30",
            "\"resource_size\":-1e400",
            "product_infos[0].resource_size: ",
        ),
    ] {
        let raw = seed.replacen(from, to, 1);
        assert_ne!(raw, seed, "{field}: the body must change");
        let response = app
            .post_raw(&path(), raw.into_bytes(), Some("application/json"))
            .await;
        let (status, answer) = status_and_json(response).await;
        assert_eq!(status, 400, "{field}: {answer}");
        assert_eq!(answer["error_code"], "dsc.40000011", "{field}: {answer}");
        let message = answer["error_msg"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{field}malformed JSON: number out of range")),
            "{message}"
        );
    }
}

/// `-0` is an integer in JSON's grammar, read as 0 by the service: a valid `is_auto_renew`, and
/// a `period_num` out of range, not a "floating point".
#[tokio::test]
async fn negative_zero_is_the_integer_zero() {
    let app = TestApp::spawn().await;
    let seed = serde_json::to_string(&seed_example()).unwrap();
    let raw = seed.replacen("\"is_auto_renew\":0", "\"is_auto_renew\":-0", 1);
    assert_ne!(raw, seed);
    let response = app
        .post_raw(&path(), raw.into_bytes(), Some("application/json"))
        .await;
    let (status, answer) = status_and_json(response).await;
    assert_eq!(status, 200, "{answer}");

    let raw = seed.replacen("\"period_num\":1", "\"period_num\":-0", 1);
    assert_ne!(raw, seed);
    let response = app
        .post_raw(&path(), raw.into_bytes(), Some("application/json"))
        .await;
    assert_error(
        response,
        400,
        "dsc.40000011",
        "period_num: must be 1 to 9 for months (period_type 2), got 0",
    )
    .await;
}

/// A body of many broken lines is answered with the first 100 violations and a count of the
/// rest, not with every one of them (100 000 empty lines answered with 20 MB).
#[tokio::test]
async fn a_huge_list_of_broken_lines_gets_a_bounded_answer() {
    let app = TestApp::spawn().await;
    let body = with_field(
        &seed_example(),
        "/product_infos",
        Some(json!(vec![json!({}); 20_000])),
    );
    let (status, answer) = status_and_json(app.post_json(&path(), &body).await).await;
    assert_eq!(status, 400);
    let message = answer["error_msg"].as_str().unwrap();
    assert!(
        message.starts_with("product_infos[0].cloud_service_type: is required"),
        "{}",
        &message[..200]
    );
    // Four missing fields per line: 80 000 violations, 100 listed.
    assert!(
        message.ends_with("; … and 79900 more"),
        "{}",
        &message[message.len() - 200..]
    );
    assert!(message.len() < 10_000, "{} bytes", message.len());
}
