//! The one source of time. Production uses [`SystemClock`] or, to test what happens over
//! months, a [`SimulatedClock`] an operator moves forward; tests inject a [`FixedClock`].

use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// Tells the current time in UTC.
pub trait Clock: Send + Sync {
    /// The current instant, in UTC.
    fn now(&self) -> OffsetDateTime;

    /// Moves the clock forward to `at`, when it can be moved.
    fn move_to(&self, at: OffsetDateTime) -> Result<(), ClockError> {
        let _ = at;
        Err(ClockError::NotMovable)
    }

    /// True when [`Clock::move_to`] can move it.
    fn is_movable(&self) -> bool {
        false
    }
}

/// Why a clock did not move.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// The clock is the system's; start orderd with a simulated clock to move it.
    #[error("the clock is the system clock; start orderd with --clock simulated to move it")]
    NotMovable,
    /// Clocks only move forward: what happened at a time stays done.
    #[error("the clock only moves forward: it shows {now}, which is after {asked}")]
    Backwards {
        /// The clock's time.
        now: OffsetDateTime,
        /// The time asked for.
        asked: OffsetDateTime,
    },
}

/// The system clock plus an offset that only grows: runs at real speed from wherever it was
/// moved to. Several nodes share one by sharing its offset ([`SimulatedClock::offset_to`] decides
/// a move, [`SimulatedClock::catch_up`] adopts one).
#[derive(Debug, Default)]
pub struct SimulatedClock {
    offset: Mutex<Duration>,
}

impl SimulatedClock {
    /// A simulated clock showing the system time until it is moved.
    pub fn new() -> SimulatedClock {
        SimulatedClock::default()
    }

    /// The offset that makes it show `at` now; refused when `at` is before what it shows.
    pub fn offset_to(&self, at: OffsetDateTime) -> Result<Duration, ClockError> {
        let offset = *self.offset.lock().expect("clock lock");
        let system = OffsetDateTime::now_utc();
        let now = system + offset;
        if at < now {
            return Err(ClockError::Backwards { now, asked: at });
        }
        Ok(at - system)
    }

    /// Adopts `offset` when it is ahead of its own: offsets only grow, so a stale one read
    /// late never moves it back.
    pub fn catch_up(&self, offset: Duration) {
        let mut own = self.offset.lock().expect("clock lock");
        if offset > *own {
            *own = offset;
        }
    }
}

impl Clock for SimulatedClock {
    fn now(&self) -> OffsetDateTime {
        to_micros(OffsetDateTime::now_utc() + *self.offset.lock().expect("clock lock"))
    }

    fn move_to(&self, at: OffsetDateTime) -> Result<(), ClockError> {
        let offset = self.offset_to(at)?;
        self.catch_up(offset);
        Ok(())
    }

    fn is_movable(&self) -> bool {
        true
    }
}

/// The operating system's wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        to_micros(OffsetDateTime::now_utc())
    }
}

/// `at` cut to the microsecond: every clock tells time to the microsecond, the precision the
/// stores keep, so a time read back equals the time written.
fn to_micros(at: OffsetDateTime) -> OffsetDateTime {
    at.replace_nanosecond(at.nanosecond() / 1000 * 1000)
        .expect("a whole microsecond is a valid nanosecond")
}

/// A clock that stands still until moved; for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    /// A clock showing `at` until [`FixedClock::set`] or [`FixedClock::advance`] is called.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: OffsetDateTime) {
        *self.0.lock().expect("clock lock") = at;
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: time::Duration) {
        *self.0.lock().expect("clock lock") += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        to_micros(*self.0.lock().expect("clock lock"))
    }

    fn move_to(&self, at: OffsetDateTime) -> Result<(), ClockError> {
        let mut now = self.0.lock().expect("clock lock");
        if at < *now {
            return Err(ClockError::Backwards {
                now: *now,
                asked: at,
            });
        }
        *now = at;
        Ok(())
    }

    fn is_movable(&self) -> bool {
        true
    }
}

/// A time as RFC 3339 in UTC to the second, `2026-01-04T07:05:14Z`: BSS's form.
pub fn utc_seconds(at: OffsetDateTime) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .expect("every UTC time formats")
}

/// Reads a time in BSS's form, `2026-01-04T07:05:14Z` (UTC, to the second, nothing else).
pub fn parse_utc_seconds(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::PrimitiveDateTime::parse(text, &format).map(time::PrimitiveDateTime::assume_utc)
}

/// A time as orderd writes it everywhere (the IES, Workspace and IAM answers, and the store):
/// RFC 3339 in UTC with microseconds, `2026-01-04T07:05:14.405839Z`. Fixed width, so text order
/// is time order.
pub fn utc_micros(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .expect("every UTC time formats")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_simulated_clock_moves_forward_only_and_runs_on() {
        let clock = SimulatedClock::new();
        let target = OffsetDateTime::now_utc() + Duration::days(365);
        clock.move_to(target).unwrap();
        let now = clock.now();
        assert!(
            now >= target && now < target + Duration::minutes(1),
            "{now}"
        );
        let err = clock.move_to(target - Duration::days(1)).unwrap_err();
        assert!(matches!(err, ClockError::Backwards { .. }), "{err}");
        assert!(SystemClock.move_to(target).is_err());
    }

    #[test]
    fn a_shared_offset_is_adopted_only_when_ahead() {
        let clock = SimulatedClock::new();
        let year = clock
            .offset_to(OffsetDateTime::now_utc() + Duration::days(365))
            .unwrap();
        clock.catch_up(year);
        let moved = clock.now();
        clock.catch_up(year - Duration::days(30));
        assert!(clock.now() >= moved, "a stale offset does not move it back");
        assert!(clock.offset_to(moved - Duration::days(1)).is_err());
        let further = clock.offset_to(moved + Duration::days(1)).unwrap();
        assert!(further > year);
    }

    #[test]
    fn bss_times_read_back_as_written() {
        let at = datetime!(2026-01-04 07:05:14 UTC);
        assert_eq!(parse_utc_seconds(&utc_seconds(at)), Ok(at));
        for bad in [
            "2026-01-04T07:05:14",
            "2026-01-04T07:05:14.1Z",
            "2026-01-04 07:05:14Z",
            "2026-01-04T07:05:14+08:00",
            "2026-13-04T07:05:14Z",
            "2026-01-04T24:00:00Z",
            "",
        ] {
            assert!(parse_utc_seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_are_utc_with_microseconds() {
        let at = datetime!(2026-01-04 15:05:14.405839 +08:00);
        assert_eq!(utc_micros(at), "2026-01-04T07:05:14.405839Z");
        assert_eq!(
            utc_micros(datetime!(2020-01-04 09:05:22.701 UTC)),
            "2020-01-04T09:05:22.701000Z"
        );
        assert_eq!(
            utc_micros(datetime!(2026-11-23 12:07:01.123456789 UTC)),
            "2026-11-23T12:07:01.123456Z",
            "nanoseconds are cut, not rounded"
        );
    }
}
