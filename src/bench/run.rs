//! The load: N connections, each sending its next request as soon as the last is answered (a
//! closed loop, as wrk runs), until a deadline or a request count.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::StatusCode;
use hyper::body::Bytes;
use time::OffsetDateTime;
use tokio::time::Instant;

use super::BenchError;
use super::connection::Connection;
use super::mix::{Kind, Mix};
use super::orders::Orders;
use super::requests::{expected_status, placed_order};
use super::stats::{Outcome, Stats};
use super::target::Target;

/// How long a request may wait for its answer before it counts as unanswered and its connection
/// is dropped: a stalled server must not stall the run past its deadline.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a connection that could not be reopened waits before it tries again.
const RECONNECT_PAUSE: Duration = Duration::from_millis(100);

/// When a run ends.
#[derive(Debug, Clone, Copy)]
pub enum Stop {
    /// No request is sent after this long (those in flight are answered).
    After(Duration),
    /// After this many requests over all connections.
    Count(u64),
}

/// One load to apply.
pub struct Load<'a> {
    /// The server.
    pub target: &'a Target,
    /// Concurrent connections.
    pub connections: usize,
    /// What to send.
    pub mix: &'a Mix,
    /// When to stop.
    pub stop: Stop,
    /// The orders known so far; the run adds those it places.
    pub orders: &'a Arc<Orders>,
    /// Whether the orders it places may be paid by its pays (not the pre-fill's).
    pub payable: bool,
}

/// Applies `load`: opens every connection first (an unreachable server is an error before
/// anything is measured), then runs; gives what it saw and how long it took.
pub async fn apply(load: Load<'_>) -> Result<(Stats, Duration), BenchError> {
    let mut opened = Vec::with_capacity(load.connections);
    for _ in 0..load.connections {
        opened.push(Connection::open(load.target.addr).await?);
    }
    let stats = Arc::new(Mutex::new(Stats::default()));
    let tickets = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut workers = Vec::with_capacity(load.connections);
    for connection in opened {
        stats
            .lock()
            .expect("no panic while holding the lock")
            .connected();
        let worker = Worker {
            target: load.target.clone(),
            mix: load.mix.clone(),
            stop: load.stop,
            started,
            tickets: Arc::clone(&tickets),
            orders: Arc::clone(load.orders),
            payable: load.payable,
            stats: Arc::clone(&stats),
        };
        workers.push(tokio::spawn(worker.run(connection)));
    }
    for worker in workers {
        worker.await.expect("a worker does not panic");
    }
    let elapsed = started.elapsed();
    let stats = Arc::into_inner(stats)
        .expect("every worker has ended")
        .into_inner()
        .expect("no panic while holding the lock");
    Ok((stats, elapsed))
}

/// One connection's loop.
struct Worker {
    target: Target,
    mix: Mix,
    stop: Stop,
    started: Instant,
    tickets: Arc<AtomicU64>,
    orders: Arc<Orders>,
    payable: bool,
    stats: Arc<Mutex<Stats>>,
}

impl Worker {
    async fn run(self, first: Connection) {
        let mut kept = Some(first);
        while self.another() {
            let (planned, substituted) = self.orders.plan(&self.mix);
            let mut connection = match kept.take().filter(Connection::is_open) {
                Some(open) => open,
                None => match Connection::open(self.target.addr).await {
                    Ok(reopened) => {
                        self.stats().connected();
                        reopened
                    }
                    Err(e) => {
                        let failed = Outcome::Failed(e.to_string());
                        self.stats().record(planned.kind, Duration::ZERO, failed);
                        tokio::time::sleep(RECONNECT_PAUSE).await;
                        continue;
                    }
                },
            };
            let request = planned.signed(&self.target.host, OffsetDateTime::now_utc());
            let sent = Instant::now();
            let answer = tokio::time::timeout(REQUEST_TIMEOUT, connection.send(request)).await;
            let latency = sent.elapsed();
            let outcome = match answer {
                Ok(answered) => {
                    // A failed connection shows as closed and is reopened for the next request.
                    kept = Some(connection);
                    match answered {
                        Ok((status, body)) => self.judge(planned.kind, status, body),
                        Err(e) => Outcome::Failed(e.to_string()),
                    }
                }
                // The late answer may still arrive on it: the next request gets a fresh one.
                Err(_) => Outcome::Failed(format!("no answer within {REQUEST_TIMEOUT:?}")),
            };
            let mut stats = self.stats();
            stats.record(planned.kind, latency, outcome);
            if substituted {
                stats.substituted();
            }
        }
    }

    /// True when another request is due.
    fn another(&self) -> bool {
        match self.stop {
            Stop::After(duration) => self.started.elapsed() < duration,
            Stop::Count(n) => self.tickets.fetch_add(1, Ordering::Relaxed) < n,
        }
    }

    /// Whether the answer is the one `kind` should get; an order a create placed is recorded.
    fn judge(&self, kind: Kind, status: StatusCode, body: Bytes) -> Outcome {
        let unexpected =
            || Outcome::Answered(status.as_u16(), String::from_utf8_lossy(&body).into());
        if status != expected_status(kind) {
            return unexpected();
        }
        if kind.creates() {
            match placed_order(kind, &body) {
                Some(id) => self.orders.placed(id, self.payable),
                None => return unexpected(),
            }
        }
        Outcome::Expected
    }

    fn stats(&self) -> std::sync::MutexGuard<'_, Stats> {
        self.stats.lock().expect("no panic while holding the lock")
    }
}
