//! Deciding an action for a request under a user's policies, as IAM does: an explicit Deny
//! wins over any Allow; without an Allow the answer is no (an implicit deny).
//!
//! A context may defer keys (the request body's, until the route has read it). A statement
//! whose conditions depend on a deferred key is *undecided*; the decision is then undecided
//! wherever such a statement could change it: a Deny that may yet apply, or, with no Allow
//! that holds already, an Allow that may. Once the keys are known, the decision is made again.

use std::fmt;

use super::condition::Truth;
use super::context::RequestContext;
use super::document::{Effect, Policy, Statement};

/// One statement of one policy: what decided.
#[derive(Debug, Clone, Copy)]
pub struct StatementRef<'p> {
    /// The policy.
    pub policy: &'p Policy,
    /// The statement's position in it.
    pub index: usize,
}

impl<'p> StatementRef<'p> {
    /// The statement.
    pub fn statement(&self) -> &'p Statement {
        &self.policy.statements[self.index]
    }
}

impl PartialEq for StatementRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.policy, other.policy) && self.index == other.index
    }
}

impl fmt::Display for StatementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Statement[{}]", self.index)?;
        if let Some(sid) = &self.statement().sid {
            write!(f, " ({sid:?})")?;
        }
        write!(f, " of {}", self.policy.origin)
    }
}

/// How a user's policies decide an action.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision<'p> {
    /// The account's root user: policies do not apply.
    Root,
    /// This Allow statement applies and no Deny does.
    Allow(StatementRef<'p>),
    /// This Deny statement applies.
    ExplicitDeny(StatementRef<'p>),
    /// No statement allows the action.
    ImplicitDeny,
    /// This statement's conditions need a deferred key, and it could change the decision.
    Undecided(StatementRef<'p>),
}

impl Decision<'_> {
    /// True for a decision that allows.
    pub fn allows(&self) -> bool {
        matches!(self, Decision::Root | Decision::Allow(_))
    }
}

impl fmt::Display for Decision<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Root => {
                f.write_str("the account's root user: identity policies do not apply")
            }
            Decision::Allow(s) => write!(f, "allowed by {s}"),
            Decision::ExplicitDeny(s) => write!(f, "explicitly denied by {s}"),
            Decision::ImplicitDeny => f.write_str("no statement allows it (implicit deny)"),
            Decision::Undecided(s) => write!(f, "undecided until the request is read: {s}"),
        }
    }
}

/// Decides `action` in `ctx` under `policies` (a user's, in order).
pub fn evaluate<'p>(
    policies: impl IntoIterator<Item = &'p Policy>,
    action: &str,
    ctx: &RequestContext,
) -> Decision<'p> {
    let mut allow = None;
    let mut undecided_allow = None;
    let mut undecided_deny = None;
    for policy in policies {
        for (index, statement) in policy.statements.iter().enumerate() {
            if !statement.covers(action) {
                continue;
            }
            let at = StatementRef { policy, index };
            match (statement.effect, statement.conditions_hold(ctx)) {
                (_, Truth::False) => {}
                (Effect::Deny, Truth::True) => return Decision::ExplicitDeny(at),
                (Effect::Deny, Truth::Unknown) => {
                    undecided_deny.get_or_insert(at);
                }
                (Effect::Allow, Truth::True) => {
                    allow.get_or_insert(at);
                }
                (Effect::Allow, Truth::Unknown) => {
                    undecided_allow.get_or_insert(at);
                }
            }
        }
    }
    match (undecided_deny, allow, undecided_allow) {
        (Some(deny), _, _) => Decision::Undecided(deny),
        (None, Some(allow), _) => Decision::Allow(allow),
        (None, None, Some(allow)) => Decision::Undecided(allow),
        (None, None, None) => Decision::ImplicitDeny,
    }
}
