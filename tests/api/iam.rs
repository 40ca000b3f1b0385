//! IAM: password tokens and what they allow; the project and domain lookups of the SDKs.

use orderd::domain::clock::Clock;
use reqwest::Method;
use serde_json::{Value, json};
use time::Duration;

use crate::auth::{dsc_order, dsc_path};
use crate::detail::order_id;
use crate::helpers::{
    Credentials, DEMO_DOMAIN, DEMO_PROJECT, TestApp, assert_error, status_and_json,
};

fn login(user: &str, password: &str, scope: Value) -> Value {
    json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "password": password, "domain": {"name": "demo"}}}},
        "scope": scope
    }})
}

fn project_scope() -> Value {
    json!({"project": {"name": "cn-north-4"}})
}

async fn request_token(app: &TestApp, body: &Value) -> reqwest::Response {
    app.send_as(
        &Credentials::None,
        Method::POST,
        "/v3/auth/tokens",
        &[("content-type", "application/json")],
        serde_json::to_vec(body).unwrap(),
    )
    .await
}

async fn token(app: &TestApp, user: &str, password: &str, scope: Value) -> String {
    app.password_token("demo", user, password, scope).await
}

async fn order_with(app: &TestApp, credentials: &Credentials) -> reqwest::Response {
    app.post_json_as(credentials, &dsc_path(), &dsc_order())
        .await
}

/// Asserts that an order placed with `token` is refused as expired.
async fn assert_token_expired(app: &TestApp, token: String) {
    let response = order_with(app, &Credentials::Token(token)).await;
    assert_error(response, 401, "APIGW.0301", "token expires").await;
}

/// Asserts that an order placed with `token` is accepted; `why` says why it should be.
async fn assert_token_accepted(app: &TestApp, token: &str, why: &str) {
    let response = order_with(app, &Credentials::Token(token.to_owned())).await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{why}: {body}");
}

#[tokio::test]
async fn a_password_login_answers_201_with_the_token_in_x_subject_token() {
    let app = TestApp::spawn().await;
    let response = request_token(&app, &login("demo", "demo-password", project_scope())).await;
    assert_eq!(response.status(), 201);
    let token = response.headers()["x-subject-token"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(token.len() > 40, "{token}");
    let (_, body) = status_and_json(response).await;
    let t = &body["token"];
    assert_eq!(t["methods"], json!(["password"]));
    assert_eq!(t["user"]["name"], "demo");
    assert_eq!(t["user"]["domain"]["id"], DEMO_DOMAIN);
    assert_eq!(t["project"]["id"], DEMO_PROJECT);
    assert_eq!(t["project"]["name"], "cn-north-4");
    assert!(t.get("domain").is_none(), "{t}");
    let time_of = |field: &str| {
        let text = t[field].as_str().unwrap();
        assert!(text.ends_with('Z') && text.len() == 27, "{field}: {text}");
        time::PrimitiveDateTime::parse(
            text.trim_end_matches('Z'),
            &time::format_description::well_known::Iso8601::DEFAULT,
        )
        .unwrap()
        .assume_utc()
    };
    let (issued, expires) = (time_of("issued_at"), time_of("expires_at"));
    let now = app.clock.now();
    assert_eq!(
        issued,
        now.replace_nanosecond(now.microsecond() * 1000).unwrap(),
        "issued by the server's clock, to the microsecond"
    );
    let lifetime = expires - issued;
    assert!(
        lifetime > Duration::hours(24) - Duration::seconds(1) && lifetime <= Duration::hours(24),
        "24 hours by default, to the second: {lifetime}"
    );
}

#[tokio::test]
async fn a_project_token_places_orders_in_its_project() {
    let app = TestApp::spawn().await;
    let token = token(&app, "demo", "demo-password", project_scope()).await;
    let (status, body) = status_and_json(order_with(&app, &Credentials::Token(token)).await).await;
    assert_eq!(status, 200, "{body}");
    let id = body["order_id"].as_str().unwrap();
    assert_eq!(order_id(&app.order_detail(id).await), id);
}

#[tokio::test]
async fn a_domain_token_reads_orders_but_cannot_act_in_a_project() {
    let app = TestApp::spawn().await;
    let (_, placed) = status_and_json(app.post_json(&dsc_path(), &dsc_order()).await).await;
    let id = placed["order_id"].as_str().unwrap();
    let token = token(
        &app,
        "demo",
        "demo-password",
        json!({"domain": {"name": "demo"}}),
    )
    .await;
    let credentials = Credentials::Token(token);
    assert_error(
        order_with(&app, &credentials).await,
        403,
        "APIGW.0302",
        "needs a project-scoped token",
    )
    .await;
    let read = app
        .get_as(
            &credentials,
            &format!("/v2/orders/customer-orders/details/{id}"),
        )
        .await;
    let (status, body) = status_and_json(read).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["order_info"]["order_id"], id);
}

#[tokio::test]
async fn the_viewers_token_carries_the_viewers_permissions() {
    let app = TestApp::spawn().await;
    let token = token(&app, "demo-viewer", "demo-viewer-password", project_scope()).await;
    assert_error(
        order_with(&app, &Credentials::Token(token)).await,
        403,
        "APIGW.0302",
        "demo-viewer is not allowed to perform dsc:orders:create",
    )
    .await;
}

#[tokio::test]
async fn a_wrong_name_or_password_gets_the_same_401() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            "wrong password",
            login("demo", "demo-passwor", project_scope()),
        ),
        (
            "another user's password",
            login("demo", "demo-viewer-password", project_scope()),
        ),
        (
            "no such user",
            login("nobody", "demo-password", project_scope()),
        ),
        (
            "no such account",
            json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
                "name": "demo", "password": "demo-password", "domain": {"name": "acme"}}}},
                "scope": project_scope()}}),
        ),
    ];
    for (case, body) in cases {
        let response = request_token(&app, &body).await;
        assert!(
            response.headers().get("x-subject-token").is_none(),
            "{case}"
        );
        let (status, answer) = status_and_json(response).await;
        assert_eq!(status, 401, "{case}: {answer}");
        assert_eq!(answer["error_code"], "IAM.0004", "{case}");
        assert_eq!(
            answer["error_msg"], "The username or password is wrong.",
            "{case}"
        );
    }
}

#[tokio::test]
async fn a_malformed_login_gets_400_naming_the_field() {
    let app = TestApp::spawn().await;
    let mut body = login("demo", "demo-password", project_scope());
    body["auth"]["identity"]["password"]["user"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    assert_error(
        request_token(&app, &body).await,
        400,
        "IAM.0007",
        "auth.identity.password.user.name: is required",
    )
    .await;
}

#[tokio::test]
async fn a_scope_outside_the_users_account_is_refused() {
    let app = TestApp::spawn().await;
    for scope in [
        json!({"project": {"id": "ffffffffffffffffffffffffffffffff"}}),
        json!({"project": {"name": "eu-west-0"}}),
        json!({"domain": {"name": "acme"}}),
    ] {
        let response = request_token(&app, &login("demo", "demo-password", scope.clone())).await;
        let (status, answer) = status_and_json(response).await;
        assert_eq!(status, 403, "{scope}: {answer}");
        assert_eq!(answer["error_code"], "IAM.0003", "{scope}");
    }
}

#[tokio::test]
async fn tokens_expire_and_altered_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let token = token(&app, "demo", "demo-password", project_scope()).await;
    let mut altered = token.clone().into_bytes();
    let last = altered.len() - 1;
    altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
    let altered = String::from_utf8(altered).unwrap();
    for bad in [altered, "not-a-token".to_owned()] {
        let response = order_with(&app, &Credentials::Token(bad)).await;
        assert_error(response, 401, "APIGW.0301", "decrypt token fail").await;
    }

    app.clock.advance(Duration::hours(23));
    assert_token_accepted(&app, &token, "still valid after 23 hours").await;
    app.clock.advance(Duration::hours(1));
    assert_token_expired(&app, token).await;
}

#[tokio::test]
async fn tokens_outlive_a_restart_and_their_lifetime_is_configurable() {
    let app = TestApp::spawn_with_config("[auth]\ntoken_ttl_hours = 2\n").await;
    let token = token(&app, "demo", "demo-password", project_scope()).await;
    let app = app.restart().await;
    assert_token_accepted(&app, &token, "the key is kept in the data directory").await;
    app.clock.advance(Duration::hours(2));
    assert_token_expired(&app, token).await;
}

#[tokio::test]
async fn the_sdk_lookups_answer_the_callers_projects_and_domain() {
    let app = TestApp::spawn().await;
    let (status, body) = status_and_json(app.get("/v3/projects?name=cn-north-4").await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["projects"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(body["projects"][0]["id"], DEMO_PROJECT);
    assert_eq!(body["projects"][0]["name"], "cn-north-4");
    assert_eq!(body["projects"][0]["domain_id"], DEMO_DOMAIN);

    let (_, none) = status_and_json(app.get("/v3/projects?name=eu-west-0").await).await;
    assert_eq!(none["projects"], json!([]));

    let (status, body) = status_and_json(app.get("/v3/auth/domains").await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["domains"][0]["id"], DEMO_DOMAIN);
    assert_eq!(body["domains"][0]["name"], "demo");

    let unsigned = app.get_as(&Credentials::None, "/v3/auth/domains").await;
    assert_error(unsigned, 401, "APIGW.0301", "no credentials").await;
}

/// Password checks are bounded: of a flood of wrong-password logins, those the checking threads
/// cannot queue are refused at once with 429 APIG.0308, the others are checked (401), and signed
/// API calls go on being served meanwhile.
#[tokio::test]
async fn a_login_flood_is_refused_past_the_password_check_queue() {
    let app = TestApp::spawn().await;
    let wrong = login("demo", "not-the-password", project_scope());
    let flood: Vec<_> = (0..200).map(|_| request_token(&app, &wrong)).collect();
    let (path, body) = (dsc_path(), dsc_order());
    let order = app.post_json(&path, &body);
    let (answers, placed) = tokio::join!(futures::future::join_all(flood), order);
    assert_eq!(
        placed.status(),
        200,
        "signed calls are served during the flood"
    );
    let mut refused = 0;
    for answer in answers {
        match answer.status().as_u16() {
            401 => {}
            429 => {
                let body: Value = answer.json().await.unwrap();
                assert_eq!(body["error_code"], "APIG.0308", "{body}");
                refused += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(refused > 0, "200 logins at once overflow the queue");
    let after = request_token(&app, &login("demo", "demo-password", project_scope())).await;
    assert_eq!(
        after.status(),
        201,
        "logins work again once the flood has passed"
    );
}
