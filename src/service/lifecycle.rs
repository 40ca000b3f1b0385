//! What happens to an order after it is placed: paid, cancelled, delivered, or cancelled by the
//! system when it stays unpaid. Each decision is read → decided by the domain → one commit;
//! when another writer got there first (a stale version), the whole decision is made again on
//! what is stored now, so the loser gets the answer it would have got had it arrived second.

use std::collections::HashSet;

use time::OffsetDateTime;

use crate::domain::balance::Balance;
use crate::domain::ids::OrderId;
use crate::domain::order::{Actor, Order, OrderStatus, OrderType};
use crate::store::{Change, Conflict, ResourceWrite, StoreError};

use super::{OrderService, ServiceError};

/// How often a decision is made again after losing a race to another writer.
const RACE_ATTEMPTS: usize = 8;
/// The next time-driven step: of an order (account, id, when) or a resource (project, id,
/// when).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Due {
    Order((String, OrderId, OffsetDateTime)),
    Resource((String, String, OffsetDateTime)),
}

impl OrderService {
    /// Pays order `id` of the account `domain_id` from the account's balance, as `actor`: the
    /// debit and the status change are one write. With no delivery delay the order is
    /// delivered in the same write.
    pub async fn pay(
        &self,
        domain_id: &str,
        id: &OrderId,
        actor: Actor,
    ) -> Result<(), ServiceError> {
        self.retrying(domain_id, || async {
            let order = self.existing_order(domain_id, id).await?;
            let (delivered, mut change) = self
                .payment(&order, self.0.clock.now(), actor.clone())
                .await?;
            if order.priced().order_type == OrderType::Renew {
                change.merge(self.renewal_extension(&order).await?);
            }
            if self.0.settings.deadlines.delivery.is_zero() {
                change.merge(self.delivery(&delivered, delivered.updated_at()).await?);
            }
            Ok(change)
        })
        .await
    }

    /// The change that pays `order` at `at` as `actor` from its account's balance: the debit and
    /// the status change. Gives the order as paid too.
    pub(super) async fn payment(
        &self,
        order: &Order,
        at: OffsetDateTime,
        actor: Actor,
    ) -> Result<(Order, Change), ServiceError> {
        let paid = order.pay(at, actor, self.0.settings.deadlines)?;
        let debit = self.balance_of(order.domain_id()).await?.debit(
            order.total(),
            &order.priced().currency,
            Some(order.id().clone()),
            paid.order.updated_at(),
            "payment",
        )?;
        let paid_order = paid.order.clone();
        Ok((
            paid_order,
            Change::default().balance(debit).transition(paid),
        ))
    }

    /// Cancels the unpaid order `id` of the account `domain_id`, as `actor`.
    pub async fn cancel(
        &self,
        domain_id: &str,
        id: &OrderId,
        actor: Actor,
    ) -> Result<(), ServiceError> {
        self.retrying(domain_id, || async {
            let order = self.existing_order(domain_id, id).await?;
            let cancelled = order.cancel(self.0.clock.now(), actor.clone())?;
            self.cancellation(cancelled).await
        })
        .await
    }

    /// Does everything that fell due by now, one step at a time in the order it fell due,
    /// orders and resources on one timeline: delivers paid orders whose delivery time came,
    /// cancels orders left unpaid past their deadline, renews, expires, freezes and closes
    /// resources. Each step is dated when it fell due, not when it ran. Returns how many steps
    /// were taken.
    pub async fn run_due(&self) -> Result<usize, ServiceError> {
        self.sync_clock().await?;
        let mut now = self.0.clock.now();
        let mut taken = HashSet::new();
        loop {
            // A clock set back meanwhile (a system clock stepped back, a test's clock) must not
            // let this run act on what orders placed since then are due for later.
            now = now.min(self.0.clock.now());
            let order = self.0.store.due_orders(now, 1).await?.pop();
            let resource = self.0.store.due_resources(now, 1).await?.pop();
            let step = match (order, resource) {
                (None, None) => return Ok(taken.len()),
                (Some(order), Some(resource)) if resource.2 < order.2 => Due::Resource(resource),
                (Some(order), _) => Due::Order(order),
                (None, Some(resource)) => Due::Resource(resource),
            };
            // The same step due at the same time again made no progress (its item cannot be
            // settled now): stop rather than spin; the next run tries again.
            if !taken.insert(step.clone()) {
                return Ok(taken.len() - 1);
            }
            match step {
                Due::Order((domain_id, id, _)) => self.settle_due(&domain_id, &id, now).await?,
                Due::Resource((project, id, _)) => {
                    self.settle_resource(&project, &id, now).await?;
                }
            }
        }
    }

    /// Takes the step order `id` is due for, if it still is at `now`.
    async fn settle_due(
        &self,
        domain_id: &str,
        id: &OrderId,
        now: OffsetDateTime,
    ) -> Result<(), ServiceError> {
        self.retrying(domain_id, || async {
            let order = self.existing_order(domain_id, id).await?;
            let now = now.min(self.0.clock.now());
            let Some(due) = order.due_at().filter(|at| *at <= now) else {
                return Ok(Change::default());
            };
            match order.status() {
                OrderStatus::PendingPayment => self.cancellation(order.expire_unpaid(due)?).await,
                OrderStatus::Processing => self.delivery(&order, due).await,
                _ => Ok(Change::default()),
            }
        })
        .await
    }

    /// The change that delivers the paid `order` at `at`: the order completes, its resources
    /// are in use from `at`, its delivery orders succeed.
    async fn delivery(&self, order: &Order, at: OffsetDateTime) -> Result<Change, ServiceError> {
        let completed = order.complete(at)?;
        let at = completed.order.updated_at();
        let resources = self
            .0
            .store
            .order_resources(order.domain_id(), order.id())
            .await?;
        let deliveries = self
            .0
            .store
            .delivery_orders_of(order.domain_id(), order.id())
            .await?;
        let mut change = Change::default().transition(completed);
        change.resources = resources
            .iter()
            .map(|r| ResourceWrite::Update {
                resource: r.deliver(at, order.priced().auto_renew),
                expected_version: r.version(),
            })
            .collect();
        change.delivery_updates = deliveries.iter().filter_map(|d| d.succeed(at)).collect();
        Ok(change)
    }

    /// The change that records `cancelled`, with its delivery orders cancelled too.
    pub(super) async fn cancellation(
        &self,
        cancelled: crate::domain::order::Transition,
    ) -> Result<Change, ServiceError> {
        let order = &cancelled.order;
        let deliveries = self
            .0
            .store
            .delivery_orders_of(order.domain_id(), order.id())
            .await?;
        let at = order.updated_at();
        let change = Change {
            delivery_updates: deliveries.iter().filter_map(|d| d.cancel(at)).collect(),
            ..Change::default()
        };
        Ok(change.transition(cancelled))
    }

    /// The order, or [`ServiceError::NoSuchOrder`].
    pub(super) async fn existing_order(
        &self,
        domain_id: &str,
        id: &OrderId,
    ) -> Result<Order, ServiceError> {
        self.0
            .store
            .order(domain_id, id)
            .await?
            .ok_or_else(|| ServiceError::NoSuchOrder(id.to_string()))
    }

    /// The account's balance as stored, or as it opens before its first change.
    pub(super) async fn balance_of(&self, domain_id: &str) -> Result<Balance, ServiceError> {
        Ok(match self.0.store.balance(domain_id).await? {
            Some(balance) => balance,
            None => self.0.settings.opening_balance(domain_id),
        })
    }

    /// Makes the decision `decide` about account `domain_id` and commits it, in the account's
    /// turn on this node; when another writer (another node) changed what it read meanwhile,
    /// makes it again on what is stored now, after a short random pause.
    pub(super) async fn retrying<F, Fut>(
        &self,
        domain_id: &str,
        decide: F,
    ) -> Result<(), ServiceError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Change, ServiceError>>,
    {
        let _turn = self.0.turns.turn(domain_id).await;
        for attempt in 1..=RACE_ATTEMPTS {
            let change = decide().await?;
            if change == Change::default() {
                return Ok(());
            }
            match self.commit(change).await {
                Err(StoreError::Conflict(
                    Conflict::StaleOrder(_)
                    | Conflict::StaleBalance(_)
                    | Conflict::StaleResource(_),
                )) => {
                    let pause = rand::random_range(1..=10 * attempt as u64);
                    tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                }
                other => return Ok(other?),
            }
        }
        Err(ServiceError::Busy)
    }
}
