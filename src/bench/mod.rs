//! `orderd-bench`: a load generator that signs every request with AK/SK as the official SDKs do.
//!
//! N keep-alive connections send a weighted mix of order creation (DSC, Workspace, IES), BSS
//! reads (order detail, order list) and payments for a duration or a request count, optionally
//! after pre-filling the store with orders. The [`Report`] gives throughput, latency
//! percentiles, every unexpected answer by kind and status, and the server process's CPU per
//! request and resident set. `src/bin/orderd-bench.rs` is its command line; `bench/README.md`
//! how to run it and the figures taken with it.

mod args;
mod connection;
mod mix;
mod orders;
mod report;
mod requests;
mod run;
mod server;
mod stats;
mod target;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use http_body_util::Full;
use hyper::Request;
use hyper::body::Bytes;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use args::BenchArgs;
pub use mix::{Kind, Mix};
pub use report::{KindReport, Latency, PrefillReport, Report, ServerReport, Unexpected};
pub use run::Stop;

use connection::Connection;
use orders::Orders;
use run::Load;
use server::{Sample, ServerProcess};
use stats::rate;
use target::Target;

/// Why a run could not be made (answers the server gives are never errors: they are reported).
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// An option the tool cannot use (`--url`, `--mix`, `--operator-token`): which and why.
    #[error("{0}")]
    Usage(String),
    /// A connection could not be opened.
    #[error("cannot connect to {addr}: {source}")]
    Connect {
        /// Where to.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// HTTP failed on a connection.
    #[error("HTTP: {0}")]
    Http(hyper::Error),
    /// The server process named by `--server-pid` cannot be measured.
    #[error("cannot measure the server process {pid}: {why}")]
    Server {
        /// Its id.
        pid: u32,
        /// Why.
        why: String,
    },
    /// The operator API refused to set the balance.
    #[error("setting the balance was answered {status}: {body}")]
    Balance {
        /// The status.
        status: u16,
        /// The answer.
        body: String,
    },
    /// The JSON report could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// Where to.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Runs the benchmark `args` describe: sets the balance, pre-fills, then measures.
pub async fn run(args: &BenchArgs) -> Result<Report, BenchError> {
    orders::check_mix(&args.mix, args.prefill)?;
    let target = Target::resolve(&args.url).await?;
    let (server, mut server_not_measured) = match args.server_pid {
        Some(pid) => (Some(ServerProcess::new(pid)?), None),
        None => find_server(&target),
    };
    if let Some(balance) = &args.balance {
        set_balance(&target, &args.operator_token, balance).await?;
    }
    let orders = Arc::new(Orders::default());
    let prefill = match args.prefill {
        0 => None,
        n => Some(prefill(&target, args.connections, n, &orders).await?),
    };
    let before = server.map(|s| s.sample()).transpose()?;
    let started_at = OffsetDateTime::now_utc();
    let (stats, elapsed) = run::apply(Load {
        target: &target,
        connections: args.connections,
        mix: &args.mix,
        stop: args.stop(),
        orders: &orders,
        payable: true,
    })
    .await?;
    let requests = stats.requests();
    let server = match (server, before) {
        (Some(process), Some(before)) => match process.sample() {
            Ok(after) => Some(server_report(process, before, after, requests)),
            Err(e) => {
                server_not_measured = Some(format!("after the run: {e}"));
                None
            }
        },
        _ => None,
    };
    let (duration_seconds, request_count) = match args.stop() {
        Stop::After(d) => (Some(d.as_secs_f64()), None),
        Stop::Count(n) => (None, Some(n)),
    };
    Ok(Report {
        url: target.url.clone(),
        connections: args.connections,
        mix: args.mix.to_string(),
        duration_seconds,
        request_count,
        started_at: started_at.format(&Rfc3339).expect("a UTC time formats"),
        balance_set: args.balance.clone(),
        prefill,
        elapsed_seconds: elapsed.as_secs_f64(),
        requests,
        throughput: rate(requests, elapsed),
        latency: stats.latency(),
        kinds: stats.kinds(elapsed),
        unexpected: stats.unexpected(),
        substituted_creates: stats.substitutions(),
        connects: stats.connects(),
        server,
        server_not_measured,
    })
}

/// The server process when it runs on this machine and can be seen; else why not.
fn find_server(target: &Target) -> (Option<ServerProcess>, Option<String>) {
    if !target.addr.ip().is_loopback() {
        let why = format!(
            "{} is not this machine's loopback; give --server-pid",
            target.addr
        );
        return (None, Some(why));
    }
    match ServerProcess::listening_on(target.addr.port()) {
        Some(process) => (Some(process), None),
        None => {
            let why = format!(
                "no process this user may inspect listens on port {}; give --server-pid",
                target.addr.port()
            );
            (None, Some(why))
        }
    }
}

fn server_report(
    process: ServerProcess,
    before: Sample,
    after: Sample,
    requests: u64,
) -> ServerReport {
    let cpu = after.cpu.saturating_sub(before.cpu).as_secs_f64();
    ServerReport {
        pid: process.pid,
        cpu_seconds: cpu,
        cpu_us_per_request: if requests > 0 {
            cpu * 1e6 / requests as f64
        } else {
            0.0
        },
        rss_bytes: after.rss_bytes,
        peak_rss_bytes: after.peak_rss_bytes,
    }
}

/// Places `count` DSC orders (unpaid, so the balance is untouched) with `connections`
/// connections; they become the orders details read.
async fn prefill(
    target: &Target,
    connections: usize,
    count: u64,
    orders: &Arc<Orders>,
) -> Result<PrefillReport, BenchError> {
    let before = orders.seen();
    let (stats, elapsed) = run::apply(Load {
        target,
        connections,
        mix: &Mix::dsc_only(),
        stop: Stop::Count(count),
        orders,
        payable: false,
    })
    .await?;
    let placed = orders.seen() - before;
    Ok(PrefillReport {
        requested: count,
        placed,
        seconds: elapsed.as_secs_f64(),
        per_second: rate(placed, elapsed),
        unexpected: stats.unexpected(),
    })
}

/// `PUT /orderd/v1/accounts/{domain_id}/balance` for the demo account.
async fn set_balance(target: &Target, token: &str, balance: &str) -> Result<(), BenchError> {
    let body = serde_json::json!({ "balance": balance }).to_string();
    let request = Request::put(format!(
        "/orderd/v1/accounts/{}/balance",
        crate::config::demo::DOMAIN_ID
    ))
    .header("host", &target.host)
    .header("authorization", format!("Bearer {token}"))
    .header("content-type", "application/json")
    .body(Full::new(Bytes::from(body)))
    .map_err(|e| BenchError::Usage(format!("bad --operator-token or --balance: {e}")))?;
    let (status, answer) = Connection::open(target.addr).await?.send(request).await?;
    if status != hyper::StatusCode::OK {
        return Err(BenchError::Balance {
            status: status.as_u16(),
            body: String::from_utf8_lossy(&answer).into(),
        });
    }
    Ok(())
}
