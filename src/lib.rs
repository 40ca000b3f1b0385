//! orderd: Huawei Cloud's yearly/monthly order APIs and the order lifecycle behind them.
//!
//! Data flows one way: wire type → (parse) → domain value → store. [`Application`] builds the
//! whole service from [`config::Settings`]; the binary and the tests both start it this way.

pub mod auth;
pub mod bench;
pub mod config;
pub mod data_dir;
pub mod domain;
mod due_work;
pub mod http;
pub mod policy_check;
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
use due_work::DueWork;
use http::password_checks::PasswordChecks;
use http::serve::Serving;
use http::{AppParts, AppState, Operator};
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

/// The clock orders run on: this process's own, or a simulated one every node on the store
/// shares.
enum OrderClock {
    Own(Arc<dyn Clock>),
    Shared(Arc<SimulatedClock>),
}

/// Why orderd could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The store could not be opened.
    #[error("cannot open the store: {0}")]
    Store(#[from] StoreError),
    /// The store could not be brought to a start (the shared clock, the token key, the
    /// resources accounts start with).
    #[error("cannot prepare the store: {0}")]
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
        let clock = match settings.clock {
            ClockKind::System => OrderClock::Own(Arc::new(SystemClock)),
            ClockKind::Simulated => OrderClock::Shared(Arc::new(SimulatedClock::new())),
        };
        Application::assemble(settings, clock, Arc::new(SystemClock)).await
    }

    /// Opens the store and binds the listener, reading every time from `clock` (tests).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> Result<Application, StartError> {
        Application::assemble(settings, OrderClock::Own(Arc::clone(&clock)), clock).await
    }

    async fn assemble(
        settings: Settings,
        clock: OrderClock,
        auth_clock: Arc<dyn Clock>,
    ) -> Result<Application, StartError> {
        let lock = DataDirLock::acquire(&settings.data_dir).map_err(StartError::Locked)?;
        let serving = Serving::new(&settings.limits).map_err(StartError::Connections)?;
        if let (true, Database::Sqlite(path)) = (settings.check_database, &settings.database) {
            SqliteStore::check_pages(path).await?;
        }
        let start = match &clock {
            OrderClock::Own(clock) => clock.now(),
            OrderClock::Shared(clock) => clock.now(),
        };
        let store: Arc<dyn Store> = match &settings.database {
            Database::Sqlite(path) => Arc::new(SqliteStore::open(path, start).await?),
            Database::Postgres(url) => Arc::new(PgStore::open(url, start).await?),
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
        let orders = match clock {
            OrderClock::Own(clock) => {
                OrderService::new(Arc::clone(&store), clock, service_settings)
            }
            OrderClock::Shared(clock) => {
                OrderService::with_shared_clock(Arc::clone(&store), clock, service_settings)
            }
        };
        // A simulated clock goes on from where any node (or this one before a restart) moved it.
        orders.sync_clock().await.map_err(StartError::Seed)?;
        orders.seed_fixtures().await.map_err(StartError::Seed)?;
        let accounts = Arc::new(settings.accounts);
        let token_key = match &settings.auth.token_key {
            Some(key) => key.expose().as_bytes().to_vec(),
            None => shared_token_key(&orders).await?,
        };
        let auth = Auth {
            directory: Directory::new(Arc::clone(&accounts), settings.auth.users)
                .map_err(|e| StartError::Auth(e.to_string()))?,
            tokens: TokenSigner::new(&token_key, settings.auth.token_ttl),
            clock: auth_clock,
        };
        let state = AppState::new(AppParts {
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
        });
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
        let due_work = DueWork::new(self.orders.clone());
        // In a set, so that it stops with this future even when the future is dropped unfinished.
        let mut worker = tokio::task::JoinSet::new();
        worker.spawn(due_work.clone().run());
        tracing::info!(
            max_connections = self.serving.max_connections,
            descriptor_limit = self.serving.descriptor_limit,
            "serving"
        );
        http::serve::serve(self.listener, self.router, self.serving, shutdown).await;
        worker.shutdown().await;
        due_work.stop().await;
        self.store.close().await;
        Ok(())
    }
}

/// The name of the token key among the store's secrets.
const TOKEN_KEY: &str = "token_key";

/// The key IAM tokens are signed with when the configuration gives none: kept in the store
/// (made by the first node to start), so that a token one node issued is good on every other.
async fn shared_token_key(orders: &OrderService) -> Result<Vec<u8>, StartError> {
    let mut made = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut made);
    let stored = orders
        .shared_secret(TOKEN_KEY, hex::encode(made))
        .await
        .map_err(StartError::Seed)?;
    hex::decode(stored.trim())
        .ok()
        .filter(|k| k.len() >= 32)
        .ok_or_else(|| StartError::Auth("the stored token key is not 32 or more hex bytes".into()))
}
