//! What one client may take of orderd: slow or idle connections are closed, slow bodies are
//! refused, connections past the cap are turned away at once, and bodies share a budget. Each
//! test talks raw TCP, as such a client does, with short limits from the configuration; waits
//! are bounded by [`MARGIN`], far beyond the limits, so a timing-out test means a limit that
//! does not work, not a slow machine.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Credentials, DEMO_PROJECT, DEMO_ROOT, TestApp};

/// How long a test waits for what a limit of a second or two must bring about.
const MARGIN: Duration = Duration::from_secs(20);

/// Everything the server sends until it closes the connection; `None` when it is still open
/// after [`MARGIN`].
async fn read_until_closed(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let reading = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(MARGIN, reading).await.ok()?;
    Some(got)
}

/// The status and JSON body of the first answer in `raw`.
fn answer_of(raw: &[u8]) -> (u16, Value) {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status: {head:?}"));
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no content-length: {head:?}"));
    let body = serde_json::from_str(&body[..length]).unwrap_or_else(|e| panic!("{e}: {body:?}"));
    (status, body)
}

fn login_path() -> &'static str {
    "/v3/auth/tokens"
}

/// A request head for `path` with `headers` (and a `host` when they have none) and a body of
/// `length` bytes.
fn head(method: &str, path: &str, headers: &[(String, String)], length: usize) -> Vec<u8> {
    let mut text = format!("{method} {path} HTTP/1.1\r\n");
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        text.push_str("host: orderd\r\n");
    }
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!("content-length: {length}\r\n\r\n"));
    text.into_bytes()
}

#[tokio::test]
async fn a_request_head_that_stops_half_way_is_closed_after_the_head_timeout() {
    let app = TestApp::spawn_with_config("[limits]\nheader_timeout = \"1s\"\n").await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nhost: orderd\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut stream)
        .await
        .expect("the server closes the connection");
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
}

#[tokio::test]
async fn a_head_sent_a_line_at_a_time_is_closed_after_the_head_timeout_all_the_same() {
    let app = TestApp::spawn_with_config("[limits]\nheader_timeout = \"1s\"\n").await;
    let stream = TcpStream::connect(app.addr).await.unwrap();
    let (mut reading, mut writing) = stream.into_split();
    // A header line every 200 ms: the head never ends, though bytes keep coming.
    let trickle = tokio::spawn(async move {
        let mut line = b"GET /health HTTP/1.1\r\n".to_vec();
        for n in 0.. {
            if writing.write_all(&line).await.is_err() {
                return n;
            }
            line = format!("x-line-{n}: y\r\n").into_bytes();
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        unreachable!()
    });
    let mut buf = [0u8; 64];
    let closed = tokio::time::timeout(MARGIN, reading.read(&mut buf)).await;
    assert!(
        matches!(closed, Ok(Ok(0) | Err(_))),
        "still open: {closed:?}"
    );
    trickle.abort();
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_head_timeout() {
    let app = TestApp::spawn_with_config("[limits]\nheader_timeout = \"1s\"\n").await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nhost: orderd\r\n\r\n")
        .await
        .unwrap();
    let raw = read_until_closed(&mut stream)
        .await
        .expect("closed once idle");
    let (status, body) = answer_of(&raw);
    assert_eq!((status, &body["status"]), (200, &json!("ok")));
    let text = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    assert!(!text.contains("connection: close"), "kept alive: {text}");
}

/// A DSC order signed as the demo root user: the head and the whole body.
fn signed_order(app: &TestApp) -> (Vec<(String, String)>, Vec<u8>) {
    let path = format!("/v1/{DEMO_PROJECT}/period/order");
    let body = json!({
        "charging_mode": 0, "cloud_service_type": "hws.service.type.sdg", "period_num": 1,
        "period_type": 2, "region_id": "cn-north-4", "zone": "CH",
        "product_infos": [{
            "cloud_service_type": "hws.service.type.sdg", "product_id": "00301-225396-0--0",
            "resource_spec_code": "base_standard", "resource_type": "hws.resource.type.dsc.base"
        }]
    })
    .to_string()
    .into_bytes();
    let headers = app.authenticate(
        &Credentials::Signed(DEMO_ROOT),
        &Method::POST,
        &path,
        &[("content-type", "application/json")],
        &body,
    );
    (headers, body)
}

#[tokio::test]
async fn a_signed_body_that_stops_half_way_gets_408_in_the_apis_error_body() {
    let app = TestApp::spawn_with_config("[limits]\nbody_timeout = \"1s\"\n").await;
    let (headers, body) = signed_order(&app);
    let path = format!("/v1/{DEMO_PROJECT}/period/order");
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(&head("POST", &path, &headers, body.len()))
        .await
        .unwrap();
    stream.write_all(&body[..body.len() / 2]).await.unwrap();
    let raw = read_until_closed(&mut stream)
        .await
        .expect("answered and closed");
    let (status, answer) = answer_of(&raw);
    assert_eq!(status, 408, "{answer}");
    assert_eq!(answer["error_code"], "dsc.40000011", "{answer}");
    assert_eq!(
        answer["error_msg"], "the request body did not arrive within 1s",
        "{answer}"
    );
}

#[tokio::test]
async fn a_body_that_trickles_in_gets_408_all_the_same() {
    let app = TestApp::spawn_with_config("[limits]\nbody_timeout = \"1s\"\n").await;
    let stream = TcpStream::connect(app.addr).await.unwrap();
    let (mut reading, mut writing) = stream.into_split();
    let headers = [("content-type".to_owned(), "application/json".to_owned())];
    writing
        .write_all(&head("POST", login_path(), &headers, 1000))
        .await
        .unwrap();
    // A byte every 200 ms: the whole body would take 200 s.
    let trickle = tokio::spawn(async move {
        while writing.write_all(b" ").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut raw = Vec::new();
    let read = tokio::time::timeout(MARGIN, reading.read_to_end(&mut raw)).await;
    trickle.abort();
    assert!(read.is_ok(), "still open");
    let (status, answer) = answer_of(&raw);
    assert_eq!(status, 408, "{answer}");
    assert_eq!(answer["error_code"], "IAM.0007", "{answer}");
}

#[tokio::test]
async fn past_the_connection_cap_a_connection_is_closed_at_once_and_held_ones_are_served() {
    let app =
        TestApp::spawn_with_config("[limits]\nmax_connections = 8\nheader_timeout = \"60s\"\n")
            .await;
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(TcpStream::connect(app.addr).await.unwrap());
    }
    // Connections are taken in the order they came: the ninth finds no room.
    let mut ninth = TcpStream::connect(app.addr).await.unwrap();
    let raw = read_until_closed(&mut ninth).await.expect("closed at once");
    let (status, answer) = answer_of(&raw);
    assert_eq!(status, 503, "{answer}");
    assert_eq!(answer["error_code"], "APIG.0202", "{answer}");
    assert!(
        answer["error_msg"].as_str().unwrap().contains("(8)"),
        "{answer}"
    );

    let health = b"GET /health HTTP/1.1\r\nhost: orderd\r\nconnection: close\r\n\r\n";
    held[0].write_all(health).await.unwrap();
    let raw = read_until_closed(&mut held[0]).await.expect("answered");
    assert_eq!(answer_of(&raw).0, 200, "a held connection is served");

    // As held connections close, their places are given to new ones.
    drop(held);
    let mut served = false;
    for _ in 0..100 {
        let mut fresh = TcpStream::connect(app.addr).await.unwrap();
        fresh.write_all(health).await.unwrap();
        let raw = read_until_closed(&mut fresh).await.expect("answered");
        if answer_of(&raw).0 == 200 {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(served, "places are given back");
}

/// Holds a login whose declared body of `length` bytes is sent only in part, so that its share
/// of the body budget stays taken; returns once another body is refused for want of budget.
pub async fn hold_the_body_budget(
    base: &str,
    addr: std::net::SocketAddr,
    length: usize,
) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let headers = [("content-type".to_owned(), "application/json".to_owned())];
    stream
        .write_all(&head("POST", login_path(), &headers, length))
        .await
        .unwrap();
    stream.write_all(b"{\"auth\":").await.unwrap();
    let client = reqwest::Client::new();
    for _ in 0..100 {
        let answer = client
            .post(format!("{base}{}", login_path()))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        if answer.status() == 429 {
            let body: Value = answer.json().await.unwrap();
            assert_eq!(body["error_code"], "APIG.0308", "{body}");
            assert_eq!(
                body["error_msg"], "too many request bodies are being received at once; retry",
                "{body}"
            );
            return stream;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the held body never took the budget");
}

#[tokio::test]
async fn bodies_that_find_the_body_budget_spent_get_429_until_it_is_given_back() {
    let app = TestApp::spawn_with_config(
        "[limits]\nmax_body_bytes = 1024\nbody_budget_bytes = 1024\nbody_timeout = \"60s\"\n",
    )
    .await;
    let held = hold_the_body_budget(&app.url(""), app.addr, 1024).await;
    drop(held);
    // Its reader fails once the connection is gone, and its share returns.
    for _ in 0..100 {
        let answer = app
            .client
            .post(app.url(login_path()))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        if answer.status() == 400 {
            return;
        }
        assert_eq!(answer.status(), 429);
    }
    panic!("the budget was not given back");
}
