//! Orders the caller names itself. A cloud service package order is submitted under an order id
//! the caller chooses (`POST /v2/orders/{order_id}`); orderd still gives the order its own `CS...`
//! id and keeps the caller's id beside it, unique per account. Submitting the same id again with
//! the same content is a replay of the first submission; with other content it is a conflict.

use std::fmt;
use std::str::FromStr;

/// A caller-chosen order id: 1–64 ASCII letters and digits, kept exactly as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientOrderId(String);

/// Why a string is not a caller-chosen order id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to 64 letters and digits, got {0:?}")]
pub struct InvalidClientOrderId(pub String);

impl ClientOrderId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// True for 1–64 ASCII letters and digits: the rule for the ids cloud service package orders
/// carry (the path's order id, `cloudServiceForm.projectid` and `.orderid`).
pub fn is_letters_and_digits_1_to_64(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl FromStr for ClientOrderId {
    type Err = InvalidClientOrderId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_letters_and_digits_1_to_64(s) {
            Ok(ClientOrderId(s.to_owned()))
        } else {
            Err(InvalidClientOrderId(s.to_owned()))
        }
    }
}

impl fmt::Display for ClientOrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the store keeps with an order a caller named: the name and a digest of the normalized
/// request, so a later submission under the same name can be told apart as a replay or a
/// conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOrderRef {
    /// The caller's id.
    pub client_order_id: ClientOrderId,
    /// Hex SHA-256 of the normalized request content.
    pub content_hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn letters_and_digits_up_to_64_are_ids() {
        assert!("CS25110715ABC86MU".parse::<ClientOrderId>().is_ok());
        assert!("a".repeat(64).parse::<ClientOrderId>().is_ok());
        for bad in ["", "CS-1", "a b", "é", &"a".repeat(65)] {
            assert!(bad.parse::<ClientOrderId>().is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn the_rule_is_exactly_ascii_alphanumerics_of_length_1_to_64(s in "\\PC{0,70}") {
            let ok = !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric());
            prop_assert_eq!(s.parse::<ClientOrderId>().is_ok(), ok);
            if ok {
                let id = s.parse::<ClientOrderId>().unwrap();
                prop_assert_eq!(id.as_str(), s.as_str());
            }
        }
    }
}
