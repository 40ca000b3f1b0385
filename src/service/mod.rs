//! The service: the one door every state change goes through. A handler hands it checked domain
//! values; it reads what the decision needs, lets the domain decide (with the time from the
//! injected clock), and writes the outcome as one atomic [`Change`]. Handlers never reach the
//! store or the clock themselves.

mod delivery;
mod expiry;
mod idempotency;
mod in_use;
mod lifecycle;
mod locks;
mod nodes;
mod operator;
mod place;
mod reads;
mod subscriptions;

use std::collections::HashMap;
use std::sync::Arc;

use time::OffsetDateTime;

use crate::domain::balance::{Balance, BalanceError};
use crate::domain::catalog::Catalog;
use crate::domain::clock::{Clock, ClockError, SimulatedClock};
use crate::domain::delivery::DeliveryOrder;
use crate::domain::ids::{IdsExhausted, OrderId, OrderIdGenerator};
use crate::domain::lifecycle::Deadlines;
use crate::domain::money::{Currency, SignedAmount};
use crate::domain::order::{Order, OrderError, TransitionRefused};
use crate::domain::resource::{NewResource, Resource, ResourceTerm};
use crate::domain::subscription::ResourceRefusal;
use crate::store::{Change, ResourceWrite, Store, StoreError};

pub use delivery::DeliveryPage;
pub use idempotency::{Claim, KeyScope};
pub use reads::{ListedResource, ResourceListing};
pub use subscriptions::{Renewal, RenewalQuote, Settled};

/// How often a clash of generated ids (possible only between nodes) is retried with a new id.
const ID_ATTEMPTS: usize = 5;

/// Why the service could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The account has no order with this id.
    #[error("order {0} does not exist")]
    NoSuchOrder(String),
    /// The account has no delivery order with this id (or only a deleted one).
    #[error("delivery order {0} does not exist")]
    NoSuchDelivery(String),
    /// A list's marker names no delivery order of the account.
    #[error("marker: no delivery order {0} in your account")]
    NoSuchMarker(String),
    /// The order's status does not allow what was asked.
    #[error(transparent)]
    Refused(#[from] TransitionRefused),
    /// The balance does not allow what was asked.
    #[error(transparent)]
    Balance(#[from] BalanceError),
    /// The clock cannot be moved as asked.
    #[error(transparent)]
    Clock(ClockError),
    /// Other writers kept changing what a decision read, past every retry.
    #[error("the account is changing too fast to decide; retry")]
    Busy,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No order id was free.
    #[error(transparent)]
    Ids(#[from] IdsExhausted),
    /// The draft could not be made an order.
    #[error(transparent)]
    Order(#[from] OrderError),
    /// A renewal order names a resource that can no longer be renewed.
    #[error(transparent)]
    Resource(#[from] ResourceRefusal),
}

/// What submitting an order under a caller-chosen id did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamedPlacement {
    /// A new order was stored.
    Created(Box<Order>),
    /// The id was already used with the same content: the earlier order stands, nothing new.
    Replayed(OrderId),
    /// The id was already used with other content: nothing was stored.
    Conflict(OrderId),
}

/// A resource an account starts with: in use from the first start (and from a reset), for its
/// term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixture {
    /// What the resource is.
    pub resource: NewResource,
    /// How long it runs from the start.
    pub term: ResourceTerm,
}

/// The rules the service runs by.
#[derive(Debug, Clone, Default)]
pub struct ServiceSettings {
    /// How long orders wait for payment and delivery.
    pub deadlines: Deadlines,
    /// What each account's balance opens with, by account id; an account not listed opens
    /// with zero yuan.
    pub opening_balances: HashMap<String, (Currency, SignedAmount)>,
    /// Resources accounts start with.
    pub fixtures: Vec<Fixture>,
    /// What renewals are priced from.
    pub catalog: Arc<Catalog>,
}

impl ServiceSettings {
    /// The balance of `domain_id` before its first change.
    pub fn opening_balance(&self, domain_id: &str) -> Balance {
        match self.opening_balances.get(domain_id) {
            Some((currency, amount)) => Balance::opening(domain_id, currency.clone(), *amount),
            None => Balance::opening(domain_id, Currency::yuan(), SignedAmount::ZERO),
        }
    }
}

/// Places and reads orders, and reads the resources they act on. Cheap to clone: one shared
/// set of parts (handlers clone it per request).
#[derive(Clone)]
pub struct OrderService(Arc<Parts>);

/// What the service works with.
struct Parts {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    /// The clock again when it is shared with other nodes through the store.
    shared_clock: Option<Arc<SimulatedClock>>,
    ids: OrderIdGenerator,
    settings: ServiceSettings,
    turns: locks::AccountLocks,
}

impl OrderService {
    /// A service that stores into `store`, reads time from `clock` and runs by `settings`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: ServiceSettings) -> Self {
        OrderService::with_clocks(store, clock, None, settings)
    }

    /// A service on `clock`, shared through `store` with every node on it.
    pub fn with_shared_clock(
        store: Arc<dyn Store>,
        clock: Arc<SimulatedClock>,
        settings: ServiceSettings,
    ) -> Self {
        let own = Arc::clone(&clock) as Arc<dyn Clock>;
        OrderService::with_clocks(store, own, Some(clock), settings)
    }

    fn with_clocks(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        shared_clock: Option<Arc<SimulatedClock>>,
        settings: ServiceSettings,
    ) -> Self {
        OrderService(Arc::new(Parts {
            store,
            clock,
            shared_clock,
            ids: OrderIdGenerator::new(),
            settings,
            turns: locks::AccountLocks::default(),
        }))
    }

    /// The time on orderd's clock.
    pub fn now(&self) -> OffsetDateTime {
        self.0.clock.now()
    }

    /// The resources order `id` of the account `domain_id` created (pending ones too).
    pub async fn order_resources(
        &self,
        domain_id: &str,
        id: &OrderId,
    ) -> Result<Vec<Resource>, ServiceError> {
        Ok(self.0.store.order_resources(domain_id, id).await?)
    }

    /// The delivery order `id` of the account `domain_id`.
    pub async fn delivery_order(
        &self,
        domain_id: &str,
        id: &str,
    ) -> Result<Option<DeliveryOrder>, ServiceError> {
        Ok(self.0.store.delivery_order(domain_id, id).await?)
    }

    /// The account's balance.
    pub async fn balance(&self, domain_id: &str) -> Result<Balance, ServiceError> {
        self.balance_of(domain_id).await
    }

    /// The resources of project `project_id` among `ids`, by id (those that exist).
    pub async fn resources(
        &self,
        project_id: &str,
        ids: &[String],
    ) -> Result<HashMap<String, Resource>, ServiceError> {
        let found = self.0.store.resources(project_id, ids).await?;
        Ok(found.into_iter().map(|r| (r.id().to_owned(), r)).collect())
    }

    /// Answers when the store can commit a write now.
    pub async fn check_writes(&self) -> Result<(), ServiceError> {
        Ok(self.0.store.check_writes().await?)
    }

    /// Records the resources accounts start with, in use from now; ones already stored are
    /// left as they are.
    pub async fn seed_fixtures(&self) -> Result<(), ServiceError> {
        if self.0.settings.fixtures.is_empty() {
            return Ok(());
        }
        let now = self.0.clock.now();
        let change = Change {
            resources: self
                .0
                .settings
                .fixtures
                .iter()
                .map(|f| {
                    ResourceWrite::InsertIfAbsent(Resource::in_use(f.resource.clone(), f.term, now))
                })
                .collect(),
            ..Change::default()
        };
        Ok(self.commit(change).await?)
    }
}
