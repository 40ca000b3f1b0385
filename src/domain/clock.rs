//! The one source of time. Production uses [`SystemClock`]; tests inject a [`FixedClock`].

use std::sync::Mutex;
use time::OffsetDateTime;

/// Tells the current time in UTC.
pub trait Clock: Send + Sync {
    /// The current instant, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// The operating system's wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
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
        *self.0.lock().expect("clock lock")
    }
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
    use super::utc_micros;
    use time::macros::datetime;

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
