//! Request and response types exactly as they travel on the wire, per API family, and the one
//! conversion from each request into domain values.

pub mod bss;
pub mod common;
pub mod dsc;
pub mod iam;
pub mod ies;
pub mod json;
pub mod operator;
pub mod package;
pub mod rating;
mod rejection;
pub mod scalar;
pub mod workspace;
pub mod workspace_app;

pub use rejection::Rejection;
