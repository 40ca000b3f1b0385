//! What order lists select: an account's orders, filtered, sorted and paged.

use time::OffsetDateTime;

use crate::domain::delivery::DeliveryStatus;
use crate::domain::ids::OrderId;
use crate::domain::order::{Order, OrderStatus, OrderType};
use crate::domain::resource::{Resource, ResourceStatus};

/// A half-open range of time, `[from, to)`; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeRange {
    /// The earliest time, inclusive.
    pub from: Option<OffsetDateTime>,
    /// The end, exclusive.
    pub to: Option<OffsetDateTime>,
}

/// The order a list comes in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OrderSort {
    /// Newest first (BSS's default, `-createTime`).
    #[default]
    NewestFirst,
    /// Oldest first (`createTime`).
    OldestFirst,
}

/// Which orders of one account to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderQuery {
    /// The account.
    pub domain_id: String,
    /// Only the order with this id, compared without regard to case.
    pub order_id: Option<String>,
    /// Only orders placed in this range.
    pub created: TimeRange,
    /// Only orders paid in this range.
    pub paid: TimeRange,
    /// Only orders of this cloud service type.
    pub service_type: Option<String>,
    /// Only orders in this status.
    pub status: Option<OrderStatus>,
    /// Only orders of this type.
    pub order_type: Option<OrderType>,
    /// How many to skip.
    pub offset: u64,
    /// How many at most.
    pub limit: u32,
    /// In which order.
    pub sort: OrderSort,
}

impl OrderQuery {
    /// Every order of `domain_id`, newest first, the first `limit`.
    pub fn of_account(domain_id: &str, limit: u32) -> OrderQuery {
        OrderQuery {
            domain_id: domain_id.to_owned(),
            order_id: None,
            created: TimeRange::default(),
            paid: TimeRange::default(),
            service_type: None,
            status: None,
            order_type: None,
            offset: 0,
            limit,
            sort: OrderSort::default(),
        }
    }
}

/// One page of a list and the size of the whole list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPage {
    /// The orders on the page.
    pub orders: Vec<Order>,
    /// How many orders the query selects in all.
    pub total: u64,
}

/// Which delivered resources of one account to list (BSS's resource query). Resources still
/// pending delivery are never listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceQuery {
    /// The account.
    pub domain_id: String,
    /// Only resources of this project.
    pub project_id: Option<String>,
    /// Only these resources, when not empty.
    pub resource_ids: Vec<String>,
    /// Only resources this order created.
    pub order_id: Option<OrderId>,
    /// Only main resources (not those attached to another).
    pub only_main: bool,
    /// Only resources in one of these statuses, when not empty.
    pub statuses: Vec<ResourceStatus>,
    /// Only resources expiring in this range.
    pub expires: TimeRange,
    /// Only resources of this cloud service type.
    pub service_type: Option<String>,
    /// How many to skip.
    pub offset: u64,
    /// How many at most.
    pub limit: u32,
}

impl ResourceQuery {
    /// Every delivered resource of `domain_id`, the first `limit`.
    pub fn of_account(domain_id: &str, limit: u32) -> ResourceQuery {
        ResourceQuery {
            domain_id: domain_id.to_owned(),
            project_id: None,
            resource_ids: Vec::new(),
            order_id: None,
            only_main: false,
            statuses: Vec::new(),
            expires: TimeRange::default(),
            service_type: None,
            offset: 0,
            limit,
        }
    }
}

/// One page of resources and how many the query selects in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePage {
    /// The resources on the page, oldest first.
    pub resources: Vec<Resource>,
    /// How many resources the query selects in all.
    pub total: u64,
}

/// Which delivery orders of one account to list, oldest first, one page after a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryQuery {
    /// The account.
    pub domain_id: String,
    /// Only delivery orders in one of these statuses, when not empty.
    pub statuses: Vec<DeliveryStatus>,
    /// Only the delivery order with this id.
    pub id: Option<String>,
    /// Only those listed after the delivery order with this id (the previous page's last); none
    /// when the account has no such delivery order.
    pub after: Option<String>,
    /// How many at most.
    pub limit: u32,
}
