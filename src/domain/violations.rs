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

/// Every violation found in one request, in the order they were found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `path` broke `rule`.
    pub fn push(&mut self, path: impl Into<String>, rule: impl Into<String>) {
        self.0.push(Violation {
            path: path.into(),
            rule: rule.into(),
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
