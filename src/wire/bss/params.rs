//! Parameters of the BSS read APIs: integers within a range, UTC times and time ranges. Each
//! check records what is wrong under the parameter's name and gives `None`, so one pass names
//! every broken parameter.
//!
//! BSS reads a query parameter sent empty (`?limit=`) as one not sent.

use time::OffsetDateTime;

use crate::domain::clock::parse_utc_seconds;
use crate::domain::period::Period;
use crate::domain::violations::Violations;
use crate::store::TimeRange;

/// The most an `offset` may be: BSS's parameters are int32s.
pub const MAX_OFFSET: i64 = i32::MAX as i64;

/// A query parameter's text: `None` when it was not sent or sent empty.
pub fn given(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.is_empty())
}

/// The integer query parameter `name`: `default` when not sent, else its value when it is an
/// integer within `min..=max`.
pub fn integer(
    v: &mut Violations,
    name: &str,
    text: Option<&str>,
    default: i64,
    (min, max): (i64, i64),
) -> Option<i64> {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return Some(default);
    };
    match text.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            v.push(
                name,
                format!("must be an integer from {min} to {max}, got {text:?}"),
            );
            None
        }
    }
}

/// One end of a time range: its name and its text, when sent.
pub type TimeBound<'a> = (&'a str, Option<&'a str>);

/// The range of two optional times in BSS's form (`yyyy-MM-ddTHH:mm:ssZ`): from `begin`
/// (inclusive) to `end` (inclusive, to the second: `end` names the last second of the range, as
/// the times BSS shows are cut to the second). With both given, `end` must not be before
/// `begin`, nor more than `max_years` calendar years after it.
pub fn time_range(
    v: &mut Violations,
    begin: TimeBound<'_>,
    end: TimeBound<'_>,
    max_years: Option<u32>,
) -> Option<TimeRange> {
    let (from, until) = (time(v, begin), time(v, end));
    let (from, until) = (from?, until?);
    if let (Some(from), Some(until)) = (from, until) {
        if until < from {
            v.push(end.0, format!("must not be before {}", begin.0));
            return None;
        }
        if let Some(years) = max_years
            && Period::Years(years)
                .ends_at(from)
                .is_some_and(|last| until > last)
        {
            let unit = if years == 1 { "year" } else { "years" };
            v.push(
                end.0,
                format!("must be at most {years} {unit} after {}", begin.0),
            );
            return None;
        }
    }
    Some(TimeRange {
        from,
        to: until.map(|at| at + time::Duration::SECOND),
    })
}

/// A time parameter: `Some(None)` when not sent, `Some(Some(at))` when valid, `None` (recorded)
/// when not a time in BSS's form.
fn time(v: &mut Violations, (name, text): TimeBound<'_>) -> Option<Option<OffsetDateTime>> {
    match text.filter(|t| !t.is_empty()) {
        None => Some(None),
        Some(text) => match parse_utc_seconds(text) {
            Ok(at) => Some(Some(at)),
            Err(_) => {
                v.push(
                    name,
                    format!("must be a UTC time yyyy-MM-ddTHH:mm:ssZ, got {text:?}"),
                );
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn integers_default_when_absent_or_empty_and_are_checked_when_given() {
        let mut v = Violations::new();
        assert_eq!(integer(&mut v, "limit", None, 10, (1, 100)), Some(10));
        assert_eq!(integer(&mut v, "limit", Some(""), 10, (1, 100)), Some(10));
        assert_eq!(
            integer(&mut v, "limit", Some("100"), 10, (1, 100)),
            Some(100)
        );
        assert_eq!(integer(&mut v, "limit", Some("0"), 10, (1, 100)), None);
        assert_eq!(integer(&mut v, "offset", Some("x"), 0, (0, 5)), None);
        assert_eq!(
            v.to_string(),
            "limit: must be an integer from 1 to 100, got \"0\"; \
             offset: must be an integer from 0 to 5, got \"x\""
        );
    }

    #[test]
    fn a_range_includes_both_ends_to_the_second() {
        let mut v = Violations::new();
        let range = time_range(
            &mut v,
            ("b", Some("2026-01-01T00:00:00Z")),
            ("e", Some("2026-01-31T23:59:59Z")),
            Some(1),
        );
        assert_eq!(
            range,
            Some(TimeRange {
                from: Some(datetime!(2026-01-01 0:00 UTC)),
                to: Some(datetime!(2026-02-01 0:00 UTC)),
            })
        );
        let open = time_range(&mut v, ("b", None), ("e", Some("")), Some(1));
        assert_eq!(open, Some(TimeRange::default()));
        assert!(v.is_empty(), "{v}");
    }

    #[test]
    fn a_range_is_at_most_a_calendar_year_and_never_backwards() {
        let mut v = Violations::new();
        let year = time_range(
            &mut v,
            ("b", Some("2024-02-29T10:00:00Z")),
            ("e", Some("2025-02-28T10:00:00Z")),
            Some(1),
        );
        assert!(year.is_some(), "{v}");
        for (begin, end, rule) in [
            (
                "2024-02-29T10:00:00Z",
                "2025-02-28T10:00:01Z",
                "e: must be at most 1 year after b",
            ),
            (
                "2026-01-02T00:00:00Z",
                "2026-01-01T00:00:00Z",
                "e: must not be before b",
            ),
        ] {
            let mut v = Violations::new();
            assert_eq!(
                time_range(&mut v, ("b", Some(begin)), ("e", Some(end)), Some(1)),
                None
            );
            assert_eq!(v.to_string(), rule);
        }
    }

    #[test]
    fn both_ends_are_named_when_both_are_not_times() {
        let mut v = Violations::new();
        let range = time_range(
            &mut v,
            ("b", Some("yesterday")),
            ("e", Some("2026-01-01")),
            None,
        );
        assert_eq!(range, None);
        assert_eq!(
            v.to_string(),
            "b: must be a UTC time yyyy-MM-ddTHH:mm:ssZ, got \"yesterday\"; \
             e: must be a UTC time yyyy-MM-ddTHH:mm:ssZ, got \"2026-01-01\""
        );
    }
}
