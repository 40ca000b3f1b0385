//! Checkpoints of the SQLite WAL on a thread of their own. Left to SQLite, the writer copies the
//! WAL into the database file (and waits for that file's fsync) right after a commit, every
//! 1,000 pages: a sixth of the machine's time under load, on the one thread every write waits
//! for. Here this thread copies the WAL back beside the writer, every [`EVERY`]; the writer's
//! own checkpoint runs only when the WAL grew long ([`super::sqlite`]'s `WAL_RESTART_PAGES`),
//! finds little left to copy, and, not racing a write, completes: the next commit then writes
//! the WAL from its start again, into blocks the file already has.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use super::StoreError;

/// How often the WAL is copied back while writes come in.
const EVERY: Duration = Duration::from_millis(100);

/// The checkpointing thread; stopped (and joined) when dropped.
pub struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path` (in WAL mode) on a connection of its own.
    pub fn start(path: &Path) -> Result<Checkpointer, StoreError> {
        let conn = Connection::open(path)?;
        // The checkpoint's fsync of the database file is what makes the WAL's frames
        // disposable: FULL, as the writer's commits.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let (stop, stopped) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || run(&conn, &stopped))
            .map_err(|e| StoreError::Backend(format!("cannot start the checkpointer: {e}")))?;
        Ok(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(conn: &Connection, stopped: &mpsc::Receiver<()>) {
    loop {
        match stopped.recv_timeout(EVERY) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
        if let Err(err) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!(error = %err, "WAL checkpoint failed; retrying");
        }
    }
}
