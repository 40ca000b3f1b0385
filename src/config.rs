//! Settings: command-line flags and environment variables, over an optional TOML file that
//! declares accounts, extends the catalog and sets limits.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::account::{Account, Accounts, EdgeSite, Project};
use crate::domain::catalog::{Catalog, CatalogError, Product};

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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountConfig {
    domain_name: String,
    domain_id: String,
    #[serde(default)]
    projects: Vec<ProjectConfig>,
    #[serde(default)]
    edge_sites: Vec<EdgeSiteConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeSiteConfig {
    id: String,
    name: String,
    region: String,
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
    /// Its IES edge site.
    pub const EDGE_SITE_ID: &str = "e5c2a1f0-3b4d-4c6e-8f7a-9b0c1d2e3f4a";
    /// The edge site's name.
    pub const EDGE_SITE_NAME: &str = "demo-site";
}

fn demo_account() -> Account {
    Account {
        domain_name: demo::DOMAIN_NAME.into(),
        domain_id: demo::DOMAIN_ID.into(),
        projects: vec![Project {
            id: demo::PROJECT_ID.into(),
            region: demo::REGION.into(),
        }],
        edge_sites: vec![EdgeSite {
            id: demo::EDGE_SITE_ID.into(),
            name: demo::EDGE_SITE_NAME.into(),
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
        let accounts = if file.accounts.is_empty() {
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
                    edge_sites: a
                        .edge_sites
                        .into_iter()
                        .map(|s| EdgeSite {
                            id: s.id,
                            name: s.name,
                            region: s.region,
                        })
                        .collect(),
                })
                .collect()
        };
        let accounts = Accounts::new(accounts).map_err(|e| ConfigError::Accounts(e.to_string()))?;
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
            edge_sites = [{ id = "site-1", name = "acme-site", region = "eu-west-0" }]

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
        let acme = settings.accounts.by_domain("d1").unwrap();
        assert_eq!(acme.edge_site("site-1").unwrap().name, "acme-site");
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
}
