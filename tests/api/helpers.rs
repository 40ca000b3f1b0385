//! `TestApp`: a real orderd on port 0 with its own temporary data directory and database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use orderd::Application;
use orderd::auth::signing;
use orderd::config::{ClockKind, ServeArgs, Settings};
use orderd::domain::client_order::ClientOrderId;
use orderd::domain::clock::{Clock, FixedClock};
use orderd::domain::delivery::DeliveryOrder;
use orderd::domain::ids::OrderId;
use orderd::domain::order::Order;
use orderd::domain::resource::Resource;
use orderd::store::Store;
use reqwest::{Client, Method, Response};
use rust_decimal::Decimal;
use serde_json::Value;
use tempfile::TempDir;
use time::OffsetDateTime;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::backend::{TestDatabase, WritesHeld};

/// The demo account's ids.
pub use orderd::config::demo::{DOMAIN_ID as DEMO_DOMAIN, PROJECT_ID as DEMO_PROJECT};

/// An id (of a project or an account) that no configured account has.
pub const FOREIGN_ID: &str = "ffffffffffffffffffffffffffffffff";

/// An access key pair to sign test requests with.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub ak: &'static str,
    pub sk: &'static str,
}

impl Key {
    /// The pair `ak`, `sk`.
    pub const fn new(ak: &'static str, sk: &'static str) -> Key {
        Key { ak, sk }
    }
}

/// The demo account's root user: may do everything in the demo account.
pub const DEMO_ROOT: Key = Key::new(orderd::config::demo::ROOT_AK, orderd::config::demo::ROOT_SK);

/// The demo account's viewer: may read orders, not create or pay them.
pub const DEMO_VIEWER: Key = Key::new(
    orderd::config::demo::VIEWER_AK,
    orderd::config::demo::VIEWER_SK,
);

/// How a test request proves who it is.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// Signed (SDK-HMAC-SHA256) with this key, dated by the server's clock.
    Signed(Key),
    /// Signed with this key, dated `at`.
    SignedAt(Key, OffsetDateTime),
    /// `X-Auth-Token: <token>`.
    Token(String),
    /// Nothing.
    None,
}

/// A running orderd and a client for it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: Client,
    pub clock: Arc<FixedClock>,
    store: Arc<dyn Store>,
    data_dir: Arc<TempDir>,
    database: Arc<TestDatabase>,
    config: Option<PathBuf>,
    flags: Vec<String>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

/// `orderd serve`'s flags, parsed as the binary parses them.
#[derive(clap::Parser)]
struct ServeFlags {
    #[command(flatten)]
    args: ServeArgs,
}

/// `orderd serve`'s options from `flags`, parsed as the binary parses them.
pub fn serve_args(flags: &[String]) -> ServeArgs {
    <ServeFlags as clap::Parser>::try_parse_from(
        std::iter::once("serve".to_owned()).chain(flags.iter().cloned()),
    )
    .unwrap_or_else(|e| panic!("flags {flags:?}: {e}"))
    .args
}

impl TestApp {
    /// orderd with the demo account and the built-in catalog.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with_flags(&[]).await
    }

    /// orderd with the demo account, started with the `orderd serve` flags `flags`
    /// (`--delivery-delay 5s`); the address, data directory and database are the test's.
    pub async fn spawn_with_flags(flags: &[&str]) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let flags = flags.iter().map(|f| f.to_string()).collect();
        TestApp::start(dir, Arc::new(TestDatabase::create().await), None, flags).await
    }

    /// orderd with a configuration file holding `toml`.
    pub async fn spawn_with_config(toml: &str) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let path = dir.path().join("orderd.toml");
        std::fs::write(&path, toml).expect("write config");
        TestApp::start(
            dir,
            Arc::new(TestDatabase::create().await),
            Some(path),
            Vec::new(),
        )
        .await
    }

    async fn start(
        data_dir: Arc<TempDir>,
        database: Arc<TestDatabase>,
        config: Option<PathBuf>,
        flags: Vec<String>,
    ) -> TestApp {
        let args = ServeArgs {
            listen: "127.0.0.1:0".parse().unwrap(),
            data_dir: data_dir.path().to_path_buf(),
            database_url: database.url().map(str::to_owned),
            config: config.clone(),
            ..serve_args(&flags)
        };
        let settings = Settings::load(&args).expect("settings");
        let clock = Arc::new(FixedClock::new(OffsetDateTime::now_utc()));
        // `--clock simulated` runs the server's own (shared) clock; requests are then signed
        // with the real time, as its authentication runs on the system clock.
        let app = if settings.clock == ClockKind::Simulated {
            Application::build(settings).await
        } else {
            Application::build_with_clock(settings, Arc::clone(&clock) as Arc<dyn Clock>).await
        }
        .expect("orderd starts");
        let addr = app.local_addr();
        let store = app.store();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        TestApp {
            addr,
            client: Client::new(),
            store,
            clock,
            data_dir,
            database,
            config,
            flags,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// True when it runs on PostgreSQL, where several nodes may share the database.
    pub fn on_postgres(&self) -> bool {
        self.database.url().is_some()
    }

    /// An IAM token for `user` of the account `domain` (by name) with `password`, scoped by
    /// `scope` (IAM's `auth.scope`); asserts the 201.
    pub async fn password_token(
        &self,
        domain: &str,
        user: &str,
        password: &str,
        scope: Value,
    ) -> String {
        let login = serde_json::json!({"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "password": password, "domain": {"name": domain}}}},
            "scope": scope
        }});
        let response = self
            .post_json_as(&Credentials::None, "/v3/auth/tokens", &login)
            .await;
        assert_eq!(response.status(), 201, "login of {user}");
        response.headers()["x-subject-token"]
            .to_str()
            .expect("a token")
            .to_owned()
    }

    /// Another node on this one's database, with its configuration and flags and a data
    /// directory of its own.
    pub async fn another_node(&self) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        TestApp::start(
            dir,
            Arc::clone(&self.database),
            self.config.clone(),
            self.flags.clone(),
        )
        .await
    }

    /// Shuts this instance down gracefully and starts a new one on the same data directory and
    /// database.
    pub async fn restart(mut self) -> TestApp {
        self.shutdown().await;
        TestApp::start(
            Arc::clone(&self.data_dir),
            Arc::clone(&self.database),
            self.config.clone(),
            self.flags.clone(),
        )
        .await
    }

    /// Stops accepting, waits for requests in flight, closes the store.
    pub async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server ran");
        }
    }

    /// Keeps this orderd from committing writes until the answer is released.
    pub async fn hold_writes(&self) -> WritesHeld {
        self.database.hold_writes(self.data_dir.path()).await
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POSTs `body` as JSON, signed as the demo root user.
    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        let body = serde_json::to_vec(body).expect("JSON");
        self.send(
            Method::POST,
            path,
            &[("content-type", "application/json")],
            body,
        )
        .await
    }

    /// POSTs `body` as is, with `content_type` when given, signed as the demo root user.
    pub async fn post_raw(
        &self,
        path: &str,
        body: impl Into<Vec<u8>>,
        content_type: Option<&str>,
    ) -> Response {
        let headers: Vec<(&str, &str)> = content_type
            .map(|ct| vec![("content-type", ct)])
            .unwrap_or_default();
        self.send(Method::POST, path, &headers, body.into()).await
    }

    /// POSTs `body` as JSON with `credentials`.
    pub async fn post_json_as(
        &self,
        credentials: &Credentials,
        path: &str,
        body: &Value,
    ) -> Response {
        self.send_as(
            credentials,
            Method::POST,
            path,
            &[("content-type", "application/json")],
            body.to_string().into_bytes(),
        )
        .await
    }

    /// GETs `path` (with its query), signed as the demo root user.
    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, &[], Vec::new()).await
    }

    /// GETs `path` (with its query) with `credentials`.
    pub async fn get_as(&self, credentials: &Credentials, path: &str) -> Response {
        self.send_as(credentials, Method::GET, path, &[], Vec::new())
            .await
    }

    /// Sends a request signed as the demo root user.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Response {
        self.send_as(&Credentials::Signed(DEMO_ROOT), method, path, headers, body)
            .await
    }

    /// Sends a request with `credentials`.
    pub async fn send_as(
        &self,
        credentials: &Credentials,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Response {
        let headers = self.authenticate(credentials, &method, path, headers, &body);
        self.send_exactly(method, path, headers, body).await
    }

    /// `headers` plus what `credentials` add: for a signature, `Host`, `X-Sdk-Date` and
    /// `Authorization` (every given header is signed, as the Python SDK does).
    pub fn authenticate(
        &self,
        credentials: &Credentials,
        method: &Method,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (key, at) = match credentials {
            Credentials::Signed(key) => (*key, self.clock.now()),
            Credentials::SignedAt(key, at) => (*key, *at),
            Credentials::Token(token) => {
                all.push(("x-auth-token".into(), token.clone()));
                return all;
            }
            Credentials::None => return all,
        };
        signing::add_signature(
            &mut all,
            (key.ak, key.sk),
            (method.as_str(), path, &self.addr.to_string()),
            at,
            body,
        );
        all
    }

    /// Sends exactly these headers and body: nothing is signed or added (but the `Host` and
    /// `Content-Length` reqwest writes).
    pub async fn send_exactly(
        &self,
        method: Method,
        path: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Response {
        let mut request = self.client.request(method, self.url(path)).body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request.send().await.expect("request sent")
    }

    /// POSTs `body` as JSON (signed as the demo root user), asserts a 200, and gives its JSON.
    pub async fn post_ok(&self, path: &str, body: &Value) -> Value {
        let (status, answer) = status_and_json(self.post_json(path, body).await).await;
        assert_eq!(status, 200, "POST {path}: {answer}");
        answer
    }

    /// Places the order `body` at `path`, asserts a 200 with an `order_id` of the documented
    /// form, and gives that id.
    pub async fn place_ok(&self, path: &str, body: &Value) -> String {
        order_id_of(self.post_json(path, body).await).await
    }

    /// For every case: POSTs `base`, changed as the case says, to `path`, and asserts a 400 with
    /// `code` whose `error_msg` contains the case's text. Each failure names its case.
    pub async fn assert_invalid_cases(
        &self,
        path: &str,
        base: &Value,
        code: &str,
        cases: &[Case<'_>],
    ) {
        for (pointer, value, needle) in cases {
            let case = format!("{pointer} = {value:?}");
            let body = with_field(base, pointer, value.clone());
            let (status, answer) = status_and_json(self.post_json(path, &body).await).await;
            assert_eq!(status, 400, "{case}: {answer}");
            assert_eq!(answer["error_code"], code, "{case}: {answer}");
            let got = answer["error_msg"]
                .as_str()
                .unwrap_or_else(|| panic!("{case}: error_msg missing: {answer}"));
            assert!(got.contains(needle), "{case}: {got:?} lacks {needle:?}");
        }
    }

    /// POSTs `body` to `path` and asserts one 400 with `code` that names every field of `fields`
    /// as `<field>: is required`.
    pub async fn assert_all_required(&self, path: &str, body: &Value, code: &str, fields: &[&str]) {
        let (status, answer) = status_and_json(self.post_json(path, body).await).await;
        assert_eq!(status, 400, "{answer}");
        assert_eq!(answer["error_code"], code, "{answer}");
        let message = answer["error_msg"].as_str().unwrap();
        for field in fields {
            assert!(
                message.contains(&format!("{field}: is required")),
                "{field} in {message}"
            );
        }
    }

    /// POSTs `body` to `path` and asserts the gateway's 403 (`APIGW.0302`) whose message
    /// contains `needle`.
    pub async fn assert_forbidden(&self, path: &str, body: &Value, needle: &str) {
        assert_error(self.post_json(path, body).await, 403, "APIGW.0302", needle).await;
    }
}

/// What the API does not show yet, read from the store: one helper per fact, so that only these
/// change when the store or the order's shape does.
impl TestApp {
    /// How many orders the demo account has.
    pub async fn order_count(&self) -> u64 {
        self.store
            .count_orders(DEMO_DOMAIN)
            .await
            .expect("store read")
    }

    /// The size of each line of the demo account's order `id` (for sized products), in order.
    pub async fn line_sizes(&self, id: &str) -> Vec<Option<u32>> {
        let order = self.stored_order(id).await;
        order.priced().lines.iter().map(|l| l.size).collect()
    }

    /// The unit price of each line of the demo account's order `id`, in order.
    pub async fn line_unit_prices(&self, id: &str) -> Vec<Decimal> {
        let order = self.stored_order(id).await;
        let lines = &order.priced().lines;
        lines.iter().map(|l| l.unit_price.value()).collect()
    }

    /// The resource each line of the demo account's order `id` creates or acts on, in order.
    pub async fn line_resource_ids(&self, id: &str) -> Vec<Option<String>> {
        let order = self.stored_order(id).await;
        let lines = &order.priced().lines;
        lines.iter().map(|l| l.resource_id.clone()).collect()
    }

    /// The resources the demo account's order `id` creates.
    pub async fn order_resources(&self, id: &str) -> Vec<Resource> {
        self.stored_order(id).await.priced().resources.clone()
    }

    /// Whether the subscription of the demo account's order `id` renews itself.
    pub async fn order_auto_renews(&self, id: &str) -> bool {
        self.stored_order(id).await.priced().auto_renew
    }

    /// The project the demo account's order `id` was placed in; `None` for account-level APIs.
    pub async fn order_project(&self, id: &str) -> Option<String> {
        self.stored_order(id).await.draft().project_id.clone()
    }

    /// The `charging_mode` code of the demo account's order `id`.
    pub async fn order_charging_mode(&self, id: &str) -> i64 {
        self.stored_order(id).await.priced().charging_mode.code()
    }

    /// The request body the demo account's order `id` came in, as JSON.
    pub async fn order_request_body(&self, id: &str) -> Value {
        let body = self.stored_order(id).await.draft().request_body.clone();
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{id}: stored body {body:?}: {e}"))
    }

    /// When the demo account's order `id` was placed and when it last changed, to the
    /// microsecond.
    pub async fn order_times(&self, id: &str) -> (OffsetDateTime, OffsetDateTime) {
        let order = self.stored_order(id).await;
        (order.created_at(), order.updated_at())
    }

    /// The resource `id` of project `project_id`.
    pub async fn resource(&self, project_id: &str, id: &str) -> Option<Resource> {
        let ids = [id.to_owned()];
        let found = self.store.resources(project_id, &ids).await;
        found.expect("store read").into_iter().next()
    }

    /// The id of the order account `domain_id` stored under the caller's id `client_order_id`.
    pub async fn client_order(&self, domain_id: &str, client_order_id: &str) -> Option<String> {
        let client: ClientOrderId = client_order_id.parse().expect("a client order id");
        let stored = self
            .store
            .client_order(domain_id, &client)
            .await
            .expect("store read");
        stored.map(|(order_id, _hash)| order_id.to_string())
    }

    /// The delivery order `id` of the demo account.
    pub async fn stored_delivery(&self, id: &str) -> Option<DeliveryOrder> {
        self.store
            .delivery_order(DEMO_DOMAIN, id)
            .await
            .expect("store read")
    }

    /// The demo account's order `id` as stored.
    async fn stored_order(&self, id: &str) -> Order {
        let order_id: OrderId = id.parse().expect("an order id");
        self.store
            .order(DEMO_DOMAIN, &order_id)
            .await
            .expect("store read")
            .unwrap_or_else(|| panic!("order {id} is not stored"))
    }
}

/// One broken rule: the JSON pointer to change, its new value (`None` removes it), and the text
/// the error message must contain (the field path and the rule).
pub type Case<'a> = (&'a str, Option<Value>, &'a str);

/// Cases that each set a value (none removes a field).
pub fn setting<'a>(cases: impl IntoIterator<Item = (&'a str, Value, &'a str)>) -> Vec<Case<'a>> {
    cases
        .into_iter()
        .map(|(pointer, value, needle)| (pointer, Some(value), needle))
        .collect()
}

/// A copy of `body` with `pointer` (a JSON pointer) set to `value`, or removed for `None`.
pub fn with_field(body: &Value, pointer: &str, value: Option<Value>) -> Value {
    let mut body = body.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let target = body
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{pointer}: parent exists"));
    match (target, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(items), Some(v)) => {
            let i: usize = key.parse().expect("an index");
            items[i] = v;
        }
        _ => panic!("{pointer} has no object parent"),
    }
    body
}

/// The status and the JSON body of `response`.
pub async fn status_and_json(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let body =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text:?}"));
    (status, body)
}

/// Asserts an error answer: its status, its code, and that `error_msg` contains `needle`.
pub async fn assert_error(response: Response, status: u16, code: &str, needle: &str) {
    let (got_status, body) = status_and_json(response).await;
    assert_eq!(got_status, status, "status; body {body}");
    assert_eq!(body["error_code"], code, "error_code; body {body}");
    let message = body["error_msg"]
        .as_str()
        .unwrap_or_else(|| panic!("error_msg missing: {body}"));
    assert!(
        message.contains(needle),
        "error_msg {message:?} should mention {needle:?}"
    );
}

/// Asserts that `response` is a 200 whose `order_id` has the documented form; gives the id.
pub async fn order_id_of(response: Response) -> String {
    let (status, answer) = status_and_json(response).await;
    assert_eq!(status, 200, "{answer}");
    let id = answer["order_id"]
        .as_str()
        .unwrap_or_else(|| panic!("order_id missing: {answer}"))
        .to_owned();
    assert!(is_order_id(&id), "{id}");
    id
}

/// True for ids of the documented form `CS` + `yyMMddHHmm` + 5 of `[A-Z0-9]`.
pub fn is_order_id(id: &str) -> bool {
    id.len() == 17
        && id.starts_with("CS")
        && id[2..12].bytes().all(|b| b.is_ascii_digit())
        && id[12..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}
