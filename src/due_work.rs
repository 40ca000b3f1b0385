//! Time-driven work (deliveries, unpaid deadlines, renewals, expiry, forgetting old idempotency
//! keys), done by one node at a time: whichever holds the lease on it. The holder renews the
//! lease every tick; when it dies, the lease lapses and another node takes the work over. A
//! step two nodes took at once would still be written once (every step checks versions); the
//! lease keeps them from racing for it.

use std::time::Duration;

use crate::domain::clock::{Clock, SystemClock};
use crate::service::OrderService;

/// How often time-driven work is looked for.
const EVERY: Duration = Duration::from_secs(1);

/// How long a lease lasts unless renewed: how soon another node takes over from one that died.
const LEASE: time::Duration = time::Duration::seconds(10);

/// The lease's name.
const LEASE_NAME: &str = "due-work";

/// The time-driven work of one node.
#[derive(Clone)]
pub struct DueWork {
    orders: OrderService,
    holder: String,
}

impl DueWork {
    /// The work of this node, known to the others by a name of its own.
    pub fn new(orders: OrderService) -> DueWork {
        let holder = format!("pid {} ({})", std::process::id(), uuid::Uuid::new_v4());
        DueWork { orders, holder }
    }

    /// Every [`EVERY`]: while this node holds the lease (or can take it), does what fell due.
    /// A failure is logged and tried again at the next tick.
    pub async fn run(self) {
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut holding = false;
        loop {
            ticks.tick().await;
            // Leases tell whether a process is alive: real time, whatever clock orders run on.
            let now = SystemClock.now();
            match self
                .orders
                .hold_lease(LEASE_NAME, &self.holder, now, LEASE)
                .await
            {
                Ok(held) => {
                    if held != holding {
                        tracing::info!(holder = %self.holder, held, "time-driven work lease");
                        holding = held;
                    }
                }
                Err(err) => {
                    tracing::error!(error = %err, "cannot renew the time-driven work lease");
                    continue;
                }
            }
            if !holding {
                continue;
            }
            if let Err(err) = self.orders.run_due().await {
                tracing::error!(error = %err, "time-driven work failed; retrying at the next tick");
            }
            if let Err(err) = self.orders.forget_old_keys().await {
                tracing::error!(error = %err, "cannot forget old idempotency keys");
            }
        }
    }

    /// Gives the lease up, so that another node takes the work over at once.
    pub async fn stop(&self) {
        if let Err(err) = self.orders.release_lease(LEASE_NAME, &self.holder).await {
            tracing::warn!(error = %err, "cannot give the time-driven work lease up");
        }
    }
}
