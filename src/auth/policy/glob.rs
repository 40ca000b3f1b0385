//! Wildcard matching as identity policies use it in actions and `StringLike`: `*` stands for any
//! run of characters (none included), `?` for exactly one. There is no escape: a policy cannot
//! match a literal `*` or `?` other than by itself being matched by the wildcard.

/// True when `text` matches `pattern`; with `fold_case`, letters compare case-insensitively
/// (actions are compared so, as IAM does).
pub fn matches(pattern: &str, text: &str, fold_case: bool) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        let eq = |p: &u8, t: &u8| {
            if fold_case {
                p.eq_ignore_ascii_case(t)
            } else {
                p == t
            }
        };
        return matches_in(pattern.as_bytes(), text.as_bytes(), b'*', b'?', eq);
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let eq = |p: &char, t: &char| {
        if fold_case {
            p.to_lowercase().eq(t.to_lowercase())
        } else {
            p == t
        }
    };
    matches_in(&pattern, &text, '*', '?', eq)
}

/// The classic single-backtrack match: on a mismatch, resume after the last `*` with one more
/// character of the text given to it. Never worse than pattern length × text length steps.
fn matches_in<T: PartialEq>(
    pattern: &[T],
    text: &[T],
    star: T,
    one: T,
    eq: impl Fn(&T, &T) -> bool,
) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(c) if *c == star => {
                resume = Some((p, t));
                p += 1;
            }
            Some(c) if *c == one || eq(c, &text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match resume {
                Some((star_at, taken)) => {
                    resume = Some((star_at, taken + 1));
                    p = star_at + 1;
                    t = taken + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == star)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stars_and_question_marks_stand_for_runs_and_single_characters() {
        let cases: &[(&str, &str, bool, bool)] = &[
            ("*", "", false, true),
            ("*", "anything", false, true),
            ("", "", false, true),
            ("", "a", false, false),
            ("a*", "a", false, true),
            ("a*c", "abbbc", false, true),
            ("a*c", "abbbd", false, false),
            ("a?c", "abc", false, true),
            ("a?c", "ac", false, false),
            ("*:*:create", "dsc:orders:create", false, true),
            ("*:*:create", "dsc:orders:view", false, false),
            ("workspace:*:*", "WORKSPACE:orders:create", true, true),
            ("workspace:*:*", "WORKSPACE:orders:create", false, false),
            ("*a*b*", "xxaxxbxx", false, true),
            ("*a*b", "xxaxxbxxb", false, true),
            ("*a*b", "xxaxxbxxc", false, false),
            ("créé*", "CRÉÉ-1", true, true),
            ("créé?", "créés", false, true),
        ];
        for (pattern, text, fold, expected) in cases {
            assert_eq!(
                matches(pattern, text, *fold),
                *expected,
                "{pattern:?} vs {text:?} (fold {fold})"
            );
        }
    }

    proptest! {
        #[test]
        fn a_text_matches_itself_and_every_star_pattern(text in "[a-z:?*]{0,12}") {
            let literal = text.replace(['*', '?'], "x");
            prop_assert!(matches(&literal, &literal, false));
            prop_assert!(matches("*", &text, false));
            let prefix: String = literal.chars().take(3).collect();
            let pattern = format!("{prefix}*");
            prop_assert!(matches(&pattern, &literal, false));
        }
    }
}
