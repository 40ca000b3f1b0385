//! Identity policies (IAM's policy language, version 5.0) and how they decide an action for a
//! request. Pure: documents are parsed from text, requests are judged from a
//! [`RequestContext`]; reading configuration and requests is the caller's.
//!
//! - [`document`]: a policy document parsed into types that hold only valid policies.
//! - [`condition`], [`operator`]: conditions and their operators.
//! - [`context`]: a request's condition keys and values.
//! - [`evaluate`]: the decision (explicit Deny over Allow over implicit deny).
//! - [`keys`]: the keys orderd fills in.

pub mod condition;
pub mod context;
pub mod document;
pub mod evaluate;
mod glob;
mod json;
pub mod keys;
pub mod operator;

#[cfg(test)]
mod condition_tests;
#[cfg(test)]
mod evaluate_tests;

pub use context::RequestContext;
pub use document::{ActionPattern, Effect, Origin, Policy, PolicyError};
pub use evaluate::{Decision, StatementRef, evaluate};
pub use keys::RequestFacts;
