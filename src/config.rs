//! Settings: command-line flags and environment variables, over an optional TOML file that
//! declares accounts, extends the catalog and sets limits.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::account::{Account, Accounts, Project};
use crate::domain::catalog::{Catalog, CatalogError, Product};
use crate::domain::period::Period;
use crate::domain::resource::Resource;

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
}

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// An SQLite file.
    Sqlite(PathBuf),
}

/// Request limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1024 * 1024,
        }
    }
}

/// Everything orderd needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on (port 0 picks a free one).
    pub listen: SocketAddr,
    /// Where the store lives.
    pub database: Database,
    /// Who may order.
    pub accounts: Accounts,
    /// What can be ordered.
    pub catalog: Catalog,
    /// Request limits.
    pub limits: Limits,
    /// Resources projects start with (seeded once, at the first start).
    pub resources: Vec<StartingResource>,
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

impl Settings {
    /// The starting resources as of `now` (the first start, for the ones not yet stored).
    pub fn starting_resources(&self, now: time::OffsetDateTime) -> Vec<Resource> {
        self.resources
            .iter()
            .filter_map(|r| {
                let (account, _) = self.accounts.by_project(&r.project_id)?;
                Some(Resource {
                    id: r.id.clone(),
                    domain_id: account.domain_id.clone(),
                    project_id: r.project_id.clone(),
                    resource_type: r.resource_type.clone(),
                    spec_code: r.spec_code.clone(),
                    order_id: None,
                    parent_id: r.parent_id.clone(),
                    created_at: now,
                    expires_at: Period::Months(r.months.max(1)).ends_at(now),
                })
            })
            .collect()
    }
}

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
    /// The database URL is not one orderd can open.
    #[error("unsupported database URL {0:?}: use sqlite:PATH")]
    DatabaseUrl(String),
}

/// The configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    accounts: Vec<AccountConfig>,
    #[serde(default)]
    catalog: CatalogConfig,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    resources: Vec<StartingResource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountConfig {
    domain_name: String,
    domain_id: String,
    #[serde(default)]
    projects: Vec<ProjectConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectConfig {
    id: String,
    region: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogConfig {
    /// Replace the built-in catalog instead of extending it.
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    products: Vec<Product>,
}

/// The demo account, active when the configuration declares no accounts.
pub mod demo {
    /// Account name.
    pub const DOMAIN_NAME: &str = "demo";
    /// Account (domain) id.
    pub const DOMAIN_ID: &str = "2f6a9c1e4b7d40f8a3e5c7b9d1f3a5c7";
    /// Its project.
    pub const PROJECT_ID: &str = "0bec5db98280d2d02fd6c00c2de791ce";
    /// The project's region.
    pub const REGION: &str = "cn-north-4";
    /// The desktop the project starts with (the Workspace seed's `addVolumes` example names it).
    pub const DESKTOP_ID: &str = "8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7";
    /// Its desktop package.
    pub const DESKTOP_PACKAGE: &str = "workspace.k.xlarge2.uosv20pro";
}

fn demo_desktop() -> StartingResource {
    StartingResource {
        project_id: demo::PROJECT_ID.into(),
        id: demo::DESKTOP_ID.into(),
        resource_type: "hws.resource.type.workspace.desktop".into(),
        spec_code: demo::DESKTOP_PACKAGE.into(),
        parent_id: None,
        months: 12,
    }
}

fn demo_account() -> Account {
    Account {
        domain_name: demo::DOMAIN_NAME.into(),
        domain_id: demo::DOMAIN_ID.into(),
        projects: vec![Project {
            id: demo::PROJECT_ID.into(),
            region: demo::REGION.into(),
        }],
    }
}

impl Settings {
    /// Builds settings from `serve` options, reading the configuration file they name.
    pub fn load(args: &ServeArgs) -> Result<Settings, ConfigError> {
        let file = match &args.config {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let database = match &args.database_url {
            None => Database::Sqlite(args.data_dir.join("orderd.db")),
            Some(url) => parse_database_url(url)?,
        };
        let mut resources = file.resources;
        let accounts = if file.accounts.is_empty() {
            resources.insert(0, demo_desktop());
            vec![demo_account()]
        } else {
            file.accounts
                .into_iter()
                .map(|a| Account {
                    domain_name: a.domain_name,
                    domain_id: a.domain_id,
                    projects: a
                        .projects
                        .into_iter()
                        .map(|p| Project {
                            id: p.id,
                            region: p.region,
                        })
                        .collect(),
                })
                .collect()
        };
        let accounts = Accounts::new(accounts).map_err(|e| ConfigError::Accounts(e.to_string()))?;
        if let Some(r) = resources
            .iter()
            .find(|r| accounts.by_project(&r.project_id).is_none())
        {
            return Err(ConfigError::Accounts(format!(
                "resource {} names project {}, which no account owns",
                r.id, r.project_id
            )));
        }
        let catalog = if file.catalog.replace {
            Catalog::from_products(file.catalog.products)?
        } else {
            let mut catalog = Catalog::builtin();
            catalog.extend(file.catalog.products)?;
            catalog
        };
        Ok(Settings {
            listen: args.listen,
            database,
            accounts,
            catalog,
            limits: file.limits,
            resources,
        })
    }
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|source| ConfigError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_database_url(url: &str) -> Result<Database, ConfigError> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ConfigError::DatabaseUrl(url.to_owned()))?;
    Ok(Database::Sqlite(PathBuf::from(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(config: Option<PathBuf>) -> ServeArgs {
        ServeArgs {
            listen: "127.0.0.1:0".parse().unwrap(),
            data_dir: "data".into(),
            database_url: None,
            config,
        }
    }

    #[test]
    fn without_a_file_the_demo_account_and_builtin_catalog_are_used() {
        let settings = Settings::load(&args(None)).unwrap();
        assert!(settings.accounts.by_project(demo::PROJECT_ID).is_some());
        assert!(settings.catalog.get("00301-225396-0--0").is_some());
        assert_eq!(settings.database, Database::Sqlite("data/orderd.db".into()));
        assert_eq!(settings.limits.max_body_bytes, 1024 * 1024);
    }

    #[test]
    fn a_file_declares_accounts_and_extends_the_catalog() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orderd.toml");
        std::fs::write(
            &path,
            r#"
            [[accounts]]
            domain_name = "acme"
            domain_id = "d1"
            projects = [{ id = "p1", region = "eu-west-0" }]

            [[catalog.products]]
            product_id = "extra"
            cloud_service_type = "s"
            resource_type = "r"
            resource_spec_code = "c"
            currency = "EUR"
            price = { month = "1.00" }

            [limits]
            max_body_bytes = 2048
            "#,
        )
        .unwrap();
        let settings = Settings::load(&args(Some(path))).unwrap();
        assert!(settings.accounts.by_project(demo::PROJECT_ID).is_none());
        assert_eq!(
            settings.accounts.by_project("p1").unwrap().1.region,
            "eu-west-0"
        );
        assert!(settings.catalog.get("extra").is_some());
        assert!(settings.catalog.get("00301-225396-0--0").is_some());
        assert_eq!(settings.limits.max_body_bytes, 2048);
    }

    #[test]
    fn unknown_keys_and_database_urls_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "[limits]\nmax_body = 1\n").unwrap();
        assert!(matches!(
            Settings::load(&args(Some(path))),
            Err(ConfigError::Parse { .. })
        ));
        assert!(parse_database_url("mysql://x").is_err());
        assert_eq!(
            parse_database_url("sqlite:/tmp/x.db").unwrap(),
            Database::Sqlite("/tmp/x.db".into())
        );
    }

    #[test]
    fn starting_resources_must_name_a_configured_project() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orderd.toml");
        std::fs::write(
            &path,
            r#"
            [[resources]]
            project_id = "nope"
            id = "d1"
            resource_type = "hws.resource.type.workspace.desktop"
            spec_code = "workspace.k.xlarge2.uosv20pro"
            "#,
        )
        .unwrap();
        assert!(matches!(
            Settings::load(&args(Some(path))),
            Err(ConfigError::Accounts(msg)) if msg.contains("nope")
        ));
        let demo = Settings::load(&args(None)).unwrap();
        let now = time::macros::datetime!(2026-11-23 12:00 UTC);
        let seeded = demo.starting_resources(now);
        assert_eq!(seeded.len(), 1);
        assert_eq!(seeded[0].id, demo::DESKTOP_ID);
        assert_eq!(
            seeded[0].expires_at,
            Some(time::macros::datetime!(2027-11-23 12:00 UTC))
        );
    }
}
