//! Orders and their lines, as every create-order API records them.

use std::fmt;

use time::OffsetDateTime;

use super::ids::OrderId;
use super::lifecycle::{self, Deadlines, OrderEvent};
use super::money::{Amount, Currency};
use super::period::Period;
use super::resource::Resource;
use super::term::{ResourceKind, Term};

/// How an order is billed (`charging_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargingMode {
    /// 0: yearly/monthly, paid in advance.
    Prepaid,
    /// 1: pay-per-use.
    OnDemand,
    /// 2: one-off.
    OneOff,
}

/// `charging_mode` is not 0, 1 or 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 0 (yearly/monthly), 1 (pay-per-use) or 2 (one-off), got {0}")]
pub struct InvalidChargingMode(pub i64);

impl ChargingMode {
    /// Parses the wire code.
    pub fn from_code(code: i64) -> Result<Self, InvalidChargingMode> {
        match code {
            0 => Ok(Self::Prepaid),
            1 => Ok(Self::OnDemand),
            2 => Ok(Self::OneOff),
            other => Err(InvalidChargingMode(other)),
        }
    }

    /// The wire code.
    pub fn code(self) -> i64 {
        match self {
            Self::Prepaid => 0,
            Self::OnDemand => 1,
            Self::OneOff => 2,
        }
    }
}

/// `is_auto_renew` is not 0 or 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 0 (no) or 1 (yes), got {0}")]
pub struct InvalidFlag(pub i64);

/// Parses a 0/1 flag such as `is_auto_renew`.
pub fn parse_flag(code: i64) -> Result<bool, InvalidFlag> {
    match code {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(InvalidFlag(other)),
    }
}

/// Where an order is in its lifecycle (BSS `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// 1
    PendingApproval,
    /// 2
    PendingRefund,
    /// 3: paid, resources being provisioned.
    Processing,
    /// 4
    Cancelled,
    /// 5
    Completed,
    /// 6: created, not paid yet. Every new order starts here.
    PendingPayment,
    /// 9
    PendingConfirmation,
}

impl OrderStatus {
    /// The BSS status code.
    pub fn code(self) -> i64 {
        match self {
            Self::PendingApproval => 1,
            Self::PendingRefund => 2,
            Self::Processing => 3,
            Self::Cancelled => 4,
            Self::Completed => 5,
            Self::PendingPayment => 6,
            Self::PendingConfirmation => 9,
        }
    }

    /// The status with this BSS code.
    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            1 => Self::PendingApproval,
            2 => Self::PendingRefund,
            3 => Self::Processing,
            4 => Self::Cancelled,
            5 => Self::Completed,
            6 => Self::PendingPayment,
            9 => Self::PendingConfirmation,
            _ => return None,
        })
    }
}

/// What an order does (BSS `order_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderType {
    /// 1: a new purchase.
    New,
    /// 2: a renewal.
    Renew,
    /// 3: a change of specification.
    Change,
    /// 4: an unsubscription.
    Unsubscribe,
}

impl OrderType {
    /// The BSS code.
    pub fn code(self) -> i64 {
        match self {
            Self::New => 1,
            Self::Renew => 2,
            Self::Change => 3,
            Self::Unsubscribe => 4,
        }
    }

    /// The type with this BSS code.
    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            1 => Self::New,
            2 => Self::Renew,
            3 => Self::Change,
            4 => Self::Unsubscribe,
            _ => return None,
        })
    }
}

/// One priced line of an order: a product, how many, how big, for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    /// The catalog product.
    pub product_id: String,
    /// The product's cloud service (`hws.service.type.sdg`).
    pub cloud_service_type: String,
    /// The product's resource type (`hws.resource.type.dsc.base`).
    pub resource_type: String,
    /// The product's spec code (`base_professional`).
    pub resource_spec_code: String,
    /// How long the line runs.
    pub period: Period,
    /// How many units.
    pub quantity: u32,
    /// The size of each unit, for sized products.
    pub size: Option<u32>,
    /// The unit the size is measured in.
    pub size_measure_id: Option<u32>,
    /// The price of one unit (of one size step, for sized products) for the whole period.
    pub unit_price: Amount,
    /// What the line costs.
    pub amount: Amount,
    /// The resource the line creates or acts on, where there is one.
    pub resource_id: Option<String>,
}

/// Everything known about a new order before it gets an id and a time: who placed it, where,
/// the body it came in, and the checked, priced order itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDraft {
    /// The account (domain) that owns the order.
    pub domain_id: String,
    /// The project the order was placed in; `None` for account-level APIs.
    pub project_id: Option<String>,
    /// The request body exactly as received.
    pub request_body: String,
    /// What was ordered, for how long, at what price.
    pub priced: PricedOrder,
}

/// An order checked and priced by its API's wire conversion: everything about it but who placed
/// it, where, and the body it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedOrder {
    /// The order's cloud service.
    pub cloud_service_type: String,
    /// What the order does.
    pub order_type: OrderType,
    /// How it is billed.
    pub charging_mode: ChargingMode,
    /// The subscription period of the order as a whole, where it has one.
    pub period: Option<Period>,
    /// Whether the subscription renews itself.
    pub auto_renew: bool,
    /// The priced lines.
    pub lines: Vec<OrderLine>,
    /// The currency every line is priced in.
    pub currency: Currency,
    /// Resources the order creates.
    pub resources: Vec<Resource>,
    /// Which resources placing the order adds for lines that name none.
    pub line_resources: LineResources,
}

/// Which resources an order creates for its lines beyond those it lists in
/// [`PricedOrder::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineResources {
    /// None: the order lists every resource it creates (Workspace), or acts on existing ones.
    Listed,
    /// One main resource per line (IES hardware, cloud service packages).
    EachMain,
    /// One resource per line, the first line's the main one and the others attached to it (a
    /// DSC edition and its packages, a Workspace App server group and its disks).
    UnderFirst,
}

impl PricedOrder {
    /// A new yearly/monthly order for `period` that creates no recorded resources.
    pub fn new_prepaid(
        cloud_service_type: &str,
        period: Period,
        auto_renew: bool,
        lines: Vec<OrderLine>,
        currency: Currency,
    ) -> PricedOrder {
        PricedOrder {
            cloud_service_type: cloud_service_type.to_owned(),
            order_type: OrderType::New,
            charging_mode: ChargingMode::Prepaid,
            period: Some(period),
            auto_renew,
            lines,
            currency,
            resources: Vec::new(),
            line_resources: LineResources::EachMain,
        }
    }

    /// Adds the resources [`PricedOrder::line_resources`] asks for, pending, ordered at `now`
    /// by `owner` (account, project), and names each on its line.
    fn create_line_resources(&mut self, owner: (&str, &str), now: OffsetDateTime) {
        let mut main: Option<String> = None;
        for line in &mut self.lines {
            if self.line_resources == LineResources::Listed || line.resource_id.is_some() {
                continue;
            }
            let parent_id = match self.line_resources {
                LineResources::UnderFirst => main.clone(),
                _ => None,
            };
            let kind = ResourceKind {
                service_type: &line.cloud_service_type,
                product_id: &line.product_id,
                resource_type: &line.resource_type,
                spec_code: &line.resource_spec_code,
            };
            let resource = Term::Calendar(line.period).new_resource(owner, &kind, parent_id, now);
            main.get_or_insert_with(|| resource.id().to_owned());
            line.resource_id = Some(resource.id().to_owned());
            self.resources.push(resource);
        }
        self.line_resources = LineResources::Listed;
    }
}

impl OrderDraft {
    /// A digest of what was ordered: who, where, and each line's product, period, quantity and
    /// size. Two submissions under one caller-chosen id are the same order exactly when their
    /// digests are equal; how the body was written (layout, ignored fields, the catalog's prices
    /// at the time) does not count.
    pub fn content_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        use std::fmt::Write;
        let p = &self.priced;
        let period = |period: Option<Period>| {
            period.map_or_else(String::new, |p| {
                format!("{}:{}", p.type_code(), p.count().unwrap_or(0))
            })
        };
        let mut text = format!(
            "v1|{}|{}|{}|{}|{}|{}|{}|{}",
            self.domain_id,
            self.project_id.as_deref().unwrap_or(""),
            p.cloud_service_type,
            p.order_type.code(),
            p.charging_mode.code(),
            period(p.period),
            p.auto_renew,
            p.currency
        );
        for line in &p.lines {
            // Every field is a catalog id or a number: none holds a '|' or ';'.
            let _ = write!(
                text,
                ";{}|{}|{}|{}",
                line.product_id,
                period(Some(line.period)),
                line.quantity,
                line.size.map_or_else(String::new, |s| s.to_string())
            );
        }
        hex::encode(Sha256::digest(text.as_bytes()))
    }

    /// The draft of `order`, placed by account `domain_id` in `project_id` (`None` for
    /// account-level APIs), from `request_body` as received.
    pub fn new(
        domain_id: String,
        project_id: Option<String>,
        priced: PricedOrder,
        request_body: String,
    ) -> OrderDraft {
        OrderDraft {
            domain_id,
            project_id,
            request_body,
            priced,
        }
    }
}

/// Who made a change: a user of the account, or orderd itself (time-driven work).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The named user of the account.
    User(String),
    /// orderd, on its own (an unpaid order's deadline, a delivery).
    System,
}

impl Actor {
    /// The name recorded for the actor (`system` for orderd).
    pub fn name(&self) -> &str {
        match self {
            Actor::User(name) => name,
            Actor::System => "system",
        }
    }
}

/// A stored order. Its fields are private: its status changes only through [`Order::pay`],
/// [`Order::cancel`], [`Order::complete`] and [`Order::expire_unpaid`], which follow
/// [`lifecycle::TRANSITIONS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    id: OrderId,
    draft: OrderDraft,
    total: Amount,
    status: OrderStatus,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    paid_at: Option<OffsetDateTime>,
    paid_by: Option<String>,
    due_at: Option<OffsetDateTime>,
}

/// Every field of a stored order, for the store to rebuild it from its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOrder {
    /// The id.
    pub id: OrderId,
    /// What was ordered.
    pub draft: OrderDraft,
    /// The sum of the lines.
    pub total: Amount,
    /// Where it is in its lifecycle.
    pub status: OrderStatus,
    /// Counts its changes; a write of a change names the version it was decided on.
    pub version: i64,
    /// When it was placed.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
    /// When it was paid.
    pub paid_at: Option<OffsetDateTime>,
    /// Who paid it.
    pub paid_by: Option<String>,
    /// When its next time-driven step is due.
    pub due_at: Option<OffsetDateTime>,
}

/// The lines of a draft cannot be summed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The draft has no lines.
    #[error("an order needs at least one line")]
    NoLines,
    /// The total does not fit an amount.
    #[error("the order total is too large")]
    TotalOverflow,
}

/// A status change the lifecycle table does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("order {order_id} is in status {from}, which does not allow {event}")]
pub struct TransitionRefused {
    /// The order.
    pub order_id: OrderId,
    /// Its status.
    pub from: OrderStatus,
    /// What was asked of it.
    pub event: OrderEvent,
}

/// The record of one status change: what changed, when, by whom and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The order.
    pub order_id: OrderId,
    /// The version the change made (the first change of a new order makes version 2).
    pub version: i64,
    /// What happened.
    pub event: OrderEvent,
    /// The status before.
    pub from: OrderStatus,
    /// The status after.
    pub to: OrderStatus,
    /// When.
    pub at: OffsetDateTime,
    /// Who.
    pub actor: Actor,
    /// Why, in words.
    pub reason: String,
}

/// An allowed status change: the order as it is after it, the version it was decided on (the
/// store writes it only if the stored order still has that version) and its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The order after the change.
    pub order: Order,
    /// The version the decision was made on.
    pub expected_version: i64,
    /// The record of the change.
    pub change: StatusChange,
}

impl Order {
    /// A new order, pending payment, placed at `now` (version 1), due to be cancelled when it
    /// is still unpaid at the `deadlines`' end.
    pub fn place(
        id: OrderId,
        draft: OrderDraft,
        now: OffsetDateTime,
        deadlines: Deadlines,
    ) -> Result<Order, OrderError> {
        if draft.priced.lines.is_empty() {
            return Err(OrderError::NoLines);
        }
        let mut draft = draft;
        let project = draft.project_id.clone().unwrap_or_default();
        draft
            .priced
            .create_line_resources((&draft.domain_id, &project), now);
        let total = draft
            .priced
            .lines
            .iter()
            .try_fold(Amount::ZERO, |sum, line| sum.checked_add(line.amount))
            .and_then(|sum| Amount::new(sum.value()).ok())
            .ok_or(OrderError::TotalOverflow)?;
        Ok(Order {
            id,
            draft,
            total,
            status: OrderStatus::PendingPayment,
            version: 1,
            created_at: now,
            updated_at: now,
            paid_at: None,
            paid_by: None,
            due_at: Some(now + deadlines.unpaid),
        })
    }

    /// The order as stored.
    pub fn restore(stored: StoredOrder) -> Order {
        Order {
            id: stored.id,
            draft: stored.draft,
            total: stored.total,
            status: stored.status,
            version: stored.version,
            created_at: stored.created_at,
            updated_at: stored.updated_at,
            paid_at: stored.paid_at,
            paid_by: stored.paid_by,
            due_at: stored.due_at,
        }
    }

    /// The same new order under another id (a generated id clashed in the store).
    pub fn with_id(self, id: OrderId) -> Order {
        debug_assert_eq!(self.version, 1, "only a new order is given another id");
        Order { id, ..self }
    }

    /// Pays the order at `at`: pending payment → processing, due for delivery after the
    /// `deadlines`' delivery delay.
    pub fn pay(
        &self,
        at: OffsetDateTime,
        actor: Actor,
        deadlines: Deadlines,
    ) -> Result<Transition, TransitionRefused> {
        let mut transition = self.transition(OrderEvent::Pay, at, actor, "paid")?;
        let order = &mut transition.order;
        order.paid_at = Some(order.updated_at);
        order.paid_by = Some(transition.change.actor.name().to_owned());
        order.due_at = Some(order.updated_at + deadlines.delivery);
        Ok(transition)
    }

    /// Cancels the unpaid order at `at`: pending payment → cancelled.
    pub fn cancel(
        &self,
        at: OffsetDateTime,
        actor: Actor,
    ) -> Result<Transition, TransitionRefused> {
        self.transition(OrderEvent::Cancel, at, actor, "cancelled by the customer")
    }

    /// Marks the paid order delivered at `at`: processing → completed.
    pub fn complete(&self, at: OffsetDateTime) -> Result<Transition, TransitionRefused> {
        self.transition(
            OrderEvent::Complete,
            at,
            Actor::System,
            "resources delivered",
        )
    }

    /// Cancels the order that stayed unpaid past its deadline: pending payment → cancelled.
    pub fn expire_unpaid(&self, at: OffsetDateTime) -> Result<Transition, TransitionRefused> {
        self.transition(
            OrderEvent::ExpireUnpaid,
            at,
            Actor::System,
            "not paid before the deadline",
        )
    }

    /// Settles an unsubscribe order at `at`, as `actor`: its refund is credited in the same
    /// write, so it goes from pending payment straight to completed.
    pub fn settle(
        &self,
        at: OffsetDateTime,
        actor: Actor,
    ) -> Result<Transition, TransitionRefused> {
        self.transition(OrderEvent::Settle, at, actor, "refund credited")
    }

    fn transition(
        &self,
        event: OrderEvent,
        at: OffsetDateTime,
        actor: Actor,
        reason: &str,
    ) -> Result<Transition, TransitionRefused> {
        let to = lifecycle::next_status(self.status, event).ok_or_else(|| TransitionRefused {
            order_id: self.id.clone(),
            from: self.status,
            event,
        })?;
        let mut order = self.clone();
        order.status = to;
        order.version += 1;
        // Only paying sets a new deadline (the delivery's); every other change ends the wait.
        order.due_at = None;
        // A moved clock never makes an order change before it was last changed.
        order.updated_at = at.max(self.updated_at);
        let change = StatusChange {
            order_id: self.id.clone(),
            version: order.version,
            event,
            from: self.status,
            to,
            at: order.updated_at,
            actor,
            reason: reason.to_owned(),
        };
        Ok(Transition {
            order,
            expected_version: self.version,
            change,
        })
    }

    /// The id the client got back.
    pub fn id(&self) -> &OrderId {
        &self.id
    }

    /// What was ordered, by whom, where.
    pub fn draft(&self) -> &OrderDraft {
        &self.draft
    }

    /// The checked, priced order.
    pub fn priced(&self) -> &PricedOrder {
        &self.draft.priced
    }

    /// The owning account.
    pub fn domain_id(&self) -> &str {
        &self.draft.domain_id
    }

    /// The sum of the lines.
    pub fn total(&self) -> Amount {
        self.total
    }

    /// Where it is in its lifecycle.
    pub fn status(&self) -> OrderStatus {
        self.status
    }

    /// How many times it was written (1 when new).
    pub fn version(&self) -> i64 {
        self.version
    }

    /// When it was placed.
    pub fn created_at(&self) -> OffsetDateTime {
        self.created_at
    }

    /// When it last changed.
    pub fn updated_at(&self) -> OffsetDateTime {
        self.updated_at
    }

    /// When it was paid.
    pub fn paid_at(&self) -> Option<OffsetDateTime> {
        self.paid_at
    }

    /// Who paid it.
    pub fn paid_by(&self) -> Option<&str> {
        self.paid_by.as_deref()
    }

    /// When its next time-driven step (cancelling it unpaid, delivering it) is due.
    pub fn due_at(&self) -> Option<OffsetDateTime> {
        self.due_at
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use time::macros::datetime;

    /// A one-unit monthly line of `amount`.
    pub(crate) fn line(amount: rust_decimal::Decimal) -> OrderLine {
        OrderLine {
            product_id: "p".into(),
            cloud_service_type: "s".into(),
            resource_type: "r".into(),
            resource_spec_code: "c".into(),
            period: Period::Months(1),
            quantity: 1,
            size: None,
            size_measure_id: None,
            unit_price: Amount::new(amount).unwrap(),
            amount: Amount::new(amount).unwrap(),
            resource_id: None,
        }
    }

    /// A new monthly order of account `d`, project `p`, with `lines`.
    pub(crate) fn draft(lines: Vec<OrderLine>) -> OrderDraft {
        OrderDraft {
            domain_id: "d".into(),
            project_id: Some("p".into()),
            request_body: "{}".into(),
            priced: PricedOrder {
                cloud_service_type: "s".into(),
                order_type: OrderType::New,
                charging_mode: ChargingMode::Prepaid,
                period: Some(Period::Months(1)),
                auto_renew: false,
                lines,
                currency: "CNY".parse().unwrap(),
                resources: vec![],
                line_resources: LineResources::Listed,
            },
        }
    }

    #[test]
    fn a_placed_order_is_pending_payment_and_totals_its_lines() {
        let id = "CS2611232007ABCDE".parse().unwrap();
        let now = datetime!(2026-11-23 12:07 UTC);
        let order = Order::place(
            id,
            draft(vec![line(dec!(1.10)), line(dec!(2.25))]),
            now,
            Deadlines::default(),
        )
        .unwrap();
        assert_eq!(order.total().value(), dec!(3.35));
        assert_eq!(order.status(), OrderStatus::PendingPayment);
        assert_eq!(order.created_at(), now);
        assert_eq!(order.version(), 1);
    }

    #[test]
    fn a_draft_carries_the_priced_order_and_who_placed_it_where() {
        let lines = vec![line(dec!(1.10))];
        let priced = PricedOrder::new_prepaid(
            "s",
            Period::Months(1),
            false,
            lines.clone(),
            "CNY".parse().unwrap(),
        );
        let built = OrderDraft::new("d".into(), Some("p".into()), priced, "{}".into());
        let mut expected = draft(lines);
        expected.priced.line_resources = LineResources::EachMain;
        assert_eq!(built, expected);
    }

    #[test]
    fn placing_creates_one_pending_resource_per_line_under_the_first_when_asked() {
        let mut d = draft(vec![line(dec!(1)), line(dec!(2))]);
        d.priced.line_resources = LineResources::UnderFirst;
        let id = "CS2611232007ABCDE".parse().unwrap();
        let order =
            Order::place(id, d, datetime!(2026-11-23 12:07 UTC), Deadlines::default()).unwrap();
        let resources = &order.priced().resources;
        assert_eq!(resources.len(), 2);
        assert_eq!(resources[0].parent_id(), None);
        assert_eq!(resources[1].parent_id(), Some(resources[0].id()));
        for (line, resource) in order.priced().lines.iter().zip(resources) {
            assert_eq!(line.resource_id.as_deref(), Some(resource.id()));
            assert_eq!(resource.resource_type(), line.resource_type);
        }
    }

    #[test]
    fn an_order_without_lines_is_refused() {
        let id = "CS2611232007ABCDE".parse().unwrap();
        let now = datetime!(2026-11-23 12:07 UTC);
        assert_eq!(
            Order::place(id, draft(vec![]), now, Deadlines::default()),
            Err(OrderError::NoLines)
        );
    }

    fn placed() -> Order {
        let id = "CS2611232007ABCDE".parse().unwrap();
        Order::place(
            id,
            draft(vec![line(dec!(5))]),
            datetime!(2026-11-23 12:07 UTC),
            Deadlines::default(),
        )
        .unwrap()
    }

    #[test]
    fn paying_moves_to_processing_records_who_and_when_and_bumps_the_version() {
        let order = placed();
        let at = datetime!(2026-11-23 13:00 UTC);
        let deadlines = Deadlines {
            delivery: time::Duration::seconds(5),
            ..Deadlines::default()
        };
        assert_eq!(
            order.due_at(),
            Some(order.created_at() + time::Duration::days(7))
        );
        let paid = order
            .pay(at, Actor::User("alice".into()), deadlines)
            .unwrap();
        assert_eq!(paid.order.due_at(), Some(at + time::Duration::seconds(5)));
        assert_eq!(paid.order.status(), OrderStatus::Processing);
        assert_eq!(paid.order.paid_at(), Some(at));
        assert_eq!(paid.order.paid_by(), Some("alice"));
        assert_eq!((paid.expected_version, paid.order.version()), (1, 2));
        assert_eq!(paid.change.from, OrderStatus::PendingPayment);
        assert_eq!(paid.change.to, OrderStatus::Processing);
        assert_eq!(paid.change.version, 2);
        assert_eq!(
            order.status(),
            OrderStatus::PendingPayment,
            "the original is untouched"
        );
    }

    #[test]
    fn refused_transitions_name_the_status_and_the_event() {
        let at = datetime!(2026-11-23 13:00 UTC);
        let paid = placed()
            .pay(at, Actor::System, Deadlines::default())
            .unwrap()
            .order;
        let again = paid
            .pay(at, Actor::System, Deadlines::default())
            .unwrap_err();
        assert_eq!(again.from, OrderStatus::Processing);
        assert_eq!(again.event, OrderEvent::Pay);
        assert!(paid.cancel(at, Actor::System).is_err());
        let done = paid.complete(at).unwrap().order;
        assert_eq!(done.status(), OrderStatus::Completed);
        assert_eq!(done.version(), 3);
        assert_eq!(done.due_at(), None);
        let cancelled = placed().expire_unpaid(at).unwrap();
        assert_eq!(cancelled.order.status(), OrderStatus::Cancelled);
        assert_eq!(cancelled.change.actor, Actor::System);
    }

    #[test]
    fn a_change_is_never_dated_before_the_last_one() {
        let order = placed();
        let earlier = order.created_at() - time::Duration::hours(1);
        let paid = order
            .pay(earlier, Actor::System, Deadlines::default())
            .unwrap();
        assert_eq!(paid.order.updated_at(), order.created_at());
    }

    #[test]
    fn the_digest_is_of_what_was_ordered_not_of_how_it_was_written() {
        let base = draft(vec![line(dec!(5))]);
        let mut reworded = base.clone();
        reworded.request_body = r#"{"ignored": 1e400}"#.into();
        reworded.priced.lines[0].amount = Amount::new(dec!(6)).unwrap();
        assert_eq!(base.content_digest(), reworded.content_digest());
        let mut more = base.clone();
        more.priced.lines[0].quantity = 50;
        assert_ne!(base.content_digest(), more.content_digest());
        let mut elsewhere = base.clone();
        elsewhere.project_id = Some("q".into());
        assert_ne!(base.content_digest(), elsewhere.content_digest());
        assert_eq!(base.content_digest().len(), 64);
    }

    #[test]
    fn codes_round_trip() {
        for code in [1, 2, 3, 4, 5, 6, 9] {
            assert_eq!(OrderStatus::from_code(code).unwrap().code(), code);
        }
        for code in 1..=4 {
            assert_eq!(OrderType::from_code(code).unwrap().code(), code);
        }
        for code in 0..=2 {
            assert_eq!(ChargingMode::from_code(code).unwrap().code(), code);
        }
        assert!(ChargingMode::from_code(3).is_err());
        assert!(parse_flag(2).is_err());
    }
}
