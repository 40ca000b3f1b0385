//! Pro-rata prices for resources added to a subscription that already runs: a disk added to a
//! desktop costs the monthly price for the months (of 30 days) left until the desktop expires.

use rust_decimal::Decimal;
use time::OffsetDateTime;

use super::money::Amount;

/// Seconds in the 30-day month pro-rata prices are counted in.
const MONTH_SECONDS: i64 = 30 * 24 * 60 * 60;

/// The subscription has already ended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the subscription ended at {0}; renew it first")]
pub struct Expired(pub OffsetDateTime);

/// What `monthly` costs from `now` until `until`, to the cent.
pub fn prorate(
    monthly: Amount,
    now: OffsetDateTime,
    until: OffsetDateTime,
) -> Result<Amount, Expired> {
    let seconds = (until - now).whole_seconds();
    if seconds <= 0 {
        return Err(Expired(until));
    }
    let fraction = Decimal::from(seconds) / Decimal::from(MONTH_SECONDS);
    Ok(Amount::new(monthly.value() * fraction).expect("a non-negative price"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;
    use time::Duration;
    use time::macros::datetime;

    fn amount(d: Decimal) -> Amount {
        Amount::new(d).unwrap()
    }

    #[test]
    fn fifteen_days_cost_half_a_month() {
        let now = datetime!(2026-11-23 00:00 UTC);
        let got = prorate(amount(dec!(10.00)), now, now + Duration::days(15)).unwrap();
        assert_eq!(got.value(), dec!(5.00));
    }

    #[test]
    fn an_ended_subscription_is_refused() {
        let now = datetime!(2026-11-23 00:00 UTC);
        assert!(prorate(amount(dec!(1)), now, now).is_err());
    }

    proptest! {
        #[test]
        fn a_longer_remainder_never_costs_less(days in 1i64..1000, extra in 0i64..100) {
            let now = datetime!(2026-11-23 00:00 UTC);
            let a = prorate(amount(dec!(7.77)), now, now + Duration::days(days)).unwrap();
            let b = prorate(amount(dec!(7.77)), now, now + Duration::days(days + extra)).unwrap();
            prop_assert!(b >= a);
        }
    }
}
