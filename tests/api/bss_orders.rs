//! ListCustomerOrders: `GET /v2/orders/customer-orders`.

use orderd::domain::clock::Clock;
use reqwest::Method;
use serde_json::{Value, json};
use time::Duration;

use crate::bss::{ACME_ALL, ACME_PROJECT, ACME_WS, GLOBEX, order_as, two_accounts};
use crate::bss_helpers::{PACKAGE_ID, SERVICES, Service, bss_time, ids, is_bss_time};
use crate::helpers::{
    Credentials, DEMO_DOMAIN, DEMO_VIEWER, Key, TestApp, assert_error, status_and_json,
};

const PATH: &str = "/v2/orders/customer-orders";

/// Places an order of each service, a minute apart, oldest first; gives their ids.
async fn one_of_each(app: &TestApp) -> Vec<String> {
    let mut placed = Vec::new();
    for service in SERVICES {
        placed.push(app.place_of(service).await);
        app.clock.advance(Duration::minutes(1));
    }
    placed
}

#[tokio::test]
async fn every_order_is_listed_newest_first_with_every_field() {
    let app = TestApp::spawn().await;
    let placed = one_of_each(&app).await;
    let list = app.list_orders("").await;
    assert_eq!(list["total_count"], 5, "{list}");
    let newest_first: Vec<String> = placed.iter().rev().cloned().collect();
    assert_eq!(ids(&list["order_infos"], "order_id"), newest_first);

    for (entry, service) in list["order_infos"]
        .as_array()
        .unwrap()
        .iter()
        .zip(SERVICES.iter().rev())
    {
        let id = entry["order_id"].as_str().unwrap();
        let detail = app.order_detail(id).await;
        let (code, name) = service.names();
        let expected = json!({
            "order_id": id,
            "customer_id": DEMO_DOMAIN,
            "service_type_code": code,
            "service_type_name": name,
            "source_type": 1,
            "status": 6,
            "order_type": 1,
            "amount_after_discount": detail["order_info"]["amount_after_discount"],
            "official_amount": detail["order_info"]["amount_after_discount"],
            "measure_id": 1,
            "create_time": entry["create_time"],
            "payment_time": null,
            "currency": "CNY",
            "contract_id": null,
            "amount_info": {"discounts": [], "flexipurchase_coupon_amount": 0, "coupon_amount": 0,
                "stored_card_amount": 0, "commission_amount": 0, "consumed_amount": 0},
            "enterprise_projects": [],
            "sub_order_infos": [],
            "agent_pay_info": {"is_agent_pay": false}
        });
        assert_eq!(entry, &expected, "{service:?}");
        assert!(is_bss_time(&entry["create_time"]), "{entry}");
        assert_eq!(entry["create_time"], detail["order_info"]["create_time"]);
    }
}

#[tokio::test]
async fn a_paid_order_shows_when_it_was_paid() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::Dsc).await;
    app.clock.advance(Duration::hours(2));
    let paid_at = app.clock.now();
    app.pay_ok(&id).await;
    let entry = &app.list_orders("").await["order_infos"][0];
    assert_eq!(entry["status"], 5, "delivered at once: {entry}");
    assert_eq!(entry["payment_time"], bss_time(paid_at));
}

#[tokio::test]
async fn pages_are_cut_from_either_end() {
    let app = TestApp::spawn().await;
    let mut placed = Vec::new();
    for _ in 0..3 {
        placed.push(app.place_of(Service::Dsc).await);
        app.clock.advance(Duration::seconds(1));
    }
    let [a, b, c] = [placed[0].as_str(), placed[1].as_str(), placed[2].as_str()];
    assert_eq!(app.listed_ids("").await, [c, b, a]);
    assert_eq!(app.listed_ids("limit=2").await, [c, b]);
    assert_eq!(app.listed_ids("limit=2&offset=2").await, [a]);
    assert_eq!(app.listed_ids("offset=3").await, Vec::<String>::new());
    assert_eq!(app.listed_ids("order_by=createTime").await, [a, b, c]);
    assert_eq!(app.listed_ids("order_by=-createTime&limit=1").await, [c]);
    assert_eq!(app.listed_ids("order_by=CREATETIME&offset=1").await, [b, c]);
    let page = app.list_orders("limit=1&offset=1").await;
    assert_eq!(
        page["total_count"], 3,
        "the total counts every page: {page}"
    );
    assert_eq!(app.listed_ids("limit=&offset=&order_by=").await, [c, b, a]);
}

#[tokio::test]
async fn times_select_from_the_begin_to_the_end_second_inclusive() {
    let app = TestApp::spawn().await;
    let t0 = app.clock.now();
    let a = &app.place_of(Service::Dsc).await;
    app.clock.advance(Duration::days(1));
    let t1 = app.clock.now();
    let b = &app.place_of(Service::Dsc).await;
    app.clock.advance(Duration::days(1));
    let c = &app.place_of(Service::Dsc).await;
    app.clock.advance(Duration::days(1));
    let t3 = app.clock.now();
    app.pay_ok(b).await;
    let (a, b, c) = (a.as_str(), b.as_str(), c.as_str());

    let created = |from: time::OffsetDateTime, to: time::OffsetDateTime| {
        format!(
            "create_time_begin={}&create_time_end={}",
            bss_time(from),
            bss_time(to)
        )
    };
    assert_eq!(app.listed_ids(&created(t1, t1)).await, [b]);
    assert_eq!(app.listed_ids(&created(t0, t1)).await, [b, a]);
    let since_t1 = format!("create_time_begin={}", bss_time(t1));
    assert_eq!(app.listed_ids(&since_t1).await, [c, b]);
    let until_t0 = format!("create_time_end={}", bss_time(t0));
    assert_eq!(app.listed_ids(&until_t0).await, [a]);
    let before_t0 = format!("create_time_end={}", bss_time(t0 - Duration::seconds(1)));
    assert!(app.listed_ids(&before_t0).await.is_empty());

    let paid = format!(
        "payment_time_begin={}&payment_time_end={}",
        bss_time(t3),
        bss_time(t3)
    );
    assert_eq!(app.listed_ids(&paid).await, [b]);
    let paid_before = format!("payment_time_end={}", bss_time(t3 - Duration::seconds(1)));
    assert!(app.listed_ids(&paid_before).await.is_empty());
}

#[tokio::test]
async fn orders_are_filtered_by_id_service_status_and_type() {
    let app = TestApp::spawn().await;
    let placed = one_of_each(&app).await;
    let [dsc, workspace, app_order, package, ies] = [0, 1, 2, 3, 4].map(|i| placed[i].as_str());
    app.pay_ok(dsc).await;
    app.pay_ok(ies).await;

    let by_id = format!("order_id={}", workspace.to_lowercase());
    assert_eq!(app.listed_ids(&by_id).await, [workspace]);
    let by_client_id = format!("order_id={PACKAGE_ID}");
    assert_eq!(app.listed_ids(&by_client_id).await, [package]);
    assert!(
        app.listed_ids("order_id=CS2108102036B2CAI")
            .await
            .is_empty()
    );
    assert!(
        app.listed_ids("order_id=pkg0001").await.is_empty(),
        "caller ids keep their case"
    );

    for (code, expected) in [
        ("hws.service.type.vdi", vec![app_order, workspace]),
        ("HWS.SERVICE.TYPE.SDG", vec![dsc]),
        ("hws.service.type.dis", vec![package]),
        ("hws.service.type.ies", vec![ies]),
        ("hws.service.type.ecs", vec![]),
    ] {
        let query = format!("service_type_code={code}");
        assert_eq!(app.listed_ids(&query).await, expected, "{code}");
    }
    assert_eq!(app.listed_ids("status=5").await, [ies, dsc]);
    assert_eq!(
        app.listed_ids("status=6").await,
        [package, app_order, workspace]
    );
    assert!(app.listed_ids("status=4").await.is_empty());
    assert_eq!(app.listed_ids("order_type=1").await.len(), 5);
    for nothing_of_orderd in ["order_type=2", "order_type=10", "order_type=15"] {
        assert!(
            app.listed_ids(nothing_of_orderd).await.is_empty(),
            "{nothing_of_orderd}"
        );
    }
    let combined = format!("status=5&service_type_code=hws.service.type.sdg&order_id={dsc}");
    assert_eq!(app.listed_ids(&combined).await, [dsc]);
}

#[tokio::test]
async fn only_the_callers_own_orders_are_listed() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::Dsc).await;
    let own = format!("customer_id={DEMO_DOMAIN}");
    assert_eq!(app.listed_ids(&own).await, [id.as_str()]);
    assert_eq!(app.listed_ids("method=oneself").await, [id.as_str()]);
    assert_eq!(
        app.listed_ids("indirect_partner_id=p1").await,
        [id.as_str()]
    );
    for nothing in [
        "customer_id=ffffffffffffffffffffffffffffffff",
        "method=sub_customer",
    ] {
        let list = app.list_orders(nothing).await;
        assert_eq!(
            list,
            json!({"total_count": 0, "order_infos": []}),
            "{nothing}"
        );
    }
}

#[tokio::test]
async fn every_broken_parameter_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    for (query, needle) in [
        (
            "limit=0",
            "limit: must be an integer from 1 to 100, got \"0\"",
        ),
        ("limit=101", "limit: must be an integer from 1 to 100"),
        ("limit=ten", "limit: must be an integer"),
        (
            "offset=-1",
            "offset: must be an integer from 0 to 2147483647",
        ),
        (
            "status=2",
            "status: must be one of 1, 3, 4, 5, 6, 9, got \"2\"",
        ),
        ("status=done", "status: must be one of"),
        (
            "order_type=new",
            "order_type: must be one of 1, 2, 3, 4, 10, 11, 13, 14, 15",
        ),
        ("order_type=5", "order_type: must be one of"),
        (
            "order_by=amount",
            "order_by: must be createTime or -createTime",
        ),
        ("method=all", "method: must be oneself or sub_customer"),
        (
            "create_time_begin=2026-01-01",
            "create_time_begin: must be a UTC time yyyy-MM-ddTHH:mm:ssZ",
        ),
        (
            "create_time_end=2026-01-01T00:00:00%2B08:00",
            "create_time_end: must be a UTC time",
        ),
        (
            "payment_time_begin=yesterday",
            "payment_time_begin: must be a UTC time",
        ),
        (
            "create_time_begin=2025-01-01T00:00:00Z&create_time_end=2026-01-01T00:00:01Z",
            "create_time_end: must be at most 1 year after create_time_begin",
        ),
        (
            "payment_time_begin=2026-01-02T00:00:00Z&payment_time_end=2026-01-01T00:00:00Z",
            "payment_time_end: must not be before payment_time_begin",
        ),
        ("limit=1&limit=2", "query string"),
    ] {
        let path = format!("{PATH}?{query}");
        assert_error(app.get(&path).await, 400, "CBC.0100", needle).await;
    }
    let (status, body) =
        status_and_json(app.get(&format!("{PATH}?limit=0&status=2&method=x")).await).await;
    assert_eq!(status, 400);
    let message = body["error_msg"].as_str().unwrap();
    for name in ["limit:", "status:", "method:"] {
        assert!(message.contains(name), "one answer names {name}: {message}");
    }
    let a_year = "create_time_begin=2025-01-01T00:00:00Z&create_time_end=2026-01-01T00:00:00Z";
    assert!(
        app.listed_ids(a_year).await.is_empty(),
        "exactly a year is allowed"
    );
}

#[tokio::test]
async fn another_accounts_orders_are_never_listed() {
    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let (status, body) = status_and_json(order_as(&app, ACME_ALL, ACME_PROJECT).await).await;
    assert_eq!(status, 200, "{body}");
    let acme_order = body["order_id"].as_str().unwrap().to_owned();
    let list_as = |key: Key, query: String| {
        let app = &app;
        async move {
            let path = format!("{PATH}?{query}");
            let (status, body) =
                status_and_json(app.get_as(&Credentials::Signed(key), &path).await).await;
            assert_eq!(status, 200, "{path}: {body}");
            body
        }
    };
    let acme = list_as(ACME_ALL, String::new()).await;
    assert_eq!(ids(&acme["order_infos"], "order_id"), [acme_order.as_str()]);
    let empty = json!({"total_count": 0, "order_infos": []});
    for query in [
        String::new(),
        format!("order_id={acme_order}"),
        "customer_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".to_owned(),
    ] {
        assert_eq!(list_as(GLOBEX, query.clone()).await, empty, "{query}");
    }
}

#[tokio::test]
async fn reading_the_list_needs_the_order_view_action() {
    let app = TestApp::spawn().await;
    let id = app.place_of(Service::Dsc).await;
    let viewer = Credentials::Signed(DEMO_VIEWER);
    let (status, body) = status_and_json(app.get_as(&viewer, PATH).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body["order_infos"], "order_id"), [id.as_str()]);

    let app = TestApp::spawn_with_config(&two_accounts()).await;
    let response = app.get_as(&Credentials::Signed(ACME_WS), PATH).await;
    assert_error(response, 403, "CBC.0151", "bss:order:view").await;
    let response = app.get_as(&Credentials::None, PATH).await;
    assert_error(response, 401, "APIGW.0301", "").await;
}

#[tokio::test]
async fn each_bss_path_reaches_its_own_handler() {
    let app = TestApp::spawn().await;
    for (method, path, body) in [
        (Method::GET, PATH, None),
        (Method::GET, "/v2/accounts/customer-accounts/balances", None),
        (Method::GET, "/v2/products/service-types?limit=1", None),
        (
            Method::POST,
            "/v2/orders/suscriptions/resources/query",
            Some(json!({"only_main_resource": 1})),
        ),
    ] {
        let (headers, bytes): (&[(&str, &str)], Vec<u8>) = match &body {
            Some(b) => (
                &[("content-type", "application/json")],
                b.to_string().into_bytes(),
            ),
            None => (&[], Vec::new()),
        };
        let (status, answer) =
            status_and_json(app.send(method.clone(), path, headers, bytes).await).await;
        assert_eq!(status, 200, "{method} {path}: {answer}");
    }
    let details = "/v2/orders/customer-orders/details/CS2108102036B2CAI";
    assert_error(
        app.get(details).await,
        404,
        "CBC.30000010",
        "does not exist",
    )
    .await;
    // The package order route still takes its own path.
    let (status, _) = status_and_json(app.post_json("/v2/orders/PKG1", &json!({})).await).await;
    assert_eq!(status, 400, "a package order without a tenant");
}

#[tokio::test]
async fn an_unknown_path_is_still_404() {
    let app = TestApp::spawn().await;
    for path in [
        "/v2/orders/customer-orders/nothing",
        "/v2/orders/customer-orders/details",
        "/v2/orders/suscriptions/resources/nothing",
        "/v2/orders/subscriptions/resources/query",
        "/v2/accounts/customer-accounts",
        "/v2/products/nothing",
    ] {
        assert_error(app.get(path).await, 404, "APIGW.0101", path).await;
    }
    let wrong_method = app.post_json(PATH, &Value::Null).await;
    assert_error(wrong_method, 405, "APIGW.0201", PATH).await;
}
