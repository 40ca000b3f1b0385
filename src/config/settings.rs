//! Loading and checking everything orderd needs to start ([`Settings`]) from the command line
//! and the configuration file.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::cli::{ClockKind, ServeArgs};
use super::database::{Database, parse_database_url};
use super::error::ConfigError;
use super::file::{FileConfig, Limits, StartingResource};
use super::{accounts, demo, users};
use crate::auth::directory::User;
use crate::auth::secret::Secret;
use crate::domain::account::Accounts;
use crate::domain::catalog::Catalog;
use crate::domain::lifecycle::Deadlines;
use crate::domain::period::Period;
use crate::domain::resource::{NewResource, ResourceTerm};
use crate::service::Fixture;

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
    /// Which clock orders run on.
    pub clock: ClockKind,
    /// How long orders wait for payment and delivery.
    pub deadlines: Deadlines,
    /// The bearer token of the operator endpoints; `None`: they refuse every request.
    pub operator_token: Option<Secret>,
    /// Whether `POST /orderd/v1/reset` may drop every order.
    pub allow_reset: bool,
    /// Whether every page of the SQLite database is checked before serving.
    pub check_database: bool,
}

/// The longest delivery delay: paid orders are delivered within a day.
const MAX_DELIVERY_DELAY: std::time::Duration = std::time::Duration::from_secs(86_400);
/// The unpaid timeout's range: a minute to a year.
const UNPAID_TIMEOUT: std::ops::RangeInclusive<std::time::Duration> =
    std::time::Duration::from_secs(60)..=std::time::Duration::from_secs(365 * 86_400);
/// The longest grace or retention period.
const MAX_KEEP: std::time::Duration = std::time::Duration::from_secs(365 * 86_400);
/// The shortest operator token.
const MIN_OPERATOR_TOKEN: usize = 16;

/// The shortest and longest head, body and shutdown timeouts.
const TIMEOUTS: std::ops::RangeInclusive<std::time::Duration> =
    std::time::Duration::from_millis(100)..=std::time::Duration::from_secs(3600);

/// `[limits]`, checked: timeouts within [`TIMEOUTS`], at least one connection, and a body
/// budget that holds at least one body of the largest size (and fits the budget's counter).
fn limits(limits: Limits) -> Result<Limits, ConfigError> {
    let refused = |message: String| Err(ConfigError::Limits(message));
    for (name, value) in [
        ("header_timeout", limits.header_timeout),
        ("body_timeout", limits.body_timeout),
        ("shutdown_timeout", limits.shutdown_timeout),
    ] {
        if !TIMEOUTS.contains(&value) {
            return refused(format!(
                "{name} must be 100ms to 1h, got {}",
                humantime::format_duration(value)
            ));
        }
    }
    if limits.max_connections == 0 {
        return refused("max_connections must be at least 1".into());
    }
    if limits.body_budget_bytes < limits.max_body_bytes {
        return refused(format!(
            "body_budget_bytes ({}) must be at least max_body_bytes ({})",
            limits.body_budget_bytes, limits.max_body_bytes
        ));
    }
    if u32::try_from(limits.body_budget_bytes).is_err() {
        return refused(format!(
            "body_budget_bytes must be at most {}, got {}",
            u32::MAX,
            limits.body_budget_bytes
        ));
    }
    Ok(limits)
}

/// The deadlines the options give, within their ranges.
fn deadlines(args: &ServeArgs) -> Result<Deadlines, ConfigError> {
    if args.delivery_delay > MAX_DELIVERY_DELAY {
        return Err(ConfigError::Lifecycle(format!(
            "--delivery-delay must be at most 1 day, got {}",
            humantime::format_duration(args.delivery_delay)
        )));
    }
    if !UNPAID_TIMEOUT.contains(&args.unpaid_timeout) {
        return Err(ConfigError::Lifecycle(format!(
            "--unpaid-timeout must be 1 minute to 365 days, got {}",
            humantime::format_duration(args.unpaid_timeout)
        )));
    }
    for (flag, value) in [
        ("--grace-period", args.grace_period),
        ("--retention-period", args.retention_period),
    ] {
        if value > MAX_KEEP {
            return Err(ConfigError::Lifecycle(format!(
                "{flag} must be at most 365 days, got {}",
                humantime::format_duration(value)
            )));
        }
    }
    let within = |d: std::time::Duration| {
        time::Duration::try_from(d).expect("bounded durations fit time::Duration")
    };
    Ok(Deadlines {
        unpaid: within(args.unpaid_timeout),
        delivery: within(args.delivery_delay),
        grace: within(args.grace_period),
        retention: within(args.retention_period),
    })
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

impl Settings {
    /// Builds settings from `serve` options, reading the configuration file they name.
    pub fn load(args: &ServeArgs) -> Result<Settings, ConfigError> {
        let file = match &args.config {
            Some(path) => FileConfig::read(path)?,
            None => FileConfig::default(),
        };
        let database = match &args.database_url {
            None => Database::Sqlite(args.data_dir.join("orderd.db")),
            Some(url) => parse_database_url(url)?,
        };
        if args.check_database && matches!(database, Database::Postgres(_)) {
            return Err(ConfigError::CheckDatabase);
        }
        let is_demo = file.accounts.is_empty();
        if is_demo && !args.listen.ip().is_loopback() && !args.allow_demo_account {
            return Err(ConfigError::DemoOnPublicAddress(args.listen));
        }
        let mut resources = file.resources;
        let (accounts, users) = if is_demo {
            resources.insert(0, demo::desktop());
            (vec![demo::account()], demo::users())
        } else {
            accounts::from_file(file.accounts, users::base_dir(args.config.as_deref()))?
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
        let operator_token = match file.operator.token {
            Some(token) if token.expose().len() < MIN_OPERATOR_TOKEN => {
                return Err(ConfigError::Operator(format!(
                    "token must be at least {MIN_OPERATOR_TOKEN} characters"
                )));
            }
            Some(token) => Some(token),
            None if is_demo => Some(Secret::new(demo::OPERATOR_TOKEN)),
            None => None,
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
            limits: limits(file.limits)?,
            resources,
            clock: args.clock,
            deadlines: deadlines(args)?,
            operator_token,
            allow_reset: args.allow_reset,
            check_database: args.check_database,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::password::PasswordDigest;

    fn args(config: Option<PathBuf>) -> ServeArgs {
        ServeArgs {
            listen: "127.0.0.1:0".parse().unwrap(),
            data_dir: "data".into(),
            database_url: None,
            config,
            allow_demo_account: false,
            clock: ClockKind::System,
            delivery_delay: std::time::Duration::ZERO,
            unpaid_timeout: std::time::Duration::from_secs(7 * 86_400),
            grace_period: std::time::Duration::from_secs(15 * 86_400),
            retention_period: std::time::Duration::from_secs(15 * 86_400),
            allow_reset: false,
            check_database: false,
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
    fn unknown_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "[limits]\nmax_body = 1\n").unwrap();
        assert!(matches!(
            Settings::load(&args(Some(path))),
            Err(ConfigError::Parse { .. })
        ));
    }

    #[test]
    fn limits_are_read_with_durations_as_text_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let defaults = Settings::load(&args(None)).unwrap().limits;
        assert_eq!(defaults, Limits::default());
        assert_eq!(defaults.header_timeout, std::time::Duration::from_secs(10));
        let set = Settings::load(&args(Some(write(
            &dir,
            "[limits]\nheader_timeout = \"1s\"\nbody_timeout = \"1500ms\"\n\
             shutdown_timeout = \"2m\"\nmax_connections = 8\nbody_budget_bytes = 2097152\n",
        ))))
        .unwrap()
        .limits;
        assert_eq!(set.header_timeout, std::time::Duration::from_secs(1));
        assert_eq!(set.body_timeout, std::time::Duration::from_millis(1500));
        assert_eq!(set.shutdown_timeout, std::time::Duration::from_secs(120));
        assert_eq!(set.max_connections, 8);
        assert_eq!(set.body_budget_bytes, 2 * 1024 * 1024);

        let cases = [
            ("header_timeout = \"soon\"", "is not a duration"),
            ("header_timeout = 10", "invalid type"),
            ("body_timeout = \"0s\"", "body_timeout must be 100ms to 1h"),
            (
                "shutdown_timeout = \"2h\"",
                "shutdown_timeout must be 100ms to 1h",
            ),
            ("max_connections = 0", "max_connections must be at least 1"),
            (
                "body_budget_bytes = 1000",
                "must be at least max_body_bytes",
            ),
            (
                "body_budget_bytes = 5000000000",
                "must be at most 4294967295",
            ),
        ];
        for (line, needle) in cases {
            let path = write(&dir, &format!("[limits]\n{line}\n"));
            let err = Settings::load(&args(Some(path))).unwrap_err().to_string();
            assert!(err.contains(needle), "{line}: {err}");
        }
    }

    #[test]
    fn the_database_check_is_refused_for_postgres() {
        let mut checked = args(None);
        checked.check_database = true;
        assert!(Settings::load(&checked).unwrap().check_database);
        checked.database_url = Some("postgres://localhost/orderd".into());
        let err = Settings::load(&checked).unwrap_err().to_string();
        assert!(
            err.contains("--check-database reads an SQLite file"),
            "{err}"
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
        assert_eq!(ops.policies.len(), 1, "the actions list, as one policy");
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
        assert_eq!(fixtures[0].resource.service_type, "hws.service.type.vdi");
        assert_eq!(fixtures[0].term, ResourceTerm::Period(Period::Months(12)));
    }
}
