//! The configuration file's schema (TOML): accounts, catalog, limits, auth and starting
//! resources. Every table refuses unknown keys.

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

use super::error::ConfigError;
use super::policies::PolicyConfig;
use crate::auth::secret::Secret;
use crate::domain::catalog::Product;
use crate::domain::money::Amount;

/// The configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileConfig {
    #[serde(default)]
    pub(super) accounts: Vec<AccountConfig>,
    #[serde(default)]
    pub(super) catalog: CatalogConfig,
    #[serde(default)]
    pub(super) limits: Limits,
    #[serde(default)]
    pub(super) auth: AuthConfig,
    #[serde(default)]
    pub(super) resources: Vec<StartingResource>,
    #[serde(default)]
    pub(super) operator: OperatorConfig,
}

/// `[operator]`: who may use the operator endpoints under `/orderd/v1/`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OperatorConfig {
    /// The bearer token the operator endpoints require (at least 16 characters); none
    /// configured: the operator endpoints refuse every request (the demo account has one).
    pub(super) token: Option<Secret>,
}

impl FileConfig {
    /// Reads and parses the file at `path`.
    pub(super) fn read(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// `[[accounts]]`: an account, its projects, edge sites and users.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AccountConfig {
    pub(super) domain_name: String,
    pub(super) domain_id: String,
    #[serde(default)]
    pub(super) projects: Vec<ProjectConfig>,
    #[serde(default)]
    pub(super) edge_sites: Vec<EdgeSiteConfig>,
    #[serde(default)]
    pub(super) users: Vec<UserConfig>,
    /// Identity policies its users may be attached to.
    #[serde(default)]
    pub(super) policies: Vec<PolicyConfig>,
    /// What the account's balance opens with, a decimal string (`"1000.00"`); default zero.
    #[serde(default)]
    pub(super) balance: Amount,
}

/// An account's IES edge site.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EdgeSiteConfig {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) region: String,
}

/// `[[accounts.users]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UserConfig {
    pub(super) name: String,
    /// 32 hex characters; derived from the domain id and name when absent.
    pub(super) id: Option<String>,
    /// The account's own user, who may do everything.
    #[serde(default)]
    pub(super) root: bool,
    /// An Argon2 PHC string (`orderd hash-password`); no password: no tokens.
    pub(super) password_hash: Option<String>,
    #[serde(default)]
    pub(super) access_keys: Vec<AccessKeyConfig>,
    /// Granted actions (`service:resource:verb`, `*` wildcards).
    #[serde(default)]
    pub(super) actions: Vec<String>,
    /// Names of the account's identity policies attached to the user.
    #[serde(default)]
    pub(super) policies: Vec<String>,
}

/// A user's access key pair.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AccessKeyConfig {
    pub(super) access_key: String,
    pub(super) secret_key: Secret,
}

/// An account's project.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectConfig {
    pub(super) id: String,
    pub(super) region: String,
}

/// The `[catalog]` section: products added to (or replacing) the built-in catalog.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CatalogConfig {
    /// Replace the built-in catalog instead of extending it.
    #[serde(default)]
    pub(super) replace: bool,
    #[serde(default)]
    pub(super) products: Vec<Product>,
}

/// The `[auth]` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct AuthConfig {
    /// At least 32 characters.
    pub(super) token_key: Option<Secret>,
    pub(super) token_ttl_hours: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            token_key: None,
            token_ttl_hours: 24,
        }
    }
}

/// `[limits]`: what one client may take of orderd (bytes, time, connections), so that slow or
/// idle clients cannot lock the others out. Durations are written as `10s`, `500ms`, `2m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// How long a request's head (request line and headers) may take to arrive, counted from
    /// the connection's start or the end of the previous answer on a kept-alive connection;
    /// it is also how long a kept-alive connection may stay idle.
    #[serde(deserialize_with = "duration")]
    pub header_timeout: Duration,
    /// How long a request's whole body may take to arrive once orderd starts reading it.
    #[serde(deserialize_with = "duration")]
    pub body_timeout: Duration,
    /// How many bytes of request bodies may be held at once, over every request.
    pub body_budget_bytes: usize,
    /// The most connections served at once; fewer when the descriptor limit leaves less room.
    pub max_connections: usize,
    /// How long requests in flight may take to finish after a stop signal, before the
    /// connections still open are dropped.
    #[serde(deserialize_with = "duration")]
    pub shutdown_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1024 * 1024,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            body_budget_bytes: 64 * 1024 * 1024,
            max_connections: 4096,
            shutdown_timeout: Duration::from_secs(30),
        }
    }
}

/// A duration written as text (`10s`, `500ms`), as the command line's are.
fn duration<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(deserializer)?;
    humantime::parse_duration(&text)
        .map_err(|e| serde::de::Error::custom(format!("{text:?} is not a duration ({e})")))
}

/// A resource a project starts with: `[[resources]]` in the configuration file, and the demo
/// project's desktop. Seeded at every start; one already stored is left as it is, so its expiry
/// stays the one computed at the first start.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartingResource {
    /// The owning project; must be a configured one.
    pub project_id: String,
    /// The resource id.
    pub id: String,
    /// Its resource type (`hws.resource.type.workspace.desktop`).
    pub resource_type: String,
    /// Its spec code or product id.
    pub spec_code: String,
    /// The resource it belongs to, if any.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Its subscription runs this many months from the first start (default 12).
    #[serde(default = "twelve")]
    pub months: u32,
}

fn twelve() -> u32 {
    12
}
