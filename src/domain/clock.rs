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
