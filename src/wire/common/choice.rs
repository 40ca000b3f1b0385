//! Fields that take one of a fixed set of words.

use crate::domain::violations::Violations;

/// Records a violation under `path` unless `value` is one of `allowed`.
pub fn one_of(path: &str, value: &str, allowed: &[&str], v: &mut Violations) -> bool {
    let ok = allowed.contains(&value);
    if !ok {
        v.push(
            path,
            format!("must be one of {}, got {value}", allowed.join(", ")),
        );
    }
    ok
}
