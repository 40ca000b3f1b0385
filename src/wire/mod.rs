//! Request and response types exactly as they travel on the wire, per API family, and the one
//! conversion from each request into domain values.

pub mod common;
pub mod dsc;
pub mod scalar;
pub mod workspace;
