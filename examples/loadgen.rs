//! A load generator that signs every request with AK/SK as the official SDKs do, which wrk cannot.
//! It posts the DSC seed example to the demo project from `--connections` concurrent clients for
//! `--seconds` and prints throughput and latency percentiles.
//!
//! `cargo run --release --example loadgen -- --url http://127.0.0.1:8080 --connections 64 --seconds 10`

use std::time::{Duration, Instant};

use clap::Parser;
use orderd::auth::signing;
use orderd::config::demo;
use time::OffsetDateTime;

#[derive(Debug, Parser)]
struct Args {
    /// orderd's base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// How long to run.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

const BODY: &str = r#"{"charging_mode":0,"cloud_service_type":"hws.service.type.sdg","is_auto_renew":0,"period_num":1,"period_type":2,"region_id":"cn-north-4","zone":"CH","product_infos":[{"cloud_service_type":"hws.service.type.sdg","product_id":"00301-225397-0--0","resource_size":30,"resource_size_measure_id":30,"resource_spec_code":"base_professional","resource_type":"hws.resource.type.dsc.base"}]}"#;

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let host = args
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let path = format!("/v1/{}/period/order", demo::PROJECT_ID);
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.connections {
        let (client, host, path, url) =
            (client.clone(), host.clone(), path.clone(), args.url.clone());
        workers.push(tokio::spawn(async move {
            let (mut latencies, mut failures) = (Vec::new(), 0u64);
            while Instant::now() < deadline {
                let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
                signing::add_signature(
                    &mut headers,
                    (demo::ROOT_AK, demo::ROOT_SK),
                    ("POST", &path, &host),
                    OffsetDateTime::now_utc(),
                    BODY.as_bytes(),
                );
                let mut request = client.post(format!("{url}{path}")).body(BODY);
                for (name, value) in headers {
                    request = request.header(name, value);
                }
                let sent = Instant::now();
                match request.send().await {
                    Ok(response) if response.status() == 200 => {
                        let _ = response.bytes().await;
                        latencies.push(sent.elapsed());
                    }
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        }));
    }
    let (mut latencies, mut failures) = (Vec::new(), 0);
    for worker in workers {
        let (l, f) = worker.await.expect("worker");
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{} orders in {elapsed:.1} s: {:.0} orders/s, p50 {:.2} ms, p99 {:.2} ms, {failures} failed",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(0.50),
        percentile(0.99),
    );
}
