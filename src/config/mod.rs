//! Settings: command-line flags and environment variables ([`cli`]), over an optional TOML file
//! ([`file`]) that declares accounts, extends the catalog and sets limits; without accounts, the
//! [`demo`] account. [`Settings::load`] reads and checks them all.

mod accounts;
mod cli;
mod database;
pub mod demo;
mod error;
mod file;
mod policies;
mod settings;
mod users;

pub use cli::{ClockKind, ServeArgs};
pub use database::{Database, parse_database_url};
pub use error::ConfigError;
pub use file::{Limits, StartingResource};
pub use settings::{AuthSettings, Settings};
pub use users::load_directory;
