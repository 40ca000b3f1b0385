//! Pure order rules: no I/O, no HTTP, no SQL. Everything here is a value or a function of values.

pub mod account;
pub mod balance;
pub mod catalog;
pub mod client_order;
pub mod clock;
pub mod delivery;
pub mod idempotency;
pub mod ids;
pub mod lifecycle;
pub mod money;
pub mod names;
pub mod order;
pub mod period;
pub mod pricing;
pub mod prorata;
pub mod rating;
pub mod resource;
pub mod service_type;
pub mod subscription;
pub mod tag;
pub mod term;
pub mod violations;
pub mod volume;
