//! One condition of a statement: an operator, a key, and the policy's values for it, parsed
//! into their types when the policy is read (a date that is not a date is refused then, not
//! at a request).
//!
//! How a condition holds (the IAM rules):
//! - values for one key: any of them may match (OR);
//! - a `Not` operator holds exactly where its positive form does not;
//! - a key with several values in the request: `ForAnyValue:` needs one to match, `ForAllValues:`
//!   needs every one to; without a qualifier, a positive operator needs one to match (so a `Not`
//!   operator needs none to);
//! - a key the request does not have: false, except for `Not` operators (true), `...IfExists`
//!   (true), `ForAllValues:` (true) and `Null` (true when it asks for `true`);
//! - a request value the operator cannot read (a date operator on a name) matches nothing.

use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use rust_decimal::Decimal;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::context::{Lookup, RequestContext, fold};
use super::glob;
use super::operator::{Compare, Kind, Operator, Qualifier, StringMatch};

/// Whether a condition (or a statement's conditions) holds for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// It holds.
    True,
    /// It does not.
    False,
    /// It depends on a key the request's context has deferred.
    Unknown,
}

impl Truth {
    /// Both hold (Kleene's three-valued AND: false wins over unknown).
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::True,
        }
    }

    fn of(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

/// The policy's values, in the operator's type.
#[derive(Debug, Clone, PartialEq)]
enum Values {
    Strings(StringMatch, Vec<String>),
    Numbers(Compare, Vec<Decimal>),
    Dates(Compare, Vec<OffsetDateTime>),
    Bools(Vec<bool>),
    Nets(Vec<IpNet>),
    /// `Null`: whether the key must be absent.
    Null(bool),
}

/// A condition of a statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The key, folded for lookups.
    folded_key: String,
    op: Operator,
    values: Values,
}

impl Condition {
    /// Reads a condition: `operator` over `key` with `values` (the policy's, as text). The error
    /// says which value breaks which rule.
    pub fn parse(operator: &str, key: &str, values: &[String]) -> Result<Condition, String> {
        let op = Operator::parse(operator).map_err(|e| e.to_string())?;
        check_key(key)?;
        if values.is_empty() {
            return Err(format!("{key}: give at least one value"));
        }
        let values = match op.kind {
            Kind::String(StringMatch::EqualsIgnoreCase) => Values::Strings(
                StringMatch::EqualsIgnoreCase,
                values.iter().map(|v| v.to_lowercase()).collect(),
            ),
            Kind::String(how) => Values::Strings(how, values.to_vec()),
            Kind::Number(how) => Values::Numbers(how, each(key, values, number, "a number")?),
            Kind::Date(how) => Values::Dates(
                how,
                each(
                    key,
                    values,
                    date,
                    "an RFC 3339 date and time (2026-01-31T08:00:00Z)",
                )?,
            ),
            Kind::Bool => Values::Bools(each(key, values, boolean, "true or false")?),
            Kind::Ip => Values::Nets(each(key, values, net, "an IP address or CIDR range")?),
            Kind::Null => match each(key, values, boolean, "true or false")?.as_slice() {
                [absent] => Values::Null(*absent),
                _ => return Err(format!("{key}: Null takes one value, true or false")),
            },
        };
        Ok(Condition {
            folded_key: fold(key),
            op,
            values,
        })
    }

    /// Whether the condition holds in `ctx`.
    pub fn holds(&self, ctx: &RequestContext) -> Truth {
        let request = match ctx.lookup(&self.folded_key) {
            Lookup::Deferred => return Truth::Unknown,
            Lookup::Absent => None,
            Lookup::Values(values) => Some(values),
        };
        if let Values::Null(absent) = self.values {
            return Truth::of(request.is_none() == absent);
        }
        let Some(request) = request else {
            let holds = self.op.if_exists
                || match self.op.qualifier {
                    Some(Qualifier::ForAllValues) => true,
                    Some(Qualifier::ForAnyValue) => false,
                    None => self.op.negated,
                };
            return Truth::of(holds);
        };
        let test = |v: &String| self.matches(v) != self.op.negated;
        Truth::of(match self.op.qualifier {
            Some(Qualifier::ForAllValues) => request.iter().all(test),
            Some(Qualifier::ForAnyValue) => request.iter().any(test),
            None if self.op.negated => request.iter().all(test),
            None => request.iter().any(test),
        })
    }

    /// True when the request's `value` matches one of the policy's values (the positive form).
    fn matches(&self, value: &str) -> bool {
        match &self.values {
            Values::Strings(how, policy) => {
                let folded = (*how == StringMatch::EqualsIgnoreCase).then(|| value.to_lowercase());
                policy.iter().any(|p| match how {
                    StringMatch::Equals => value == p,
                    StringMatch::EqualsIgnoreCase => folded.as_deref() == Some(p.as_str()),
                    StringMatch::Like => glob::matches(p, value, false),
                    StringMatch::StartWith => value.starts_with(p.as_str()),
                    StringMatch::EndWith => value.ends_with(p.as_str()),
                })
            }
            Values::Numbers(how, policy) => {
                number(value).is_some_and(|v| policy.iter().any(|p| how.holds(&v, p)))
            }
            Values::Dates(how, policy) => {
                date(value).is_some_and(|v| policy.iter().any(|p| how.holds(&v, p)))
            }
            Values::Bools(policy) => boolean(value).is_some_and(|v| policy.contains(&v)),
            Values::Nets(policy) => {
                ip(value).is_some_and(|v| policy.iter().any(|p| p.contains(&v)))
            }
            Values::Null(_) => false,
        }
    }
}

/// Every one of the policy's `values` for `key` read by `parse`; the error names the first
/// that is not `what` it must be.
fn each<T>(
    key: &str,
    values: &[String],
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> Result<Vec<T>, String> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| parse(v).ok_or_else(|| format!("{key}[{i}]: {v:?} is not {what}")))
        .collect()
}

/// A key is `service:name` (`g:SourceIp`, `workspace:CreateOrderType`, `g:PrincipalTag/team`).
fn check_key(key: &str) -> Result<(), String> {
    let valid = key.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty()
            && !name.is_empty()
            && key.chars().all(|c| !c.is_whitespace() && !c.is_control())
    });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{key:?} is not a condition key: use service:name (g:SourceIp, workspace:CreateOrderType)"
        ))
    }
}

fn number(text: &str) -> Option<Decimal> {
    let text = text.trim();
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

fn date(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).ok()
}

fn boolean(text: &str) -> Option<bool> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// An address as a request gives it; an IPv4 client seen on an IPv6 socket (`::ffff:a.b.c.d`)
/// is its IPv4 address.
fn ip(text: &str) -> Option<IpAddr> {
    IpAddr::from_str(text.trim()).ok().map(|a| a.to_canonical())
}

/// A range as a policy gives it: `10.0.0.0/8`, or one address (`10.1.2.3`, a /32).
fn net(text: &str) -> Option<IpNet> {
    let text = text.trim();
    IpNet::from_str(text)
        .ok()
        .or_else(|| ip(text).map(IpNet::from))
}
