//! An identity policy document (IAM policy language version 5.0) read into types that hold only
//! valid policies: every action pattern, resource, operator, key and value checked once, here.
//!
//! ```json
//! {"Version": "5.0", "Statement": [{"Sid": "DesktopsOnly", "Effect": "Allow",
//!   "Action": ["workspace:orders:create"], "Resource": ["*"],
//!   "Condition": {"StringEquals": {"workspace:CreateOrderType": ["createDesktops"]}}}]}
//! ```

use std::fmt;

use serde::Deserialize;

use super::condition::{Condition, Truth};
use super::context::RequestContext;
use super::glob;
use super::json::{OneOrMany, Scalar, UniqueMap};

/// The policy language version orderd reads.
pub const VERSION: &str = "5.0";

/// Where a policy comes from, as decisions name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A named policy of the account (`[[accounts.policies]]`).
    Named(String),
    /// The user's `actions = [...]` list, read as one Allow statement.
    Actions,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Named(name) => write!(f, "policy {name:?}"),
            Origin::Actions => f.write_str("the user's actions list"),
        }
    }
}

/// A parsed identity policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Where it comes from.
    pub origin: Origin,
    /// Its statements, in order (at least one).
    pub statements: Vec<Statement>,
}

/// Whether a statement allows or denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Effect {
    /// Allows what it covers, unless a Deny covers it too.
    Allow,
    /// Denies what it covers, whatever allows it.
    Deny,
}

/// An action or action pattern: `service:resource:verb`, each part a name with `*` and `?` as
/// wildcards, or `*` alone for every action. Compared case-insensitively, as IAM does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPattern(String);

impl ActionPattern {
    /// Parses a pattern (`workspace:*:*`, `bss:order:view`, `*`).
    pub fn parse(text: &str) -> Result<ActionPattern, String> {
        let part = |p: &str| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-*?".contains(&b))
        };
        let parts: Vec<&str> = text.split(':').collect();
        if text == "*" || (parts.len() == 3 && parts.iter().all(|p| part(p))) {
            Ok(ActionPattern(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is not an action: use service:resource:verb, each part a name with * \
                 and ? as wildcards"
            ))
        }
    }

    /// True when the pattern covers `action`.
    pub fn covers(&self, action: &str) -> bool {
        glob::matches(&self.0, action, true)
    }
}

impl fmt::Display for ActionPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which actions a statement covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actions {
    /// `Action`: those its patterns cover.
    Listed(Vec<ActionPattern>),
    /// `NotAction`: all but those its patterns cover.
    AllBut(Vec<ActionPattern>),
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Its `Sid`, if any.
    pub sid: Option<String>,
    /// Allow or Deny.
    pub effect: Effect,
    /// The actions it covers.
    pub actions: Actions,
    /// True when its `Resource` is absent or holds `*`. orderd's actions have no resource
    /// types (the seeds' Resource Type column is `-`), so, as in IAM, only such a statement
    /// covers them; one naming URNs only never applies to them.
    pub all_resources: bool,
    /// Its conditions, all of which must hold.
    pub conditions: Vec<Condition>,
}

impl Statement {
    /// True when the statement covers `action` (before its conditions).
    pub fn covers(&self, action: &str) -> bool {
        self.all_resources
            && match &self.actions {
                Actions::Listed(patterns) => patterns.iter().any(|p| p.covers(action)),
                Actions::AllBut(patterns) => !patterns.iter().any(|p| p.covers(action)),
            }
    }

    /// Whether every condition holds in `ctx`.
    pub fn conditions_hold(&self, ctx: &RequestContext) -> Truth {
        self.conditions
            .iter()
            .fold(Truth::True, |truth, c| truth.and(c.holds(ctx)))
    }
}

/// Why a document is not a policy: where (`Statement[0].Condition.StringEquals`) and which rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PolicyError {
    /// The JSON path of what is wrong (`.` for the document itself).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(rename = "Version")]
    version: String,
    #[serde(rename = "Statement")]
    statement: Vec<RawStatement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatement {
    #[serde(rename = "Sid")]
    sid: Option<String>,
    #[serde(rename = "Effect")]
    effect: Effect,
    #[serde(rename = "Action")]
    action: Option<OneOrMany<String>>,
    #[serde(rename = "NotAction")]
    not_action: Option<OneOrMany<String>>,
    #[serde(rename = "Resource")]
    resource: Option<OneOrMany<String>>,
    #[serde(rename = "Condition", default)]
    condition: UniqueMap<UniqueMap<OneOrMany<Scalar>>>,
}

impl Policy {
    /// Reads a policy document (JSON text) named `origin`.
    pub fn parse(origin: Origin, json: &str) -> Result<Policy, PolicyError> {
        let mut de = serde_json::Deserializer::from_str(json);
        let fail = |path: String, message: String| PolicyError { path, message };
        let raw: RawPolicy = serde_path_to_error::deserialize(&mut de)
            .map_err(|err| fail(err.path().to_string(), err.into_inner().to_string()))?;
        de.end().map_err(|e| fail(".".into(), e.to_string()))?;
        if raw.version != VERSION {
            return Err(fail(
                "Version".into(),
                format!("must be {VERSION:?}, got {:?}", raw.version),
            ));
        }
        if raw.statement.is_empty() {
            return Err(fail("Statement".into(), "holds no statement".into()));
        }
        let statements = raw
            .statement
            .into_iter()
            .enumerate()
            .map(|(i, s)| statement(s).map_err(|(at, m)| fail(format!("Statement[{i}]{at}"), m)))
            .collect::<Result<_, _>>()?;
        Ok(Policy { origin, statements })
    }

    /// The user's `actions = [...]` list as a policy: one statement allowing them.
    pub fn actions_list(patterns: Vec<ActionPattern>) -> Policy {
        Policy {
            origin: Origin::Actions,
            statements: vec![Statement {
                sid: None,
                effect: Effect::Allow,
                actions: Actions::Listed(patterns),
                all_resources: true,
                conditions: Vec::new(),
            }],
        }
    }
}

/// A raw statement checked; the error is the path within the statement and the rule.
fn statement(raw: RawStatement) -> Result<Statement, (String, String)> {
    let patterns = |field: &str, list: OneOrMany<String>| {
        if list.0.is_empty() {
            return Err((format!(".{field}"), "names no action".to_owned()));
        }
        list.0
            .iter()
            .enumerate()
            .map(|(i, a)| ActionPattern::parse(a).map_err(|m| (format!(".{field}[{i}]"), m)))
            .collect::<Result<Vec<_>, _>>()
    };
    let actions = match (raw.action, raw.not_action) {
        (Some(list), None) => Actions::Listed(patterns("Action", list)?),
        (None, Some(list)) => Actions::AllBut(patterns("NotAction", list)?),
        (Some(_), Some(_)) => {
            return Err((String::new(), "give Action or NotAction, not both".into()));
        }
        (None, None) => return Err((String::new(), "needs Action or NotAction".into())),
    };
    let all_resources = match raw.resource {
        None => true,
        Some(list) => {
            if list.0.is_empty() {
                return Err((".Resource".into(), "names no resource".into()));
            }
            if let Some((i, r)) = list.0.iter().enumerate().find(|(_, r)| !is_resource(r)) {
                return Err((
                    format!(".Resource[{i}]"),
                    format!(
                        "{r:?} is not a resource: use * or a URN (service:region:account:type:path)"
                    ),
                ));
            }
            list.0.iter().any(|r| r == "*")
        }
    };
    let mut conditions = Vec::new();
    for (operator, keys) in raw.condition.0 {
        if keys.0.is_empty() {
            return Err((format!(".Condition.{operator}"), "names no key".into()));
        }
        for (key, values) in keys.0 {
            let values: Vec<String> = values.0.into_iter().map(|Scalar(v)| v).collect();
            let condition = Condition::parse(&operator, &key, &values)
                .map_err(|m| (format!(".Condition.{operator}"), m))?;
            conditions.push(condition);
        }
    }
    Ok(Statement {
        sid: raw.sid,
        effect: raw.effect,
        actions,
        all_resources,
        conditions,
    })
}

/// `*`, or a URN: parts separated by `:` (`obs:*:*:bucket:*`, `iam::<account>:user:<name>`).
fn is_resource(text: &str) -> bool {
    text == "*" || (text.contains(':') && !text.chars().any(char::is_whitespace))
}
