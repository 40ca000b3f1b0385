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

/// The most characters of one rule an answer repeats; beyond it the middle is counted, not
/// quoted.
pub const MAX_RULE_CHARS: usize = 512;
/// Of a clipped rule, the characters kept from its end (where serde says what it expected).
const CLIPPED_TAIL_CHARS: usize = 100;

/// `text`, or when longer than [`MAX_RULE_CHARS`] characters its start and its end with the
/// number of characters left out between them.
pub fn clip(text: String) -> String {
    let n = text.chars().count();
    if n <= MAX_RULE_CHARS {
        return text;
    }
    let head = MAX_RULE_CHARS - CLIPPED_TAIL_CHARS;
    let byte = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
    let (head_end, tail_start) = (byte(head), byte(n - CLIPPED_TAIL_CHARS));
    format!(
        "{}… ({} characters left out) …{}",
        &text[..head_end],
        n - MAX_RULE_CHARS,
        &text[tail_start..]
    )
}

/// Every violation found in one request, in the order they were found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `path` broke `rule` (clipped to [`MAX_RULE_CHARS`]: rules quote what was
    /// sent, which may be a megabyte).
    pub fn push(&mut self, path: impl Into<String>, rule: impl Into<String>) {
        self.0.push(Violation {
            path: path.into(),
            rule: clip(rule.into()),
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

impl Violations {
    /// The violations an answer lists: the first [`MAX_LISTED`].
    pub fn listed(&self) -> impl Iterator<Item = &Violation> {
        self.0.iter().take(MAX_LISTED)
    }

    /// How many violations an answer leaves out (beyond [`MAX_LISTED`]).
    pub fn not_listed(&self) -> usize {
        self.0.len().saturating_sub(MAX_LISTED)
    }
}

/// The most violations one answer lists; the rest are counted. A 400 KB body of 100 000 empty
/// product lines would otherwise answer with 20 MB.
pub const MAX_LISTED: usize = 100;

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.listed().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        match self.not_listed() {
            0 => Ok(()),
            n => write!(f, "; … and {n} more"),
        }
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
    fn display_joins_every_violation_with_its_path() {
        let mut v = Violations::new();
        v.push("a.b", "is required");
        v.push("c[0]", "must be 1 or 2");
        assert_eq!(v.to_string(), "a.b: is required; c[0]: must be 1 or 2");
    }

    #[test]
    fn long_rules_keep_their_start_and_end_on_character_boundaries() {
        let short = "must be x, got y".to_owned();
        assert_eq!(clip(short.clone()), short);
        let exact = "é".repeat(MAX_RULE_CHARS);
        assert_eq!(clip(exact.clone()), exact);
        let long = format!("got \"{}\", expected an integer", "é".repeat(1000));
        let left_out = long.chars().count() - MAX_RULE_CHARS;
        let clipped = clip(long);
        assert!(clipped.starts_with("got \"éé"), "{clipped}");
        assert!(clipped.ends_with("éé\", expected an integer"), "{clipped}");
        assert!(
            clipped.contains(&format!("… ({left_out} characters left out) …")),
            "{clipped}"
        );
        let mut v = Violations::new();
        v.push("region_id", format!("got {}", "x".repeat(100_000)));
        assert!(v.to_string().len() < 600, "{}", v.to_string().len());
    }

    proptest::proptest! {
        #[test]
        fn clipping_keeps_start_and_end_and_bounds_the_length(text in ".{0,700}") {
            let clipped = clip(text.clone());
            let n = text.chars().count();
            if n <= MAX_RULE_CHARS {
                proptest::prop_assert_eq!(clipped, text);
            } else {
                let head: String = text.chars().take(MAX_RULE_CHARS - CLIPPED_TAIL_CHARS).collect();
                let tail: String = text.chars().skip(n - CLIPPED_TAIL_CHARS).collect();
                proptest::prop_assert!(clipped.starts_with(&head));
                proptest::prop_assert!(clipped.ends_with(&tail));
                proptest::prop_assert!(clipped.chars().count() <= MAX_RULE_CHARS + 40);
            }
        }
    }

    #[test]
    fn at_most_max_listed_violations_are_listed_and_the_rest_counted() {
        let mut v = Violations::new();
        for i in 0..MAX_LISTED {
            v.push(format!("a[{i}]"), "is required");
        }
        assert!(!v.to_string().contains("more"));
        v.push("b", "is required");
        v.push("c", "is required");
        let text = v.to_string();
        assert!(text.starts_with("a[0]: is required; a[1]: is required"));
        assert!(text.ends_with("a[99]: is required; … and 2 more"), "{text}");
        assert_eq!(
            v.len(),
            MAX_LISTED + 2,
            "all are kept, only the listing is cut"
        );
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
