//! Why settings cannot be used.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::domain::catalog::CatalogError;

/// Settings that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The configuration file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The configuration file is not valid TOML of the expected shape.
    #[error("{path}: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why.
        source: toml::de::Error,
    },
    /// The catalog is not usable.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The accounts are not usable.
    #[error("accounts: {0}")]
    Accounts(String),
    /// The demo account's keys and passwords are public; it is served only on loopback.
    #[error(
        "refusing to serve the demo account (whose keys and passwords are public) on {0}: \
         declare [[accounts]] in --config, listen on 127.0.0.1, or pass --allow-demo-account"
    )]
    DemoOnPublicAddress(SocketAddr),
    /// The lifecycle options (`--delivery-delay`, `--unpaid-timeout`) are out of range.
    #[error("{0}")]
    Lifecycle(String),
    /// The `[operator]` section is not usable.
    #[error("operator: {0}")]
    Operator(String),
    /// The `[auth]` section is not usable.
    #[error("auth: {0}")]
    Auth(String),
    /// The `[limits]` section is not usable.
    #[error("limits: {0}")]
    Limits(String),
    /// `--check-database` was given with a database it cannot check.
    #[error(
        "--check-database reads an SQLite file; PostgreSQL checks its own pages (data \
         checksums, the amcheck extension)"
    )]
    CheckDatabase,
    /// The database URL is not one orderd can open.
    #[error("unsupported database URL {0:?}: use sqlite:PATH, postgres://... or postgresql://...")]
    DatabaseUrl(String),
}
