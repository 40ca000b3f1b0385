//! orderd: Huawei Cloud's yearly/monthly order APIs and the order lifecycle behind them.
//!
//! Data flows one way: wire type → (parse) → domain value → store. [`Application`] builds the
//! whole service from [`config::Settings`]; the binary and the tests both start it this way.

pub mod auth;
pub mod config;
pub mod data_dir;
pub mod domain;
pub mod http;
pub mod memory;
pub mod service;
pub mod store;
pub mod wire;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use auth::Auth;
use auth::directory::Directory;
use auth::token::TokenSigner;
use config::{ClockKind, Database, Settings};
use data_dir::DataDirLock;
use domain::clock::{Clock, SimulatedClock, SystemClock};
use domain::money::{Currency, SignedAmount};
use http::password_checks::PasswordChecks;
use http::serve::Serving;
use http::{AppState, Operator};
use service::{OrderService, ServiceSettings};
use store::postgres::PgStore;
use store::sqlite::SqliteStore;
use store::{Store, StoreError};

/// A bound, ready-to-run orderd.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    store: Arc<dyn Store>,
    orders: OrderService,
    serving: Serving,
    /// Held until the application is dropped, after its store is closed.
    _lock: DataDirLock,
}

/// Why orderd could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The store could not be opened.
    #[error("cannot open the store: {0}")]
    Store(#[from] StoreError),
    /// The resources accounts start with could not be stored.
    #[error("cannot store the starting resources: {0}")]
    Seed(service::ServiceError),
    /// The users or the token key are not usable.
    #[error("cannot set up authentication: {0}")]
    Auth(String),
    /// Another orderd serves the data directory, or it cannot be locked.
    #[error("{0}")]
    Locked(String),
    /// The connection limits cannot be met.
    #[error("cannot serve connections: {0}")]
    Connections(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

impl Application {
    /// Opens the store and binds the listener. Orders run on the clock the settings name;
    /// authentication (signature dates, token expiry) always on the system clock, so that
    /// clients keep working after a simulated clock moves.
    pub async fn build(settings: Settings) -> Result<Application, StartError> {
        let clock: Arc<dyn Clock> = match settings.clock {
            ClockKind::System => Arc::new(SystemClock),
            ClockKind::Simulated => Arc::new(SimulatedClock::new()),
        };
        Application::assemble(settings, clock, Arc::new(SystemClock)).await
    }

    /// Opens the store and binds the listener, reading every time from `clock` (tests).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> Result<Application, StartError> {
        Application::assemble(settings, Arc::clone(&clock), clock).await
    }

    async fn assemble(
        settings: Settings,
        clock: Arc<dyn Clock>,
        auth_clock: Arc<dyn Clock>,
    ) -> Result<Application, StartError> {
        let lock = DataDirLock::acquire(&settings.data_dir).map_err(StartError::Locked)?;
        let serving = Serving::new(&settings.limits).map_err(StartError::Connections)?;
        if let (true, Database::Sqlite(path)) = (settings.check_database, &settings.database) {
            SqliteStore::check_pages(path).await?;
        }
        let store: Arc<dyn Store> = match &settings.database {
            Database::Sqlite(path) => Arc::new(SqliteStore::open(path, clock.now()).await?),
            Database::Postgres(url) => Arc::new(PgStore::open(url, clock.now()).await?),
        };
        let opening_balances = settings
            .accounts
            .iter()
            .map(|a| {
                let amount = SignedAmount::from(a.opening_balance);
                (a.domain_id.clone(), (Currency::yuan(), amount))
            })
            .collect();
        let service_settings = ServiceSettings {
            deadlines: settings.deadlines,
            opening_balances,
            fixtures: settings.fixtures(),
            catalog: Arc::new(settings.catalog.clone()),
        };
        let orders = OrderService::new(Arc::clone(&store), clock, service_settings);
        orders.seed_fixtures().await.map_err(StartError::Seed)?;
        let accounts = Arc::new(settings.accounts);
        let token_key = match &settings.auth.token_key {
            Some(key) => key.expose().as_bytes().to_vec(),
            None => token_key_file(&settings.data_dir).map_err(StartError::Auth)?,
        };
        let auth = Auth {
            directory: Directory::new(Arc::clone(&accounts), settings.auth.users)
                .map_err(|e| StartError::Auth(e.to_string()))?,
            tokens: TokenSigner::new(&token_key, settings.auth.token_ttl),
            clock: auth_clock,
        };
        let state = AppState {
            orders: orders.clone(),
            catalog: Arc::new(settings.catalog),
            accounts,
            auth: Arc::new(auth),
            password_checks: PasswordChecks::per_core().map_err(|e| {
                StartError::Auth(format!("cannot start the password-check threads: {e}"))
            })?,
            operator: Arc::new(Operator {
                token: settings.operator_token,
                allow_reset: settings.allow_reset,
            }),
        };
        let router = http::router(state, &settings.limits);
        let listener =
            TcpListener::bind(settings.listen)
                .await
                .map_err(|source| StartError::Bind {
                    addr: settings.listen,
                    source,
                })?;
        Ok(Application {
            listener,
            router,
            store,
            orders,
            serving,
            _lock: lock,
        })
    }

    /// The address the listener got (its port, when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The store, for callers that read back what the API wrote.
    pub fn store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.store)
    }

    /// Serves until `shutdown` completes, then stops accepting, lets requests in flight finish
    /// (dropping the connections still open after `limits.shutdown_timeout`), closes the store
    /// and releases the data directory.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let due_work = tokio::spawn(run_due_work(self.orders.clone()));
        let trimming = tokio::spawn(memory::give_back_freed_memory());
        tracing::info!(
            max_connections = self.serving.max_connections,
            descriptor_limit = self.serving.descriptor_limit,
            "serving"
        );
        http::serve::serve(self.listener, self.router, self.serving, shutdown).await;
        due_work.abort();
        trimming.abort();
        self.store.close().await;
        Ok(())
    }
}

/// How often time-driven work (deliveries, unpaid deadlines) is looked for.
const DUE_WORK_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Does what falls due as orderd's clock runs, every [`DUE_WORK_EVERY`] of real time. A failure
/// is logged and tried again at the next tick.
async fn run_due_work(orders: OrderService) {
    let mut ticks = tokio::time::interval(DUE_WORK_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(err) = orders.run_due().await {
            tracing::error!(error = %err, "time-driven work failed; retrying at the next tick");
        }
    }
}

/// The token signing key kept in `data_dir/token.key`: read, or made (32 random bytes, hex,
/// readable only by the owner) on first start.
fn token_key_file(data_dir: &std::path::Path) -> Result<Vec<u8>, String> {
    use rand::RngCore;
    use std::io::Write;
    let path = data_dir.join("token.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            return hex::decode(text.trim())
                .ok()
                .filter(|k| k.len() >= 32)
                .ok_or_else(|| format!("{} is not 32 or more hex-encoded bytes", path.display()));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let mut key = vec![0u8; 32];
    rand::rng().fill_bytes(&mut key);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(hex::encode(&key).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(key)
}
