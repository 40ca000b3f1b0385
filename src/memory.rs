//! Giving memory freed after a burst back to the system. glibc's allocator keeps what its
//! per-thread arenas freed for later use: after six bursts of a thousand 1 MiB request bodies,
//! orderd's resident set stayed at 73 MB (123 MB after bodies held until their timeout) while
//! 20 MB were in use. `malloc_trim` hands the free pages back (to 21 MB there). Measured on
//! this workload: 25 µs on a quiet heap, about 1.3 ms after bursts, 6 ms when it gave back
//! 80 MB; cheap enough to simply run every [`TRIM_EVERY`] on a runtime thread.

use std::time::Duration;

/// How often freed memory is given back.
pub const TRIM_EVERY: Duration = Duration::from_secs(10);

/// Gives freed memory back every [`TRIM_EVERY`], for ever; returns at once where the allocator
/// is not glibc's.
pub async fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let mut ticks = tokio::time::interval(TRIM_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            // SAFETY: malloc_trim takes no pointer; it releases only the allocator's free pages.
            unsafe {
                libc::malloc_trim(0);
            }
        }
    }
}
