//! The real binary as an operator runs it: start, crash, stop.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use orderd::auth::signing;
use orderd::config::demo;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::backend::TestDatabase;
use crate::helpers::DEMO_PROJECT;
use crate::limits::hold_the_body_budget;

pub struct Process {
    pub child: Child,
    pub base: String,
}

impl Process {
    /// orderd on `data_dir` and `database`, once it answers its health check.
    pub async fn start(data_dir: &Path, database: &TestDatabase) -> Process {
        Process::start_with(data_dir, database, "warn", &[]).await
    }

    /// The same, logging at `level` into `data_dir/orderd.log`.
    async fn start_logging(data_dir: &Path, database: &TestDatabase, level: &str) -> Process {
        Process::start_with(data_dir, database, level, &[]).await
    }

    /// The same, with the further `serve` options `extra`.
    async fn start_with(
        data_dir: &Path,
        database: &TestDatabase,
        level: &str,
        extra: &[&OsStr],
    ) -> Process {
        let (mut child, base) = Process::spawn(data_dir, database, level, extra);
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if client
                .get(format!("{base}/health"))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return Process { child, base };
            }
            if let Some(status) = child.try_wait().unwrap() {
                let log = std::fs::read_to_string(data_dir.join("orderd.log")).unwrap_or_default();
                panic!("orderd exited ({status}) before it was healthy:\n{log}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("orderd did not become healthy");
    }

    /// `orderd serve` on a free port, not waited for: the child and its base URL.
    fn spawn(
        data_dir: &Path,
        database: &TestDatabase,
        level: &str,
        extra: &[&OsStr],
    ) -> (Child, String) {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_orderd"));
        command
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(data_dir)
            .args(extra);
        if let Some(url) = database.url() {
            command.args(["--database-url", url]);
        }
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data_dir.join("orderd.log"))
            .unwrap();
        let child = command
            .env("RUST_LOG", level)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("orderd starts");
        (child, format!("http://127.0.0.1:{port}"))
    }

    /// How the process ended, once it has, within `within`; `None` if it still runs.
    async fn exit_within(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = tokio::time::Instant::now() + within;
        while tokio::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // A test that failed half-way must not leave a server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn order_body() -> Value {
    json!({
        "charging_mode": 0, "cloud_service_type": "hws.service.type.sdg", "period_num": 2, "period_type": 2,
        "region_id": "cn-north-4",
        "product_infos": [{
            "cloud_service_type": "hws.service.type.sdg", "product_id": "00301-225398-0--0",
            "resource_size": 3, "resource_size_measure_id": 30,
            "resource_spec_code": "DB_standard", "resource_type": "hws.resource.type.dsc.db"
        }]
    })
}

/// Sends `body` to `path`, signed with the demo root user's key as the SDKs sign; `None` when
/// the request failed.
pub async fn send(
    client: &reqwest::Client,
    base: &str,
    method: Method,
    path: &str,
    body: Vec<u8>,
) -> Option<Response> {
    send_with(client, base, method, path, &[], body).await
}

/// [`send`] with `extra` headers, signed too.
pub async fn send_with(
    client: &reqwest::Client,
    base: &str,
    method: Method,
    path: &str,
    extra: &[(&str, &str)],
    body: Vec<u8>,
) -> Option<Response> {
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    signing::add_signature(
        &mut headers,
        (demo::ROOT_AK, demo::ROOT_SK),
        (method.as_str(), path, base.trim_start_matches("http://")),
        OffsetDateTime::now_utc(),
        &body,
    );
    let mut request = client.request(method, format!("{base}{path}")).body(body);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    request.send().await.ok()
}

/// Places one order; the id when the server answered 200, `None` when the request failed.
pub async fn place(client: &reqwest::Client, base: &str) -> Option<String> {
    let path = format!("/v1/{DEMO_PROJECT}/period/order");
    let body = order_body().to_string().into_bytes();
    let response = send(client, base, Method::POST, &path, body).await?;
    if response.status() != 200 {
        return None;
    }
    let body: Value = response.json().await.ok()?;
    body["order_id"].as_str().map(str::to_owned)
}

/// Asserts that the server at `base` shows each order of `ids` in its order details.
pub async fn assert_all_stored(client: &reqwest::Client, base: &str, ids: &[String]) {
    for id in ids {
        let path = format!("/v2/orders/customer-orders/details/{id}");
        let response = send(client, base, Method::GET, &path, Vec::new())
            .await
            .expect("the server answers");
        assert_eq!(
            response.status(),
            200,
            "order {id} got a 200 but is not stored"
        );
    }
}

#[tokio::test]
async fn sigterm_stops_gracefully_with_exit_code_zero() {
    let data = tempfile::tempdir().unwrap();
    let database = TestDatabase::create().await;
    let mut server = Process::start(data.path(), &database).await;
    let client = reqwest::Client::new();
    let id = place(&client, &server.base).await.expect("an order");

    server.signal("TERM");
    let status = server.child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    let again = Process::start(data.path(), &database).await;
    assert_all_stored(&client, &again.base, &[id]).await;
}

#[tokio::test]
async fn a_second_orderd_on_the_same_data_directory_is_refused_naming_the_first() {
    let data = tempfile::tempdir().unwrap();
    let database = TestDatabase::create().await;
    let first = Process::start(data.path(), &database).await;
    let (child, _) = Process::spawn(data.path(), &database, "warn", &[]);
    let mut second = Process {
        child,
        base: String::new(),
    };
    let status = second
        .exit_within(Duration::from_secs(30))
        .await
        .expect("the second exits");
    assert!(!status.success(), "{status:?}");
    let log = std::fs::read_to_string(data.path().join("orderd.log")).unwrap();
    let holder = format!("in use by another orderd (pid {};", first.child.id());
    assert!(log.contains(&holder), "{log}");
    let client = reqwest::Client::new();
    let health = client.get(format!("{}/health", first.base)).send().await;
    assert_eq!(health.unwrap().status(), 200, "the first serves on");
}

/// A connection whose request is in flight (its body half sent, with a body timeout of five
/// minutes) does not keep a stopping orderd alive past its shutdown deadline (a second here).
#[tokio::test]
async fn sigterm_drops_connections_still_open_at_the_shutdown_deadline() {
    let data = tempfile::tempdir().unwrap();
    let database = TestDatabase::create().await;
    let config = data.path().join("orderd.toml");
    std::fs::write(
        &config,
        "[limits]\nshutdown_timeout = \"1s\"\nbody_timeout = \"5m\"\nheader_timeout = \"5m\"\n\
         max_body_bytes = 1024\nbody_budget_bytes = 1024\n",
    )
    .unwrap();
    let extra = [OsStr::new("--config"), config.as_os_str()];
    let mut server = Process::start_with(data.path(), &database, "warn", &extra).await;
    let addr = server.base.trim_start_matches("http://").parse().unwrap();
    // Returns once the held request is being read: another body finds the budget spent.
    let held = hold_the_body_budget(&server.base, addr, 1024).await;

    server.signal("TERM");
    let status = server
        .exit_within(Duration::from_secs(30))
        .await
        .expect("exited long before the body timeout");
    assert!(status.success(), "exit status {status:?}");
    let log = std::fs::read_to_string(data.path().join("orderd.log")).unwrap();
    assert!(
        log.contains("shutdown deadline passed; dropping the connections still open"),
        "{log}"
    );
    drop(held);
}

#[test]
fn help_documents_every_serve_option() {
    let output = Command::new(env!("CARGO_BIN_EXE_orderd"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for option in [
        "--listen",
        "--data-dir",
        "--database-url",
        "--config",
        "ORDERD_LISTEN",
        "ORDERD_DATA_DIR",
        "ORDERD_DATABASE_URL",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
}

/// A client cannot write lines into orderd's log: what it sent (here a project id with a
/// newline, a fake log line and a terminal colour code in the path) is logged escaped, and the
/// refusal line carries the request's id like every other line of it.
#[tokio::test]
async fn a_client_cannot_forge_log_lines() {
    let data = tempfile::tempdir().unwrap();
    let database = TestDatabase::create().await;
    let server = Process::start_logging(data.path(), &database, "info").await;
    let client = reqwest::Client::new();
    let login = json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "demo", "password": "demo-password", "domain": {"name": "demo"}}}},
        "scope": {"project": {"id": DEMO_PROJECT}}}});
    let answer = client
        .post(format!("{}/v3/auth/tokens", server.base))
        .json(&login)
        .send()
        .await
        .unwrap();
    let token = answer.headers()["x-subject-token"]
        .to_str()
        .unwrap()
        .to_owned();
    let forged = "/v1/abc%0A2026-01-01T00:00:00.000000Z%20ERROR%20forged%1B%5B31m/period/order";
    let refused = client
        .post(format!("{}{forged}", server.base))
        .header("x-auth-token", token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let request_id = refused.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    drop(server);
    let log = std::fs::read_to_string(data.path().join("orderd.log")).unwrap();
    assert!(
        !log.lines()
            .any(|l| l.starts_with("2026-01-01T00:00:00.000000Z")),
        "a forged line: {log}"
    );
    assert!(
        !log.contains("forged\u{1b}"),
        "the client's terminal escape reached the log raw: {log}"
    );
    let refusal = log
        .lines()
        .find(|l| l.contains("refused by the auth guard"))
        .expect("the refusal is logged");
    assert!(refusal.contains(&request_id), "{refusal}");
    assert!(refusal.contains("\\n2026-01-01"), "escaped: {refusal}");
}
