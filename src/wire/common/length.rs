//! Text length rules.

use crate::domain::violations::Violations;

/// Checks that `value` holds `min..=max` characters, recording a violation under `path`.
pub fn check_length(path: &str, value: &str, min: usize, max: usize, v: &mut Violations) -> bool {
    let n = value.chars().count();
    let ok = (min..=max).contains(&n);
    if !ok {
        let rule = match (min, n) {
            (1, 0) => "must not be empty".to_owned(),
            _ => format!("must be {min} to {max} characters long, got {n}"),
        };
        v.push(path, rule);
    }
    ok
}
