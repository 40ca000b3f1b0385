//! Identity policies on real requests: order types, public IPs, the caller's address, paying as
//! a dependent action, explicit denies in each API family's code, tokens, and replays.

use orderd::auth::password::PasswordDigest;
use reqwest::Method;
use serde_json::{Value, json};

use crate::auth::dsc_order;
use crate::helpers::{Credentials, Key, TestApp, assert_error, order_id_of, status_and_json};
use crate::workspace::create_desktops::seed_example;

const PROJECT: &str = "cccccccccccccccccccccccccccccc01";
const ROOT: Key = Key::new("POLICYROOTAK00000001", "policy-root-secret");
const DESKTOPS_ONLY: Key = Key::new("POLICYDESKTOPS000001", "desktops-only-secret");
const NO_EIP: Key = Key::new("POLICYNOEIP000000001", "no-eip-secret");
const LOOPBACK: Key = Key::new("POLICYLOOPBACK000001", "loopback-secret");
const ELSEWHERE: Key = Key::new("POLICYELSEWHERE00001", "elsewhere-secret");
const PAYER: Key = Key::new("POLICYPAYER000000001", "payer-secret");
const NON_PAYER: Key = Key::new("POLICYNONPAYER000001", "non-payer-secret");
const NO_BSS: Key = Key::new("POLICYNOBSS000000001", "no-bss-secret");
const TOKEN_ONLY: Key = Key::new("POLICYTOKENONLY00001", "token-only-secret");
const TOKEN_PASSWORD: &str = "token-only-password";
const UNTIL: Key = Key::new("POLICYUNTIL000000001", "until-secret");

/// One account, its root, and a user per kind of policy; the source-address policies are kept
/// in files (in `dir`).
fn config(dir: &std::path::Path) -> String {
    std::fs::create_dir_all(dir.join("policies")).unwrap();
    let from_address = |range: &str| {
        json!({"Version": "5.0", "Statement": [{"Effect": "Allow",
            "Action": ["workspace:orders:create", "dsc:orders:create"], "Resource": ["*"],
            "Condition": {"IpAddress": {"g:SourceIp": [range]}}}]})
    };
    std::fs::write(
        dir.join("policies/loopback.json"),
        from_address("127.0.0.0/8").to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.join("policies/elsewhere.json"),
        from_address("10.0.0.0/8").to_string(),
    )
    .unwrap();
    let key = |k: Key| {
        format!(
            "access_keys = [{{ access_key = \"{}\", secret_key = \"{}\" }}]",
            k.ak, k.sk
        )
    };
    format!(
        r#"
        [[accounts]]
        domain_name = "policy"
        domain_id = "cccccccccccccccccccccccccccccccc"
        balance = "100000.00"
        projects = [{{ id = "{PROJECT}", region = "cn-north-4" }}]

        [[accounts.policies]]
        name = "desktops-only"
        document = '''{{"Version": "5.0", "Statement": [{{"Effect": "Allow",
          "Action": ["workspace:orders:create"], "Resource": ["*"],
          "Condition": {{"StringEquals": {{"workspace:CreateOrderType": ["createDesktops"]}}}}}}]}}'''
        [[accounts.policies]]
        name = "no-public-ip"
        document = '''{{"Version": "5.0", "Statement": [{{"Sid": "NoEip", "Effect": "Deny",
          "Action": ["workspace:orders:create"],
          "Condition": {{"Bool": {{"workspace:AssociatePublicIp": ["true"]}}}}}}]}}'''
        [[accounts.policies]]
        name = "loopback"
        file = "{dir}/policies/loopback.json"
        [[accounts.policies]]
        name = "elsewhere"
        file = "{dir}/policies/elsewhere.json"
        [[accounts.policies]]
        name = "no-bss"
        document = '''{{"Version": "5.0", "Statement": [{{"Effect": "Deny", "Action": "bss:*:*"}}]}}'''
        [[accounts.policies]]
        name = "for-an-hour"
        document = '''{{"Version": "5.0", "Statement": [{{"Effect": "Allow",
          "Action": "dsc:orders:create", "Condition": {{"DateLessThan": {{"g:CurrentTime": "{in_an_hour}"}}}}}}]}}'''
        [[accounts.policies]]
        name = "token-only"
        document = '''{{"Version": "5.0", "Statement": [{{"Effect": "Allow",
          "Action": "dsc:orders:create", "Condition": {{"Null": {{"g:TokenIssueTime": "false"}}}}}}]}}'''

        [[accounts.users]]
        name = "policy"
        root = true
        {root}
        [[accounts.users]]
        name = "desktops-only"
        policies = ["desktops-only"]
        {desktops}
        [[accounts.users]]
        name = "no-eip"
        actions = ["workspace:*:*", "bss:order:update"]
        policies = ["no-public-ip"]
        {no_eip}
        [[accounts.users]]
        name = "loopback"
        policies = ["loopback"]
        {loopback}
        [[accounts.users]]
        name = "elsewhere"
        policies = ["elsewhere"]
        {elsewhere}
        [[accounts.users]]
        name = "payer"
        actions = ["workspace:*:*", "bss:order:update"]
        {payer}
        [[accounts.users]]
        name = "non-payer"
        actions = ["workspace:*:*", "bss:order:view"]
        {non_payer}
        [[accounts.users]]
        name = "no-bss"
        actions = ["*:*:*"]
        policies = ["no-bss"]
        {no_bss}
        [[accounts.users]]
        name = "until"
        policies = ["for-an-hour"]
        {until}
        [[accounts.users]]
        name = "token-only"
        policies = ["token-only"]
        password_hash = "{phc}"
        {token_only}
        "#,
        root = key(ROOT),
        desktops = key(DESKTOPS_ONLY),
        no_eip = key(NO_EIP),
        loopback = key(LOOPBACK),
        elsewhere = key(ELSEWHERE),
        payer = key(PAYER),
        non_payer = key(NON_PAYER),
        no_bss = key(NO_BSS),
        token_only = key(TOKEN_ONLY),
        until = key(UNTIL),
        in_an_hour = (time::OffsetDateTime::now_utc() + time::Duration::hours(1))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap(),
        phc = PasswordDigest::hash(TOKEN_PASSWORD).as_phc(),
        dir = dir.display(),
    )
}

async fn spawn() -> TestApp {
    // Policy files are read once, at start-up.
    let dir = tempfile::tempdir().unwrap();
    TestApp::spawn_with_config(&config(dir.path())).await
}

fn workspace_path() -> String {
    format!("/v2/{PROJECT}/periodic/subscribe/order")
}

fn dsc_path() -> String {
    format!("/v1/{PROJECT}/period/order")
}

fn desktops() -> Value {
    seed_example()
}

fn desktops_with_eip() -> Value {
    let mut body = seed_example();
    body["resources"][0]["create_desktops"]["eip"] = json!({ "id": "eip-1" });
    body
}

fn exclusive_hosts() -> Value {
    json!({"type": "createExclusiveHosts", "resources": [{"period_type": 2, "period_num": 1,
        "create_exclusive_hosts": {"availability_zone": "cn-north-4a", "name": "host",
            "quantity": 1, "product_id": "workspace.exclusive.host.c6.8xlarge",
            "image_volumes": [{"type": "SSD", "size": 100}],
            "memory_volumes": [{"type": "SAS", "size": 500}],
            "vpc_id": "vpc-1", "subnet_id": "subnet-1", "apply_desktop_quantity": 10}}]})
}

fn dsc() -> Value {
    let mut order = dsc_order();
    order["region_id"] = json!("cn-north-4");
    order
}

async fn post(app: &TestApp, key: Key, path: &str, body: &Value) -> reqwest::Response {
    app.post_json_as(&Credentials::Signed(key), path, body)
        .await
}

/// The status of order `id`, read by the account's root user.
async fn order_status(app: &TestApp, id: &str) -> Value {
    let path = format!("/v2/orders/customer-orders/details/{id}");
    let (status, body) = status_and_json(app.get_as(&Credentials::Signed(ROOT), &path).await).await;
    assert_eq!(status, 200, "{body}");
    body["order_info"]["status"].clone()
}

#[tokio::test]
async fn a_user_allowed_only_create_desktops_is_refused_exclusive_hosts() {
    let app = spawn().await;
    let path = workspace_path();
    order_id_of(post(&app, DESKTOPS_ONLY, &path, &desktops()).await).await;
    assert_error(
        post(&app, DESKTOPS_ONLY, &path, &exclusive_hosts()).await,
        403,
        "APIGW.0302",
        "user desktops-only is not allowed to perform workspace:orders:create",
    )
    .await;
    // Judged before the order's rules: an order type it may not place is refused, not checked.
    let broken = json!({"type": "createExclusiveHosts", "resources": []});
    assert_error(
        post(&app, DESKTOPS_ONLY, &path, &broken).await,
        403,
        "APIGW.0302",
        "workspace:orders:create",
    )
    .await;
    // A body that is not an order carries no order type: nothing allows it.
    let text = app
        .send_as(
            &Credentials::Signed(DESKTOPS_ONLY),
            Method::POST,
            &path,
            &[("content-type", "application/json")],
            b"{not json".to_vec(),
        )
        .await;
    assert_error(text, 403, "APIGW.0302", "workspace:orders:create").await;
    // Nor does its policy reach other actions, nor other order APIs with the same action.
    assert_error(
        post(&app, DESKTOPS_ONLY, &dsc_path(), &dsc()).await,
        403,
        "APIGW.0302",
        "dsc:orders:create",
    )
    .await;
    // The root user is not bound by policies.
    order_id_of(post(&app, ROOT, &path, &exclusive_hosts()).await).await;
}

#[tokio::test]
async fn a_user_denied_public_ips_orders_desktops_without_an_eip_only() {
    let app = spawn().await;
    let path = workspace_path();
    order_id_of(post(&app, NO_EIP, &path, &desktops()).await).await;
    let (status, body) =
        status_and_json(post(&app, NO_EIP, &path, &desktops_with_eip()).await).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error_code"], "APIGW.0302");
    let message = body["error_msg"].as_str().unwrap();
    assert!(message.contains("workspace:orders:create"), "{message}");
    assert!(message.contains("an explicit deny"), "{message}");
    assert!(
        !message.contains("NoEip"),
        "the statement is the operator's to know: {message}"
    );
    let internet = json!({"type": "applyDesktopsInternet", "resources": [{"period_type": 2,
        "period_num": 1, "apply_desktops_internet": {"desktop_ids":
        ["8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7"], "eip_type": "5_bgp",
        "eip_charge_mode": "BANDWIDTH", "bandwidth_size": 5}}]});
    assert_error(
        post(&app, NO_EIP, &path, &internet).await,
        403,
        "APIGW.0302",
        "an explicit deny",
    )
    .await;
}

/// Places a desktop with an EIP as `key`, under `X-Client-Token: policy-replay-1`.
async fn place_under_client_token(app: &TestApp, key: Key) -> reqwest::Response {
    let headers = [
        ("content-type", "application/json"),
        ("x-client-token", "policy-replay-1"),
    ];
    let body = desktops_with_eip().to_string().into_bytes();
    app.send_as(
        &Credentials::Signed(key),
        Method::POST,
        &workspace_path(),
        &headers,
        body,
    )
    .await
}

#[tokio::test]
async fn a_replay_under_another_users_client_token_is_judged_first() {
    let app = spawn().await;
    order_id_of(place_under_client_token(&app, ROOT).await).await;
    // The same request under the same key would be answered again; a caller who may not
    // place it is refused instead.
    let refused = place_under_client_token(&app, NO_EIP).await;
    assert_error(refused, 403, "APIGW.0302", "an explicit deny").await;
    let replay = place_under_client_token(&app, ROOT).await;
    assert_eq!(replay.headers()["x-idempotent-replay"], "true");
}

#[tokio::test]
async fn a_source_ip_condition_allows_from_its_range_only() {
    let app = spawn().await;
    // The tests connect from 127.0.0.1.
    order_id_of(post(&app, LOOPBACK, &dsc_path(), &dsc()).await).await;
    order_id_of(post(&app, LOOPBACK, &workspace_path(), &desktops()).await).await;
    for (path, body, action) in [
        (dsc_path(), dsc(), "dsc:orders:create"),
        (workspace_path(), desktops(), "workspace:orders:create"),
    ] {
        assert_error(
            post(&app, ELSEWHERE, &path, &body).await,
            403,
            "APIGW.0302",
            &format!("user elsewhere is not allowed to perform {action}"),
        )
        .await;
    }
}

#[tokio::test]
async fn an_auto_paid_workspace_order_needs_bss_order_update_too() {
    let app = spawn().await;
    let path = workspace_path();
    let mut paid = desktops();
    paid["extend_param"] = json!({"is_auto_pay": "true"});
    let (status, body) = status_and_json(post(&app, NON_PAYER, &path, &paid).await).await;
    assert_eq!(status, 403, "{body}");
    let message = body["error_msg"].as_str().unwrap();
    assert!(
        message.contains("not allowed to perform bss:order:update, which this request also needs (extend_param.is_auto_pay pays the order)"),
        "{message}"
    );
    assert!(!message.contains("explicit deny"), "{message}");
    // Unpaid, the same order needs no more than the order action.
    let unpaid = order_id_of(post(&app, NON_PAYER, &path, &desktops()).await).await;
    assert_eq!(order_status(&app, &unpaid).await, 6, "pending payment");
    let id = order_id_of(post(&app, PAYER, &path, &paid).await).await;
    assert_eq!(order_status(&app, &id).await, 5, "paid and delivered");
}

#[tokio::test]
async fn an_explicit_deny_answers_in_the_family_of_the_api_called() {
    let app = spawn().await;
    order_id_of(post(&app, NO_BSS, &dsc_path(), &dsc()).await).await;
    let response = app
        .get_as(&Credentials::Signed(NO_BSS), "/v2/orders/customer-orders")
        .await;
    assert_error(
        response,
        403,
        "CBC.0151",
        "user no-bss is not allowed to perform bss:order:view: an explicit deny in an identity policy decided",
    )
    .await;
    let mut paid = desktops();
    paid["extend_param"] = json!({"is_auto_pay": "true"});
    assert_error(
        post(&app, NO_BSS, &workspace_path(), &paid).await,
        403,
        "APIGW.0302",
        "bss:order:update, which this request also needs (extend_param.is_auto_pay pays the order): an explicit deny",
    )
    .await;
}

#[tokio::test]
async fn a_policy_can_require_a_token_rather_than_an_access_key() {
    let app = spawn().await;
    assert_error(
        post(&app, TOKEN_ONLY, &dsc_path(), &dsc()).await,
        403,
        "APIGW.0302",
        "dsc:orders:create",
    )
    .await;
    let scope = json!({"project": {"id": PROJECT}});
    let token = app
        .password_token("policy", "token-only", TOKEN_PASSWORD, scope)
        .await;
    let placed = app
        .post_json_as(&Credentials::Token(token), &dsc_path(), &dsc())
        .await;
    order_id_of(placed).await;
}

#[tokio::test]
async fn a_date_condition_is_judged_on_the_clock_that_dates_signatures() {
    let app = spawn().await;
    order_id_of(post(&app, UNTIL, &dsc_path(), &dsc()).await).await;
    app.clock.advance(time::Duration::hours(2));
    assert_error(
        post(&app, UNTIL, &dsc_path(), &dsc()).await,
        403,
        "APIGW.0302",
        "user until is not allowed to perform dsc:orders:create",
    )
    .await;
}
