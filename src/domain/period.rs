//! Subscription periods: how long a yearly/monthly order runs.

use time::{Duration, Month, OffsetDateTime};

/// A subscription period, as BSS line items type it (`period_type` 0, 2, 3, 4, 5, 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// `period_type` 0: this many days (price inquiries, for products with a daily price).
    Days(u32),
    /// `period_type` 2: this many months.
    Months(u32),
    /// `period_type` 3: this many years.
    Years(u32),
    /// `period_type` 4: this many hours (bandwidth add-ons only).
    Hours(u32),
    /// `period_type` 5: until the parent resource expires (disks added to a desktop, ...).
    UntilExpiry,
    /// `period_type` 6: a one-off purchase.
    OneOff,
}

/// How many periods an API accepts for each unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodLimits {
    /// Most months in one order (`period_type` 2).
    pub max_months: u32,
    /// Most years in one order (`period_type` 3).
    pub max_years: u32,
    /// Most hours in one order (`period_type` 4), or `None` where hourly periods are refused.
    pub max_hours: Option<u32>,
    /// Most days in one order (`period_type` 0), or `None` where daily periods are refused.
    pub max_days: Option<u32>,
}

impl PeriodLimits {
    /// Months 1–9, years 1–3: DSC instances and cloud service packages.
    pub const MONTHS_9_YEARS_3: PeriodLimits = PeriodLimits {
        max_months: 9,
        max_years: 3,
        max_hours: None,
        max_days: None,
    };

    /// For APIs whose only documented rule is `period_num > 0` (Workspace App, IES delivery
    /// orders): capped at 1200 months or 100 years so that end dates and prices stay
    /// representable.
    pub const AT_LEAST_ONE: PeriodLimits = PeriodLimits {
        max_months: 1200,
        max_years: 100,
        max_hours: None,
        max_days: None,
    };

    /// The period types these limits accept, in words.
    fn allowed_types(self) -> &'static str {
        match (self.max_days.is_some(), self.max_hours.is_some()) {
            (false, false) => "2 (month) or 3 (year)",
            (false, true) => "2 (month), 3 (year) or 4 (hour)",
            (true, false) => "0 (day), 2 (month) or 3 (year)",
            (true, true) => "0 (day), 2 (month), 3 (year) or 4 (hour)",
        }
    }
}

/// Which of the two period fields broke a rule, and how.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// `period_type` is not one the API accepts.
    #[error("must be one of {allowed}, got {got}")]
    Type {
        /// The accepted values, in words.
        allowed: &'static str,
        /// What the client sent.
        got: i64,
    },
    /// `period_num` is out of range for the period type.
    #[error("must be {min} to {max} for {unit}, got {got}")]
    Num {
        /// Smallest accepted count.
        min: u32,
        /// Largest accepted count.
        max: u32,
        /// The unit the range is for.
        unit: &'static str,
        /// What the client sent.
        got: i64,
    },
}

impl PeriodError {
    /// True when the error is about `period_num` rather than `period_type`.
    pub fn is_about_num(&self) -> bool {
        matches!(self, PeriodError::Num { .. })
    }
}

impl Period {
    /// Parses a calendar period (`period_type` 2 month, 3 year, and 0 day or 4 hour where
    /// `limits` allow).
    pub fn parse(
        period_type: i64,
        period_num: i64,
        limits: PeriodLimits,
    ) -> Result<Period, PeriodError> {
        type Make = fn(u32) -> Period;
        let unit: Option<(u32, &'static str, Make)> = match period_type {
            0 => limits
                .max_days
                .map(|max| (max, "days (period_type 0)", Period::Days as Make)),
            2 => Some((limits.max_months, "months (period_type 2)", Period::Months)),
            3 => Some((limits.max_years, "years (period_type 3)", Period::Years)),
            4 => limits
                .max_hours
                .map(|max| (max, "hours (period_type 4)", Period::Hours as Make)),
            _ => None,
        };
        let (max, unit, make) = unit.ok_or(PeriodError::Type {
            allowed: limits.allowed_types(),
            got: period_type,
        })?;
        match u32::try_from(period_num) {
            Ok(n) if (1..=max).contains(&n) => Ok(make(n)),
            _ => Err(PeriodError::Num {
                min: 1,
                max,
                unit,
                got: period_num,
            }),
        }
    }

    /// The `period_type` code BSS uses for this period.
    pub fn type_code(self) -> i64 {
        match self {
            Period::Days(_) => 0,
            Period::Months(_) => 2,
            Period::Years(_) => 3,
            Period::Hours(_) => 4,
            Period::UntilExpiry => 5,
            Period::OneOff => 6,
        }
    }

    /// The `period_num`, where the period has one.
    pub fn count(self) -> Option<u32> {
        match self {
            Period::Days(n) | Period::Months(n) | Period::Years(n) | Period::Hours(n) => Some(n),
            Period::UntilExpiry | Period::OneOff => None,
        }
    }

    /// Rebuilds a stored period from its type code and count.
    pub fn from_stored(type_code: i64, count: Option<u32>) -> Option<Period> {
        match (type_code, count) {
            (0, Some(n)) => Some(Period::Days(n)),
            (2, Some(n)) => Some(Period::Months(n)),
            (3, Some(n)) => Some(Period::Years(n)),
            (4, Some(n)) => Some(Period::Hours(n)),
            (5, _) => Some(Period::UntilExpiry),
            (6, _) => Some(Period::OneOff),
            _ => None,
        }
    }

    /// When a subscription of this period that starts at `start` ends. Calendar months keep the
    /// day of the month where it exists and fall back to the month's last day where it does not.
    /// `None` for periods without an end of their own (5, 6), and for ends past what a date can
    /// hold (the year 9999).
    pub fn ends_at(self, start: OffsetDateTime) -> Option<OffsetDateTime> {
        match self {
            Period::Days(n) => start.checked_add(Duration::days(i64::from(n))),
            Period::Months(n) => add_months(start, n),
            Period::Years(n) => add_months(start, n.checked_mul(12)?),
            Period::Hours(n) => start.checked_add(Duration::hours(i64::from(n))),
            Period::UntilExpiry | Period::OneOff => None,
        }
    }
}

fn add_months(start: OffsetDateTime, months: u32) -> Option<OffsetDateTime> {
    let zero_based = i64::from(u8::from(start.month()) - 1) + i64::from(months);
    let year = start
        .year()
        .checked_add(i32::try_from(zero_based / 12).ok()?)?;
    let month = Month::try_from(u8::try_from(zero_based % 12 + 1).ok()?).ok()?;
    let day = start.day().min(month.length(year));
    start
        .replace_day(1)
        .and_then(|d| d.replace_year(year))
        .and_then(|d| d.replace_month(month))
        .and_then(|d| d.replace_day(day))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const LIMITS: PeriodLimits = PeriodLimits::MONTHS_9_YEARS_3;

    #[test]
    fn months_and_years_within_limits_parse() {
        assert_eq!(Period::parse(2, 9, LIMITS), Ok(Period::Months(9)));
        assert_eq!(Period::parse(3, 1, LIMITS), Ok(Period::Years(1)));
    }

    #[test]
    fn out_of_range_counts_name_the_range() {
        let err = Period::parse(2, 10, LIMITS).unwrap_err();
        assert!(err.is_about_num());
        assert_eq!(
            err.to_string(),
            "must be 1 to 9 for months (period_type 2), got 10"
        );
        assert!(Period::parse(3, 0, LIMITS).unwrap_err().is_about_num());
        assert!(Period::parse(3, 4, LIMITS).is_err());
    }

    #[test]
    fn hours_need_limits_that_allow_them() {
        assert!(!Period::parse(4, 1, LIMITS).unwrap_err().is_about_num());
        let hourly = PeriodLimits {
            max_hours: Some(24),
            ..LIMITS
        };
        assert_eq!(Period::parse(4, 24, hourly), Ok(Period::Hours(24)));
    }

    #[test]
    fn days_need_limits_that_allow_them_and_the_refusal_lists_what_is_allowed() {
        assert_eq!(
            Period::parse(0, 1, LIMITS).unwrap_err().to_string(),
            "must be one of 2 (month) or 3 (year), got 0"
        );
        let daily = PeriodLimits {
            max_days: Some(30),
            max_hours: Some(720),
            ..LIMITS
        };
        assert_eq!(Period::parse(0, 30, daily), Ok(Period::Days(30)));
        assert_eq!(
            Period::parse(0, 31, daily).unwrap_err().to_string(),
            "must be 1 to 30 for days (period_type 0), got 31"
        );
        assert_eq!(
            Period::parse(1, 1, daily).unwrap_err().to_string(),
            "must be one of 0 (day), 2 (month), 3 (year) or 4 (hour), got 1"
        );
        let start = datetime!(2026-02-27 10:00 UTC);
        assert_eq!(
            Period::Days(2).ends_at(start),
            Some(datetime!(2026-03-01 10:00 UTC))
        );
    }

    #[test]
    fn a_month_from_january_31st_ends_on_the_last_day_of_february() {
        let start = datetime!(2027-01-31 10:00 UTC);
        assert_eq!(
            Period::Months(1).ends_at(start),
            Some(datetime!(2027-02-28 10:00 UTC))
        );
        assert_eq!(
            Period::Years(1).ends_at(start),
            Some(datetime!(2028-01-31 10:00 UTC))
        );
    }

    #[test]
    fn ends_past_the_year_9999_are_none_not_a_panic() {
        let start = datetime!(2026-11-23 12:00 UTC);
        assert_eq!(Period::Months(u32::MAX).ends_at(start), None);
        assert_eq!(Period::Years(u32::MAX).ends_at(start), None);
        assert_eq!(Period::Years(8000).ends_at(start), None);
        assert_eq!(Period::Hours(u32::MAX).ends_at(start), None);
        assert_eq!(
            Period::Hours(720).ends_at(start),
            Some(datetime!(2026-12-23 12:00 UTC))
        );
    }

    proptest! {
        #[test]
        fn parse_accepts_exactly_the_documented_ranges(t in 0i64..8, n in -2i64..15) {
            let ok = match t { 2 => (1..=9).contains(&n), 3 => (1..=3).contains(&n), _ => false };
            prop_assert_eq!(Period::parse(t, n, LIMITS).is_ok(), ok);
        }

        #[test]
        fn stored_periods_round_trip(t in 0i64..7, n in 1u32..12) {
            prop_assume!(t != 1);
            let period = Period::from_stored(t, Some(n)).unwrap();
            prop_assert_eq!(Period::from_stored(period.type_code(), period.count()), Some(period));
        }

        #[test]
        fn subscriptions_end_after_they_start(secs in 0i64..3_000_000_000, n in 1u32..36) {
            let start = OffsetDateTime::from_unix_timestamp(secs).unwrap();
            prop_assert!(Period::Months(n).ends_at(start).unwrap() > start);
        }
    }
}
