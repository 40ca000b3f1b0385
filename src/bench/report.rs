//! The report of a run: printed as text, written as JSON (the same fields; `bench/README.md`
//! lists them).

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::BenchError;
use super::mix::Kind;

/// Everything a run measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// The server's base URL.
    pub url: String,
    /// Concurrent keep-alive connections.
    pub connections: usize,
    /// The mix, as `--mix` takes it (`dsc=6,pay=1`).
    pub mix: String,
    /// The `--duration` asked for, in seconds (none when a request count was).
    pub duration_seconds: Option<f64>,
    /// The `--requests` asked for (none when a duration was).
    pub request_count: Option<u64>,
    /// When the measured run began (RFC 3339, UTC).
    pub started_at: String,
    /// The account balance set before the run through the operator API, when asked.
    pub balance_set: Option<String>,
    /// The pre-fill, when one ran.
    pub prefill: Option<PrefillReport>,
    /// How long the measured run took, from its first request to its last answer.
    pub elapsed_seconds: f64,
    /// Requests sent in the measured run, answered or not.
    pub requests: u64,
    /// Requests per second.
    pub throughput: f64,
    /// Latency of every answered request.
    pub latency: Latency,
    /// Each kind sent.
    pub kinds: Vec<KindReport>,
    /// Every answer that was not the one expected, by kind and status.
    pub unexpected: Vec<Unexpected>,
    /// Details and pays drawn while no order was there to read or pay, sent as creates.
    pub substituted_creates: u64,
    /// Connections opened (one per connection, plus any the server closed and that were
    /// opened again).
    pub connects: u64,
    /// The server process's cost over the measured run, when it could be measured.
    pub server: Option<ServerReport>,
    /// Why the server's cost was not measured, when it was not.
    pub server_not_measured: Option<String>,
}

/// Latency percentiles, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    /// Median.
    pub p50_us: u64,
    /// 90th percentile.
    pub p90_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// 99.9th percentile.
    pub p99_9_us: u64,
    /// The slowest.
    pub max_us: u64,
    /// The mean.
    pub mean_us: u64,
}

/// One kind's share of the run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KindReport {
    /// The kind.
    pub kind: Kind,
    /// Requests of this kind.
    pub requests: u64,
    /// How many of them got an unexpected answer or none.
    pub unexpected: u64,
    /// Requests of this kind per second.
    pub per_second: f64,
    /// Their latency.
    pub latency: Latency,
}

/// Answers of one kind with one unexpected status.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unexpected {
    /// The kind.
    pub kind: Kind,
    /// The status; none when the request got no answer (the connection failed).
    pub status: Option<u16>,
    /// How many.
    pub count: u64,
    /// The first few bodies (or, without an answer, why), clipped.
    pub first_bodies: Vec<String>,
}

/// The orders placed before the measured run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrefillReport {
    /// DSC orders asked for.
    pub requested: u64,
    /// Orders placed (answered 200 with an order id).
    pub placed: u64,
    /// How long it took.
    pub seconds: f64,
    /// Orders placed per second.
    pub per_second: f64,
    /// Its unexpected answers, as for the run.
    pub unexpected: Vec<Unexpected>,
}

/// The server process's cost over the measured run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerReport {
    /// Its process id.
    pub pid: u32,
    /// CPU time (user + system) it spent during the run.
    pub cpu_seconds: f64,
    /// That time divided by the run's requests, in microseconds.
    pub cpu_us_per_request: f64,
    /// Its resident set after the run.
    pub rss_bytes: u64,
    /// The largest resident set it has had since it started.
    pub peak_rss_bytes: u64,
}

impl Report {
    /// True when every request got the answer it should.
    pub fn all_expected(&self) -> bool {
        self.unexpected.is_empty()
            && self
                .prefill
                .as_ref()
                .is_none_or(|p| p.unexpected.is_empty())
    }

    /// Writes the report as JSON to `path`.
    pub fn write_json(&self, path: &Path) -> Result<(), BenchError> {
        let text = serde_json::to_string_pretty(self).expect("a report serializes");
        std::fs::write(path, text + "\n").map_err(|source| BenchError::Write {
            path: path.to_owned(),
            source,
        })
    }
}

fn ms(us: u64) -> String {
    format!("{:.2} ms", us as f64 / 1000.0)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn write_unexpected(f: &mut fmt::Formatter<'_>, unexpected: &[Unexpected]) -> fmt::Result {
    for u in unexpected {
        let status = u.status.map_or("no answer".to_owned(), |s| s.to_string());
        writeln!(f, "  UNEXPECTED {} {status}: {} times", u.kind, u.count)?;
        for body in &u.first_bodies {
            writeln!(f, "    {body}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limit = match (self.duration_seconds, self.request_count) {
            (Some(s), _) => format!("{s} s"),
            (_, Some(n)) => format!("{n} requests"),
            _ => String::new(),
        };
        writeln!(
            f,
            "{}: {} connections, {limit}, mix {}",
            self.url, self.connections, self.mix
        )?;
        if let Some(balance) = &self.balance_set {
            writeln!(f, "balance set to {balance} CNY")?;
        }
        if let Some(p) = &self.prefill {
            writeln!(
                f,
                "prefill: {} of {} DSC orders placed in {:.1} s ({:.0}/s)",
                p.placed, p.requested, p.seconds, p.per_second
            )?;
            write_unexpected(f, &p.unexpected)?;
        }
        let l = &self.latency;
        writeln!(
            f,
            "{} requests in {:.2} s: {:.0} requests/s",
            self.requests, self.elapsed_seconds, self.throughput
        )?;
        writeln!(
            f,
            "latency: p50 {}, p90 {}, p99 {}, p99.9 {}, max {}",
            ms(l.p50_us),
            ms(l.p90_us),
            ms(l.p99_us),
            ms(l.p99_9_us),
            ms(l.max_us)
        )?;
        writeln!(
            f,
            "{:<10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
            "kind", "requests", "per s", "p50", "p99", "p99.9", "unexpected"
        )?;
        for k in &self.kinds {
            writeln!(
                f,
                "{:<10} {:>10} {:>10.0} {:>10} {:>10} {:>10} {:>10}",
                k.kind.name(),
                k.requests,
                k.per_second,
                ms(k.latency.p50_us),
                ms(k.latency.p99_us),
                ms(k.latency.p99_9_us),
                k.unexpected
            )?;
        }
        if self.substituted_creates > 0 {
            writeln!(
                f,
                "{} details or pays found no order yet and were sent as creates",
                self.substituted_creates
            )?;
        }
        if self.unexpected.is_empty() {
            writeln!(f, "every answer was the expected one")?;
        } else {
            write_unexpected(f, &self.unexpected)?;
        }
        match (&self.server, &self.server_not_measured) {
            (Some(s), _) => writeln!(
                f,
                "server pid {}: CPU {:.2} s, {:.0} µs per request; RSS {} (peak {})",
                s.pid,
                s.cpu_seconds,
                s.cpu_us_per_request,
                mb(s.rss_bytes),
                mb(s.peak_rss_bytes)
            ),
            (None, Some(why)) => writeln!(f, "server CPU and RSS not measured: {why}"),
            (None, None) => Ok(()),
        }
    }
}
