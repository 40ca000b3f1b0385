//! BSS order management on the wire: the views of orders, resources, balances and services, the
//! queries that select them, and the pay and cancel requests.

pub mod balances;
pub mod details;
pub mod money;
pub mod orders;
mod params;
pub mod pay;
pub mod resources;
pub mod service_types;
pub mod subscriptions;
mod summary;
