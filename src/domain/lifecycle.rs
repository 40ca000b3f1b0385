//! The order lifecycle: which events move an order from which status to which. This table is the
//! only place the allowed transitions are written; [`super::order::Order`]'s methods consult it.

use std::fmt;

use time::Duration;

use super::order::OrderStatus;

/// How long an order waits for its time-driven steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// An order not paid this long after it was placed is cancelled by the system.
    pub unpaid: Duration,
    /// A paid order's resources are delivered this long after the payment.
    pub delivery: Duration,
    /// An expired resource stays usable (status 5, renewable) this long after it expires.
    pub grace: Duration,
    /// A frozen resource (status 4) is kept this long after its grace period, then closed.
    pub retention: Duration,
}

impl Default for Deadlines {
    /// Seven days to pay, as BSS gives; delivery at once; 15 days of grace, then 15 frozen.
    fn default() -> Deadlines {
        Deadlines {
            unpaid: Duration::days(7),
            delivery: Duration::ZERO,
            grace: Duration::days(15),
            retention: Duration::days(15),
        }
    }
}

/// Something that happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderEvent {
    /// The customer (or auto-pay) paid it.
    Pay,
    /// The customer cancelled it before paying.
    Cancel,
    /// Its resources were delivered.
    Complete,
    /// It stayed unpaid past the deadline and the system cancelled it.
    ExpireUnpaid,
    /// An unsubscribe order settled at once: its refund was credited.
    Settle,
}

impl OrderEvent {
    /// What the event is called in records and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderEvent::Pay => "pay",
            OrderEvent::Cancel => "cancel",
            OrderEvent::Complete => "complete",
            OrderEvent::ExpireUnpaid => "expire_unpaid",
            OrderEvent::Settle => "settle",
        }
    }
}

impl fmt::Display for OrderEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

use OrderEvent::{Cancel, Complete, ExpireUnpaid, Pay, Settle};
use OrderStatus::{Cancelled, Completed, PendingPayment, Processing};

/// Every allowed transition: (from, event, to). Anything not listed is refused.
pub const TRANSITIONS: &[(OrderStatus, OrderEvent, OrderStatus)] = &[
    (PendingPayment, Pay, Processing),
    (PendingPayment, Cancel, Cancelled),
    (PendingPayment, ExpireUnpaid, Cancelled),
    (Processing, Complete, Completed),
    (PendingPayment, Settle, Completed),
];

/// Where `event` takes an order at `from`, or `None` when the table does not allow it.
pub fn next_status(from: OrderStatus, event: OrderEvent) -> Option<OrderStatus> {
    TRANSITIONS
        .iter()
        .find(|(f, e, _)| *f == from && *e == event)
        .map(|(_, _, to)| *to)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: [OrderEvent; 5] = [Pay, Cancel, Complete, ExpireUnpaid, Settle];

    #[test]
    fn a_new_order_can_be_paid_cancelled_expired_or_settled_and_nothing_else() {
        assert_eq!(next_status(PendingPayment, Pay), Some(Processing));
        assert_eq!(next_status(PendingPayment, Cancel), Some(Cancelled));
        assert_eq!(next_status(PendingPayment, ExpireUnpaid), Some(Cancelled));
        assert_eq!(next_status(PendingPayment, Complete), None);
        assert_eq!(next_status(PendingPayment, Settle), Some(Completed));
    }

    #[test]
    fn ended_orders_accept_no_event() {
        for status in [Cancelled, Completed] {
            for event in EVENTS {
                assert_eq!(next_status(status, event), None, "{status} {event}");
            }
        }
    }

    #[test]
    fn each_status_and_event_appears_at_most_once() {
        for (i, (from, event, _)) in TRANSITIONS.iter().enumerate() {
            assert!(
                !TRANSITIONS[i + 1..]
                    .iter()
                    .any(|(f, e, _)| f == from && e == event),
                "{from} {event} listed twice"
            );
        }
    }
}
