//! Text length rules, counted in characters.

use crate::domain::violations::Violations;
use crate::wire::scalar::{Coerced, given};

/// How an API words a text whose length breaks its rule. Each API keeps its own words: clients
/// and tests match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthWording {
    /// Workspace: `must be 1 to 255 characters, got 256`.
    Characters,
    /// Workspace App: `must be 1 to 255 characters long, got 256`, and `must not be empty` for
    /// an empty text that needs at least one character.
    CharactersLong,
}

/// Checks that `value` holds `min..=max` characters, recording a violation under `path`,
/// worded as `wording` says.
pub fn check_length(
    path: &str,
    value: &str,
    min: usize,
    max: usize,
    wording: LengthWording,
    v: &mut Violations,
) -> bool {
    let n = value.chars().count();
    let ok = (min..=max).contains(&n);
    if !ok {
        let rule = match (wording, min, n) {
            (LengthWording::CharactersLong, 1, 0) => "must not be empty".to_owned(),
            (LengthWording::CharactersLong, ..) => {
                format!("must be {min} to {max} characters long, got {n}")
            }
            (LengthWording::Characters, ..) => {
                format!("must be {min} to {max} characters, got {n}")
            }
        };
        v.push(path, rule);
    }
    ok
}

/// [`check_length`] of an optional text field, when it is given.
pub fn optional_length(
    path: &str,
    field: &Option<Coerced<String>>,
    min: usize,
    max: usize,
    wording: LengthWording,
    v: &mut Violations,
) {
    if let Some(text) = given(field) {
        check_length(path, text, min, max, wording, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(value: &str, min: usize, max: usize, wording: LengthWording) -> String {
        let mut v = Violations::new();
        check_length("f", value, min, max, wording, &mut v);
        v.to_string()
    }

    #[test]
    fn lengths_count_characters_and_keep_each_apis_words() {
        use LengthWording::*;
        assert_eq!(rule("值值", 1, 2, Characters), "");
        assert_eq!(
            rule("abc", 1, 2, Characters),
            "f: must be 1 to 2 characters, got 3"
        );
        assert_eq!(
            rule("", 1, 2, Characters),
            "f: must be 1 to 2 characters, got 0"
        );
        assert_eq!(
            rule("abc", 1, 2, CharactersLong),
            "f: must be 1 to 2 characters long, got 3"
        );
        assert_eq!(rule("", 1, 2, CharactersLong), "f: must not be empty");
        assert_eq!(
            rule("", 2, 3, CharactersLong),
            "f: must be 2 to 3 characters long, got 0"
        );
    }

    #[test]
    fn an_absent_optional_text_is_not_checked() {
        let mut v = Violations::new();
        optional_length("f", &None, 1, 2, LengthWording::Characters, &mut v);
        optional_length(
            "g",
            &Some(Coerced("abc".into())),
            1,
            2,
            LengthWording::Characters,
            &mut v,
        );
        assert_eq!(v.to_string(), "g: must be 1 to 2 characters, got 3");
    }
}
