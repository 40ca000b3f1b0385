//! The per-route authentication and authorization layer. A route declares the action it needs,
//! `post(handler).requires(Action::DSC_ORDERS_CREATE)`, and gets: 401 unless the request is
//! signed with a known access key or carries a valid token; 403 unless the path's project or
//! domain (and `X-Project-Id` / `X-Domain-Id`) are the caller's and the caller's identity
//! policies allow the action ([`permit`]). Handlers then read the checked [`Caller`] (or
//! `ProjectScope`).
//!
//! This module reads the request; judging signatures and tokens is [`crate::auth`]'s.

mod caller;
mod headers;
mod permit;
mod scope;
mod signed;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

pub use caller::{Caller, Credential};
pub use headers::{AUTH_TOKEN_HEADER, DOMAIN_ID_HEADER, PROJECT_ID_HEADER};
pub use permit::BodyFacts;

use super::error::{ApiError, ErrorKind, Family};
use super::extract::family_of;
use super::idempotency::idempotent;
use crate::auth::action::Action;
use crate::auth::{Auth, Unauthenticated};
use headers::text;
use permit::{Required, Who};

/// Declares the action a route requires. Guarded routes also honour `X-Client-Token`
/// ([`super::idempotency`]) once the caller is known.
pub trait Requires {
    /// Guards the route: only a caller who proves who they are, acts in their own account, and
    /// may perform `action` reaches the handler.
    fn requires(self, action: Action) -> Self;

    /// Guards the route like [`Requires::requires`], where the caller's policies may also judge
    /// the request by its body (`facts`: condition keys and dependent actions read from it).
    fn requires_judging_body(self, action: Action, facts: &'static BodyFacts) -> Self;

    /// Guards a route every authenticated user of an account may call (IAM's own lookups of
    /// the caller's projects and domain): identity and scope are checked, no action is.
    fn authenticated(self) -> Self;
}

impl<S: Clone + Send + Sync + 'static> Requires for MethodRouter<S> {
    fn requires(self, action: Action) -> Self {
        guarded(
            self,
            Some(Required {
                action,
                facts: None,
            }),
        )
    }

    fn requires_judging_body(self, action: Action, facts: &'static BodyFacts) -> Self {
        let facts = Some(facts);
        guarded(self, Some(Required { action, facts }))
    }

    fn authenticated(self) -> Self {
        guarded(self, None)
    }
}

fn guarded<S: Clone + Send + Sync + 'static>(
    route: MethodRouter<S>,
    required: Option<Required>,
) -> MethodRouter<S> {
    route
        .route_layer(axum::middleware::from_fn(idempotent))
        .route_layer(axum::middleware::from_fn(
            move |req: Request, next: Next| guard(required, req, next),
        ))
}

async fn guard(required: Option<Required>, req: Request, next: Next) -> Response {
    match authorize(required, req).await {
        Ok(req) => next.run(req).await,
        Err(err) => {
            // The reason, for operators; messages never hold a secret, signature or token. It
            // may quote the client's path or headers: logged escaped (`?`), so that a newline or
            // a terminal escape in them cannot forge a log line.
            tracing::info!(reason = ?err.message, "request refused by the auth guard");
            err.into_response()
        }
    }
}

/// The gateway's 401, whatever the route's family: it checks credentials before any service.
impl From<Unauthenticated> for ApiError {
    fn from(Unauthenticated(message): Unauthenticated) -> ApiError {
        ApiError::new(
            Family::Gateway,
            ErrorKind::Unauthenticated,
            format!("Incorrect IAM authentication information: {message}"),
        )
    }
}

async fn authorize(required: Option<Required>, req: Request) -> Result<Request, ApiError> {
    let auth = req
        .extensions()
        .get::<Arc<Auth>>()
        .cloned()
        .expect("the router installs Auth");
    let family = family_of(req.extensions());
    let (mut parts, body) = req.into_parts();

    let (user, credential, body) = if parts.headers.contains_key(header::AUTHORIZATION) {
        let (user, access_key, body) =
            signed::verify_signature(&auth, &parts, body, family).await?;
        (user, Credential::AccessKey(access_key), body)
    } else if let Some(token) = text(&parts.headers, AUTH_TOKEN_HEADER)? {
        let (user, claims) = auth.verify_token(token.trim())?;
        (user, Credential::Token(claims), body)
    } else {
        return Err(Unauthenticated(
            "no credentials: sign the request with an access key \
             (Authorization: SDK-HMAC-SHA256 ...) or send X-Auth-Token"
                .into(),
        )
        .into());
    };

    let account = auth
        .directory
        .account(&user.domain_id)
        .cloned()
        .expect("users belong to declared accounts");
    // Path parameters that cannot be decoded name no project of the caller's: refuse.
    let Path(params) = Path::<HashMap<String, String>>::from_request_parts(&mut parts, &())
        .await
        .map_err(|e| ApiError::not_found(family, e.body_text()))?;
    let project = scope::check_scope(&parts.headers, &params, &account, &credential, family)?;
    let body = match required {
        Some(required) => {
            let who = Who {
                user: &user,
                account: &account,
                project: project.as_ref(),
                credential: &credential,
            };
            permit::permit(who, auth.clock.now(), &parts, body, required, family).await?
        }
        None => body,
    };
    parts.extensions.insert(Caller {
        user_id: user.id,
        user_name: user.name,
        account,
        project,
        credential,
    });
    Ok(Request::from_parts(parts, body))
}
