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
}
