//! What a run saw: requests and latencies by kind, and every answer it did not expect.
//!
//! Latencies go into HDR histograms (microseconds, 3 significant digits): constant memory however
//! long the run, percentiles exact to 0.1%.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;

use super::mix::Kind;
use super::report::{KindReport, Latency, Unexpected};

/// How many answers of each unexpected (kind, status) keep their body for the report.
const SAMPLES: usize = 3;
/// How much of each kept body is shown.
const SAMPLE_CHARS: usize = 400;
/// The longest latency told apart from longer ones: a request gets no longer than
/// `run::REQUEST_TIMEOUT`.
const MAX_US: u64 = 120_000_000;

/// How one request ended.
pub enum Outcome {
    /// The answer the kind should get.
    Expected,
    /// Another status, or the right one without what it should carry: the status and body.
    Answered(u16, String),
    /// No answer at all (the connection failed): why.
    Failed(String),
}

/// The counts and latencies of one run (or of the pre-fill).
#[derive(Debug)]
pub struct Stats {
    all: Histogram<u64>,
    kinds: BTreeMap<Kind, KindStats>,
    unexpected: BTreeMap<(Kind, Option<u16>), (u64, Vec<String>)>,
    substituted: u64,
    connects: u64,
}

#[derive(Debug)]
struct KindStats {
    requests: u64,
    unexpected: u64,
    latency: Histogram<u64>,
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_US, 3).expect("the bounds are valid")
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            all: histogram(),
            kinds: BTreeMap::new(),
            unexpected: BTreeMap::new(),
            substituted: 0,
            connects: 0,
        }
    }
}

impl Stats {
    /// Records a request of `kind` that ended as `outcome` after `latency` (answers only: a
    /// request without an answer has no latency).
    pub fn record(&mut self, kind: Kind, latency: Duration, outcome: Outcome) {
        let entry = self.kinds.entry(kind).or_insert_with(|| KindStats {
            requests: 0,
            unexpected: 0,
            latency: histogram(),
        });
        entry.requests += 1;
        let us = u64::try_from(latency.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        if !matches!(outcome, Outcome::Failed(_)) {
            entry.latency.saturating_record(us);
            self.all.saturating_record(us);
        }
        let (status, text) = match outcome {
            Outcome::Expected => return,
            Outcome::Answered(status, body) => (Some(status), body),
            Outcome::Failed(why) => (None, why),
        };
        entry.unexpected += 1;
        let (count, samples) = self.unexpected.entry((kind, status)).or_default();
        *count += 1;
        if samples.len() < SAMPLES {
            samples.push(text.chars().take(SAMPLE_CHARS).collect());
        }
    }

    /// Records that a detail or pay found no order and a create was sent instead.
    pub fn substituted(&mut self) {
        self.substituted += 1;
    }

    /// Records a connection opened (the first of each worker, and any reopened).
    pub fn connected(&mut self) {
        self.connects += 1;
    }

    /// Every request sent.
    pub fn requests(&self) -> u64 {
        self.kinds.values().map(|k| k.requests).sum()
    }

    /// How many detail or pay draws became creates.
    pub fn substitutions(&self) -> u64 {
        self.substituted
    }

    /// How many connections were opened.
    pub fn connects(&self) -> u64 {
        self.connects
    }

    /// The latency of every answered request.
    pub fn latency(&self) -> Latency {
        latency(&self.all)
    }

    /// Each kind sent, in [`Kind::ALL`] order, its rate over `elapsed`.
    pub fn kinds(&self, elapsed: Duration) -> Vec<KindReport> {
        self.kinds
            .iter()
            .map(|(kind, k)| KindReport {
                kind: *kind,
                requests: k.requests,
                unexpected: k.unexpected,
                per_second: rate(k.requests, elapsed),
                latency: latency(&k.latency),
            })
            .collect()
    }

    /// Every unexpected (kind, status), with its count and first bodies.
    pub fn unexpected(&self) -> Vec<Unexpected> {
        self.unexpected
            .iter()
            .map(|((kind, status), (count, samples))| Unexpected {
                kind: *kind,
                status: *status,
                count: *count,
                first_bodies: samples.clone(),
            })
            .collect()
    }
}

/// `count` per second over `elapsed`.
pub fn rate(count: u64, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

fn latency(h: &Histogram<u64>) -> Latency {
    Latency {
        p50_us: h.value_at_quantile(0.50),
        p90_us: h.value_at_quantile(0.90),
        p99_us: h.value_at_quantile(0.99),
        p99_9_us: h.value_at_quantile(0.999),
        max_us: h.max(),
        mean_us: h.mean().round() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_every_answer_and_failures_only_count() {
        let mut stats = Stats::default();
        for ms in 1..=1000u64 {
            stats.record(Kind::Dsc, Duration::from_millis(ms), Outcome::Expected);
        }
        stats.record(
            Kind::Pay,
            Duration::from_millis(5),
            Outcome::Answered(400, "{\"error_code\":\"CBC.99005003\"}".into()),
        );
        stats.record(Kind::Pay, Duration::ZERO, Outcome::Failed("reset".into()));
        let all = stats.latency();
        assert!((499_000..=501_000).contains(&all.p50_us), "{all:?}");
        assert!((989_000..=991_000).contains(&all.p99_us), "{all:?}");
        assert_eq!(stats.requests(), 1002);
        let kinds = stats.kinds(Duration::from_secs(2));
        assert_eq!(kinds[0].kind, Kind::Dsc);
        assert_eq!(kinds[0].per_second, 500.0);
        assert_eq!((kinds[1].requests, kinds[1].unexpected), (2, 2));
        let unexpected = stats.unexpected();
        assert_eq!(unexpected.len(), 2);
        assert_eq!((unexpected[0].status, unexpected[0].count), (None, 1));
        assert_eq!(unexpected[0].first_bodies, ["reset"]);
        assert_eq!(unexpected[1].status, Some(400));
    }

    #[test]
    fn only_the_first_bodies_are_kept_and_clipped() {
        let mut stats = Stats::default();
        for n in 0..10 {
            let body = format!("{n}{}", "x".repeat(1000));
            stats.record(
                Kind::List,
                Duration::from_millis(1),
                Outcome::Answered(500, body),
            );
        }
        let unexpected = stats.unexpected();
        assert_eq!(unexpected[0].count, 10);
        assert_eq!(unexpected[0].first_bodies.len(), SAMPLES);
        assert!(unexpected[0].first_bodies[2].starts_with('2'));
        assert_eq!(unexpected[0].first_bodies[0].chars().count(), SAMPLE_CHARS);
    }
}
