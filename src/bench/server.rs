//! The server's own cost, read from `/proc`: its CPU time (user + system) and resident set.
//!
//! The process is named by `--server-pid`, or found as the one listening on the URL's port when
//! the server runs on this machine (a socket in `/proc/net/tcp{,6}` and the process holding it in
//! `/proc/*/fd`).

use std::path::PathBuf;
use std::time::Duration;

use super::BenchError;

/// A process whose cost is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerProcess {
    /// Its id.
    pub pid: u32,
}

/// What the process had used at one moment.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// CPU time since it started, user and system.
    pub cpu: Duration,
    /// Resident set (`VmRSS`).
    pub rss_bytes: u64,
    /// The largest resident set it has had (`VmHWM`).
    pub peak_rss_bytes: u64,
}

impl ServerProcess {
    /// The process `pid`, once its figures can be read.
    pub fn new(pid: u32) -> Result<ServerProcess, BenchError> {
        let process = ServerProcess { pid };
        process.sample()?;
        Ok(process)
    }

    /// The process of this machine that listens on `port`, when one does and its descriptors
    /// can be read (one's own processes, or any as root).
    pub fn listening_on(port: u16) -> Option<ServerProcess> {
        let mut inodes = Vec::new();
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            if let Ok(text) = std::fs::read_to_string(table) {
                inodes.extend(listening_inodes(&text, port));
            }
        }
        if inodes.is_empty() {
            return None;
        }
        let wanted: Vec<String> = inodes.iter().map(|i| format!("socket:[{i}]")).collect();
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
                continue;
            };
            let holds = fds.flatten().any(|fd| {
                std::fs::read_link(fd.path())
                    .is_ok_and(|target| wanted.iter().any(|w| target.as_os_str() == w.as_str()))
            });
            if holds {
                return Some(ServerProcess { pid });
            }
        }
        None
    }

    /// Its CPU time and resident set now.
    pub fn sample(&self) -> Result<Sample, BenchError> {
        let read = |file: &str| {
            let path = PathBuf::from(format!("/proc/{}/{file}", self.pid));
            std::fs::read_to_string(&path).map_err(|source| BenchError::Server {
                pid: self.pid,
                why: format!("cannot read {}: {source}", path.display()),
            })
        };
        let unreadable = |what: &str| BenchError::Server {
            pid: self.pid,
            why: format!("no {what} in /proc/{}", self.pid),
        };
        let ticks = cpu_ticks(&read("stat")?).ok_or_else(|| unreadable("utime/stime"))?;
        let status = read("status")?;
        let kib = |key| status_kib(&status, key).ok_or_else(|| unreadable(key));
        Ok(Sample {
            cpu: Duration::from_secs_f64(ticks as f64 / clock_ticks_per_second()),
            rss_bytes: kib("VmRSS")? * 1024,
            peak_rss_bytes: kib("VmHWM")? * 1024,
        })
    }
}

/// The kernel's clock tick (`USER_HZ`), the unit of `/proc/PID/stat`'s times.
fn clock_ticks_per_second() -> f64 {
    // SAFETY: sysconf only reads a system constant.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 { ticks as f64 } else { 100.0 }
}

/// `utime + stime` (fields 14 and 15) of a `/proc/PID/stat` line. The command name (field 2)
/// may hold spaces and parentheses, so fields are counted from its closing `)`.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // after_name starts at field 3 (state): utime is field 14, stime 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// The kB figure of `key` (`VmRSS`) in `/proc/PID/status`.
fn status_kib(status: &str, key: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// The inodes of the sockets listening (state `0A`) on `port` in a `/proc/net/tcp` table.
fn listening_inodes(table: &str, port: u16) -> Vec<u64> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local_port = fields.get(1)?.rsplit_once(':')?.1;
            let listening = *fields.get(3)? == "0A";
            let matches = u16::from_str_radix(local_port, 16).ok()? == port;
            (listening && matches).then(|| fields.get(9)?.parse().ok())?
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_ticks_are_counted_after_a_command_name_with_spaces_and_parentheses() {
        let stat = "4242 (orderd (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 855 120 0 0 20 0 \
                    4 0 100 1000000 3000 18446744073709551615";
        assert_eq!(cpu_ticks(stat), Some(975));
        assert_eq!(cpu_ticks("4242 (orderd) S 1"), None);
    }

    #[test]
    fn status_figures_are_read_in_kib() {
        let status = "Name:\torderd\nVmHWM:\t   25000 kB\nVmRSS:\t   19204 kB\n";
        assert_eq!(status_kib(status, "VmRSS"), Some(19204));
        assert_eq!(status_kib(status, "VmHWM"), Some(25000));
        assert_eq!(status_kib(status, "VmSwap"), None);
    }

    #[test]
    fn only_listening_sockets_on_the_port_are_found() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
           0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 31337 1 0 100 0 0 10 0\n\
           1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 31338 1 0 20 4 30 10 -1\n\
           2: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 31339 1 0 100 0 0 10 0\n";
        assert_eq!(listening_inodes(table, 8080), [31337]);
        assert_eq!(listening_inodes(table, 8081), [31339]);
        assert!(listening_inodes(table, 9000).is_empty());
    }

    #[test]
    fn this_process_can_be_sampled() {
        let sample = ServerProcess::new(std::process::id())
            .unwrap()
            .sample()
            .unwrap();
        assert!(sample.rss_bytes > 0 && sample.peak_rss_bytes >= sample.rss_bytes);
        assert!(ServerProcess::new(u32::MAX).is_err());
    }
}
