//! The real binary as an operator runs it: start, crash, stop.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use orderd::auth::signing;
use orderd::config::demo;
use orderd::domain::ids::OrderId;
use orderd::store::Store;
use orderd::store::sqlite::SqliteStore;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::helpers::{DEMO_DOMAIN, DEMO_PROJECT};

struct Process {
    child: Child,
    base: String,
}

impl Process {
    #[expect(clippy::zombie_processes, reason = "the child is reaped in Drop")]
    async fn start(data_dir: &Path) -> Process {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_orderd"))
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(data_dir)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("orderd starts");
        let base = format!("http://127.0.0.1:{port}");
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
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("orderd did not become healthy");
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

fn order_body() -> Value {
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

/// Places one order, signed with the demo root user's key as the SDKs sign; the id when the
/// server answered 200, `None` when the request failed.
async fn place(client: &reqwest::Client, base: &str) -> Option<String> {
    let path = format!("/v1/{DEMO_PROJECT}/period/order");
    let body = order_body().to_string().into_bytes();
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    signing::add_signature(
        &mut headers,
        (demo::ROOT_AK, demo::ROOT_SK),
        ("POST", &path, base.trim_start_matches("http://")),
        OffsetDateTime::now_utc(),
        &body,
    );
    let mut request = client.post(format!("{base}{path}")).body(body);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = request.send().await.ok()?;
    if response.status() != 200 {
        return None;
    }
    let body: Value = response.json().await.ok()?;
    body["order_id"].as_str().map(str::to_owned)
}

async fn assert_all_stored(data_dir: &Path, ids: &[String]) {
    let store = SqliteStore::open(&data_dir.join("orderd.db"), OffsetDateTime::now_utc())
        .expect("store opens after the crash");
    for id in ids {
        let id: OrderId = id.parse().unwrap();
        let order = store.order(DEMO_DOMAIN, &id).await.unwrap();
        assert!(order.is_some(), "order {id} got a 200 but is not stored");
    }
    store.close().await;
}

#[tokio::test]
async fn every_order_that_got_a_200_survives_a_kill_9() {
    let data = tempfile::tempdir().unwrap();
    let mut server = Process::start(data.path()).await;
    let client = reqwest::Client::new();

    // Load from 32 concurrent clients, then SIGKILL the server in the middle of it.
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let (client, base) = (client.clone(), server.base.clone());
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            while let Some(id) = place(&client, &base).await {
                ids.push(id);
            }
            ids
        }));
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let mut acknowledged = Vec::new();
    for task in tasks {
        acknowledged.extend(task.await.unwrap());
    }
    assert!(
        acknowledged.len() > 32,
        "the load ran before the kill ({} orders)",
        acknowledged.len()
    );
    assert_all_stored(data.path(), &acknowledged).await;

    // And the server starts again on the same data.
    let mut again = Process::start(data.path()).await;
    assert!(place(&client, &again.base).await.is_some());
    again.child.kill().unwrap();
    again.child.wait().unwrap();
}

#[tokio::test]
async fn sigterm_stops_gracefully_with_exit_code_zero() {
    let data = tempfile::tempdir().unwrap();
    let mut server = Process::start(data.path()).await;
    let client = reqwest::Client::new();
    let id = place(&client, &server.base).await.expect("an order");

    server.signal("TERM");
    let status = server.child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    assert_all_stored(data.path(), &[id]).await;
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
