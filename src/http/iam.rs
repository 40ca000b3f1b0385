//! IAM: `POST /v3/auth/tokens` (password login), and the two lookups the official SDKs make
//! when a client gives no project or domain id: `GET /v3/projects` and `GET /v3/auth/domains`.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};

use super::AppState;
use super::error::{ApiError, ErrorKind, Family};
use super::extract::ApiJson;
use super::guard::{Caller, Requires};
use crate::domain::account::Account;
use crate::domain::clock::utc_micros;
use crate::wire::iam::{
    DomainRef, DomainView, DomainsResponse, Links, ProjectView, ProjectsResponse, RequestedScope,
    TokenProject, TokenRequest, TokenResponse, TokenUser, TokenView,
};

const FAMILY: Family = Family::Iam;

/// The header a new token is answered in.
pub const SUBJECT_TOKEN_HEADER: &str = "x-subject-token";

/// The IAM routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v3/auth/tokens", post(create_token))
        .route("/v3/projects", get(list_projects).authenticated())
        .route("/v3/auth/domains", get(list_domains).authenticated())
        .layer(Extension(FAMILY))
}

fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

async fn create_token(
    State(state): State<AppState>,
    body: ApiJson<TokenRequest>,
) -> Result<Response, ApiError> {
    let login = body
        .value
        .into_login()
        .map_err(|v| ApiError::invalid(FAMILY, &v))?;
    let auth = state.auth.clone();
    let (domain_name, user_name, password) = (
        login.domain_name.clone(),
        login.user_name.clone(),
        login.password.clone(),
    );
    // Argon2 is deliberately slow and memory-hungry: a few dedicated threads run it, and
    // logins beyond what they can queue are refused at once.
    let user = state
        .password_checks
        .run(move || {
            auth.directory
                .login(&domain_name, &user_name, password.expose())
                .cloned()
        })
        .await
        .map_err(|busy| ApiError::new(FAMILY, ErrorKind::TooManyRequests, busy.to_string()))?
        .ok_or_else(|| {
            ApiError::new(
                FAMILY,
                ErrorKind::Unauthenticated,
                "The username or password is wrong.",
            )
        })?;
    let account = state
        .auth
        .directory
        .account(&user.domain_id)
        .cloned()
        .expect("users belong to declared accounts");
    let domain = DomainRef {
        id: account.domain_id.clone(),
        name: account.domain_name.clone(),
    };
    let forbidden = |what: String| {
        ApiError::new(
            FAMILY,
            ErrorKind::Forbidden,
            format!("{what} is not in account {}", account.domain_name),
        )
    };
    let project = match &login.scope {
        RequestedScope::ProjectId(id) => Some(
            account
                .projects
                .iter()
                .find(|p| &p.id == id)
                .ok_or_else(|| forbidden(format!("project {id}")))?,
        ),
        RequestedScope::ProjectName(name) => {
            let mut named = account.projects.iter().filter(|p| &p.region == name);
            let first = named
                .next()
                .ok_or_else(|| forbidden(format!("project {name}")))?;
            if named.next().is_some() {
                return Err(ApiError::new(
                    FAMILY,
                    ErrorKind::InvalidParameter,
                    format!(
                        "auth.scope.project.name: {name} names more than one project; give its id"
                    ),
                ));
            }
            Some(first)
        }
        RequestedScope::DomainId(id) if *id != account.domain_id => {
            return Err(forbidden(format!("domain {id}")));
        }
        RequestedScope::DomainName(name) if *name != account.domain_name => {
            return Err(forbidden(format!("domain {name}")));
        }
        RequestedScope::DomainId(_) | RequestedScope::DomainName(_) => None,
    };
    let now = state.auth.clock.now();
    let (token, claims) = state.auth.tokens.issue(
        &user.id,
        &user.domain_id,
        project.map(|p| p.id.as_str()),
        now,
    );
    let expires = time::OffsetDateTime::from_unix_timestamp(claims.expires_at)
        .expect("expiry is a valid time");
    let view = TokenView {
        methods: vec!["password".into()],
        expires_at: utc_micros(expires),
        issued_at: utc_micros(now),
        user: TokenUser {
            id: user.id.clone(),
            name: user.name.clone(),
            domain: domain.clone(),
            password_expires_at: String::new(),
        },
        project: project.map(|p| TokenProject {
            id: p.id.clone(),
            name: p.region.clone(),
            domain: domain.clone(),
        }),
        domain: project.is_none().then(|| domain.clone()),
        roles: Vec::new(),
        catalog: Vec::new(),
    };
    let mut response = (StatusCode::CREATED, Json(TokenResponse { token: view })).into_response();
    response.headers_mut().insert(
        SUBJECT_TOKEN_HEADER,
        token.parse().expect("tokens are visible ASCII"),
    );
    Ok(response)
}

async fn list_projects(
    caller: Caller,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Json<ProjectsResponse> {
    let base = base_url(&headers);
    let Account {
        domain_id,
        projects,
        ..
    } = caller.account;
    let projects = projects
        .into_iter()
        .filter(|p| query.get("name").is_none_or(|name| *name == p.region))
        .filter(|p| query.get("id").is_none_or(|id| *id == p.id))
        .map(|p| ProjectView {
            links: Links {
                self_: format!("{base}/v3/projects/{}", p.id),
            },
            id: p.id,
            name: p.region,
            domain_id: domain_id.clone(),
            parent_id: domain_id.clone(),
            enabled: true,
            is_domain: false,
            description: String::new(),
        })
        .collect();
    Json(ProjectsResponse {
        projects,
        links: Links {
            self_: format!("{base}/v3/projects"),
        },
    })
}

async fn list_domains(caller: Caller, headers: HeaderMap) -> Json<DomainsResponse> {
    let base = base_url(&headers);
    let account = caller.account;
    Json(DomainsResponse {
        domains: vec![DomainView {
            links: Links {
                self_: format!("{base}/v3/domains/{}", account.domain_id),
            },
            id: account.domain_id,
            name: account.domain_name,
            enabled: true,
            description: String::new(),
        }],
        links: Links {
            self_: format!("{base}/v3/auth/domains"),
        },
    })
}
