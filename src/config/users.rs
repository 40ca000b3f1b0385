//! The accounts and users of a configuration file alone, for commands that judge users' policies
//! without serving (`orderd policy check`).

use std::path::Path;
use std::sync::Arc;

use super::error::ConfigError;
use super::file::FileConfig;
use super::{accounts, demo};
use crate::auth::directory::Directory;
use crate::domain::account::Accounts;

/// The directory relative paths in the configuration file start from: the file's own.
pub(super) fn base_dir(config: Option<&Path>) -> &Path {
    config.and_then(Path::parent).unwrap_or(Path::new(""))
}

/// The accounts and users `config` declares (the demo account's without a file, or when it
/// declares none), checked as `orderd serve` checks them.
pub fn load_directory(config: Option<&Path>) -> Result<Directory, ConfigError> {
    let file = match config {
        Some(path) => FileConfig::read(path)?,
        None => FileConfig::default(),
    };
    let (accounts, users) = if file.accounts.is_empty() {
        (vec![demo::account()], demo::users())
    } else {
        accounts::from_file(file.accounts, base_dir(config))?
    };
    let accounts = Accounts::new(accounts).map_err(|e| ConfigError::Accounts(e.to_string()))?;
    Directory::new(Arc::new(accounts), users).map_err(|e| ConfigError::Accounts(e.to_string()))
}
