//! Whether the caller's identity policies allow the route's action, and the actions the request
//! performs beside it, for this request. The request's condition keys are gathered here from
//! what the guard checked: who, from where, when, in which project.
//!
//! A route whose keys come from its body declares them ([`BodyFacts`]). Their values are
//! unknown until the body is read, so the guard first decides with them deferred; only when
//! that leaves the answer open (a statement on them could allow or deny, or a dependent action
//! is not allowed outright) does it read the body, learn them and decide again. Either way the
//! decision is made here, before anything acts on the request (an idempotent replay included).

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::request::Parts;
use time::OffsetDateTime;

use super::Credential;
use crate::auth::action::Action;
use crate::auth::directory::User;
use crate::auth::policy::keys::{self, RequestFacts};
use crate::auth::policy::{Decision, RequestContext};
use crate::domain::account::{Account, Project};
use crate::http::error::{ApiError, ErrorKind, Family};
use crate::http::extract;

/// The condition keys and dependent actions a route reads from its request body.
#[derive(Debug)]
pub struct BodyFacts {
    /// The keys the body gives values to.
    pub keys: &'static [&'static str],
    /// Every action a request may perform beside the route's, depending on its body (each
    /// one `read` may name): when the caller may perform all of them and the route's action
    /// whatever the body says, the body is not read.
    pub dependents: &'static [Action],
    /// Reads the facts from the body's text. A body that is not what the route reads gives
    /// none; the route then refuses it on its own.
    pub read: fn(&str) -> RequestFacts,
}

/// What a route requires: its action, and the facts its body gives the decision.
#[derive(Debug, Clone, Copy)]
pub(super) struct Required {
    pub action: Action,
    pub facts: Option<&'static BodyFacts>,
}

/// The caller as the guard checked them.
pub(super) struct Who<'a> {
    pub user: &'a User,
    pub account: &'a Account,
    pub project: Option<&'a Project>,
    pub credential: &'a Credential,
}

/// Decides `required` for the caller; gives back the body (read, when the decision needed it).
pub(super) async fn permit(
    who: Who<'_>,
    now: OffsetDateTime,
    parts: &Parts,
    body: Body,
    required: Required,
    family: Family,
) -> Result<Body, ApiError> {
    if who.user.root {
        return Ok(body);
    }
    let mut ctx = context(&who, parts, now);
    let action = required.action.as_str();
    let Some(facts) = required.facts else {
        require(who.user, action, &ctx, None, family)?;
        return Ok(body);
    };
    for key in facts.keys {
        ctx.defer(key);
    }
    let early = who.user.decide(action, &ctx);
    if !early.allows() && !matches!(early, Decision::Undecided(_)) {
        return Err(refusal(who.user, action, early, None, family));
    }
    let dependents_allowed = facts
        .dependents
        .iter()
        .all(|d| who.user.decide(d.as_str(), &ctx).allows());
    if early.allows() && dependents_allowed {
        return Ok(body);
    }
    let bytes = read_body(parts, body, family).await?;
    let found = std::str::from_utf8(&bytes)
        .map(facts.read)
        .unwrap_or_default();
    for (key, value) in found.keys {
        ctx.insert(key, value);
    }
    ctx.settle();
    require(who.user, action, &ctx, None, family)?;
    for (dependent, why) in found.dependents {
        require(who.user, dependent.as_str(), &ctx, Some(why), family)?;
    }
    Ok(Body::from(bytes))
}

/// The request's keys that do not depend on its body.
fn context(who: &Who<'_>, parts: &Parts, now: OffsetDateTime) -> RequestContext {
    let mut ctx = keys::identity(who.user, who.account, now);
    // The TCP peer: behind a proxy, the proxy's address (forwarding headers are the client's
    // to write, so they are not believed).
    if let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
        ctx.insert(keys::SOURCE_IP, peer.ip().to_canonical().to_string());
    }
    if let Some(project) = who.project {
        ctx.insert(keys::PROJECT_ID, project.id.as_str());
        ctx.insert(keys::REQUESTED_REGION, project.region.as_str());
    }
    if let Credential::Token(claims) = who.credential
        && let Ok(issued) = OffsetDateTime::from_unix_timestamp(claims.issued_at)
    {
        ctx.insert(keys::TOKEN_ISSUE_TIME, keys::timestamp(issued));
    }
    ctx
}

/// Ok when `user` may perform `action` in `ctx`; `why` says why the request needs it when it is
/// not the route's own action.
fn require(
    user: &User,
    action: &str,
    ctx: &RequestContext,
    why: Option<&str>,
    family: Family,
) -> Result<(), ApiError> {
    match user.decide(action, ctx) {
        decision if decision.allows() => Ok(()),
        decision => Err(refusal(user, action, decision, why, family)),
    }
}

/// The 403 for a refused action: it names the action and whether an explicit deny decided; the
/// statement that decided is logged for the operator, not told to the caller.
fn refusal(
    user: &User,
    action: &str,
    decision: Decision<'_>,
    why: Option<&str>,
    family: Family,
) -> ApiError {
    tracing::info!(user = %user.name, action, %decision, "identity policies refuse an action");
    let needed = why.map_or_else(String::new, |why| {
        format!(", which this request also needs ({why})")
    });
    let explicit = match decision {
        Decision::ExplicitDeny(_) => ": an explicit deny in an identity policy decided",
        _ => "",
    };
    ApiError::new(
        family,
        ErrorKind::Forbidden,
        format!(
            "user {} is not allowed to perform {action}{needed}{explicit}",
            user.name
        ),
    )
}

async fn read_body(
    parts: &Parts,
    body: Body,
    family: Family,
) -> Result<axum::body::Bytes, ApiError> {
    let mut probe = Request::new(body);
    *probe.extensions_mut() = parts.extensions.clone();
    *probe.headers_mut() = parts.headers.clone();
    extract::read_body(probe, family).await
}
