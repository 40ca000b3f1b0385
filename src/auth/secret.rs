//! A value that must never reach a log: secret keys, passwords, tokens, signing keys.

use std::fmt;

/// A secret string. `Debug` and `Display` print `[redacted]`; the value is reachable only
/// through [`Secret::expose`], so every use is visible in the code.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when `given` is the secret. Compares digests, so the time taken says nothing about
    /// how much of `given` was right.
    pub fn matches(&self, given: &str) -> bool {
        use sha2::{Digest, Sha256};
        Sha256::digest(self.0.as_bytes()) == Sha256::digest(given.as_bytes())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_matches_only_itself() {
        let secret = Secret::new("operator-token-1");
        assert!(secret.matches("operator-token-1"));
        assert!(!secret.matches("operator-token-2"));
        assert!(!secret.matches(""));
    }

    #[test]
    fn secrets_never_print() {
        let secret = Secret::new("orderdDemoSecretKey");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert!(!format!("{secret:?}").contains("orderd"));
        assert!(!format!("{:?}", Some(secret.clone())).contains("orderd"));
        assert_eq!(secret.expose(), "orderdDemoSecretKey");
    }
}
