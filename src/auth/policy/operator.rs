//! Condition operators by name: `StringEquals`, `ForAnyValue:StringLike`, `NumberLessThanIfExists`,
//! ... A name is an optional qualifier (`ForAllValues:` or `ForAnyValue:`), a base operator, and
//! an optional `IfExists` suffix. Names are case-sensitive, as IAM writes them.

use std::fmt;

/// How a string condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringMatch {
    /// Exactly equal.
    Equals,
    /// Equal ignoring case.
    EqualsIgnoreCase,
    /// Matches the pattern (`*`, `?`), case-sensitively.
    Like,
    /// Starts with the value.
    StartWith,
    /// Ends with the value.
    EndWith,
}

/// How a number or date condition compares the request's value with the policy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// Equal.
    Equals,
    /// The request's value is less.
    LessThan,
    /// Less or equal.
    LessThanEquals,
    /// Greater.
    GreaterThan,
    /// Greater or equal.
    GreaterThanEquals,
}

impl Compare {
    /// True when `request` stands in this relation to `policy`.
    pub fn holds<T: PartialOrd>(self, request: &T, policy: &T) -> bool {
        match self {
            Compare::Equals => request == policy,
            Compare::LessThan => request < policy,
            Compare::LessThanEquals => request <= policy,
            Compare::GreaterThan => request > policy,
            Compare::GreaterThanEquals => request >= policy,
        }
    }
}

/// What a base operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    String(StringMatch),
    /// Decimal numbers.
    Number(Compare),
    /// Dates and times (RFC 3339).
    Date(Compare),
    /// `true` or `false`.
    Bool,
    /// An address within an IP range (CIDR).
    Ip,
    /// Whether the key is absent (`true`) or present (`false`).
    Null,
}

/// How a condition treats a key with several values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// Every value must match (true when the key has none).
    ForAllValues,
    /// At least one value must match (false when the key has none).
    ForAnyValue,
}

/// A parsed operator name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    /// What it compares.
    pub kind: Kind,
    /// A `Not` operator: true exactly where its positive form is false.
    pub negated: bool,
    /// `ForAllValues:` or `ForAnyValue:`.
    pub qualifier: Option<Qualifier>,
    /// `...IfExists`: true when the request has no value for the key.
    pub if_exists: bool,
}

/// Every base operator: its name, what it compares, and whether it is a `Not` form.
const BASES: &[(&str, Kind, bool)] = {
    use Compare as C;
    use Kind::*;
    use StringMatch as S;
    &[
        ("StringEquals", String(S::Equals), false),
        ("StringNotEquals", String(S::Equals), true),
        ("StringEqualsIgnoreCase", String(S::EqualsIgnoreCase), false),
        (
            "StringNotEqualsIgnoreCase",
            String(S::EqualsIgnoreCase),
            true,
        ),
        ("StringLike", String(S::Like), false),
        ("StringNotLike", String(S::Like), true),
        ("StringStartWith", String(S::StartWith), false),
        ("StringEndWith", String(S::EndWith), false),
        ("NumberEquals", Number(C::Equals), false),
        ("NumberNotEquals", Number(C::Equals), true),
        ("NumberLessThan", Number(C::LessThan), false),
        ("NumberLessThanEquals", Number(C::LessThanEquals), false),
        ("NumberGreaterThan", Number(C::GreaterThan), false),
        (
            "NumberGreaterThanEquals",
            Number(C::GreaterThanEquals),
            false,
        ),
        ("DateEquals", Date(C::Equals), false),
        ("DateNotEquals", Date(C::Equals), true),
        ("DateLessThan", Date(C::LessThan), false),
        ("DateLessThanEquals", Date(C::LessThanEquals), false),
        ("DateGreaterThan", Date(C::GreaterThan), false),
        ("DateGreaterThanEquals", Date(C::GreaterThanEquals), false),
        ("Bool", Bool, false),
        ("IpAddress", Ip, false),
        ("NotIpAddress", Ip, true),
        ("Null", Null, false),
    ]
};

const IF_EXISTS: &str = "IfExists";

/// Why an operator name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOperator(String);

impl fmt::Display for UnknownOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Operator {
    /// Parses an operator name.
    pub fn parse(name: &str) -> Result<Operator, UnknownOperator> {
        let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Some(Qualifier::ForAllValues), rest)
        } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Some(Qualifier::ForAnyValue), rest)
        } else {
            (None, name)
        };
        let (base, if_exists) = match rest.strip_suffix(IF_EXISTS) {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let Some(&(_, kind, negated)) = BASES.iter().find(|(n, _, _)| *n == base) else {
            let known: Vec<&str> = BASES.iter().map(|(n, _, _)| *n).collect();
            return Err(UnknownOperator(format!(
                "unknown operator {name:?}: use one of {}, optionally prefixed with \
                 ForAllValues: or ForAnyValue: and suffixed with IfExists",
                known.join(", ")
            )));
        };
        if kind == Kind::Null && (qualifier.is_some() || if_exists) {
            return Err(UnknownOperator(format!(
                "unknown operator {name:?}: Null takes no ForAllValues:/ForAnyValue: qualifier \
                 and no IfExists suffix"
            )));
        }
        Ok(Operator {
            kind,
            negated,
            qualifier,
            if_exists,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_a_qualifier_a_base_and_a_suffix() {
        let op = Operator::parse("ForAnyValue:StringNotLikeIfExists").unwrap();
        assert_eq!(op.kind, Kind::String(StringMatch::Like));
        assert!(op.negated && op.if_exists);
        assert_eq!(op.qualifier, Some(Qualifier::ForAnyValue));
        let op = Operator::parse("NumberLessThanEquals").unwrap();
        assert_eq!(op.kind, Kind::Number(Compare::LessThanEquals));
        assert!(!op.negated && !op.if_exists && op.qualifier.is_none());
        for (name, _, _) in BASES {
            assert!(Operator::parse(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn unknown_names_and_null_with_decorations_are_refused() {
        for bad in [
            "StringEqualz",
            "stringequals",
            "StringEquals ",
            "ForEveryValue:StringEquals",
            "IfExists",
            "ForAllValues:",
            "NullIfExists",
            "ForAnyValue:Null",
            "NumericEquals",
        ] {
            let err = Operator::parse(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("{bad:?}")), "{bad}: {err}");
        }
    }

    #[test]
    fn comparisons_order_the_request_value_against_the_policy_value() {
        assert!(Compare::LessThan.holds(&1, &2));
        assert!(!Compare::LessThan.holds(&2, &2));
        assert!(Compare::LessThanEquals.holds(&2, &2));
        assert!(Compare::GreaterThan.holds(&3, &2));
        assert!(Compare::GreaterThanEquals.holds(&2, &2));
        assert!(Compare::Equals.holds(&2, &2));
        assert!(!Compare::Equals.holds(&1, &2));
    }
}
