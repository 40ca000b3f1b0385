//! Resource tags: a key of 1–128 characters and a value of up to 43, neither holding `=*<>,|/`.
//!
//! The seed page also says "letters, digits, `-` and `_`", while the API definition allows any
//! language's letters, spaces and `_.:=+-@`. The two disagree; orderd enforces only what both
//! state or imply: the lengths and the characters the seed forbids.

/// Characters neither a key nor a value may hold.
pub const FORBIDDEN: &[char] = &['=', '*', '<', '>', ',', '|', '/'];

/// Longest key, in characters.
pub const MAX_KEY_CHARS: usize = 128;
/// Longest value, in characters.
pub const MAX_VALUE_CHARS: usize = 43;

/// A tag key or value that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    /// The key is empty.
    #[error("must not be empty")]
    Empty,
    /// Too long.
    #[error("must be at most {max} characters, got {got}")]
    TooLong {
        /// The limit.
        max: usize,
        /// The length sent.
        got: usize,
    },
    /// Holds a forbidden character.
    #[error("must not contain any of =*<>,|/ (found {0:?})")]
    Forbidden(char),
}

fn check(text: &str, max: usize) -> Result<(), TagError> {
    let len = text.chars().count();
    if len > max {
        return Err(TagError::TooLong { max, got: len });
    }
    match text.chars().find(|c| FORBIDDEN.contains(c)) {
        Some(c) => Err(TagError::Forbidden(c)),
        None => Ok(()),
    }
}

/// Checks a tag key.
pub fn tag_key(key: &str) -> Result<(), TagError> {
    if key.is_empty() {
        return Err(TagError::Empty);
    }
    check(key, MAX_KEY_CHARS)
}

/// Checks a tag value (may be empty).
pub fn tag_value(value: &str) -> Result<(), TagError> {
    check(value, MAX_VALUE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_and_values_follow_the_documented_limits() {
        assert!(tag_key("aa").is_ok());
        assert_eq!(tag_key(""), Err(TagError::Empty));
        assert!(tag_key(&"k".repeat(128)).is_ok());
        assert_eq!(
            tag_key(&"k".repeat(129)),
            Err(TagError::TooLong { max: 128, got: 129 })
        );
        assert!(tag_value("").is_ok());
        assert!(tag_value(&"值".repeat(43)).is_ok(), "counted in characters");
        assert!(tag_value(&"v".repeat(44)).is_err());
        assert_eq!(tag_value("a|b"), Err(TagError::Forbidden('|')));
    }

    proptest! {
        #[test]
        fn any_forbidden_character_is_refused(prefix in "[a-z]{0,10}", i in 0usize..7) {
            let text = format!("{prefix}{}", FORBIDDEN[i]);
            prop_assert!(tag_key(&text).is_err());
            prop_assert!(tag_value(&text).is_err());
        }
    }
}
