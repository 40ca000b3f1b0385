//! The operator endpoints' bodies (`/orderd/v1/...`): the clock, balances.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::domain::money::SignedAmount;
use crate::domain::period::Period;
use crate::domain::violations::Violations;

/// `POST /orderd/v1/clock`: exactly one of `advance` (an ISO 8601 duration, `P7D`, `PT1H30M`,
/// `P1Y2M`) and `set` (an RFC 3339 time).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockRequest {
    /// How far to move the clock.
    pub advance: Option<String>,
    /// Where to move it.
    pub set: Option<String>,
}

/// `GET` and `POST /orderd/v1/clock` answer.
#[derive(Debug, Clone, Serialize)]
pub struct ClockView {
    /// orderd's time, RFC 3339 UTC.
    pub now: String,
    /// Whether the clock can be moved.
    pub simulated: bool,
}

/// `PUT /orderd/v1/accounts/{domain_id}/balance`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceRequest {
    /// The new balance, a decimal string (`"1000.00"`).
    pub balance: Option<String>,
}

/// The balance answer.
#[derive(Debug, Clone, Serialize)]
pub struct BalanceView {
    /// The account.
    pub domain_id: String,
    /// The balance, a decimal string with two places.
    pub balance: String,
    /// Its currency.
    pub currency: String,
}

/// The most an `advance` may move the clock: a hundred years.
const MAX_ADVANCE_YEARS: u32 = 100;

impl ClockRequest {
    /// The time to move the clock to, from `now`.
    pub fn target(&self, now: OffsetDateTime) -> Result<OffsetDateTime, Violations> {
        let mut v = Violations::new();
        match (&self.advance, &self.set) {
            (Some(advance), None) => match parse_duration(advance).and_then(|d| d.after(now)) {
                Ok(at) => return Ok(at),
                Err(rule) => v.push("advance", rule),
            },
            (None, Some(set)) => match OffsetDateTime::parse(set, &Rfc3339) {
                Ok(at) => return Ok(at),
                Err(e) => v.push("set", format!("must be an RFC 3339 time, got {set:?}: {e}")),
            },
            _ => v.push("request body", "must give exactly one of advance and set"),
        }
        Err(v)
    }
}

impl BalanceRequest {
    /// The balance asked for.
    pub fn amount(&self) -> Result<SignedAmount, Violations> {
        let mut v = Violations::new();
        let Some(text) = v.required("balance", self.balance.as_deref()) else {
            return Err(v);
        };
        let valid = text
            .parse::<rust_decimal::Decimal>()
            .ok()
            .filter(|d| d.scale() <= 2 && !d.is_sign_negative());
        match valid.map(SignedAmount::new) {
            Some(Ok(amount)) => Ok(amount),
            _ => {
                v.push(
                    "balance",
                    format!(
                        "must be a non-negative decimal string with at most 2 places, got {text:?}"
                    ),
                );
                Err(v)
            }
        }
    }
}

/// An ISO 8601 duration: calendar months (years count 12) and a fixed part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDuration {
    months: u32,
    fixed: Duration,
}

impl IsoDuration {
    /// The time this long after `at`: calendar months first, then the fixed part.
    fn after(self, at: OffsetDateTime) -> Result<OffsetDateTime, String> {
        let shifted = if self.months == 0 {
            Some(at)
        } else {
            Period::Months(self.months).ends_at(at)
        };
        shifted
            .and_then(|t| t.checked_add(self.fixed))
            .ok_or_else(|| "moves the clock past the year 9999".to_owned())
    }
}

/// Parses `PnYnMnWnDTnHnMnS` (whole numbers; seconds may have a fraction), at most a hundred
/// years in all.
pub fn parse_duration(text: &str) -> Result<IsoDuration, String> {
    let bad = || format!("must be an ISO 8601 duration such as P7D or PT1H30M, got {text:?}");
    let rest = text.strip_prefix('P').ok_or_else(bad)?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return Err(bad()),
        None => (rest, None),
    };
    let mut months: u64 = 0;
    let mut fixed = Duration::ZERO;
    let mut any = false;
    for (number, unit) in fields(date).ok_or_else(bad)? {
        // Capped far past the hundred-year limit checked below, so nothing overflows.
        let n = number.parse::<u64>().map_err(|_| bad())?.min(1_000_000);
        any = true;
        let n_i64 = i64::try_from(n).unwrap_or(i64::MAX);
        match unit {
            'Y' => months += n * 12,
            'M' => months += n,
            'W' => fixed += Duration::weeks(n_i64),
            'D' => fixed += Duration::days(n_i64),
            _ => return Err(bad()),
        }
    }
    for (number, unit) in time
        .map(fields)
        .unwrap_or(Some(Vec::new()))
        .ok_or_else(bad)?
    {
        any = true;
        let whole = || number.parse::<u32>().map(i64::from).map_err(|_| bad());
        match unit {
            'H' => fixed += Duration::hours(whole()?),
            'M' => fixed += Duration::minutes(whole()?),
            'S' => {
                let seconds: rust_decimal::Decimal = number.parse().map_err(|_| bad())?;
                let nanos = (seconds.min(rust_decimal::Decimal::from(1_000_000_000))
                    * rust_decimal::Decimal::from(1_000_000_000))
                .trunc();
                fixed += Duration::nanoseconds(i64::try_from(nanos).map_err(|_| bad())?);
            }
            _ => return Err(bad()),
        }
    }
    let limit = i64::from(MAX_ADVANCE_YEARS) * 366;
    if !any || months > u64::from(MAX_ADVANCE_YEARS) * 12 || fixed > Duration::days(limit) {
        return Err(if any {
            format!("must move the clock at most {MAX_ADVANCE_YEARS} years, got {text:?}")
        } else {
            bad()
        });
    }
    Ok(IsoDuration {
        months: u32::try_from(months).map_err(|_| bad())?,
        fixed,
    })
}

/// `12D3H` as `[("12", 'D'), ("3", 'H')]`; `None` when not numbers each followed by a letter.
fn fields(text: &str) -> Option<Vec<(&str, char)>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_uppercase() {
            let number = &text[start..i];
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return None;
            }
            out.push((number, c));
            start = i + 1;
        }
    }
    (start == text.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn after(text: &str, at: OffsetDateTime) -> Result<OffsetDateTime, String> {
        parse_duration(text)?.after(at)
    }

    #[test]
    fn durations_move_by_calendar_months_then_fixed_time() {
        let at = datetime!(2026-01-31 10:00 UTC);
        assert_eq!(after("P7D", at), Ok(datetime!(2026-02-07 10:00 UTC)));
        assert_eq!(after("P1M", at), Ok(datetime!(2026-02-28 10:00 UTC)));
        assert_eq!(after("P1Y1DT1H", at), Ok(datetime!(2027-02-01 11:00 UTC)));
        assert_eq!(after("PT1H30M", at), Ok(datetime!(2026-01-31 11:30 UTC)));
        assert_eq!(
            after("PT0.5S", at),
            Ok(datetime!(2026-01-31 10:00:00.5 UTC))
        );
        assert_eq!(after("P2W", at), Ok(datetime!(2026-02-14 10:00 UTC)));
    }

    #[test]
    fn malformed_or_huge_durations_are_refused_with_the_text() {
        for bad in [
            "", "7D", "P", "PT", "P1.5D", "PT1.5H", "P-1D", "PD", "P1DT", "P1X",
        ] {
            let err = parse_duration(bad).unwrap_err();
            assert!(err.contains("ISO 8601"), "{bad}: {err}");
        }
        let err = parse_duration("P101Y").unwrap_err();
        assert!(err.contains("at most 100 years"), "{err}");
        assert!(parse_duration("P99999999999999999999D").is_err());
    }

    #[test]
    fn a_clock_request_gives_exactly_one_target() {
        let now = datetime!(2026-01-01 0:00 UTC);
        let both = ClockRequest {
            advance: Some("P1D".into()),
            set: Some("2027-01-01T00:00:00Z".into()),
        };
        assert!(both.target(now).is_err());
        let set = ClockRequest {
            set: Some("2027-01-01T00:00:00Z".into()),
            ..ClockRequest::default()
        };
        assert_eq!(set.target(now), Ok(datetime!(2027-01-01 0:00 UTC)));
    }

    #[test]
    fn balances_are_non_negative_decimal_strings_to_the_cent() {
        let amount = |s: &str| {
            BalanceRequest {
                balance: Some(s.into()),
            }
            .amount()
        };
        assert_eq!(amount("1000.00").unwrap().cents(), 100_000);
        for bad in ["-1", "1.001", "abc", ""] {
            assert!(amount(bad).is_err(), "{bad}");
        }
    }
}
