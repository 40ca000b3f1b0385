//! Field-path errors gathered while a wire request is turned into domain values.

use std::fmt;

/// One broken rule, named by the field path it applies to
/// (`resources[0].create_desktops.root_volume.size`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where in the request body the rule was broken.
    pub path: String,
    /// What the rule is, in words a client can act on.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.rule)
    }
}

/// The most characters of one message that quotes a client's value.
pub const MAX_RULE_CHARS: usize = 300;

/// `text`, cut to [`MAX_RULE_CHARS`] characters with `…` marking the cut.
pub fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_RULE_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Every violation found in one request, in the order they were found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `path` broke `rule` (cut to [`MAX_RULE_CHARS`]: rules quote what was sent,
    /// and an answer must not grow with it).
    pub fn push(&mut self, path: impl Into<String>, rule: impl Into<String>) {
        let rule = rule.into();
        self.0.push(Violation {
            path: path.into(),
            rule: match shorten(&rule) {
                short if short.len() < rule.len() => short,
                _ => rule,
            },
        });
    }

    /// Keeps the value of `result`, or records its error under `path` and gives `None`.
    pub fn take<T, E: fmt::Display>(&mut self, path: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.push(path, err.to_string());
                None
            }
        }
    }

    /// Gives the value of a mandatory field, or records that it is missing.
    pub fn required<T>(&mut self, path: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.push(path, "is required");
        }
        value
    }

    /// Adds every violation of `other`.
    pub fn extend(&mut self, other: Violations) {
        self.0.extend(other.0);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many violations were recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The recorded violations.
    pub fn iter(&self) -> impl Iterator<Item = &Violation> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was recorded, else every violation.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Violations> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl From<Violation> for Violations {
    fn from(violation: Violation) -> Self {
        Self(vec![violation])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_cut_to_the_limit_in_characters() {
        let mut v = Violations::new();
        v.push("type", format!("got {}", "é".repeat(1000)));
        v.push("size", "must be 10 to 32760 GB, got 5");
        let rules: Vec<_> = v.iter().map(|x| x.rule.clone()).collect();
        assert_eq!(rules[0].chars().count(), MAX_RULE_CHARS + 1);
        assert!(rules[0].ends_with('…'));
        assert_eq!(rules[1], "must be 10 to 32760 GB, got 5");
    }

    proptest::proptest! {
        #[test]
        fn shorten_keeps_short_text_and_caps_long_text(text in ".{0,400}") {
            let short = shorten(&text);
            if text.chars().count() <= MAX_RULE_CHARS {
                proptest::prop_assert_eq!(short, text);
            } else {
                proptest::prop_assert_eq!(short.chars().count(), MAX_RULE_CHARS + 1);
                proptest::prop_assert!(text.starts_with(short.trim_end_matches('…')));
            }
        }
    }

    #[test]
    fn display_joins_every_violation_with_its_path() {
        let mut v = Violations::new();
        v.push("a.b", "is required");
        v.push("c[0]", "must be 1 or 2");
        assert_eq!(v.to_string(), "a.b: is required; c[0]: must be 1 or 2");
    }

    #[test]
    fn required_records_only_missing_values() {
        let mut v = Violations::new();
        assert_eq!(v.required("x", Some(1)), Some(1));
        assert!(v.is_empty());
        assert_eq!(v.required::<i32>("y", None), None);
        assert_eq!(v.to_string(), "y: is required");
    }
}
