//! Subscriptions over time: renewing resources (by the customer, or by the system when an
//! auto-renewing resource expires), unsubscribing them with a refund, turning auto-renewal on and
//! off, and the steps a resource takes when its time runs out. The rules are the domain's
//! (`domain::subscription`); each change is read → decided → one commit.

use time::OffsetDateTime;

use crate::domain::ids::OrderId;
use crate::domain::money::{Amount, Currency};
use crate::domain::order::{
    Actor, ChargingMode, LineResources, Order, OrderDraft, OrderLine, OrderType, PricedOrder,
};
use crate::domain::period::Period;
use crate::domain::pricing;
use crate::domain::resource::{AutoRenew, Resource, ResourceStatus};
use crate::domain::subscription::{
    self, ResourceRefusal, Unsubscribe, check_renewable, check_unsubscribable,
};
use crate::store::{Change, ResourceQuery, ResourceWrite};

use super::{OrderService, ServiceError};

/// A renewal asked for: which main resources, for how long, paid at once or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    /// The main resources.
    pub resource_ids: Vec<String>,
    /// How long each renewal runs.
    pub period: Period,
    /// Pay each renewal order at once when the balance allows.
    pub auto_pay: bool,
}

/// What a request over several resources did: the orders it made, and why the others failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// One order per resource acted on.
    pub order_ids: Vec<OrderId>,
    /// One refusal per resource not acted on.
    pub failures: Vec<ResourceRefusal>,
}

/// What renewing one main resource (with its attached ones) would cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalQuote {
    /// The main resource.
    pub resource_id: String,
    /// The price of the renewal.
    pub amount: Amount,
    /// Its currency.
    pub currency: Currency,
}

/// A main resource with its attached ones and every order that created or names them.
pub(super) struct Family {
    /// The main resource.
    pub(super) main: Resource,
    /// It and its attached resources, each with the orders that created or name it.
    pub(super) members: Vec<(Resource, Vec<Order>)>,
}

impl OrderService {
    /// Renews each main resource of `renewal` for the account `domain_id` with one renewal order
    /// (order type 2) each, paid at once when asked and the balance allows.
    pub async fn renew(
        &self,
        domain_id: &str,
        renewal: &Renewal,
        actor: Actor,
    ) -> Result<Settled, ServiceError> {
        let mut settled = Settled::default();
        for id in &renewal.resource_ids {
            let draft = match self.renewal_draft(domain_id, id, renewal.period).await? {
                Ok(draft) => draft,
                Err(refusal) => {
                    settled.failures.push(refusal);
                    continue;
                }
            };
            let order = if renewal.auto_pay {
                self.place_and_pay(draft, actor.clone()).await?
            } else {
                self.place(draft).await?
            };
            settled.order_ids.push(order.id().clone());
        }
        Ok(settled)
    }

    /// What renewing each of `ids` for `period` would cost, and why the others cannot be.
    pub async fn renewal_quotes(
        &self,
        domain_id: &str,
        ids: &[String],
        period: Period,
    ) -> Result<(Vec<RenewalQuote>, Vec<ResourceRefusal>), ServiceError> {
        let mut quotes = Vec::new();
        let mut failures = Vec::new();
        for id in ids {
            match self.renewal_draft(domain_id, id, period).await? {
                Ok(draft) => quotes.push(RenewalQuote {
                    resource_id: id.clone(),
                    amount: sum(&draft.priced.lines),
                    currency: draft.priced.currency,
                }),
                Err(refusal) => failures.push(refusal),
            }
        }
        Ok((quotes, failures))
    }

    /// Unsubscribes each main resource of `ids` as `kind`, with one unsubscribe order (order
    /// type 4) each, completed at once: the refund is credited and the resources change in the
    /// same commit.
    pub async fn unsubscribe(
        &self,
        domain_id: &str,
        ids: &[String],
        kind: Unsubscribe,
        actor: Actor,
    ) -> Result<Settled, ServiceError> {
        let mut settled = Settled::default();
        for id in ids {
            let outcome = std::sync::Mutex::new(None);
            self.retrying(domain_id, || async {
                let now = self.0.clock.now();
                let family = match self.family(domain_id, id).await? {
                    Ok(family) => family,
                    Err(refusal) => {
                        *outcome.lock().expect("outcome") = Some(Err(refusal));
                        return Ok(Change::default());
                    }
                };
                match self
                    .unsubscription(&family, kind, now, actor.clone())
                    .await?
                {
                    Ok((order_id, change)) => {
                        *outcome.lock().expect("outcome") = Some(Ok(order_id));
                        Ok(change)
                    }
                    Err(refusal) => {
                        *outcome.lock().expect("outcome") = Some(Err(refusal));
                        Ok(Change::default())
                    }
                }
            })
            .await?;
            match outcome.into_inner().expect("outcome") {
                Some(Ok(order_id)) => settled.order_ids.push(order_id),
                Some(Err(refusal)) => settled.failures.push(refusal),
                None => {}
            }
        }
        Ok(settled)
    }

    /// Turns the auto-renewal of main resource `id` on (`Some`: each renewal for the period,
    /// times left) or off (`None`).
    pub async fn set_auto_renew(
        &self,
        domain_id: &str,
        id: &str,
        setting: Option<(Option<Period>, Option<u32>)>,
    ) -> Result<(), ServiceError> {
        self.retrying(domain_id, || async {
            let resource = self
                .account_resource(domain_id, id)
                .await?
                .ok_or_else(|| ResourceRefusal::NotFound(id.to_owned()))?;
            let changed = match setting {
                Some((period, times)) => {
                    match resource.status() {
                        ResourceStatus::InUse => {}
                        ResourceStatus::Expired | ResourceStatus::Frozen => {
                            return Err(ResourceRefusal::ExpiredOrFrozen(id.to_owned()).into());
                        }
                        _ => return Err(ResourceRefusal::NotFound(id.to_owned()).into()),
                    }
                    let period = period.unwrap_or_else(|| own_period(&resource));
                    resource.with_auto_renew(Some(AutoRenew {
                        period,
                        times_left: times.filter(|n| *n > 0),
                    }))
                }
                None if resource.auto_renew().is_none() => {
                    return Err(ResourceRefusal::AutoRenewOff(id.to_owned()).into());
                }
                None => resource.with_auto_renew(None),
            };
            Ok(Change {
                resources: vec![update(&resource, changed)],
                ..Change::default()
            })
        })
        .await
    }

    /// The changes paying renewal order `order` at `at` makes to the resources it renews: each
    /// one's expiry moves on by its line's period from the old expiry.
    pub(super) async fn renewal_extension(&self, order: &Order) -> Result<Change, ServiceError> {
        let project = order.draft().project_id.clone().unwrap_or_default();
        let ids: Vec<String> = order
            .priced()
            .lines
            .iter()
            .filter_map(|l| l.resource_id.clone())
            .collect();
        let resources = self.0.store.resources(&project, &ids).await?;
        let mut change = Change::default();
        for line in &order.priced().lines {
            let Some(r) = resources
                .iter()
                .find(|r| Some(r.id()) == line.resource_id.as_deref())
            else {
                continue;
            };
            let renewed = (r.status() != ResourceStatus::Closed)
                .then(|| r.renew(line.period))
                .flatten()
                .ok_or_else(|| ResourceRefusal::NotRenewable(r.id().to_owned()))?;
            change.resources.push(update(r, renewed));
        }
        Ok(change)
    }

    /// The unsubscribe order of `family` as `kind` at `now`, and the change that records it.
    async fn unsubscription(
        &self,
        family: &Family,
        kind: Unsubscribe,
        now: OffsetDateTime,
        actor: Actor,
    ) -> Result<Result<(OrderId, Change), ResourceRefusal>, ServiceError> {
        let main = &family.main;
        let main_orders = &family.members[0].1;
        if let Err(refusal) = check_unsubscribable(main, main_orders) {
            return Ok(Err(refusal));
        }
        let mut lines = Vec::new();
        let mut resources = Vec::new();
        for (r, orders) in &family.members {
            if r.status() == ResourceStatus::Closed {
                continue;
            }
            let refund = subscription::refund(&subscription::stretches(r, orders), now, kind);
            let (amount, changed) = match (refund, kind) {
                (None, _) if r.id() == main.id() => {
                    return Ok(Err(ResourceRefusal::NothingRenewed(main.id().to_owned())));
                }
                (None, _) => (Amount::ZERO, None),
                (Some(refund), Unsubscribe::Whole) => (refund.amount, Some(r.close())),
                (Some(refund), Unsubscribe::RenewedOnly) => {
                    (refund.amount, refund.expires_at.map(|at| r.cut_back_to(at)))
                }
            };
            lines.push(refund_line(r, amount));
            if let Some(changed) = changed {
                resources.push(update(r, changed));
            }
        }
        let balance = self.balance_of(main.domain_id()).await?;
        let draft = renewal_like(
            main,
            OrderType::Unsubscribe,
            None,
            lines,
            balance.currency.clone(),
        );
        let deadlines = self.0.settings.deadlines;
        let order = Order::place(self.0.ids.next(now)?, draft, now, deadlines)?;
        let settled = order.settle(now, actor)?;
        let credit = balance.credit(
            order.total(),
            &order.priced().currency,
            Some(order.id().clone()),
            settled.order.updated_at(),
            "refund",
        )?;
        let mut change = Change::new_order(order.clone())
            .transition(settled)
            .balance(credit);
        change.resources.extend(resources);
        Ok(Ok((order.id().clone(), change)))
    }

    /// The renewal order of main resource `id` for `period`, or why it cannot be renewed.
    async fn renewal_draft(
        &self,
        domain_id: &str,
        id: &str,
        period: Period,
    ) -> Result<Result<OrderDraft, ResourceRefusal>, ServiceError> {
        let family = match self.family(domain_id, id).await? {
            Ok(family) => family,
            Err(refusal) => return Ok(Err(refusal)),
        };
        if let Err(refusal) = check_renewable(&family.main, &family.members[0].1) {
            return Ok(Err(refusal));
        }
        Ok(self.family_renewal_draft(&family, period))
    }

    /// The renewal order of `family` for `period`, priced from the catalog.
    pub(super) fn family_renewal_draft(
        &self,
        family: &Family,
        period: Period,
    ) -> Result<OrderDraft, ResourceRefusal> {
        let main = &family.main;
        let no_price = |reason: String| ResourceRefusal::NoPrice {
            id: main.id().to_owned(),
            reason,
        };
        let mut lines = Vec::new();
        let mut products = Vec::new();
        for (r, orders) in &family.members {
            if r.status() == ResourceStatus::Closed {
                continue;
            }
            let product = self
                .0
                .settings
                .catalog
                .get(r.product_id())
                .ok_or_else(|| no_price(format!("product {} is not sold", r.product_id())))?;
            let bought = orders
                .iter()
                .find(|o| Some(o.id().as_str()) == r.order_id())
                .and_then(|o| {
                    o.priced()
                        .lines
                        .iter()
                        .find(|l| l.resource_id.as_deref() == Some(r.id()))
                });
            let (quantity, size) = bought.map_or((1, None), |l| (l.quantity, l.size));
            let line =
                pricing::price_line(product, period, quantity, size, Some(r.id().to_owned()))
                    .map_err(|e| no_price(e.to_string()))?;
            lines.push(line);
            products.push(product);
        }
        let currency =
            pricing::order_currency(products.into_iter()).map_err(|e| no_price(e.to_string()))?;
        Ok(renewal_like(
            main,
            OrderType::Renew,
            Some(period),
            lines,
            currency,
        ))
    }

    /// The delivered resource `id` of the account `domain_id`.
    async fn account_resource(
        &self,
        domain_id: &str,
        id: &str,
    ) -> Result<Option<Resource>, ServiceError> {
        let mut query = ResourceQuery::of_account(domain_id, 1);
        query.resource_ids = vec![id.to_owned()];
        Ok(self.0.store.resource_list(&query).await?.resources.pop())
    }

    /// Main resource `id` with its attached resources (those its order created under it), each
    /// with its orders; or why it cannot be acted on.
    pub(super) async fn family(
        &self,
        domain_id: &str,
        id: &str,
    ) -> Result<Result<Family, ResourceRefusal>, ServiceError> {
        let Some(main) = self.account_resource(domain_id, id).await? else {
            return Ok(Err(ResourceRefusal::NotFound(id.to_owned())));
        };
        if let Some(parent) = main.parent_id() {
            return Ok(Err(ResourceRefusal::NotMain {
                id: id.to_owned(),
                main: parent.to_owned(),
            }));
        }
        let mut attached = Vec::new();
        if let Some(order_id) = main.order_id().and_then(|o| o.parse::<OrderId>().ok()) {
            attached = self
                .0
                .store
                .order_resources(domain_id, &order_id)
                .await?
                .into_iter()
                .filter(|r| r.parent_id() == Some(main.id()))
                .collect();
        }
        let mut members = Vec::new();
        for r in std::iter::once(main.clone()).chain(attached) {
            let orders = self.0.store.resource_orders(domain_id, r.id()).await?;
            members.push((r, orders));
        }
        Ok(Ok(Family { main, members }))
    }
}

/// The period a resource's auto-renewal runs by when none is asked for: its own term's.
fn own_period(resource: &Resource) -> Period {
    match resource.term() {
        Some(crate::domain::resource::ResourceTerm::Period(p)) => p,
        _ => Period::Months(1),
    }
}

/// The version-checked write of `before` changed to `after`.
pub(super) fn update(before: &Resource, after: Resource) -> ResourceWrite {
    ResourceWrite::Update {
        resource: after,
        expected_version: before.version(),
    }
}

/// The sum of `lines`.
fn sum(lines: &[OrderLine]) -> Amount {
    lines
        .iter()
        .try_fold(Amount::ZERO, |s, l| s.checked_add(l.amount))
        .unwrap_or(Amount::ZERO)
}

/// The refund line of `resource`: `amount`, one-off.
fn refund_line(resource: &Resource, amount: Amount) -> OrderLine {
    OrderLine {
        product_id: resource.product_id().to_owned(),
        cloud_service_type: resource.service_type().to_owned(),
        resource_type: resource.resource_type().to_owned(),
        resource_spec_code: resource.spec_code().to_owned(),
        period: Period::OneOff,
        quantity: 1,
        size: None,
        size_measure_id: None,
        unit_price: amount,
        amount,
        resource_id: Some(resource.id().to_owned()),
    }
}

/// The draft of an order of `order_type` that acts on `main` (and its attached resources).
fn renewal_like(
    main: &Resource,
    order_type: OrderType,
    period: Option<Period>,
    lines: Vec<OrderLine>,
    currency: Currency,
) -> OrderDraft {
    let body = serde_json::json!({
        "resource_ids": [main.id()],
        "order_type": order_type.code(),
    });
    OrderDraft::new(
        main.domain_id().to_owned(),
        Some(main.project_id().to_owned()),
        PricedOrder {
            cloud_service_type: main.service_type().to_owned(),
            order_type,
            charging_mode: ChargingMode::Prepaid,
            period,
            auto_renew: false,
            lines,
            currency,
            resources: Vec::new(),
            line_resources: LineResources::Listed,
        },
        body.to_string(),
    )
}
