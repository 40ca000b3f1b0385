//! One orderd at a time on a data directory. Two beside each other would both write the same
//! SQLite file (each thinking its writer the only one) and both run the time-driven work, so
//! the second is refused at start: an advisory lock (`flock`) on `<data-dir>/orderd.lock`, held
//! for as long as the [`DataDirLock`] lives and released by the system when the process ends,
//! however it ends. The file holds the holder's pid, for the refusal's message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

/// The lock file's name in the data directory.
pub const LOCK_FILE: &str = "orderd.lock";

/// The held lock on a data directory; dropping it releases it.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    /// Locks `dir` (creating it if missing) and writes this process's pid into its lock file;
    /// refuses, naming the holder's pid, when another orderd holds it.
    pub fn acquire(dir: &Path) -> Result<DataDirLock, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = match holder.trim() {
                    "" => "pid unknown".to_owned(),
                    pid => format!("pid {pid}"),
                };
                return Err(format!(
                    "the data directory {} is in use by another orderd ({holder}; lock file {})",
                    dir.display(),
                    path.display()
                ));
            }
            Err(TryLockError::Error(e)) => {
                return Err(format!("cannot lock {}: {e}", path.display()));
            }
        }
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| writeln!(file, "{}", std::process::id()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(DataDirLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_naming_the_holder_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = DataDirLock::acquire(dir.path()).unwrap();
        let pid = std::process::id().to_string();
        let lock_file = std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert_eq!(lock_file.trim(), pid);
        let refused = DataDirLock::acquire(dir.path()).unwrap_err();
        assert!(refused.contains(&format!("pid {pid}")), "{refused}");
        assert!(refused.contains("in use by another orderd"), "{refused}");
        drop(first);
        DataDirLock::acquire(dir.path()).expect("released with the first");
    }
}
