//! BSS price inquiry: `POST /v2/bills/ratings/period-resources/subscribe-rate`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::detail::amount;
use crate::helpers::{
    Credentials, DEMO_PROJECT, DEMO_VIEWER, FOREIGN_ID, Key, TestApp, assert_error, setting,
    status_and_json, with_field,
};

pub const PATH: &str = "/v2/bills/ratings/period-resources/subscribe-rate";
const CODE: &str = "CBC.0100";
const SDG: &str = "hws.service.type.sdg";

/// One line of Terraform's inquiry for a DSC instance: what `buildProductInfo` sends, integer
/// fields as strings where Terraform writes strings.
pub fn terraform_line(
    id: &str,
    resource_type: &str,
    spec: &str,
    size: Option<(i64, i64)>,
) -> Value {
    let mut line = json!({
        "id": id,
        "cloud_service_type": SDG,
        "resource_type": resource_type,
        "resource_spec": spec,
        "region": "cn-north-4",
        "period_type": "2",
        "period_num": 1,
        "subscription_num": "1"
    });
    if let Some((size, measure)) = size {
        line["resource_size"] = json!(size);
        line["size_measure_id"] = json!(measure);
    }
    line
}

/// Terraform's inquiry for a standard DSC edition with one OBS and one database package.
pub fn terraform_inquiry() -> Value {
    json!({
        "project_id": DEMO_PROJECT,
        "product_infos": [
            terraform_line("1", "hws.resource.type.dsc.base", "base_standard", None),
            terraform_line("2", "hws.resource.type.dsc.obs", "OBS_standard", Some((1, 47))),
            terraform_line("3", "hws.resource.type.dsc.db", "DB_standard", Some((1, 30))),
        ]
    })
}

/// A one-line inquiry with the SDK's types (integers as numbers).
fn sdk_inquiry(line: Value) -> Value {
    json!({"project_id": DEMO_PROJECT, "product_infos": [line]})
}

fn sdk_line(resource_type: &str, spec: &str) -> Value {
    json!({
        "id": "a",
        "cloud_service_type": SDG,
        "resource_type": resource_type,
        "resource_spec": spec,
        "region": "cn-north-4",
        "period_type": 3,
        "period_num": 2,
        "subscription_num": 1
    })
}

fn results(answer: &Value) -> &[Value] {
    answer["official_website_rating_result"]["product_rating_results"]
        .as_array()
        .unwrap_or_else(|| panic!("product_rating_results missing: {answer}"))
}

fn total(answer: &Value) -> Decimal {
    amount(&answer["official_website_rating_result"]["official_website_amount"])
}

#[tokio::test]
async fn terraforms_dsc_inquiry_learns_each_lines_product_id() {
    let app = TestApp::spawn().await;
    let answer = app.post_ok(PATH, &terraform_inquiry()).await;
    // What Terraform reads: official_website_rating_result.product_rating_results[].{id, product_id}.
    let ids: Vec<(&str, &str)> = results(&answer)
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["product_id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ids,
        [
            ("1", "00301-225396-0--0"),
            ("2", "00301-225400-0--0"),
            ("3", "00301-225398-0--0"),
        ]
    );
    assert_eq!(app.order_count().await, 0, "an inquiry stores nothing");
}

#[tokio::test]
async fn the_answer_gives_every_documented_field_with_list_prices() {
    let app = TestApp::spawn().await;
    let answer = app.post_ok(PATH, &terraform_inquiry()).await;
    let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "currency",
            "official_website_rating_result",
            "optional_discount_rating_results"
        ]
    );
    assert_eq!(answer["currency"], "CNY");
    assert_eq!(answer["optional_discount_rating_results"], json!([]));
    let result = &answer["official_website_rating_result"];
    assert_eq!(result["measure_id"], 1);
    assert!(result["official_website_amount"].is_number(), "{result}");
    // A month of: the standard edition 3000.00, 1 OBS package 0.40, 1 database 500.00.
    assert_eq!(total(&answer), Decimal::new(350040, 2));
    let amounts: Vec<Decimal> = results(&answer)
        .iter()
        .map(|r| amount(&r["official_website_amount"]))
        .collect();
    assert_eq!(
        amounts,
        [
            Decimal::new(3000, 0),
            Decimal::new(40, 2),
            Decimal::new(500, 0)
        ]
    );
    for r in results(&answer) {
        assert_eq!(r["measure_id"], 1, "{r}");
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["id", "measure_id", "official_website_amount", "product_id"],
            "no installment fields without installments"
        );
    }
    assert!(result.get("installment_official_website_amount").is_none());
    assert!(result.get("installment_period_type").is_none());
}

#[tokio::test]
async fn lines_cost_what_orders_of_them_cost() {
    let app = TestApp::spawn().await;
    // Two years of 7 professional database packages, 3 of them: 8000.00 × 2 × 7 × 3.
    let mut db = sdk_line("hws.resource.type.dsc.db", "DB_professional");
    db["resource_size"] = json!(7);
    db["size_measure_id"] = json!(30);
    db["subscription_num"] = json!(3);
    let answer = app.post_ok(PATH, &sdk_inquiry(db)).await;
    assert_eq!(total(&answer), Decimal::new(336_000, 0));
    assert_eq!(results(&answer)[0]["product_id"], "00301-225399-0--0");

    // The professional edition priced as a whole, its size informational: 60000.00 × 2.
    let mut base = sdk_line("hws.resource.type.dsc.base", "base_professional");
    base["resource_size"] = json!(30);
    base["size_measure_id"] = json!(30);
    let answer = app.post_ok(PATH, &sdk_inquiry(base.clone())).await;
    assert_eq!(total(&answer), Decimal::new(120_000, 0));

    // Ordering the same line gives the same amount.
    let order = json!({
        "charging_mode": 0, "cloud_service_type": SDG, "period_num": 2, "period_type": 3,
        "region_id": "cn-north-4",
        "product_infos": [{"cloud_service_type": SDG, "product_id": "00301-225397-0--0",
            "resource_spec_code": "base_professional", "resource_type": "hws.resource.type.dsc.base"}]
    });
    let id = app
        .place_ok(&format!("/v1/{DEMO_PROJECT}/period/order"), &order)
        .await;
    let detail = app.order_detail(&id).await;
    assert_eq!(crate::detail::total(&detail), total(&answer));
}

#[tokio::test]
async fn hourly_prices_are_given_where_the_catalog_has_them_and_days_are_refused_naming_the_line() {
    let app = TestApp::spawn().await;
    let bandwidth = json!({
        "id": "bw", "cloud_service_type": "hws.service.type.vdi",
        "resource_type": "hws.resource.type.workspace.bandwidth", "resource_spec": "wks_bandwidth",
        "region": "cn-north-4", "available_zone": "cn-north-4a",
        "resource_size": 10, "size_measure_id": 15,
        "period_type": 4, "period_num": 24, "subscription_num": 1
    });
    let answer = app.post_ok(PATH, &sdk_inquiry(bandwidth.clone())).await;
    // 0.05 an hour per Mbit/s × 24 hours × 10 Mbit/s.
    assert_eq!(total(&answer), Decimal::new(12, 0));
    let daily = with_field(&bandwidth, "/period_type", Some(json!(0)));
    let inquiry = json!({"project_id": DEMO_PROJECT,
        "product_infos": [terraform_line("1", "hws.resource.type.dsc.base", "base_standard", None), daily]});
    assert_error(
        app.post_json(PATH, &inquiry).await,
        400,
        CODE,
        "product_infos[1]: product workspace.bandwidth has no daily price",
    )
    .await;
    let base_hourly = with_field(
        &terraform_inquiry(),
        "/product_infos/0/period_type",
        Some(json!("4")),
    );
    assert_error(
        app.post_json(PATH, &base_hourly).await,
        400,
        CODE,
        "product_infos[0]: product 00301-225396-0--0 has no hourly price",
    )
    .await;
}

#[tokio::test]
async fn cloudpond_products_may_be_paid_in_monthly_installments() {
    let app = TestApp::spawn().await;
    let line = |id: &str, resource_type: &str, spec: &str, mode: &str| {
        json!({
            "id": id, "cloud_service_type": "hws.service.type.ies", "resource_type": resource_type,
            "resource_spec": spec, "region": "cn-north-4", "period_type": 3, "period_num": 3,
            "subscription_num": 1, "fee_installment_mode": mode
        })
    };
    let mut pool = line(
        "pool",
        "hws.resource.type.ies.storagepool",
        "SSD",
        "ZERO_PAY",
    );
    pool["resource_size"] = json!(2);
    pool["size_measure_id"] = json!(18);
    let inquiry = json!({"project_id": DEMO_PROJECT, "product_infos": [
        line("server", "hws.resource.type.ies.server", "ies.server.general.c6", "HALF_PAY"),
        pool,
        line("switch", "hws.resource.type.ies.networkdevice", "ies.networkdevice.switch.48x25ge", "NA"),
    ]});
    let answer = app.post_ok(PATH, &inquiry).await;
    let result = &answer["official_website_rating_result"];
    // 3 years: server 120000.00 (half over 36 months: 1666.67 a month), 2 TB of SSD 18000.00
    // (all over 36 months: 500.00), the switch 45000.00 paid at once.
    assert_eq!(total(&answer), Decimal::new(183_000, 0));
    let rows: Vec<(Value, Value)> = results(&answer)
        .iter()
        .map(|r| {
            (
                r["installment_official_website_amount"].clone(),
                r["installment_period_type"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (json!("1666.67"), json!(2)),
            (json!("500.00"), json!(2)),
            (Value::Null, Value::Null),
        ]
    );
    assert_eq!(result["installment_official_website_amount"], "2166.67");
    assert_eq!(result["installment_period_type"], 2);
}

#[tokio::test]
async fn every_missing_mandatory_field_is_named_in_one_answer() {
    let app = TestApp::spawn().await;
    app.assert_all_required(PATH, &json!({}), CODE, &["project_id", "product_infos"])
        .await;
    let empty_line = json!({"project_id": DEMO_PROJECT, "product_infos": [{}]});
    let fields = [
        "product_infos[0].id",
        "product_infos[0].cloud_service_type",
        "product_infos[0].resource_type",
        "product_infos[0].resource_spec",
        "product_infos[0].region",
        "product_infos[0].period_type",
        "product_infos[0].period_num",
        "product_infos[0].subscription_num",
    ];
    app.assert_all_required(PATH, &empty_line, CODE, &fields)
        .await;
    let db_without_size = json!({"project_id": DEMO_PROJECT, "product_infos": [
        terraform_line("1", "hws.resource.type.dsc.db", "DB_standard", None)]});
    app.assert_all_required(
        PATH,
        &db_without_size,
        CODE,
        &[
            "product_infos[0].resource_size",
            "product_infos[0].size_measure_id",
        ],
    )
    .await;
}

#[tokio::test]
async fn each_broken_rule_is_refused_naming_its_field() {
    let app = TestApp::spawn().await;
    let base = terraform_inquiry();
    let long = "x".repeat(65);
    let cases = setting([
        (
            "/project_id",
            json!(long),
            "project_id: must be 1 to 64 characters, got 65",
        ),
        (
            "/product_infos",
            json!([]),
            "product_infos: must hold 1 to 100 items, got 0",
        ),
        (
            "/product_infos/0/id",
            json!(""),
            "product_infos[0].id: must be 1 to 64 characters, got 0",
        ),
        (
            "/product_infos/1/id",
            json!("1"),
            "product_infos[1].id: must be unique in the request; product_infos[0] has id 1",
        ),
        (
            "/product_infos/0/region",
            json!("cn-east-3"),
            "product_infos[0].region: must be the project's region cn-north-4, got cn-east-3",
        ),
        (
            "/product_infos/0/resource_spec",
            json!(""),
            "product_infos[0].resource_spec: must be 1 to 400 characters, got 0",
        ),
        (
            "/product_infos/0/available_zone",
            json!("z".repeat(65)),
            "product_infos[0].available_zone: must be 1 to 64 characters, got 65",
        ),
        (
            "/product_infos/0/period_type",
            json!("1"),
            "product_infos[0].period_type: must be one of 0 (day), 2 (month), 3 (year) or 4 (hour), got 1",
        ),
        (
            "/product_infos/0/period_type",
            json!(5),
            "product_infos[0].period_type: must be one of",
        ),
        (
            "/product_infos/0/period_num",
            json!(12),
            "product_infos[0].period_num: must be 1 to 11 for months (period_type 2), got 12",
        ),
        (
            "/product_infos/0/period_num",
            json!("0"),
            "product_infos[0].period_num: must be 1 to 11",
        ),
        (
            "/product_infos/0/subscription_num",
            json!(0),
            "product_infos[0].subscription_num: must be at least 1, got 0",
        ),
        (
            "/product_infos/0/subscription_num",
            json!(2_147_483_648_i64),
            "product_infos[0].subscription_num: must be at most 2147483647",
        ),
        (
            "/product_infos/0/period_type",
            json!("two"),
            "product_infos[0].period_type: invalid value: string \"two\", expected an integer",
        ),
        (
            "/product_infos/0/period_num",
            json!(1.5),
            "product_infos[0].period_num: invalid value",
        ),
        (
            "/product_infos/0/fee_installment_mode",
            json!("FULL"),
            "product_infos[0].fee_installment_mode: must be HALF_PAY, ZERO_PAY or NA, got FULL",
        ),
        (
            "/product_infos/0/fee_installment_mode",
            json!("HALF_PAY"),
            "product_infos[0].fee_installment_mode: installments are offered for CloudPond (hws.service.type.ies) products only; product 00301-225396-0--0 belongs to hws.service.type.sdg",
        ),
        (
            "/product_infos/1/resource_size",
            json!(0),
            "product_infos[1].resource_size: must be 1 to 10000, got 0",
        ),
        (
            "/product_infos/1/size_measure_id",
            json!(30),
            "product_infos[1].size_measure_id: product 00301-225400-0--0 is measured in 47, got 30",
        ),
        (
            "/product_infos/1/resource_size",
            json!("many"),
            "product_infos[1].resource_size: invalid value",
        ),
    ]);
    app.assert_invalid_cases(PATH, &base, CODE, &cases).await;
    let years = with_field(&base, "/product_infos/0/period_type", Some(json!(3)));
    let cases = setting([(
        "/product_infos/0/period_num",
        json!(4),
        "product_infos[0].period_num: must be 1 to 3 for years (period_type 3), got 4",
    )]);
    app.assert_invalid_cases(PATH, &years, CODE, &cases).await;
}

#[tokio::test]
async fn a_hundred_lines_are_priced_and_a_hundred_and_one_refused() {
    let app = TestApp::spawn().await;
    let lines = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| {
                terraform_line(
                    &i.to_string(),
                    "hws.resource.type.dsc.base",
                    "base_standard",
                    None,
                )
            })
            .collect()
    };
    let answer = app
        .post_ok(
            PATH,
            &json!({"project_id": DEMO_PROJECT, "product_infos": lines(100)}),
        )
        .await;
    assert_eq!(results(&answer).len(), 100);
    assert_eq!(results(&answer)[99]["id"], "99");
    assert_eq!(total(&answer), Decimal::new(300_000, 0));
    assert_error(
        app.post_json(
            PATH,
            &json!({"project_id": DEMO_PROJECT, "product_infos": lines(101)}),
        )
        .await,
        400,
        CODE,
        "product_infos: must hold 1 to 100 items, got 101",
    )
    .await;
}

#[tokio::test]
async fn numeric_ids_are_taken_as_their_text() {
    let app = TestApp::spawn().await;
    let body = with_field(&terraform_inquiry(), "/product_infos/0/id", Some(json!(7)));
    let answer = app.post_ok(PATH, &body).await;
    assert_eq!(results(&answer)[0]["id"], "7");
}

#[tokio::test]
async fn an_empty_zone_or_installment_mode_is_absent_as_the_sdk_documents() {
    let app = TestApp::spawn().await;
    let mut body = terraform_inquiry();
    body["product_infos"][0]["available_zone"] = json!("");
    body["product_infos"][0]["fee_installment_mode"] = json!("");
    body["product_infos"][1]["fee_installment_mode"] = Value::Null;
    body["product_infos"][2]["fee_installment_mode"] = json!("NA");
    let answer = app.post_ok(PATH, &body).await;
    assert_eq!(total(&answer), Decimal::new(350040, 2));
}

#[tokio::test]
async fn products_the_catalog_lacks_are_named_with_their_own_code_after_every_broken_rule() {
    let app = TestApp::spawn().await;
    let mut body = terraform_inquiry();
    body["product_infos"][1]["resource_spec"] = json!("OBS_gold");
    body["product_infos"][2]["cloud_service_type"] = json!("hws.service.type.ecs");
    let (status, answer) = status_and_json(app.post_json(PATH, &body).await).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error_code"], "CBC.99006006");
    let message = answer["error_msg"].as_str().unwrap();
    assert!(
        message.contains(
            "product_infos[1]: product not found: no hws.service.type.sdg product of resource type hws.resource.type.dsc.obs with spec OBS_gold"
        ),
        "{message}"
    );
    assert!(
        message.contains("product_infos[2]: product not found: no hws.service.type.ecs product"),
        "{message}"
    );
    assert!(!message.contains("product_infos[0]"), "{message}");

    // A broken rule anywhere is reported instead, in the generic code.
    let also_broken = with_field(&body, "/product_infos/0/period_num", Some(json!(0)));
    assert_error(
        app.post_json(PATH, &also_broken).await,
        400,
        CODE,
        "product_infos[0].period_num: must be 1 to 11",
    )
    .await;
}

#[tokio::test]
async fn a_project_not_the_callers_is_403_after_every_broken_rule() {
    let app = TestApp::spawn().await;
    let foreign = with_field(&terraform_inquiry(), "/project_id", Some(json!(FOREIGN_ID)));
    assert_error(
        app.post_json(PATH, &foreign).await,
        403,
        "CBC.0151",
        &format!("project_id: {FOREIGN_ID} is not a project of your account"),
    )
    .await;
    let broken = with_field(
        &foreign,
        "/product_infos/0/subscription_num",
        Some(json!(0)),
    );
    assert_error(
        app.post_json(PATH, &broken).await,
        400,
        CODE,
        "product_infos[0].subscription_num",
    )
    .await;
}

#[tokio::test]
async fn the_viewer_may_ask_and_nobody_unauthenticated() {
    let app = TestApp::spawn().await;
    let (status, answer) = status_and_json(
        app.post_json_as(
            &Credentials::Signed(DEMO_VIEWER),
            PATH,
            &terraform_inquiry(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(results(&answer).len(), 3);
    assert_error(
        app.post_json_as(&Credentials::None, PATH, &terraform_inquiry())
            .await,
        401,
        "APIGW.0301",
        "",
    )
    .await;
}

const ACME: Key = Key::new("ACMERATINGAK00000001", "acme-rating-secret");
const ACME_OPS: Key = Key::new("ACMERATINGOPS0000001", "acme-ops-secret");
const ACME_PROJECT: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
const GLOBEX_PROJECT: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";

fn accounts_with_a_euro_product() -> String {
    format!(
        r#"
        [[accounts]]
        domain_name = "acme"
        domain_id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        projects = [{{ id = "{ACME_PROJECT}", region = "eu-west-0" }}]
        [[accounts.users]]
        name = "acme"
        root = true
        access_keys = [{{ access_key = "{acme_ak}", secret_key = "{acme_sk}" }}]
        [[accounts.users]]
        name = "acme-ops"
        actions = ["dsc:*:*"]
        access_keys = [{{ access_key = "{ops_ak}", secret_key = "{ops_sk}" }}]

        [[accounts]]
        domain_name = "globex"
        domain_id = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        projects = [{{ id = "{GLOBEX_PROJECT}", region = "eu-west-0" }}]

        [[catalog.products]]
        product_id = "euro-edition"
        cloud_service_type = "hws.service.type.sdg"
        resource_type = "hws.resource.type.dsc.base"
        resource_spec_code = "base_euro"
        currency = "EUR"
        price = {{ month = "9.99", day = "0.40" }}
        "#,
        acme_ak = ACME.ak,
        acme_sk = ACME.sk,
        ops_ak = ACME_OPS.ak,
        ops_sk = ACME_OPS.sk,
    )
}

fn eu_line(id: &str, spec: &str, period_type: i64, period_num: i64) -> Value {
    json!({
        "id": id, "cloud_service_type": SDG, "resource_type": "hws.resource.type.dsc.base",
        "resource_spec": spec, "region": "eu-west-0", "period_type": period_type,
        "period_num": period_num, "subscription_num": 1
    })
}

#[tokio::test]
async fn configured_products_are_priced_in_their_currency_and_by_the_day() {
    let app = TestApp::spawn_with_config(&accounts_with_a_euro_product()).await;
    let acme = Credentials::Signed(ACME);
    let ask =
        |lines: Vec<Value>, project: &str| json!({"project_id": project, "product_infos": lines});
    let (status, answer) = status_and_json(
        app.post_json_as(
            &acme,
            PATH,
            &ask(vec![eu_line("d", "base_euro", 0, 10)], ACME_PROJECT),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["currency"], "EUR");
    assert_eq!(total(&answer), Decimal::new(4, 0), "0.40 a day × 10 days");
    assert_error(
        app.post_json_as(
            &acme,
            PATH,
            &ask(vec![eu_line("d", "base_euro", 0, 31)], ACME_PROJECT),
        )
        .await,
        400,
        CODE,
        "product_infos[0].period_num: must be 1 to 30 for days (period_type 0), got 31",
    )
    .await;
    let mixed = ask(
        vec![
            eu_line("e", "base_euro", 2, 1),
            eu_line("y", "base_standard", 2, 1),
        ],
        ACME_PROJECT,
    );
    assert_error(
        app.post_json_as(&acme, PATH, &mixed).await,
        400,
        CODE,
        "product_infos: products are priced in different currencies (EUR and CNY)",
    )
    .await;
}

#[tokio::test]
async fn another_accounts_project_is_refused_and_a_user_without_bss_view_too() {
    let app = TestApp::spawn_with_config(&accounts_with_a_euro_product()).await;
    let body =
        json!({"project_id": GLOBEX_PROJECT, "product_infos": [eu_line("1", "base_euro", 2, 1)]});
    assert_error(
        app.post_json_as(&Credentials::Signed(ACME), PATH, &body)
            .await,
        403,
        "CBC.0151",
        &format!("project_id: {GLOBEX_PROJECT} is not a project of your account"),
    )
    .await;
    let own = with_field(&body, "/project_id", Some(json!(ACME_PROJECT)));
    assert_error(
        app.post_json_as(&Credentials::Signed(ACME_OPS), PATH, &own)
            .await,
        403,
        "CBC.0151",
        "acme-ops is not allowed to perform bss:order:view",
    )
    .await;
}
