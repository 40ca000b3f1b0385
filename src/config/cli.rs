//! The `orderd serve` command line: flags, each with its environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

/// `orderd serve` options.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ORDERD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory for the embedded database (created if missing).
    #[arg(long, env = "ORDERD_DATA_DIR", default_value = "./orderd-data")]
    pub data_dir: PathBuf,
    /// Database URL. `sqlite:PATH` for the embedded store; default `sqlite:<data-dir>/orderd.db`.
    #[arg(long, env = "ORDERD_DATABASE_URL")]
    pub database_url: Option<String>,
    /// TOML file declaring accounts, extra or replacement catalog products, and limits.
    #[arg(long, env = "ORDERD_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Serve the built-in demo account (public keys and passwords) even on a non-loopback address.
    #[arg(long, env = "ORDERD_ALLOW_DEMO_ACCOUNT")]
    pub allow_demo_account: bool,
    /// Which clock orders run on: `system`, or `simulated` (real speed from the real time plus
    /// an offset the operator can only increase, `POST /orderd/v1/clock`).
    #[arg(long, env = "ORDERD_CLOCK", value_enum, default_value_t = ClockKind::System)]
    pub clock: ClockKind,
    /// How long a paid order stays processing (status 3) before its resources are delivered,
    /// on orderd's clock: `0s`, `500ms`, `5s`, `2m`.
    #[arg(long, env = "ORDERD_DELIVERY_DELAY", default_value = "0s", value_parser = humantime::parse_duration)]
    pub delivery_delay: std::time::Duration,
    /// How long an order may stay unpaid before the system cancels it: `7d`, `12h`.
    #[arg(long, env = "ORDERD_UNPAID_TIMEOUT", default_value = "7d", value_parser = humantime::parse_duration)]
    pub unpaid_timeout: std::time::Duration,
    /// How long a resource stays usable (status 5, expired) after it expires unrenewed, on
    /// orderd's clock, before it is frozen: `15d`.
    #[arg(long, env = "ORDERD_GRACE_PERIOD", default_value = "15d", value_parser = humantime::parse_duration)]
    pub grace_period: std::time::Duration,
    /// How long a frozen resource (status 4) is kept after its grace period before it is closed
    /// (status 3): `15d`.
    #[arg(long, env = "ORDERD_RETENTION_PERIOD", default_value = "15d", value_parser = humantime::parse_duration)]
    pub retention_period: std::time::Duration,
    /// Allow `POST /orderd/v1/reset` (dropping every order) with the system clock too; it is
    /// always allowed with `--clock simulated`.
    #[arg(long, env = "ORDERD_ALLOW_RESET")]
    pub allow_reset: bool,
    /// Before serving, read every page of the SQLite database (`PRAGMA integrity_check`) and
    /// refuse to start when any is damaged. Takes about as long as reading the whole file.
    #[arg(long, env = "ORDERD_CHECK_DATABASE")]
    pub check_database: bool,
}

/// Which clock orders run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClockKind {
    /// The operating system's clock.
    System,
    /// The system clock plus an offset the operator moves forward.
    Simulated,
}
