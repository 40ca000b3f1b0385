//! Why a request that reads well is still refused.

use crate::domain::violations::Violations;

/// Why an order request is refused. The handlers turn it into an answer in one place
/// (`ApiError::rejected`); the messages name the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Rules were broken (400).
    Invalid(Violations),
    /// Things the request names do not exist (404): one message each.
    NotFound(Vec<String>),
    /// The request names an account or project that is not the caller's (403).
    Forbidden(String),
    /// Products the request asks about are not in the catalog (a price inquiry's lines): one
    /// message each.
    ProductNotFound(Vec<String>),
}
