//! IES (CloudPond) delivery orders: the hardware an account orders for one of its edge sites. A
//! delivery order is billed through one ordinary `CS...` order, placed with it.

use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;

use super::ids::OrderId;

/// Where a delivery order is (`status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Cancelled before delivery.
    Cancelled,
    /// Being prepared and delivered; every new delivery order starts here.
    Processing,
    /// Delivered, acceptance pending.
    Accepting,
    /// Delivered and accepted.
    Success,
    /// Delivery failed.
    Fail,
    /// Deleted.
    Deleted,
}

impl DeliveryStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Cancelled => "CANCELLED",
            DeliveryStatus::Processing => "PROCESSING",
            DeliveryStatus::Accepting => "ACCEPTING",
            DeliveryStatus::Success => "SUCCESS",
            DeliveryStatus::Fail => "FAIL",
            DeliveryStatus::Deleted => "DELETED",
        }
    }

    /// Every status but `DELETED`: what a list shows unless asked for deleted ones.
    pub const UNDELETED: [DeliveryStatus; 5] = [
        DeliveryStatus::Cancelled,
        DeliveryStatus::Processing,
        DeliveryStatus::Accepting,
        DeliveryStatus::Success,
        DeliveryStatus::Fail,
    ];

    const ALL: [DeliveryStatus; 6] = [
        DeliveryStatus::Cancelled,
        DeliveryStatus::Processing,
        DeliveryStatus::Accepting,
        DeliveryStatus::Success,
        DeliveryStatus::Fail,
        DeliveryStatus::Deleted,
    ];
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not a delivery order status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown delivery order status {0}")]
pub struct InvalidDeliveryStatus(pub String);

impl FromStr for DeliveryStatus {
    type Err = InvalidDeliveryStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DeliveryStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| InvalidDeliveryStatus(s.to_owned()))
    }
}

/// A delivery order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryOrder {
    /// Its UUID.
    pub id: String,
    /// `delivery_order-` and five lower-case letters.
    pub name: String,
    /// The owning account.
    pub domain_id: String,
    /// Where it is.
    pub status: DeliveryStatus,
    /// The edge site the hardware goes to.
    pub edge_site_id: String,
    /// The `CS...` order it is billed through.
    pub order_id: OrderId,
    /// When billing starts; unset until the hardware is accepted.
    pub effected_at: Option<OffsetDateTime>,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

/// The name prefix of every delivery order.
pub const NAME_PREFIX: &str = "delivery_order-";

impl DeliveryOrder {
    /// A new delivery order for `edge_site_id`, billed through `order_id`, created at `now`:
    /// a fresh UUID and name, status `PROCESSING`.
    pub fn new(
        domain_id: String,
        edge_site_id: String,
        order_id: OrderId,
        now: OffsetDateTime,
    ) -> DeliveryOrder {
        DeliveryOrder {
            id: uuid::Uuid::new_v4().to_string(),
            name: random_name(),
            domain_id,
            status: DeliveryStatus::Processing,
            edge_site_id,
            order_id,
            effected_at: None,
            created_at: now,
            updated_at: now,
        }
    }
}

impl DeliveryOrder {
    /// The delivery order once its order completed at `at`: delivered and accepted, billed from
    /// `at`. Only a processing delivery order changes.
    pub fn succeed(&self, at: OffsetDateTime) -> Option<DeliveryOrder> {
        self.settle(DeliveryStatus::Success, at)
            .map(|d| DeliveryOrder {
                effected_at: Some(d.updated_at),
                ..d
            })
    }

    /// The delivery order once its order was cancelled at `at`.
    pub fn cancel(&self, at: OffsetDateTime) -> Option<DeliveryOrder> {
        self.settle(DeliveryStatus::Cancelled, at)
    }

    /// The delivery order deleted at `at`. One still processing is cancelled first: its order,
    /// unpaid or undelivered, must be cancelled in the same change ([`DeliveryOrder::cancels_order_when_deleted`]).
    /// A deleted one is not deleted again.
    pub fn delete(&self, at: OffsetDateTime) -> Option<DeliveryOrder> {
        match self.status {
            DeliveryStatus::Deleted => None,
            DeliveryStatus::Processing => self.cancel(at)?.delete(at),
            _ => Some(DeliveryOrder {
                status: DeliveryStatus::Deleted,
                updated_at: at.max(self.updated_at),
                ..self.clone()
            }),
        }
    }

    /// True when deleting it cancels the order it is billed through: the hardware is still
    /// being prepared, so the order is not complete yet.
    pub fn cancels_order_when_deleted(&self) -> bool {
        self.status == DeliveryStatus::Processing
    }

    fn settle(&self, status: DeliveryStatus, at: OffsetDateTime) -> Option<DeliveryOrder> {
        (self.status == DeliveryStatus::Processing).then(|| DeliveryOrder {
            status,
            updated_at: at.max(self.updated_at),
            ..self.clone()
        })
    }
}

/// `delivery_order-` and five random lower-case letters (`delivery_order-zurcq`).
pub fn random_name() -> String {
    let suffix: String = (0..5)
        .map(|_| char::from(b'a' + rand::random_range(0..26u8)))
        .collect();
    format!("{NAME_PREFIX}{suffix}")
}

/// True for names of the documented form.
pub fn is_valid_name(name: &str) -> bool {
    name.strip_prefix(NAME_PREFIX)
        .is_some_and(|s| s.len() == 5 && s.bytes().all(|b| b.is_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    /// A new delivery order of account `d` at site `s`, placed at `now`.
    fn processing(now: OffsetDateTime) -> DeliveryOrder {
        DeliveryOrder::new(
            "d".into(),
            "s".into(),
            "CS2601041505ABCDE".parse().unwrap(),
            now,
        )
    }

    #[test]
    fn a_new_delivery_order_is_processing_with_a_uuid_and_a_name() {
        let now = datetime!(2026-01-04 07:05:14.405839 UTC);
        let order = DeliveryOrder::new(
            "d".into(),
            "site".into(),
            "CS2601041505ABCDE".parse().unwrap(),
            now,
        );
        assert_eq!(order.status, DeliveryStatus::Processing);
        assert!(uuid::Uuid::parse_str(&order.id).is_ok(), "{}", order.id);
        assert!(is_valid_name(&order.name), "{}", order.name);
        assert_eq!((order.created_at, order.updated_at), (now, now));
        assert_eq!(order.effected_at, None);
    }

    #[test]
    fn a_processing_delivery_order_succeeds_or_is_cancelled_once() {
        let now = datetime!(2026-01-04 07:05 UTC);
        let order = processing(now);
        let later = now + time::Duration::hours(1);
        let done = order.succeed(later).unwrap();
        assert_eq!(done.status, DeliveryStatus::Success);
        assert_eq!((done.effected_at, done.updated_at), (Some(later), later));
        assert_eq!(done.cancel(later), None);
        assert_eq!(
            order.cancel(later).unwrap().status,
            DeliveryStatus::Cancelled
        );
    }

    #[test]
    fn deleting_cancels_a_processing_one_first_and_a_deleted_one_stays_as_it_is() {
        let now = datetime!(2026-01-04 07:05 UTC);
        let order = processing(now);
        assert!(order.cancels_order_when_deleted());
        let later = now + time::Duration::hours(1);
        let deleted = order.delete(later).unwrap();
        assert_eq!(deleted.status, DeliveryStatus::Deleted);
        assert_eq!(deleted.updated_at, later);
        assert_eq!(deleted.effected_at, None);
        assert_eq!(deleted.delete(later), None, "not deleted twice");

        let done = order.succeed(now).unwrap();
        assert!(!done.cancels_order_when_deleted());
        let gone = done.delete(now - time::Duration::hours(1)).unwrap();
        assert_eq!(gone.status, DeliveryStatus::Deleted);
        assert_eq!(
            gone.effected_at,
            Some(now),
            "billing started stays recorded"
        );
        assert_eq!(gone.updated_at, now, "never dated before its last change");
        assert!(!DeliveryStatus::UNDELETED.contains(&DeliveryStatus::Deleted));
    }

    #[test]
    fn statuses_round_trip_and_unknown_ones_are_refused() {
        for status in DeliveryStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
        }
        assert!("processing".parse::<DeliveryStatus>().is_err());
    }

    #[test]
    fn names_outside_the_form_are_not_valid() {
        for bad in [
            "delivery_order-ABCDE",
            "delivery_order-abcd",
            "order-abcde",
            "",
        ] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_random_name_has_the_documented_form(_n in 0..200u32) {
            prop_assert!(is_valid_name(&random_name()));
        }
    }
}
