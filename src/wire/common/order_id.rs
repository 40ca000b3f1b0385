//! The answer of the create-order APIs.

use serde::{Deserialize, Serialize};

/// The answer of the create-order APIs: `{"order_id": "CS..."}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderIdView {
    /// The new order's id.
    pub order_id: String,
}
