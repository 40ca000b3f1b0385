//! The per-route authentication and authorization layer, and the [`Caller`] it hands on.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

use super::action::Action;
use super::token::Claims;
use super::{Auth, aksk};
use crate::domain::account::{Account, Project};
use crate::http::error::{ApiError, ErrorKind, Family};
use crate::http::extract::family_of;

/// The header carrying an IAM token.
pub const AUTH_TOKEN_HEADER: &str = "x-auth-token";
/// The header regional SDK clients send with the project id.
pub const PROJECT_ID_HEADER: &str = "x-project-id";
/// The header global SDK clients send with the account (domain) id.
pub const DOMAIN_ID_HEADER: &str = "x-domain-id";

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A request signed with this access key.
    AccessKey(String),
    /// An IAM token with these claims.
    Token(Claims),
}

/// The authenticated, authorized caller of a request, as the guard checked it.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user's id.
    pub user_id: String,
    /// The user's name.
    pub user_name: String,
    /// The user's account.
    pub account: Account,
    /// The project the path names, checked to be the caller's.
    pub project: Option<Project>,
    /// How the caller authenticated.
    pub credential: Credential,
}

/// Declares the action a route requires.
pub trait Requires {
    /// Guards the route: only a caller who proves who they are, acts in their own account, and
    /// may perform `action` reaches the handler.
    fn requires(self, action: Action) -> Self;

    /// Guards a route every authenticated user of an account may call (IAM's own lookups of
    /// the caller's projects and domain): identity and scope are checked, no action is.
    fn authenticated(self) -> Self;
}

impl<S: Clone + Send + Sync + 'static> Requires for MethodRouter<S> {
    fn requires(self, action: Action) -> Self {
        self.route_layer(axum::middleware::from_fn(
            move |req: Request, next: Next| guard(Some(action), req, next),
        ))
    }

    fn authenticated(self) -> Self {
        self.route_layer(axum::middleware::from_fn(|req: Request, next: Next| {
            guard(None, req, next)
        }))
    }
}

async fn guard(action: Option<Action>, req: Request, next: Next) -> Response {
    match authorize(action, req).await {
        Ok(req) => next.run(req).await,
        Err(err) => {
            // The reason, for operators; messages never hold a secret, signature or token.
            tracing::info!(reason = %err.message, "request refused by the auth guard");
            err.into_response()
        }
    }
}

pub(super) fn unauthenticated(message: impl Into<String>) -> ApiError {
    ApiError::new(
        Family::Gateway,
        ErrorKind::Unauthenticated,
        format!(
            "Incorrect IAM authentication information: {}",
            message.into()
        ),
    )
}

/// The one value of header `name`, if sent; sending it twice is refused.
pub(super) fn single<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h [u8]>, ApiError> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(unauthenticated(format!(
            "header {name} is sent more than once"
        )));
    }
    Ok(first.map(|v| v.as_bytes()))
}

pub(super) fn text<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, ApiError> {
    single(headers, name)?
        .map(|v| {
            std::str::from_utf8(v)
                .map_err(|_| unauthenticated(format!("header {name} is not text")))
        })
        .transpose()
}

async fn authorize(action: Option<Action>, req: Request) -> Result<Request, ApiError> {
    let auth = req
        .extensions()
        .get::<Arc<Auth>>()
        .cloned()
        .expect("the router installs Auth");
    let family = family_of(req.extensions());
    let (mut parts, body) = req.into_parts();

    let (user, credential, body) = if parts.headers.contains_key(header::AUTHORIZATION) {
        let (user, access_key, body) = aksk::verify_signature(&auth, &parts, body, family).await?;
        (user, Credential::AccessKey(access_key), body)
    } else if let Some(token) = text(&parts.headers, AUTH_TOKEN_HEADER)? {
        let claims = auth
            .tokens
            .verify(token.trim(), auth.clock.now())
            .map_err(|e| unauthenticated(e.to_string()))?;
        let user = auth
            .directory
            .user(&claims.user_id)
            .filter(|u| u.domain_id == claims.domain_id)
            .ok_or_else(|| unauthenticated("the token's user no longer exists"))?;
        (user.clone(), Credential::Token(claims), body)
    } else {
        return Err(unauthenticated(
            "no credentials: sign the request with an access key \
             (Authorization: SDK-HMAC-SHA256 ...) or send X-Auth-Token",
        ));
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
    let project = check_scope(&parts.headers, &params, &account, &credential, family)?;
    if let Some(action) = action
        && !user.may(action)
    {
        return Err(ApiError::new(
            family,
            ErrorKind::Forbidden,
            format!("user {} is not allowed to perform {action}", user.name),
        ));
    }
    parts.extensions.insert(Caller {
        user_id: user.id,
        user_name: user.name,
        account,
        project,
        credential,
    });
    Ok(Request::from_parts(parts, body))
}

/// Checks that the path's project or domain and the `X-Project-Id` / `X-Domain-Id` headers are
/// the caller's, and within what a token was scoped to. A project that exists in another
/// account gets the same answer as one that does not exist.
fn check_scope(
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    account: &Account,
    credential: &Credential,
    family: Family,
) -> Result<Option<Project>, ApiError> {
    let forbidden = |message: String| ApiError::new(family, ErrorKind::Forbidden, message);
    let own_project = |id: &str| account.projects.iter().find(|p| p.id == id);
    let token_project = match credential {
        Credential::Token(claims) => Some(claims.project_id.as_deref()),
        Credential::AccessKey(_) => None,
    };

    let project = match params.get("project_id") {
        None => None,
        Some(id) => {
            let project = own_project(id).ok_or_else(|| {
                forbidden(format!("project {id} is not a project of your account"))
            })?;
            match token_project {
                Some(Some(scoped)) if scoped != id => {
                    return Err(forbidden(format!(
                        "the token is scoped to project {scoped}, not {id}"
                    )));
                }
                Some(None) => {
                    return Err(forbidden(format!(
                        "the token is scoped to the domain; project {id} needs a project-scoped token"
                    )));
                }
                _ => {}
            }
            Some(project.clone())
        }
    };
    if let Some(domain) = params.get("domain_id")
        && *domain != account.domain_id
    {
        return Err(forbidden(format!("domain {domain} is not your account")));
    }
    let header_text = |name: &str| {
        text(headers, name).map_err(|_| forbidden(format!("header {name} is not valid")))
    };
    if let Some(sent) = header_text(PROJECT_ID_HEADER)? {
        match &project {
            Some(p) if p.id != sent => {
                return Err(forbidden(format!(
                    "X-Project-Id {sent} does not match the project {} in the path",
                    p.id
                )));
            }
            None if own_project(sent).is_none() => {
                return Err(forbidden(format!(
                    "X-Project-Id {sent} is not a project of your account"
                )));
            }
            _ => {}
        }
    }
    if let Some(sent) = header_text(DOMAIN_ID_HEADER)?
        && sent != account.domain_id
    {
        return Err(forbidden(format!(
            "X-Domain-Id {sent} is not your account's domain id"
        )));
    }
    Ok(project)
}

fn not_guarded() -> ApiError {
    // A route that reads the caller but forgot `.requires(...)`: refuse rather than serve.
    unauthenticated("the request was not authenticated")
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(not_guarded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn account() -> Account {
        Account {
            domain_name: "acme".into(),
            domain_id: "d1".into(),
            projects: vec![
                Project {
                    id: "p1".into(),
                    region: "r1".into(),
                },
                Project {
                    id: "p2".into(),
                    region: "r2".into(),
                },
            ],
            edge_sites: vec![],
        }
    }

    fn token(project: Option<&str>) -> Credential {
        Credential::Token(Claims {
            user_id: "u".into(),
            domain_id: "d1".into(),
            project_id: project.map(str::to_owned),
            issued_at: 0,
            expires_at: 1,
        })
    }

    type Pairs<'a> = &'a [(&'static str, &'static str)];

    fn check(
        params: Pairs,
        headers: Pairs,
        credential: &Credential,
    ) -> Result<Option<String>, String> {
        let params = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.append(*k, HeaderValue::from_str(v).unwrap());
        }
        check_scope(&map, &params, &account(), credential, Family::Gateway)
            .map(|p| p.map(|p| p.id))
            .map_err(|e| {
                assert_eq!(e.kind, ErrorKind::Forbidden);
                e.message
            })
    }

    #[test]
    fn the_path_scope_must_be_the_callers_and_within_the_token() {
        let key = Credential::AccessKey("AK".into());
        assert_eq!(
            check(&[("project_id", "p2")], &[], &key),
            Ok(Some("p2".into()))
        );
        assert_eq!(check(&[], &[], &key), Ok(None));
        assert_eq!(check(&[("domain_id", "d1")], &[], &key), Ok(None));
        let cases: &[(Pairs, Pairs, Credential, &str)] = &[
            (
                &[("project_id", "p9")],
                &[],
                key.clone(),
                "project p9 is not a project of your account",
            ),
            (
                &[("domain_id", "d9")],
                &[],
                key.clone(),
                "domain d9 is not your account",
            ),
            (
                &[("project_id", "p1")],
                &[("x-project-id", "p2")],
                key.clone(),
                "does not match",
            ),
            (
                &[],
                &[("x-project-id", "p9")],
                key.clone(),
                "X-Project-Id p9 is not a project",
            ),
            (
                &[("domain_id", "d1")],
                &[("x-domain-id", "d2")],
                key.clone(),
                "X-Domain-Id d2",
            ),
            (
                &[("project_id", "p2")],
                &[],
                token(Some("p1")),
                "scoped to project p1, not p2",
            ),
            (
                &[("project_id", "p1")],
                &[],
                token(None),
                "needs a project-scoped token",
            ),
        ];
        for (params, headers, credential, needle) in cases {
            let err = check(params, headers, credential).unwrap_err();
            assert!(err.contains(needle), "{params:?} {headers:?}: {err}");
        }
        assert_eq!(
            check(&[("project_id", "p1")], &[], &token(Some("p1"))),
            Ok(Some("p1".into()))
        );
        assert_eq!(check(&[("domain_id", "d1")], &[], &token(None)), Ok(None));
    }
}
