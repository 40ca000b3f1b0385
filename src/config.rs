//! Settings: command-line flags and environment variables, over an optional TOML file that
//! declares accounts, extends the catalog and sets limits.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::auth::action::Grant;
use crate::auth::directory::{AccessKey, User};
use crate::auth::password::PasswordDigest;
use crate::auth::secret::Secret;
use crate::domain::account::{Account, Accounts, EdgeSite, Project};
use crate::domain::catalog::{Catalog, CatalogError, Product};
use crate::domain::period::Period;
use crate::domain::resource::{NewResource, ResourceTerm};
use crate::service::Fixture;

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

/// How callers authenticate.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Every account's users, with their keys, passwords and grants.
    pub users: Vec<User>,
    /// The key tokens are signed with; `None`: generated once and kept in the data directory.
    pub token_key: Option<Secret>,
    /// How long tokens last.
    pub token_ttl: time::Duration,
}

/// The `[auth]` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct AuthConfig {
    /// At least 32 characters.
    token_key: Option<Secret>,
    token_ttl_hours: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            token_key: None,
            token_ttl_hours: 24,
        }
    }
}

/// The longest IAM token lifetime the configuration may ask for: one year.
const MAX_TOKEN_TTL_HOURS: u32 = 24 * 365;

/// The longest subscription a starting resource may be declared with: 100 years.
const MAX_RESOURCE_MONTHS: u32 = 1200;

/// Everything orderd needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where orderd keeps its files (the generated token key).
    pub data_dir: PathBuf,
    /// How callers authenticate.
    pub auth: AuthSettings,
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
    /// The resources projects start with.
    pub fn fixtures(&self) -> Vec<Fixture> {
        self.resources
            .iter()
            .filter_map(|r| {
                let (account, _) = self.accounts.by_project(&r.project_id)?;
                // The product it is, by its spec code; a resource no product sells (a user
                // directory) belongs to the service that sells its kind of resource.
                let product = self.catalog.get(&r.spec_code);
                let service_type = product
                    .or_else(|| {
                        self.catalog
                            .iter()
                            .find(|p| p.resource_type == r.resource_type)
                    })
                    .map_or_else(String::new, |p| p.cloud_service_type.clone());
                Some(Fixture {
                    resource: NewResource {
                        id: r.id.clone(),
                        domain_id: account.domain_id.clone(),
                        project_id: r.project_id.clone(),
                        service_type,
                        product_id: product
                            .map_or_else(|| r.spec_code.clone(), |p| p.product_id.clone()),
                        resource_type: r.resource_type.clone(),
                        spec_code: r.spec_code.clone(),
                        parent_id: r.parent_id.clone(),
                    },
                    term: ResourceTerm::Period(Period::Months(r.months)),
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
    /// The demo account's keys and passwords are public; it is served only on loopback.
    #[error(
        "refusing to serve the demo account (whose keys and passwords are public) on {0}: \
         declare [[accounts]] in --config, listen on 127.0.0.1, or pass --allow-demo-account"
    )]
    DemoOnPublicAddress(SocketAddr),
    /// The `[auth]` section is not usable.
    #[error("auth: {0}")]
    Auth(String),
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
    auth: AuthConfig,
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
    #[serde(default)]
    edge_sites: Vec<EdgeSiteConfig>,
    #[serde(default)]
    users: Vec<UserConfig>,
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
struct UserConfig {
    name: String,
    /// 32 hex characters; derived from the domain id and name when absent.
    id: Option<String>,
    /// The account's own user, who may do everything.
    #[serde(default)]
    root: bool,
    /// An Argon2 PHC string (`orderd hash-password`); no password: no tokens.
    password_hash: Option<String>,
    #[serde(default)]
    access_keys: Vec<AccessKeyConfig>,
    /// Granted actions (`service:resource:verb`, `*` wildcards).
    #[serde(default)]
    actions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccessKeyConfig {
    access_key: String,
    secret_key: Secret,
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
    /// The root user, who may do everything.
    pub const ROOT_USER: &str = "demo";
    /// Its password.
    pub const ROOT_PASSWORD: &str = "demo-password";
    /// Its access key.
    pub const ROOT_AK: &str = "ORDERDDEMOAK00000001";
    /// Its secret key.
    pub const ROOT_SK: &str = "orderdDemoSecretKey000000000000000000000";
    /// An IAM user who may read orders but not create or pay them.
    pub const VIEWER_USER: &str = "demo-viewer";
    /// Its password.
    pub const VIEWER_PASSWORD: &str = "demo-viewer-password";
    /// Its access key.
    pub const VIEWER_AK: &str = "ORDERDDEMOVIEWER0001";
    /// Its secret key.
    pub const VIEWER_SK: &str = "orderdDemoViewerSecret000000000000000000";
    /// `ROOT_PASSWORD`, hashed (`orderd hash-password`).
    pub(crate) const ROOT_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$/ll862HnrfjhyV1P4XUwAQ$q+DkCe9j5yvINkjy7inZH0bnNwrn/9E6ZQgu2U120dk";
    /// `VIEWER_PASSWORD`, hashed.
    pub(crate) const VIEWER_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$G3ApZJaMOPuzQlOorn8n7Q$dYUkyKGN1Op5k8/SYxXyRzY2JBAJn06l85zKhtxjldM";
    /// The desktop the project starts with (the Workspace seed's `addVolumes` example names it).
    pub const DESKTOP_ID: &str = "8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7";
    /// Its desktop package.
    pub const DESKTOP_PACKAGE: &str = "workspace.k.xlarge2.uosv20pro";
}

fn demo_users() -> Vec<User> {
    let user = |name: &str, root: bool, phc: &str, ak: &str, sk: &str, grants: &[&str]| User {
        id: User::derived_id(demo::DOMAIN_ID, name),
        name: name.into(),
        domain_id: demo::DOMAIN_ID.into(),
        root,
        password: Some(PasswordDigest::parse(phc).expect("the demo hashes parse")),
        access_keys: vec![AccessKey {
            id: ak.into(),
            secret: Secret::new(sk),
        }],
        grants: grants
            .iter()
            .map(|g| Grant::parse(g).expect("demo grants parse"))
            .collect(),
    };
    vec![
        user(
            demo::ROOT_USER,
            true,
            demo::ROOT_PASSWORD_HASH,
            demo::ROOT_AK,
            demo::ROOT_SK,
            &[],
        ),
        user(
            demo::VIEWER_USER,
            false,
            demo::VIEWER_PASSWORD_HASH,
            demo::VIEWER_AK,
            demo::VIEWER_SK,
            &["bss:order:view"],
        ),
    ]
}

fn user_from_config(domain_id: &str, u: UserConfig) -> Result<User, ConfigError> {
    let who = format!("account {domain_id} user {}", u.name);
    let bad = |what: String| ConfigError::Accounts(format!("{who}: {what}"));
    if u.name.is_empty() {
        return Err(bad("name must not be empty".into()));
    }
    let password = u
        .password_hash
        .map(|phc| PasswordDigest::parse(&phc).map_err(|e| bad(e.to_string())))
        .transpose()?;
    let grants = u
        .actions
        .iter()
        .map(|a| Grant::parse(a).map_err(|e| bad(e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let access_keys = u
        .access_keys
        .into_iter()
        .map(|k| {
            if k.access_key.is_empty() || k.secret_key.expose().is_empty() {
                Err(bad(
                    "access keys need a non-empty access_key and secret_key".into(),
                ))
            } else {
                Ok(AccessKey {
                    id: k.access_key,
                    secret: k.secret_key,
                })
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(User {
        id: u.id.unwrap_or_else(|| User::derived_id(domain_id, &u.name)),
        name: u.name,
        domain_id: domain_id.to_owned(),
        root: u.root,
        password,
        access_keys,
        grants,
    })
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
        let demo = file.accounts.is_empty();
        if demo && !args.listen.ip().is_loopback() && !args.allow_demo_account {
            return Err(ConfigError::DemoOnPublicAddress(args.listen));
        }
        let mut resources = file.resources;
        let (accounts, users) = if demo {
            resources.insert(0, demo_desktop());
            (vec![demo_account()], demo_users())
        } else {
            let mut accounts = Vec::new();
            let mut users = Vec::new();
            for a in file.accounts {
                for u in a.users {
                    users.push(user_from_config(&a.domain_id, u)?);
                }
                accounts.push(Account {
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
                });
            }
            (accounts, users)
        };
        if let Some(key) = &file.auth.token_key
            && key.expose().len() < 32
        {
            return Err(ConfigError::Auth(
                "token_key must be at least 32 characters".into(),
            ));
        }
        // A year at most: tokens are short-lived credentials, and expiry times must stay
        // representable.
        if !(1..=MAX_TOKEN_TTL_HOURS).contains(&file.auth.token_ttl_hours) {
            return Err(ConfigError::Auth(format!(
                "token_ttl_hours must be at least 1 and at most {MAX_TOKEN_TTL_HOURS}"
            )));
        }
        let accounts = Accounts::new(accounts).map_err(|e| ConfigError::Accounts(e.to_string()))?;
        if let Some(r) = resources
            .iter()
            .find(|r| !(1..=MAX_RESOURCE_MONTHS).contains(&r.months))
        {
            return Err(ConfigError::Accounts(format!(
                "resource {}: months must be 1 to {MAX_RESOURCE_MONTHS}, got {}",
                r.id, r.months
            )));
        }
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
            data_dir: args.data_dir.clone(),
            auth: AuthSettings {
                users,
                token_key: file.auth.token_key,
                token_ttl: time::Duration::hours(i64::from(file.auth.token_ttl_hours)),
            },
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
            allow_demo_account: false,
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

    fn write(dir: &tempfile::TempDir, text: &str) -> PathBuf {
        let path = dir.path().join("orderd.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn the_demo_account_is_refused_on_a_public_address_unless_allowed() {
        let mut public = args(None);
        public.listen = "0.0.0.0:8080".parse().unwrap();
        let err = Settings::load(&public).unwrap_err().to_string();
        assert!(err.contains("--allow-demo-account"), "{err}");
        assert!(err.contains("0.0.0.0:8080"), "{err}");
        public.allow_demo_account = true;
        assert!(Settings::load(&public).is_ok());

        let dir = tempfile::tempdir().unwrap();
        let mut declared = args(Some(write(
            &dir,
            "[[accounts]]\ndomain_name = \"a\"\ndomain_id = \"d\"\n",
        )));
        declared.listen = "0.0.0.0:8080".parse().unwrap();
        assert!(
            Settings::load(&declared).is_ok(),
            "declared accounts may listen anywhere"
        );
    }

    #[test]
    fn the_demo_users_log_in_with_the_documented_passwords() {
        let users = demo_users();
        let root = users.iter().find(|u| u.name == demo::ROOT_USER).unwrap();
        assert!(root.root);
        assert!(root.password.as_ref().unwrap().verify(demo::ROOT_PASSWORD));
        let viewer = users.iter().find(|u| u.name == demo::VIEWER_USER).unwrap();
        assert!(!viewer.root);
        assert!(
            viewer
                .password
                .as_ref()
                .unwrap()
                .verify(demo::VIEWER_PASSWORD)
        );
        assert!(viewer.may(crate::auth::action::Action::BSS_ORDER_VIEW));
        assert!(!viewer.may(crate::auth::action::Action::BSS_ORDER_UPDATE));
        assert!(!viewer.may(crate::auth::action::Action::DSC_ORDERS_CREATE));
    }

    #[test]
    fn users_are_read_from_the_file_and_secrets_never_print() {
        let dir = tempfile::tempdir().unwrap();
        let phc = PasswordDigest::hash("pw");
        let path = write(
            &dir,
            &format!(
                r#"
                [auth]
                token_key = "0123456789abcdef0123456789abcdef"
                token_ttl_hours = 3
                [[accounts]]
                domain_name = "acme"
                domain_id = "d1"
                [[accounts.users]]
                name = "ops"
                password_hash = "{}"
                actions = ["workspace:*:*", "bss:order:view"]
                access_keys = [{{ access_key = "AKOPS", secret_key = "very-secret-key" }}]
                "#,
                phc.as_phc()
            ),
        );
        let settings = Settings::load(&args(Some(path))).unwrap();
        let ops = &settings.auth.users[0];
        assert_eq!(ops.name, "ops");
        assert_eq!(ops.domain_id, "d1");
        assert_eq!(ops.id, User::derived_id("d1", "ops"));
        assert!(!ops.root);
        assert_eq!(ops.grants.len(), 2);
        assert_eq!(ops.access_keys[0].secret.expose(), "very-secret-key");
        assert_eq!(settings.auth.token_ttl, time::Duration::hours(3));
        let printed = format!("{settings:?}");
        for secret in [
            "very-secret-key",
            "0123456789abcdef0123456789abcdef",
            phc.as_phc(),
        ] {
            assert!(!printed.contains(secret), "{secret} printed");
        }
    }

    #[test]
    fn unusable_users_and_auth_settings_are_refused() {
        let account = "[[accounts]]\ndomain_name = \"a\"\ndomain_id = \"d\"\n[[accounts.users]]\nname = \"u\"\n";
        let cases = [
            (
                format!("{account}password_hash = \"plain\"\n"),
                "Argon2 PHC",
            ),
            (
                format!("{account}actions = [\"bss:view\"]\n"),
                "not an action",
            ),
            (
                format!("{account}access_keys = [{{ access_key = \"\", secret_key = \"s\" }}]\n"),
                "non-empty access_key",
            ),
            ("[auth]\ntoken_key = \"short\"\n".to_owned(), "at least 32"),
            ("[auth]\ntoken_ttl_hours = 0\n".to_owned(), "at least 1"),
            (
                "[auth]\ntoken_ttl_hours = 4000000000\n".to_owned(),
                "at most 8760",
            ),
        ];
        for (text, needle) in cases {
            let dir = tempfile::tempdir().unwrap();
            let err = Settings::load(&args(Some(write(&dir, &text))))
                .unwrap_err()
                .to_string();
            assert!(err.contains(needle), "{text}: {err}");
        }
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
            Settings::load(&args(Some(path.clone()))),
            Err(ConfigError::Accounts(msg)) if msg.contains("nope")
        ));
        for months in ["0", "1201"] {
            std::fs::write(
                &path,
                format!(
                    "[[resources]]\nproject_id = \"{}\"\nid = \"d1\"\nresource_type = \"r\"\nspec_code = \"s\"\nmonths = {months}\n",
                    demo::PROJECT_ID
                ),
            )
            .unwrap();
            let err = Settings::load(&args(Some(path.clone())))
                .unwrap_err()
                .to_string();
            assert!(err.contains("months must be 1 to 1200"), "{months}: {err}");
        }
        let demo = Settings::load(&args(None)).unwrap();
        let fixtures = demo.fixtures();
        assert_eq!(fixtures.len(), 1);
        assert_eq!(fixtures[0].resource.id, demo::DESKTOP_ID);
        assert_eq!(fixtures[0].term, ResourceTerm::Period(Period::Months(12)));
    }
}
