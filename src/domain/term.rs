//! Terms: how long the lines of one resource run and what they cost for that time, and how the
//! resources an order creates are made. Shared by every order type that creates or acts on
//! resources.

use time::OffsetDateTime;

use super::catalog::Product;
use super::order::OrderLine;
use super::period::Period;
use super::pricing::{self, PricingError};
use super::prorata::prorate;
use super::resource::{NewResource, Resource, ResourceStatus, ResourceTerm};

/// What a new resource is: the product it is bought as, and its type and spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceKind<'a> {
    /// Its cloud service type.
    pub service_type: &'a str,
    /// The catalog product it is bought as.
    pub product_id: &'a str,
    /// Its resource type.
    pub resource_type: &'a str,
    /// Its spec code.
    pub spec_code: &'a str,
}

impl<'a> ResourceKind<'a> {
    /// A resource of `product`'s own type and spec.
    pub fn of(product: &'a Product) -> ResourceKind<'a> {
        ResourceKind {
            service_type: &product.cloud_service_type,
            product_id: &product.product_id,
            resource_type: &product.resource_type,
            spec_code: &product.resource_spec_code,
        }
    }
}

/// How long the lines of one resource run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// A calendar period from delivery.
    Calendar(Period),
    /// Until the resource acted on expires, priced pro rata from now.
    Until(OffsetDateTime),
    /// Until the resource acted on expires, which has to be looked up first
    /// ([`Term::against`]).
    UntilParent,
}

/// Why lines cannot run against a resource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    /// The resource's order has not been delivered yet.
    #[error("{id} is not in use yet: its order {order} has not been paid and delivered")]
    NotInUse {
        /// The resource.
        id: String,
        /// The order that creates it.
        order: String,
    },
    /// The resource's subscription ended.
    #[error("{id} expired at {at}; renew it first")]
    Expired {
        /// The resource.
        id: String,
        /// When.
        at: OffsetDateTime,
    },
    /// The resource has no subscription to run until.
    #[error("{0} has no yearly/monthly subscription to run to; give period_type and period_num")]
    NoSubscription(String),
}

/// A version 7 UUID for `at`: its first 48 bits are `at` in milliseconds, the rest random.
fn time_ordered_uuid(at: OffsetDateTime) -> String {
    let nanos = at.unix_timestamp_nanos().max(0);
    let seconds = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
    let subsec = u32::try_from(nanos % 1_000_000_000).unwrap_or(0);
    let stamp = uuid::Timestamp::from_unix(uuid::NoContext, seconds, subsec);
    uuid::Uuid::new_v7(stamp).to_string()
}

impl Term {
    /// The term of lines that act on `parent` at `now`: the order's calendar period when given,
    /// else until the parent expires (which must be in use and lie ahead).
    pub fn against(self, parent: &Resource, now: OffsetDateTime) -> Result<Term, TermError> {
        if parent.status() == ResourceStatus::Pending {
            return Err(TermError::NotInUse {
                id: parent.id().to_owned(),
                order: parent.order_id().unwrap_or_default().to_owned(),
            });
        }
        match self {
            Term::UntilParent => match parent.expires_at() {
                Some(at) if at > now => Ok(Term::Until(at)),
                Some(at) => Err(TermError::Expired {
                    id: parent.id().to_owned(),
                    at,
                }),
                None => Err(TermError::NoSubscription(parent.id().to_owned())),
            },
            other => Ok(other),
        }
    }

    /// How long a resource created for this term runs once delivered.
    fn resource_term(self) -> Option<ResourceTerm> {
        match self {
            Term::Calendar(period) => Some(ResourceTerm::Period(period)),
            Term::Until(at) => Some(ResourceTerm::Until(at)),
            Term::UntilParent => None,
        }
    }

    /// A priced line of `quantity` × `product` (each of `size`) for this term at `now`: the
    /// catalog price for a calendar period, pro rata until a fixed end.
    pub fn price_line(
        self,
        product: &Product,
        quantity: u32,
        size: Option<u32>,
        resource_id: Option<String>,
        now: OffsetDateTime,
    ) -> Result<OrderLine, PricingError> {
        match self {
            Term::Calendar(period) => {
                pricing::price_line(product, period, quantity, size, resource_id)
            }
            Term::Until(until) => {
                let mut line =
                    pricing::price_line(product, Period::UntilExpiry, quantity, size, resource_id)?;
                let unit = prorate(line.unit_price, now, until)
                    .map_err(|e| PricingError::Prorate(e.to_string()))?;
                line.unit_price = unit;
                line.amount = pricing::line_amount(product, unit, quantity, size)?;
                Ok(line)
            }
            Term::UntilParent => Err(PricingError::UnresolvedTerm),
        }
    }

    /// A resource of `kind` created for this term, ordered at `now` by `owner` (account,
    /// project): pending until its order is delivered, with a fresh UUID. The UUID is version 7
    /// (time-ordered, from `now`): ids made close in time sort close together, so the stores'
    /// indexes on them grow at one end instead of dirtying a random page per new resource.
    pub fn new_resource(
        self,
        owner: (&str, &str),
        kind: &ResourceKind<'_>,
        parent_id: Option<String>,
        now: OffsetDateTime,
    ) -> Resource {
        let (domain_id, project_id) = owner;
        Resource::pending(
            NewResource {
                id: time_ordered_uuid(now),
                domain_id: domain_id.to_owned(),
                project_id: project_id.to_owned(),
                service_type: kind.service_type.to_owned(),
                product_id: kind.product_id.to_owned(),
                resource_type: kind.resource_type.to_owned(),
                spec_code: kind.spec_code.to_owned(),
                parent_id,
            },
            self.resource_term(),
            now,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Prices;
    use crate::domain::money::Amount;
    use rust_decimal_macros::dec;
    use time::macros::datetime;

    fn product() -> Product {
        Product {
            product_id: "p".into(),
            cloud_service_type: "s".into(),
            resource_type: "r".into(),
            resource_spec_code: "c".into(),
            flavor_id: None,
            offering_id: None,
            size: None,
            currency: "CNY".parse().unwrap(),
            price: Prices {
                month: Some(Amount::new(dec!(30)).unwrap()),
                year: None,
                hour: None,
                day: None,
            },
        }
    }

    fn parent(now: OffsetDateTime, months: u32) -> Resource {
        Term::Calendar(Period::Months(months))
            .new_resource(("d", "p"), &ResourceKind::of(&product()), None, now)
            .bought_by("CS1")
    }

    #[test]
    fn resource_ids_are_uuids_that_sort_by_when_they_were_made() {
        let at = datetime!(2026-01-01 0:00 UTC);
        let first = time_ordered_uuid(at);
        let later = time_ordered_uuid(at + time::Duration::milliseconds(1));
        assert!(first < later, "{first} < {later}");
        let parsed = uuid::Uuid::parse_str(&first).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
    }

    #[test]
    fn lines_against_a_pending_resource_are_refused() {
        let now = datetime!(2026-01-01 0:00 UTC);
        let err = Term::UntilParent.against(&parent(now, 1), now).unwrap_err();
        assert!(matches!(err, TermError::NotInUse { .. }), "{err}");
        assert!(err.to_string().contains("CS1"), "{err}");
    }

    #[test]
    fn lines_until_a_delivered_parent_run_to_its_expiry_pro_rata() {
        let now = datetime!(2026-01-01 0:00 UTC);
        let live = parent(now, 1).deliver(now, false);
        let term = Term::UntilParent.against(&live, now).unwrap();
        assert_eq!(term, Term::Until(datetime!(2026-02-01 0:00 UTC)));
        // 31 days of a 30-day month at 30.00 a month.
        let line = term.price_line(&product(), 1, None, None, now).unwrap();
        assert_eq!(line.amount.value(), dec!(31.00));
        let later = datetime!(2026-03-01 0:00 UTC);
        assert!(matches!(
            Term::UntilParent.against(&live, later),
            Err(TermError::Expired { .. })
        ));
        let calendar = Term::Calendar(Period::Months(2));
        assert_eq!(calendar.against(&live, later), Ok(calendar));
    }

    #[test]
    fn a_new_resource_runs_for_its_term_once_delivered() {
        let now = datetime!(2026-01-31 0:00 UTC);
        let r = Term::Until(datetime!(2026-06-01 0:00 UTC)).new_resource(
            ("d", "p"),
            &ResourceKind::of(&product()),
            Some("parent".into()),
            now,
        );
        assert_eq!((r.service_type(), r.product_id()), ("s", "p"));
        assert_eq!(r.status(), ResourceStatus::Pending);
        assert_eq!(r.parent_id(), Some("parent"));
        assert_eq!(
            r.deliver(now, false).expires_at(),
            Some(datetime!(2026-06-01 0:00 UTC))
        );
    }
}
