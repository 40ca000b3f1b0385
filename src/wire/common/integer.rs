//! Integer rules: counts and ranges.

use crate::domain::violations::Violations;
use crate::wire::scalar::{OrEmpty, given};

/// A count (`count`, `subscriptionNum`): at least 1 and, since the services bind the seeds'
/// `Integer`/`Int` to an int32, at most 2147483647. Records a violation under `path` otherwise.
pub fn positive_int32(path: &str, n: i64, v: &mut Violations) -> Option<u32> {
    if n < 1 {
        v.push(path, format!("must be at least 1, got {n}"));
        return None;
    }
    match i32::try_from(n) {
        Ok(n) => Some(n.unsigned_abs()),
        Err(_) => {
            v.push(path, format!("must be at most {}, got {n}", i32::MAX));
            None
        }
    }
}

/// Records a violation unless `value` is within `min..=max`; gives it when it is and fits a `u32`.
pub fn range(path: &str, value: i64, min: i64, max: i64, v: &mut Violations) -> Option<u32> {
    if (min..=max).contains(&value) {
        u32::try_from(value).ok()
    } else {
        v.push(path, format!("must be {min} to {max}, got {value}"));
        None
    }
}

/// [`range`] of an optional integer field, when it is given.
pub fn optional_range(path: &str, field: &OrEmpty<i64>, min: i64, max: i64, v: &mut Violations) {
    if let Some(value) = given(field) {
        range(path, value, min, max, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive_and_checked_only_when_given() {
        let mut v = Violations::new();
        assert_eq!(range("a", 1, 1, 100, &mut v), Some(1));
        assert_eq!(range("b", 100, 1, 100, &mut v), Some(100));
        assert_eq!(range("c", 101, 1, 100, &mut v), None);
        assert_eq!(range("d", -1, -5, 5, &mut v), None, "in range, not a u32");
        optional_range("e", &OrEmpty(None), 1, 2, &mut v);
        optional_range("f", &OrEmpty(Some(0)), 1, 2, &mut v);
        assert_eq!(
            v.to_string(),
            "c: must be 1 to 100, got 101; f: must be 1 to 2, got 0"
        );
    }

    #[test]
    fn counts_are_positive_int32s() {
        let mut v = Violations::new();
        assert_eq!(positive_int32("n", 1, &mut v), Some(1));
        assert_eq!(
            positive_int32("n", 2_147_483_647, &mut v),
            Some(2_147_483_647)
        );
        assert!(v.is_empty());
        for (bad, rule) in [
            (0, "n: must be at least 1, got 0"),
            (-1, "n: must be at least 1, got -1"),
            (
                2_147_483_648,
                "n: must be at most 2147483647, got 2147483648",
            ),
            (
                i64::MAX,
                "n: must be at most 2147483647, got 9223372036854775807",
            ),
        ] {
            let mut v = Violations::new();
            assert_eq!(positive_int32("n", bad, &mut v), None, "{bad}");
            assert_eq!(v.to_string(), rule);
        }
    }
}
