//! List size rules.

use crate::domain::violations::Violations;

/// Records a violation unless a list, when given, has `min..=max` items; gives its items (none
/// when absent).
pub fn items<'a, T>(
    path: &str,
    list: &'a Option<Vec<T>>,
    min: usize,
    max: usize,
    v: &mut Violations,
) -> &'a [T] {
    let items = list.as_deref().unwrap_or_default();
    if list.is_some() && !(min..=max).contains(&items.len()) {
        v.push(
            path,
            format!("must hold {min} to {max} items, got {}", items.len()),
        );
    }
    items
}

/// A mandatory list with `min..=max` items.
pub fn required_items<'a, T>(
    path: &str,
    list: &'a Option<Vec<T>>,
    min: usize,
    max: usize,
    v: &mut Violations,
) -> &'a [T] {
    if list.is_none() {
        v.push(path, "is required");
    }
    items(path, list, min, max, v)
}

/// A mandatory list that must hold at least one item, `what` naming an item in the rule
/// (`must hold at least one product`); gives its items.
pub fn at_least_one<'a, T>(
    path: &str,
    list: Option<&'a [T]>,
    what: &str,
    v: &mut Violations,
) -> &'a [T] {
    match list {
        None => v.push(path, "is required"),
        Some([]) => v.push(path, format!("must hold at least one {what}")),
        Some(_) => {}
    }
    list.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_sizes_are_checked_only_when_given_unless_required() {
        let mut v = Violations::new();
        assert!(items::<u8>("a", &None, 1, 2, &mut v).is_empty());
        assert_eq!(items("b", &Some(vec![1, 2, 3]), 1, 2, &mut v), [1, 2, 3]);
        required_items::<u8>("c", &None, 1, 2, &mut v);
        required_items::<u8>("d", &Some(vec![]), 1, 2, &mut v);
        assert_eq!(
            v.to_string(),
            "b: must hold 1 to 2 items, got 3; c: is required; d: must hold 1 to 2 items, got 0"
        );
    }

    #[test]
    fn at_least_one_names_what_is_missing() {
        let mut v = Violations::new();
        assert_eq!(at_least_one("a", Some(&[7][..]), "product", &mut v), [7]);
        assert!(at_least_one::<u8>("b", None, "product", &mut v).is_empty());
        assert!(at_least_one::<u8>("c", Some(&[]), "cloud service", &mut v).is_empty());
        assert_eq!(
            v.to_string(),
            "b: is required; c: must hold at least one cloud service"
        );
    }
}
