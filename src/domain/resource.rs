//! Resources that orders create (desktops, hosts, instances), tracked per project so later
//! orders can act on them. A resource an order creates is pending until the order is delivered;
//! its effective and expiry times are set then, not when the order is placed.

use time::OffsetDateTime;

use super::period::Period;

/// Where a resource is in its life (BSS resource `status`, plus pending before delivery).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceStatus {
    /// 1: ordered, not delivered yet (BSS lists no such resource).
    Pending,
    /// 2: delivered and in use.
    InUse,
}

impl ResourceStatus {
    /// The stored code (BSS's where BSS has one).
    pub fn code(self) -> i64 {
        match self {
            ResourceStatus::Pending => 1,
            ResourceStatus::InUse => 2,
        }
    }

    /// The status with this code.
    pub fn from_code(code: i64) -> Option<ResourceStatus> {
        match code {
            1 => Some(ResourceStatus::Pending),
            2 => Some(ResourceStatus::InUse),
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

    /// The resource delivered at `at`: in use, effective from `at`, expiring when its term ends.
    pub fn deliver(&self, at: OffsetDateTime) -> Resource {
        Resource {
            status: ResourceStatus::InUse,
            effective_at: Some(at),
            expires_at: self.term.and_then(|term| term.ends_at(at)),
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
        let live = r.clone().bought_by("CS1").deliver(delivered);
        assert_eq!(live.status(), ResourceStatus::InUse);
        assert_eq!(live.effective_at(), Some(delivered));
        assert_eq!(live.expires_at(), Some(datetime!(2026-03-02 10:00 UTC)));
        assert_eq!(live.order_id(), Some("CS1"));
        assert_eq!((r.version(), live.version()), (1, 2));
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
            r.deliver(until - time::Duration::days(1)).expires_at(),
            Some(until)
        );
    }

    #[test]
    fn status_codes_round_trip() {
        for status in [ResourceStatus::Pending, ResourceStatus::InUse] {
            assert_eq!(ResourceStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(ResourceStatus::from_code(9), None);
    }
}
