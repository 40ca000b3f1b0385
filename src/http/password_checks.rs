//! Where password checks run: Argon2 takes about 19 MiB and tens of milliseconds per check, so
//! an open login endpoint must not run them without bound. A few dedicated threads (one per
//! core) take checks from a short queue; when the queue is full the login is answered 429 at
//! once. Memory stays bounded too: each thread's allocator arena holds one check's memory at a
//! time, and no other thread ever allocates a check's memory.

use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// How many checks may wait, per thread, before logins are refused.
const QUEUED_PER_THREAD: usize = 8;

/// The password-check threads and their queue.
#[derive(Debug, Clone)]
pub struct PasswordChecks {
    queue: SyncSender<Job>,
}

/// The queue is full: too many logins at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many logins at once; retry")]
pub struct Busy;

impl PasswordChecks {
    /// `threads` checking threads (at least 1) behind a queue of `threads` ×
    /// [`QUEUED_PER_THREAD`].
    pub fn start(threads: usize) -> std::io::Result<PasswordChecks> {
        let threads = threads.max(1);
        let (queue, jobs) = sync_channel::<Job>(threads * QUEUED_PER_THREAD);
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..threads {
            let jobs = Arc::clone(&jobs);
            std::thread::Builder::new()
                .name(format!("password-check-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only to take the next job, not while it runs.
                        let next = jobs.lock().expect("password job queue").recv();
                        match next {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })?;
        }
        Ok(PasswordChecks { queue })
    }

    /// One per core the machine has.
    pub fn per_core() -> std::io::Result<PasswordChecks> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        PasswordChecks::start(cores)
    }

    /// Runs `check` on a checking thread and gives its answer; [`Busy`] when the queue is full.
    pub async fn run<T: Send + 'static>(
        &self,
        check: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(check());
        });
        match self.queue.try_send(job) {
            Ok(()) => answered.await.map_err(|_| Busy),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => Err(Busy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn checks_run_at_most_one_per_thread_and_a_full_queue_is_busy() {
        let checks = PasswordChecks::start(2).unwrap();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut waiting = Vec::new();
        let mut busy = 0;
        for _ in 0..40 {
            let (running, most) = (Arc::clone(&running), Arc::clone(&most));
            let checks = checks.clone();
            waiting.push(tokio::spawn(async move {
                checks
                    .run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
            }));
        }
        for task in waiting {
            if task.await.unwrap().is_err() {
                busy += 1;
            }
        }
        assert!(
            most.load(Ordering::SeqCst) <= 2,
            "at most one check per thread"
        );
        assert!(
            busy >= 40 - 2 - 2 * QUEUED_PER_THREAD,
            "the rest were refused: {busy}"
        );
        assert!(busy < 40, "some ran");
    }
}
