//! Resources that orders create (desktops, hosts, instances), tracked per project so later
//! orders can act on them. A resource an order creates is pending until the order is delivered;
//! its effective and expiry times are set then, not when the order is placed.

use time::OffsetDateTime;

use super::lifecycle::Deadlines;
use super::period::Period;

/// Where a resource is in its life (BSS resource `status`, plus pending before delivery).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceStatus {
    /// 1: ordered, not delivered yet (BSS lists no such resource).
    Pending,
    /// 2: delivered and in use.
    InUse,
    /// 3: closed (unsubscribed, or released at the end of retention); hidden in the console.
    Closed,
    /// 4: frozen: the grace period ended unrenewed; renewable until the retention period ends.
    Frozen,
    /// 5: expired: still usable and renewable during the grace period.
    Expired,
}

impl ResourceStatus {
    /// The stored code (BSS's where BSS has one).
    pub fn code(self) -> i64 {
        match self {
            ResourceStatus::Pending => 1,
            ResourceStatus::InUse => 2,
            ResourceStatus::Closed => 3,
            ResourceStatus::Frozen => 4,
            ResourceStatus::Expired => 5,
        }
    }

    /// The status with this code.
    pub fn from_code(code: i64) -> Option<ResourceStatus> {
        match code {
            1 => Some(ResourceStatus::Pending),
            2 => Some(ResourceStatus::InUse),
            3 => Some(ResourceStatus::Closed),
            4 => Some(ResourceStatus::Frozen),
            5 => Some(ResourceStatus::Expired),
            _ => None,
        }
    }
}

/// How long a resource's subscription runs once it is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceTerm {
    /// A calendar period from delivery.
    Period(Period),
    /// Until a fixed time: the expiry of the resource it was added to.
    Until(OffsetDateTime),
}

impl ResourceTerm {
    /// When a subscription delivered at `effective` ends; `None` for periods without an end
    /// (one-off purchases).
    pub fn ends_at(self, effective: OffsetDateTime) -> Option<OffsetDateTime> {
        match self {
            ResourceTerm::Period(period) => period.ends_at(effective),
            ResourceTerm::Until(at) => Some(at),
        }
    }
}

/// A resource's own auto-renewal setting (`expire_policy` 3 while it is on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoRenew {
    /// How long each renewal runs.
    pub period: Period,
    /// How many renewals are left; `None`: unlimited.
    pub times_left: Option<u32>,
}

impl AutoRenew {
    /// The setting after one renewal: `None` (off) when that was the last one allowed.
    pub fn after_one(self) -> Option<AutoRenew> {
        match self.times_left {
            None => Some(self),
            Some(n) if n > 1 => Some(AutoRenew {
                times_left: Some(n - 1),
                ..self
            }),
            Some(_) => None,
        }
    }
}

/// A resource some order created, or one an account starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    id: String,
    domain_id: String,
    project_id: String,
    service_type: String,
    product_id: String,
    resource_type: String,
    spec_code: String,
    order_id: Option<String>,
    parent_id: Option<String>,
    status: ResourceStatus,
    term: Option<ResourceTerm>,
    created_at: OffsetDateTime,
    effective_at: Option<OffsetDateTime>,
    expires_at: Option<OffsetDateTime>,
    auto_renew: Option<AutoRenew>,
    due_at: Option<OffsetDateTime>,
    version: i64,
}

/// Every field of a stored resource, for the store to rebuild it, and for starting resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResource {
    /// The resource's own id (a UUID for most services).
    pub id: String,
    /// The owning account.
    pub domain_id: String,
    /// The owning project.
    pub project_id: String,
    /// Its cloud service type (`hws.service.type.vdi`).
    pub service_type: String,
    /// The catalog product it was bought as.
    pub product_id: String,
    /// Its resource type (`hws.resource.type.workspace.desktop`).
    pub resource_type: String,
    /// Its spec code or product id.
    pub spec_code: String,
    /// The order that created it; `None` for resources an account starts with.
    pub order_id: Option<String>,
    /// The resource it belongs to (a disk's desktop), if any.
    pub parent_id: Option<String>,
    /// Where it is.
    pub status: ResourceStatus,
    /// How long it runs once delivered, where it has a subscription.
    pub term: Option<ResourceTerm>,
    /// When it was created (ordered).
    pub created_at: OffsetDateTime,
    /// When it was delivered.
    pub effective_at: Option<OffsetDateTime>,
    /// When its subscription ends.
    pub expires_at: Option<OffsetDateTime>,
    /// Its auto-renewal, when on.
    pub auto_renew: Option<AutoRenew>,
    /// When its next time-driven step (expiry, end of grace, end of retention) falls due.
    pub due_at: Option<OffsetDateTime>,
    /// Counts its changes (1 when new); a write of a change names the version it was decided on.
    pub version: i64,
}

/// What a new resource is: its type, spec and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResource {
    /// Its id.
    pub id: String,
    /// The owning account.
    pub domain_id: String,
    /// The owning project.
    pub project_id: String,
    /// Its cloud service type.
    pub service_type: String,
    /// The catalog product it is bought as.
    pub product_id: String,
    /// Its resource type.
    pub resource_type: String,
    /// Its spec code.
    pub spec_code: String,
    /// The resource it belongs to.
    pub parent_id: Option<String>,
}

impl Resource {
    /// A resource an order creates, pending until the order is delivered, ordered at `now`.
    pub fn pending(new: NewResource, term: Option<ResourceTerm>, now: OffsetDateTime) -> Resource {
        Resource {
            id: new.id,
            domain_id: new.domain_id,
            project_id: new.project_id,
            service_type: new.service_type,
            product_id: new.product_id,
            resource_type: new.resource_type,
            spec_code: new.spec_code,
            order_id: None,
            parent_id: new.parent_id,
            status: ResourceStatus::Pending,
            term,
            created_at: now,
            effective_at: None,
            expires_at: None,
            auto_renew: None,
            due_at: None,
            version: 1,
        }
    }

    /// A resource an account starts with: in use since `now`, for `term`.
    pub fn in_use(new: NewResource, term: ResourceTerm, now: OffsetDateTime) -> Resource {
        Resource {
            status: ResourceStatus::InUse,
            effective_at: Some(now),
            expires_at: term.ends_at(now),
            ..Resource::pending(new, Some(term), now)
        }
        .due_at_expiry()
    }

    /// The resource as stored.
    pub fn restore(stored: StoredResource) -> Resource {
        Resource {
            id: stored.id,
            domain_id: stored.domain_id,
            project_id: stored.project_id,
            service_type: stored.service_type,
            product_id: stored.product_id,
            resource_type: stored.resource_type,
            spec_code: stored.spec_code,
            order_id: stored.order_id,
            parent_id: stored.parent_id,
            status: stored.status,
            term: stored.term,
            created_at: stored.created_at,
            effective_at: stored.effective_at,
            expires_at: stored.expires_at,
            auto_renew: stored.auto_renew,
            due_at: stored.due_at,
            version: stored.version,
        }
    }

    /// The resource as bought by order `order_id`.
    pub fn bought_by(self, order_id: &str) -> Resource {
        Resource {
            order_id: Some(order_id.to_owned()),
            ..self
        }
    }

    /// The resource delivered at `at`: in use, effective from `at`, expiring when its term ends,
    /// renewing itself by its own period when `auto_renew` (its order's `is_auto_renew`).
    pub fn deliver(&self, at: OffsetDateTime, auto_renew: bool) -> Resource {
        let auto_renew = match (auto_renew, self.term) {
            (true, Some(ResourceTerm::Period(period))) => Some(AutoRenew {
                period,
                times_left: None,
            }),
            _ => None,
        };
        Resource {
            status: ResourceStatus::InUse,
            effective_at: Some(at),
            expires_at: self.term.and_then(|term| term.ends_at(at)),
            auto_renew,
            version: self.version + 1,
            ..self.clone()
        }
        .due_at_expiry()
    }

    /// The same resource, its next step due when it expires: a main resource in use is
    /// looked at when it expires; attached ones follow their main resource.
    fn due_at_expiry(self) -> Resource {
        let due_at = match self.status {
            ResourceStatus::InUse if self.is_main() => self.expires_at,
            _ => None,
        };
        Resource { due_at, ..self }
    }

    /// The resource renewed by `period`: in use again, its expiry moved on by `period` from
    /// the old expiry (not from now). `None` when it has no expiry or the new one is past what
    /// a date holds.
    pub fn renew(&self, period: Period) -> Option<Resource> {
        let expires_at = period.ends_at(self.expires_at?)?;
        Some(
            Resource {
                status: ResourceStatus::InUse,
                expires_at: Some(expires_at),
                version: self.version + 1,
                ..self.clone()
            }
            .due_at_expiry(),
        )
    }

    /// The resource after its auto-renewal renewed it once by `period`.
    pub fn auto_renewed(&self, period: Period) -> Option<Resource> {
        let renewed = self.renew(period)?;
        Some(Resource {
            auto_renew: self.auto_renew.and_then(AutoRenew::after_one),
            ..renewed
        })
    }

    /// The resource whose expiry passed unrenewed: expired (still usable) until its grace
    /// period ends.
    pub fn expire(&self, deadlines: Deadlines) -> Resource {
        Resource {
            status: ResourceStatus::Expired,
            due_at: self
                .expires_at
                .filter(|_| self.is_main())
                .map(|at| at + deadlines.grace),
            version: self.version + 1,
            ..self.clone()
        }
    }

    /// The expired resource whose grace period ended: frozen until its retention period ends.
    pub fn freeze(&self, deadlines: Deadlines) -> Resource {
        Resource {
            status: ResourceStatus::Frozen,
            due_at: self
                .expires_at
                .filter(|_| self.is_main())
                .map(|at| at + deadlines.grace + deadlines.retention),
            version: self.version + 1,
            ..self.clone()
        }
    }

    /// The resource closed (released or unsubscribed): nothing more falls due for it.
    pub fn close(&self) -> Resource {
        Resource {
            status: ResourceStatus::Closed,
            due_at: None,
            auto_renew: None,
            version: self.version + 1,
            ..self.clone()
        }
    }

    /// The resource whose renewed periods were unsubscribed: expiring at `at` instead.
    pub fn cut_back_to(&self, at: OffsetDateTime) -> Resource {
        Resource {
            expires_at: Some(at),
            version: self.version + 1,
            ..self.clone()
        }
        .due_at_expiry()
    }

    /// The resource with its auto-renewal set to `auto_renew` (`None`: off).
    pub fn with_auto_renew(&self, auto_renew: Option<AutoRenew>) -> Resource {
        Resource {
            auto_renew,
            version: self.version + 1,
            ..self.clone()
        }
    }

    /// Its own id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The owning account.
    pub fn domain_id(&self) -> &str {
        &self.domain_id
    }

    /// The owning project.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// Its cloud service type.
    pub fn service_type(&self) -> &str {
        &self.service_type
    }

    /// The catalog product it was bought as.
    pub fn product_id(&self) -> &str {
        &self.product_id
    }

    /// True for a main resource (one that belongs to no other).
    pub fn is_main(&self) -> bool {
        self.parent_id.is_none()
    }

    /// Its resource type.
    pub fn resource_type(&self) -> &str {
        &self.resource_type
    }

    /// Its spec code or product id.
    pub fn spec_code(&self) -> &str {
        &self.spec_code
    }

    /// The order that created it.
    pub fn order_id(&self) -> Option<&str> {
        self.order_id.as_deref()
    }

    /// The resource it belongs to.
    pub fn parent_id(&self) -> Option<&str> {
        self.parent_id.as_deref()
    }

    /// Where it is.
    pub fn status(&self) -> ResourceStatus {
        self.status
    }

    /// How long it runs once delivered.
    pub fn term(&self) -> Option<ResourceTerm> {
        self.term
    }

    /// When it was ordered.
    pub fn created_at(&self) -> OffsetDateTime {
        self.created_at
    }

    /// When it was delivered.
    pub fn effective_at(&self) -> Option<OffsetDateTime> {
        self.effective_at
    }

    /// When its subscription ends.
    pub fn expires_at(&self) -> Option<OffsetDateTime> {
        self.expires_at
    }

    /// Its auto-renewal, when on.
    pub fn auto_renew(&self) -> Option<AutoRenew> {
        self.auto_renew
    }

    /// When its next time-driven step falls due.
    pub fn due_at(&self) -> Option<OffsetDateTime> {
        self.due_at
    }

    /// How many times it was written (1 when new).
    pub fn version(&self) -> i64 {
        self.version
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn new() -> NewResource {
        NewResource {
            id: "r1".into(),
            domain_id: "d".into(),
            project_id: "p".into(),
            service_type: "svc".into(),
            product_id: "prod".into(),
            resource_type: "t".into(),
            spec_code: "s".into(),
            parent_id: None,
        }
    }

    #[test]
    fn a_pending_resource_has_no_times_until_it_is_delivered() {
        let ordered = datetime!(2026-01-31 10:00 UTC);
        let r = Resource::pending(
            new(),
            Some(ResourceTerm::Period(Period::Months(1))),
            ordered,
        );
        assert_eq!(r.status(), ResourceStatus::Pending);
        assert_eq!((r.effective_at(), r.expires_at()), (None, None));
        let delivered = datetime!(2026-02-02 10:00 UTC);
        let live = r.clone().bought_by("CS1").deliver(delivered, true);
        assert_eq!(live.status(), ResourceStatus::InUse);
        assert_eq!(live.effective_at(), Some(delivered));
        assert_eq!(live.expires_at(), Some(datetime!(2026-03-02 10:00 UTC)));
        assert_eq!(live.order_id(), Some("CS1"));
        assert_eq!((r.version(), live.version()), (1, 2));
        assert_eq!(live.due_at(), live.expires_at());
        assert_eq!(
            live.auto_renew(),
            Some(AutoRenew {
                period: Period::Months(1),
                times_left: None
            })
        );
    }

    #[test]
    fn a_renewal_runs_from_the_old_expiry_and_an_expiry_runs_through_grace_and_retention() {
        let delivered = datetime!(2026-01-31 10:00 UTC);
        let live = Resource::pending(
            new(),
            Some(ResourceTerm::Period(Period::Months(1))),
            delivered,
        )
        .deliver(delivered, false);
        let deadlines = Deadlines::default();
        let expired = live.expire(deadlines);
        assert_eq!(expired.status(), ResourceStatus::Expired);
        assert_eq!(expired.due_at(), Some(datetime!(2026-03-15 10:00 UTC)));
        let frozen = expired.freeze(deadlines);
        assert_eq!(frozen.status(), ResourceStatus::Frozen);
        assert_eq!(frozen.due_at(), Some(datetime!(2026-03-30 10:00 UTC)));
        let back = frozen.renew(Period::Months(2)).unwrap();
        assert_eq!(back.status(), ResourceStatus::InUse);
        assert_eq!(back.expires_at(), Some(datetime!(2026-04-28 10:00 UTC)));
        assert_eq!(back.due_at(), back.expires_at());
        let closed = frozen.close();
        assert_eq!(
            (closed.status(), closed.due_at()),
            (ResourceStatus::Closed, None)
        );
    }

    #[test]
    fn limited_auto_renewals_count_down_and_stop() {
        let two = AutoRenew {
            period: Period::Years(1),
            times_left: Some(2),
        };
        let one = two.after_one().unwrap();
        assert_eq!(one.times_left, Some(1));
        assert_eq!(one.after_one(), None);
        let unlimited = AutoRenew {
            times_left: None,
            ..two
        };
        assert_eq!(unlimited.after_one(), Some(unlimited));
    }

    #[test]
    fn a_resource_added_to_another_expires_with_it() {
        let until = datetime!(2027-01-01 0:00 UTC);
        let r = Resource::pending(
            new(),
            Some(ResourceTerm::Until(until)),
            until - time::Duration::days(30),
        );
        assert_eq!(
            r.deliver(until - time::Duration::days(1), false)
                .expires_at(),
            Some(until)
        );
    }

    #[test]
    fn status_codes_round_trip() {
        for status in [
            ResourceStatus::Pending,
            ResourceStatus::InUse,
            ResourceStatus::Closed,
            ResourceStatus::Frozen,
            ResourceStatus::Expired,
        ] {
            assert_eq!(ResourceStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(ResourceStatus::from_code(9), None);
    }
}
