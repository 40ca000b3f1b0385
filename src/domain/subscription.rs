//! Subscriptions over time, the rules in one place: which resources may be renewed or
//! unsubscribed, what a renewal costs, what an unsubscription refunds, and what falls due when
//! a resource's time runs out. Pure functions of what was read and the time.
//!
//! **Renewal.** A renewal of period P is priced from the catalog for P (the main resource and
//! each resource attached to it, one line each, with the size and quantity they were bought
//! with). Paying it moves each one's expiry on by P from its old expiry, not from now, and puts
//! it back in use (from expired or frozen).
//!
//! **Refund.** The paid stretches of a subscription run back to back from delivery: the
//! purchase, then each paid renewal. Unsubscribing the resource (type 1) refunds the unused
//! whole days of the current stretch pro rata (its price × unused whole days ÷ whole days in
//! the stretch, rounded to the cent, half away from zero) plus every stretch not yet begun in
//! full, and closes the resource. Unsubscribing the renewed periods (type 2) refunds only the
//! stretches not yet begun, in full, and moves the expiry back to the end of the current one.
//!
//! **Expiry.** When a main resource's expiry passes: with auto-renewal on (and renewals left)
//! and the balance enough, the system renews it by the auto-renewal period; otherwise it
//! expires (status 5, usable, renewable) for the grace period, is frozen (4) when the grace
//! period ends, and is closed (3) when the retention period after it ends. Its attached
//! resources go with it.

use rust_decimal::Decimal;
use time::OffsetDateTime;

use super::ids::OrderId;
use super::money::Amount;
use super::order::{Order, OrderStatus, OrderType};
use super::period::Period;
use super::resource::{Resource, ResourceStatus};

/// Why one resource of a renewal or unsubscription request was not acted on (answered per
/// resource in `fail_resource_infos`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResourceRefusal {
    /// The account has no delivered resource with this id.
    #[error("resource {0} does not exist")]
    NotFound(String),
    /// The resource is attached to another; its main resource is acted on.
    #[error("resource {id} is attached to {main}; name its main resource")]
    NotMain {
        /// The resource.
        id: String,
        /// Its main resource.
        main: String,
    },
    /// A renewal order of the resource waits for payment.
    #[error("resource {id} is in renewal order {order} pending payment")]
    PendingRenewal {
        /// The resource.
        id: String,
        /// The order.
        order: OrderId,
    },
    /// A renewal order of the resource waits for payment: it cannot be unsubscribed meanwhile.
    #[error("resource {id} is in renewal order {order} pending payment; pay or cancel it first")]
    InProgress {
        /// The resource.
        id: String,
        /// The order.
        order: OrderId,
    },
    /// The resource is closed (unsubscribed, or released after its retention period).
    #[error("resource {0} is closed and cannot be renewed")]
    NotRenewable(String),
    /// The resource expired or is frozen: it can be renewed, not unsubscribed.
    #[error("resource {0} has expired or is frozen")]
    ExpiredOrFrozen(String),
    /// Only its renewed periods were to be unsubscribed, and none has yet to begin.
    #[error("resource {0} has no renewed period that has not begun")]
    NothingRenewed(String),
    /// Its auto-renewal was to be turned off, and it is off.
    #[error("auto-renewal of resource {0} is already off")]
    AutoRenewOff(String),
    /// The catalog cannot price its renewal.
    #[error("resource {id} cannot be priced: {reason}")]
    NoPrice {
        /// The resource.
        id: String,
        /// Why.
        reason: String,
    },
}

impl ResourceRefusal {
    /// The resource refused.
    pub fn resource_id(&self) -> &str {
        match self {
            ResourceRefusal::NotFound(id)
            | ResourceRefusal::NotRenewable(id)
            | ResourceRefusal::ExpiredOrFrozen(id)
            | ResourceRefusal::NothingRenewed(id)
            | ResourceRefusal::AutoRenewOff(id)
            | ResourceRefusal::NotMain { id, .. }
            | ResourceRefusal::PendingRenewal { id, .. }
            | ResourceRefusal::InProgress { id, .. }
            | ResourceRefusal::NoPrice { id, .. } => id,
        }
    }
}

/// What an unsubscription gives up (`unsubscribe_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsubscribe {
    /// 1: the resource and its renewed periods.
    Whole,
    /// 2: only the renewed periods not yet begun.
    RenewedOnly,
}

/// Whether the main resource `resource` may be renewed, given `orders` (those that created it
/// or name it): not while one of its renewal orders waits for payment.
pub fn check_renewable(resource: &Resource, orders: &[Order]) -> Result<(), ResourceRefusal> {
    let id = resource.id().to_owned();
    if let Some(main) = resource.parent_id() {
        return Err(ResourceRefusal::NotMain {
            id,
            main: main.to_owned(),
        });
    }
    match resource.status() {
        ResourceStatus::Closed | ResourceStatus::Pending => {
            return Err(ResourceRefusal::NotRenewable(id));
        }
        _ => {}
    }
    match pending_renewal(orders) {
        Some(order) => Err(ResourceRefusal::PendingRenewal { id, order }),
        None => Ok(()),
    }
}

/// Whether the main resource `resource` may be unsubscribed: in use, with no renewal waiting.
pub fn check_unsubscribable(resource: &Resource, orders: &[Order]) -> Result<(), ResourceRefusal> {
    let id = resource.id().to_owned();
    match resource.status() {
        ResourceStatus::Closed | ResourceStatus::Pending => Err(ResourceRefusal::NotFound(id)),
        ResourceStatus::Expired | ResourceStatus::Frozen => {
            Err(ResourceRefusal::ExpiredOrFrozen(id))
        }
        ResourceStatus::InUse => match check_renewable(resource, orders) {
            Err(ResourceRefusal::PendingRenewal { id, order }) => {
                Err(ResourceRefusal::InProgress { id, order })
            }
            other => other,
        },
    }
}

/// The renewal order among `orders` that waits for payment.
fn pending_renewal(orders: &[Order]) -> Option<OrderId> {
    orders
        .iter()
        .find(|o| {
            o.priced().order_type == OrderType::Renew && o.status() == OrderStatus::PendingPayment
        })
        .map(|o| o.id().clone())
}

/// One paid stretch of a subscription: from `start` to `end`, bought for `amount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    /// When it begins.
    pub start: OffsetDateTime,
    /// When it ends.
    pub end: OffsetDateTime,
    /// What it cost.
    pub amount: Amount,
}

/// The paid stretches of `resource`, from `orders` (those that created it or name it): the
/// purchase from delivery, then each paid renewal from the end of the one before; an
/// unsubscription of its renewed periods drops the stretches not begun when it was made.
pub fn stretches(resource: &Resource, orders: &[Order]) -> Vec<Stretch> {
    let Some(start) = resource.effective_at() else {
        return Vec::new();
    };
    let line_of = |order: &Order| {
        order
            .priced()
            .lines
            .iter()
            .find(|l| l.resource_id.as_deref() == Some(resource.id()))
            .cloned()
    };
    let bought = orders
        .iter()
        .find(|o| Some(o.id().as_str()) == resource.order_id())
        .and_then(line_of)
        .map_or(Amount::ZERO, |l| l.amount);
    let Some(end) = resource.term().and_then(|t| t.ends_at(start)) else {
        return Vec::new();
    };
    let mut out = vec![Stretch {
        start,
        end,
        amount: bought,
    }];
    let mut events: Vec<(OffsetDateTime, &Order)> = orders
        .iter()
        .filter_map(|o| match (o.priced().order_type, o.paid_at()) {
            (OrderType::Renew, Some(paid)) => Some((paid, o)),
            (OrderType::Unsubscribe, _) => Some((o.created_at(), o)),
            _ => None,
        })
        .collect();
    events.sort_by_key(|(at, o)| (*at, o.id().as_str().to_owned()));
    for (at, order) in events {
        let Some(line) = line_of(order) else { continue };
        if order.priced().order_type == OrderType::Unsubscribe {
            out.retain(|s| s.start < at);
            continue;
        }
        let start = out.last().map_or(start, |s| s.end);
        if let Some(end) = line.period.ends_at(start) {
            out.push(Stretch {
                start,
                end,
                amount: line.amount,
            });
        }
    }
    out
}

/// What unsubscribing gives back at `now`: the refund, and the expiry afterwards (type 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refund {
    /// Credited to the balance.
    pub amount: Amount,
    /// The new expiry, for an unsubscription of the renewed periods only.
    pub expires_at: Option<OffsetDateTime>,
}

/// The refund rule (module docs): what unsubscribing `stretches` as `kind` at `now` refunds.
/// `None` for [`Unsubscribe::RenewedOnly`] when no renewed stretch has yet to begin.
pub fn refund(stretches: &[Stretch], now: OffsetDateTime, kind: Unsubscribe) -> Option<Refund> {
    let not_begun = stretches.iter().skip(1).filter(|s| s.start > now);
    let future: Decimal = not_begun.clone().map(|s| s.amount.value()).sum();
    match kind {
        Unsubscribe::RenewedOnly => {
            not_begun.clone().next()?;
            let current_end = stretches
                .iter()
                .rev()
                .find(|s| s.start <= now)
                .map(|s| s.end)?;
            Some(Refund {
                amount: Amount::new(future).ok()?,
                expires_at: Some(current_end),
            })
        }
        Unsubscribe::Whole => {
            let current: Decimal = stretches
                .iter()
                .filter(|s| s.start <= now && now < s.end)
                .map(|s| {
                    let unused = (s.end - now).whole_days();
                    let days = (s.end - s.start).whole_days().max(1);
                    s.amount.value() * Decimal::from(unused) / Decimal::from(days)
                })
                .sum();
            Some(Refund {
                amount: Amount::new(current + future).ok()?,
                expires_at: None,
            })
        }
    }
}

/// What falls due for a main resource when its `due_at` comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueStep {
    /// Its expiry came with auto-renewal on: renew it by this period if the balance allows,
    /// else expire it.
    AutoRenew(Period),
    /// Its expiry came: expired, for the grace period.
    Expire,
    /// Its grace period ended: frozen, for the retention period.
    Freeze,
    /// Its retention period ended: closed.
    Close,
}

/// The step `resource` takes when its `due_at` comes, by its status.
pub fn due_step(resource: &Resource) -> Option<DueStep> {
    match resource.status() {
        ResourceStatus::InUse => Some(match resource.auto_renew() {
            Some(auto) => DueStep::AutoRenew(auto.period),
            None => DueStep::Expire,
        }),
        ResourceStatus::Expired => Some(DueStep::Freeze),
        ResourceStatus::Frozen => Some(DueStep::Close),
        ResourceStatus::Pending | ResourceStatus::Closed => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;
    use time::Duration;
    use time::macros::datetime;

    fn stretch(start: OffsetDateTime, days: i64, amount: Decimal) -> Stretch {
        Stretch {
            start,
            end: start + Duration::days(days),
            amount: Amount::new(amount).unwrap(),
        }
    }

    const T0: OffsetDateTime = datetime!(2026-01-01 0:00 UTC);

    fn two_months() -> Vec<Stretch> {
        vec![
            stretch(T0, 31, dec!(2500)),
            stretch(T0 + Duration::days(31), 28, dec!(2500)),
        ]
    }

    #[test]
    fn unsubscribing_refunds_the_unused_whole_days_and_every_renewal_not_begun() {
        // 10.5 days in: 20 whole days of 31 unused, and the renewal in full.
        let now = T0 + Duration::hours(10 * 24 + 12);
        let got = refund(&two_months(), now, Unsubscribe::Whole).unwrap();
        // 2500 × 20 / 31 = 1612.903… → 1612.90; + 2500.
        assert_eq!(got.amount.value(), dec!(4112.90));
        assert_eq!(got.expires_at, None);
    }

    #[test]
    fn unsubscribing_the_renewals_refunds_them_and_moves_the_expiry_back() {
        let now = T0 + Duration::days(3);
        let got = refund(&two_months(), now, Unsubscribe::RenewedOnly).unwrap();
        assert_eq!(got.amount.value(), dec!(2500));
        assert_eq!(got.expires_at, Some(T0 + Duration::days(31)));
        let in_renewal = T0 + Duration::days(40);
        assert_eq!(
            refund(&two_months(), in_renewal, Unsubscribe::RenewedOnly),
            None
        );
        // 40 days in: the renewal runs from day 31 to 59, 19 whole days of 28 unused.
        let got = refund(&two_months(), in_renewal, Unsubscribe::Whole).unwrap();
        assert_eq!(got.amount.value(), dec!(1696.43));
    }

    #[test]
    fn nothing_is_refunded_after_the_last_stretch() {
        let now = T0 + Duration::days(100);
        let got = refund(&two_months(), now, Unsubscribe::Whole).unwrap();
        assert_eq!(got.amount, Amount::ZERO);
    }

    proptest! {
        #[test]
        fn a_refund_never_exceeds_what_was_paid_and_shrinks_with_time(
            hours in 0i64..(59 * 24), later in 0i64..(30 * 24)
        ) {
            let paid = dec!(5000);
            let now = T0 + Duration::hours(hours);
            let a = refund(&two_months(), now, Unsubscribe::Whole).unwrap().amount.value();
            let b = refund(&two_months(), now + Duration::hours(later), Unsubscribe::Whole)
                .unwrap()
                .amount
                .value();
            prop_assert!(a <= paid);
            prop_assert!(b <= a);
        }
    }
}
