//! Counts: how many of a thing an order asks for.

use crate::domain::violations::Violations;

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

#[cfg(test)]
mod tests {
    use super::*;

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
