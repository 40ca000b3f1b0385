//! BSS order management on the wire: the order views, and the pay and cancel requests.

pub mod details;
pub mod pay;

pub use details::{Money, OrderDetailsResponse};
