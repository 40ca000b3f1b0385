//! Checkpoints of the SQLite WAL on a thread of their own. Left to SQLite, the writer copies the
//! WAL into the database file (and waits for that file's fsync) right after a commit, every
//! 1,000 pages: a sixth of the machine's time under load, on the one thread every write waits
//! for. Here the writer only appends to the WAL; this thread copies it back beside it.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use super::StoreError;

/// How often the WAL is copied back while writes come in.
const EVERY: Duration = Duration::from_millis(100);

/// A WAL this long (pages) after a passive checkpoint is reset by a blocking one: under
/// unbroken load a passive checkpoint never finds the WAL idle, and the WAL restarts from its
/// beginning only after one that did.
const RESTART_AT: i64 = 16_384;

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
        if let Err(err) = checkpoint(conn) {
            tracing::warn!(error = %err, "WAL checkpoint failed; retrying");
        }
    }
}

/// A passive checkpoint, and a restarting one when the WAL stays long.
fn checkpoint(conn: &Connection) -> rusqlite::Result<()> {
    let (_, log, _) = wal_checkpoint(conn, "PASSIVE")?;
    if log >= RESTART_AT {
        wal_checkpoint(conn, "RESTART")?;
    }
    Ok(())
}

/// `PRAGMA wal_checkpoint(mode)`: (busy, pages in the WAL, pages checkpointed).
fn wal_checkpoint(conn: &Connection, mode: &str) -> rusqlite::Result<(i64, i64, i64)> {
    conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
    })
}
