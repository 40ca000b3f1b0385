//! Request signing (SDK-HMAC-SHA256): every way a request can fail to prove who sent it, and the
//! checks of the project and account it acts in.

use orderd::auth::signing;
use orderd::domain::clock::Clock;
use reqwest::Method;
use serde_json::{Value, json};
use time::Duration;

use crate::detail::order_id;
use crate::helpers::{
    Credentials, DEMO_DOMAIN, DEMO_PROJECT, DEMO_ROOT, DEMO_VIEWER, Key, TestApp, assert_error,
    order_id_of, status_and_json,
};

pub fn dsc_path() -> String {
    format!("/v1/{DEMO_PROJECT}/period/order")
}

pub fn dsc_order() -> Value {
    json!({
        "charging_mode": 0, "cloud_service_type": "hws.service.type.sdg", "period_num": 1,
        "period_type": 2, "region_id": "cn-north-4", "zone": "CH",
        "product_infos": [{
            "cloud_service_type": "hws.service.type.sdg", "product_id": "00301-225396-0--0",
            "resource_spec_code": "base_standard", "resource_type": "hws.resource.type.dsc.base"
        }]
    })
}

const JSON: (&str, &str) = ("content-type", "application/json");

/// Headers exactly as sent.
type Headers = Vec<(String, String)>;

fn body() -> Vec<u8> {
    serde_json::to_vec(&dsc_order()).unwrap()
}

/// Headers signed by `key` for a DSC order with `body`.
fn signed(app: &TestApp, key: Key, body: &[u8]) -> Vec<(String, String)> {
    app.authenticate(
        &Credentials::Signed(key),
        &Method::POST,
        &dsc_path(),
        &[JSON],
        body,
    )
}

/// The DSC order, signed by the demo root user, with the extra header `name: value`.
async fn post_with_header(app: &TestApp, name: &str, value: &str) -> reqwest::Response {
    let headers = [JSON, (name, value)];
    app.send(Method::POST, &dsc_path(), &headers, body()).await
}

fn set(headers: &mut [(String, String)], name: &str, value: &str) {
    let slot = headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .unwrap_or_else(|| panic!("{name} not in the request"));
    slot.1 = value.to_owned();
}

#[tokio::test]
async fn a_request_signed_with_the_demo_root_key_places_an_order() {
    let app = TestApp::spawn().await;
    let response = app
        .send_exactly(
            Method::POST,
            &dsc_path(),
            signed(&app, DEMO_ROOT, &body()),
            body(),
        )
        .await;
    let id = order_id_of(response).await;
    assert_eq!(order_id(&app.order_detail(&id).await), id);
}

#[tokio::test]
async fn a_request_without_credentials_gets_401() {
    let app = TestApp::spawn().await;
    let response = app
        .post_json_as(&Credentials::None, &dsc_path(), &dsc_order())
        .await;
    assert_error(response, 401, "APIGW.0301", "no credentials").await;
}

#[tokio::test]
async fn an_unknown_access_key_gets_401() {
    let app = TestApp::spawn().await;
    let stranger = Key {
        ak: "NOSUCHACCESSKEY00001",
        sk: "whatever-secret",
    };
    let response = app
        .post_json_as(&Credentials::Signed(stranger), &dsc_path(), &dsc_order())
        .await;
    assert_error(response, 401, "APIGW.0301", "access key is not known").await;
}

#[tokio::test]
async fn a_signature_made_with_another_secret_gets_401() {
    let app = TestApp::spawn().await;
    let wrong_secret = Key {
        ak: DEMO_ROOT.ak,
        sk: DEMO_VIEWER.sk,
    };
    let response = app
        .post_json_as(
            &Credentials::Signed(wrong_secret),
            &dsc_path(),
            &dsc_order(),
        )
        .await;
    assert_error(response, 401, "APIGW.0301", "verify aksk signature fail").await;
}

#[tokio::test]
async fn anything_changed_after_signing_gets_401() {
    let app = TestApp::spawn().await;
    let original = body();
    let mut tampered_body = dsc_order();
    tampered_body["period_num"] = json!(9);
    let tampered_body = serde_json::to_vec(&tampered_body).unwrap();

    // (case, path sent, headers sent, body sent)
    let mut cases: Vec<(&str, String, Headers, Vec<u8>)> = vec![
        (
            "body",
            dsc_path(),
            signed(&app, DEMO_ROOT, &original),
            tampered_body,
        ),
        (
            "body emptied",
            dsc_path(),
            signed(&app, DEMO_ROOT, &original),
            Vec::new(),
        ),
        (
            "query added",
            format!("{}?zone=CN", dsc_path()),
            signed(&app, DEMO_ROOT, &original),
            original.clone(),
        ),
        (
            "path changed",
            "/v1/ffffffffffffffffffffffffffffffff/period/order".to_owned(),
            signed(&app, DEMO_ROOT, &original),
            original.clone(),
        ),
    ];
    let mut headers = signed(&app, DEMO_ROOT, &original);
    set(
        &mut headers,
        "content-type",
        "application/json; charset=utf-8",
    );
    cases.push((
        "signed header content-type",
        dsc_path(),
        headers,
        original.clone(),
    ));
    let mut headers = signed(&app, DEMO_ROOT, &original);
    let later = signing::format_date(app.clock.now() + Duration::seconds(1));
    set(&mut headers, "x-sdk-date", &later);
    cases.push((
        "signed header x-sdk-date",
        dsc_path(),
        headers,
        original.clone(),
    ));
    let mut headers = signed(&app, DEMO_ROOT, &original);
    let auth = headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
        .clone();
    set(
        &mut headers,
        "authorization",
        &auth.replace("SignedHeaders=content-type;", "SignedHeaders="),
    );
    cases.push((
        "content-type dropped from SignedHeaders",
        dsc_path(),
        headers,
        original.clone(),
    ));

    for (case, path, headers, body) in cases {
        let response = app.send_exactly(Method::POST, &path, headers, body).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(status, 401, "{case}: {text}");
        assert!(text.contains("APIGW.0301"), "{case}: {text}");
    }
}

#[tokio::test]
async fn a_signed_query_string_may_come_in_any_order() {
    let app = TestApp::spawn().await;
    let id = order_id_of(app.post_json(&dsc_path(), &dsc_order()).await).await;
    let signed_path = format!("/v2/orders/customer-orders/details/{id}?limit=10&offset=0");
    let headers = app.authenticate(
        &Credentials::Signed(DEMO_ROOT),
        &Method::GET,
        &signed_path,
        &[],
        b"",
    );
    let reordered = format!("/v2/orders/customer-orders/details/{id}?offset=0&limit=10");
    let (status, body) = status_and_json(
        app.send_exactly(Method::GET, &reordered, headers, Vec::new())
            .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

/// An Authorization header that signs only `names` (correctly).
fn sign_only(app: &TestApp, names: &[&str], body: &[u8]) -> Vec<(String, String)> {
    let date = signing::format_date(app.clock.now());
    let host = app.addr.to_string();
    let headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("host".to_owned(), host.clone()),
        ("x-sdk-date".to_owned(), date.clone()),
    ];
    let values: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| {
            let v = headers.iter().find(|(h, _)| h == n).unwrap();
            (*n, v.1.as_bytes())
        })
        .collect();
    let canonical = signing::canonical_request(
        "POST",
        &dsc_path(),
        None,
        &values,
        &signing::payload_hash(body),
    );
    let sts = signing::string_to_sign(signing::parse_date(&date).unwrap(), &canonical);
    let authorization = signing::Authorization {
        access_key: DEMO_ROOT.ak.to_owned(),
        signed_headers: names.iter().map(|n| n.to_string()).collect(),
        signature: signing::signature(DEMO_ROOT.sk.as_bytes(), &sts),
    };
    let mut all = headers;
    all.push(("authorization".into(), authorization.header_value()));
    all
}

#[tokio::test]
async fn signed_headers_must_include_host_and_x_sdk_date() {
    let app = TestApp::spawn().await;
    let cases: &[(&[&str], &str)] = &[
        (
            &["content-type", "x-sdk-date"],
            "SignedHeaders must include host",
        ),
        (
            &["content-type", "host"],
            "SignedHeaders must include x-sdk-date",
        ),
        (&["x-sdk-date"], "SignedHeaders must include host"),
    ];
    for (names, message) in cases {
        let headers = sign_only(&app, names, &body());
        let response = app
            .send_exactly(Method::POST, &dsc_path(), headers, body())
            .await;
        let (status, answer) = status_and_json(response).await;
        assert_eq!(status, 401, "{names:?}: {answer}");
        assert!(
            answer["error_msg"].as_str().unwrap().contains(message),
            "{names:?}: {answer}"
        );
    }
    let all = sign_only(&app, &["content-type", "host", "x-sdk-date"], &body());
    order_id_of(
        app.send_exactly(Method::POST, &dsc_path(), all, body())
            .await,
    )
    .await;
}

#[tokio::test]
async fn malformed_authorization_and_missing_signed_headers_get_401() {
    let app = TestApp::spawn().await;
    let good = signed(&app, DEMO_ROOT, &body());
    let auth = good
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
        .clone();
    let cases: Vec<(&str, Headers, &str)> = vec![
        (
            "another algorithm",
            {
                let mut h = good.clone();
                set(
                    &mut h,
                    "authorization",
                    &auth.replace("SDK-HMAC-SHA256", "SDK-HMAC-SM3"),
                );
                h
            },
            "only SDK-HMAC-SHA256",
        ),
        (
            "no signature part",
            {
                let mut h = good.clone();
                let cut = auth.split(", Signature=").next().unwrap().to_owned();
                set(&mut h, "authorization", &cut);
                h
            },
            "Signature is missing",
        ),
        (
            "x-sdk-date not sent",
            good.iter()
                .filter(|(n, _)| n != "x-sdk-date")
                .cloned()
                .collect(),
            "X-Sdk-Date is missing",
        ),
        (
            "x-sdk-date in another format",
            {
                let mut h = good.clone();
                set(&mut h, "x-sdk-date", "2026-11-23T12:00:00Z");
                h
            },
            "X-Sdk-Date is missing or not",
        ),
    ];
    for (case, headers, message) in cases {
        let (status, answer) = status_and_json(
            app.send_exactly(Method::POST, &dsc_path(), headers, body())
                .await,
        )
        .await;
        assert_eq!(status, 401, "{case}: {answer}");
        assert_eq!(answer["error_code"], "APIGW.0301", "{case}");
        assert!(
            answer["error_msg"].as_str().unwrap().contains(message),
            "{case}: {answer}"
        );
    }
}

#[tokio::test]
async fn a_signing_date_more_than_15_minutes_off_gets_401() {
    let app = TestApp::spawn().await;
    let now = app.clock.now();
    for (offset, accepted) in [
        (Duration::minutes(-16), false),
        (Duration::minutes(16), false),
        (Duration::days(-1), false),
        (Duration::minutes(-14), true),
        (Duration::minutes(14), true),
    ] {
        let response = app
            .send_as(
                &Credentials::SignedAt(DEMO_ROOT, now + offset),
                Method::POST,
                &dsc_path(),
                &[JSON],
                body(),
            )
            .await;
        let (status, answer) = status_and_json(response).await;
        if accepted {
            assert_eq!(status, 200, "{offset}: {answer}");
        } else {
            assert_eq!(status, 401, "{offset}: {answer}");
            assert!(
                answer["error_msg"]
                    .as_str()
                    .unwrap()
                    .contains("more than 15 minutes"),
                "{offset}: {answer}"
            );
        }
    }
}

#[tokio::test]
async fn a_request_replayed_after_the_window_gets_401() {
    let app = TestApp::spawn().await;
    let headers = signed(&app, DEMO_ROOT, &body());
    order_id_of(
        app.send_exactly(Method::POST, &dsc_path(), headers.clone(), body())
            .await,
    )
    .await;
    app.clock.advance(Duration::minutes(16));
    let replay = app
        .send_exactly(Method::POST, &dsc_path(), headers, body())
        .await;
    assert_error(replay, 401, "APIGW.0301", "more than 15 minutes").await;
}

#[tokio::test]
async fn x_project_id_and_x_domain_id_must_be_the_callers() {
    let app = TestApp::spawn().await;
    let other = "ffffffffffffffffffffffffffffffff";
    // (header, the caller's own value, what a 403 for `other` says)
    let cases = [
        (
            "x-project-id",
            DEMO_PROJECT,
            "X-Project-Id ffffffffffffffffffffffffffffffff does not match",
        ),
        (
            "x-domain-id",
            DEMO_DOMAIN,
            "X-Domain-Id ffffffffffffffffffffffffffffffff is not your account",
        ),
    ];
    for (header, own, refusal) in cases {
        let foreign = post_with_header(&app, header, other).await;
        assert_error(foreign, 403, "APIGW.0302", refusal).await;
        order_id_of(post_with_header(&app, header, own).await).await;
    }
}

#[tokio::test]
async fn a_json_body_cannot_be_declared_unsigned() {
    let app = TestApp::spawn().await;
    let headers = app.authenticate(
        &Credentials::Signed(DEMO_ROOT),
        &Method::POST,
        &dsc_path(),
        &[JSON, ("x-sdk-content-sha256", "UNSIGNED-PAYLOAD")],
        b"{}",
    );
    let response = app
        .send_exactly(Method::POST, &dsc_path(), headers, body())
        .await;
    assert_error(
        response,
        401,
        "APIGW.0301",
        "X-Sdk-Content-Sha256 does not match",
    )
    .await;
}

#[tokio::test]
async fn the_viewer_may_not_create_orders() {
    let app = TestApp::spawn().await;
    let response = app
        .post_json_as(&Credentials::Signed(DEMO_VIEWER), &dsc_path(), &dsc_order())
        .await;
    assert_error(
        response,
        403,
        "APIGW.0302",
        "user demo-viewer is not allowed to perform dsc:orders:create",
    )
    .await;
}

#[tokio::test]
async fn the_body_limit_still_answers_413_for_signed_requests() {
    let app = TestApp::spawn_with_config("[limits]\nmax_body_bytes = 64\n").await;
    let response = app.post_json(&dsc_path(), &dsc_order()).await;
    assert_error(response, 413, "dsc.40000011", "larger than the limit").await;
}

#[tokio::test]
async fn a_project_id_that_does_not_decode_is_refused() {
    let app = TestApp::spawn().await;
    let response = app.post_json("/v1/%FF%FE/period/order", &dsc_order()).await;
    assert_error(
        response,
        404,
        "dsc.40400001",
        "Invalid UTF-8 in `project_id`",
    )
    .await;
}

/// The Python SDK hashes the body only when `Content-Type` starts with `application/json` or
/// `application/bson` (case-sensitively); for any other content type it sends
/// `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`. A JSON body under such a type (`+json` types, an
/// upper-case `Application/JSON`) is what the SDK produces and must verify; where the SDK
/// would have hashed the body, `UNSIGNED-PAYLOAD` stays refused.
#[tokio::test]
async fn unsigned_payload_is_accepted_exactly_where_the_sdk_sends_it() {
    let app = TestApp::spawn().await;
    let unsigned = |content_type: &'static str| {
        app.authenticate(
            &Credentials::Signed(DEMO_ROOT),
            &Method::POST,
            &dsc_path(),
            &[
                ("content-type", content_type),
                ("x-sdk-content-sha256", "UNSIGNED-PAYLOAD"),
            ],
            &body(),
        )
    };
    for content_type in ["application/merge-patch+json", "Application/JSON"] {
        let response = app
            .send_exactly(Method::POST, &dsc_path(), unsigned(content_type), body())
            .await;
        let (status, answer) = status_and_json(response).await;
        assert_eq!(status, 200, "{content_type}: {answer}");
    }
    for content_type in [
        "application/json;charset=UTF-8",
        "application/json-patch+json",
        "application/bson",
    ] {
        let response = app
            .send_exactly(Method::POST, &dsc_path(), unsigned(content_type), body())
            .await;
        assert_error(
            response,
            401,
            "APIGW.0301",
            "X-Sdk-Content-Sha256 does not match",
        )
        .await;
    }
}
