//! The account and project a request acts in, as the auth guard checked them
//! (see [`super::guard`]).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::AppState;
use super::error::{ApiError, ErrorKind};
use super::extract::family_of;
use super::guard::Caller;
use crate::domain::account::{Account, Project};

/// The project named by the `{project_id}` path segment, with its account: always the caller's
/// own (the guard answered 403 otherwise).
#[derive(Debug, Clone)]
pub struct ProjectScope {
    /// The owning account.
    pub account: Account,
    /// The project.
    pub project: Project,
}

impl FromRequestParts<AppState> for ProjectScope {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let family = family_of(&parts.extensions);
        let caller = Caller::from_request_parts(parts, state).await?;
        let project = caller.project.ok_or_else(|| {
            ApiError::new(
                family,
                ErrorKind::Internal,
                "internal error: the route has no {project_id}",
            )
        })?;
        Ok(ProjectScope {
            account: caller.account,
            project,
        })
    }
}

/// The account named by the `{domain_id}` path segment: always the caller's own.
#[derive(Debug, Clone)]
pub struct DomainScope {
    /// The account.
    pub account: Account,
}

impl FromRequestParts<AppState> for DomainScope {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        Ok(DomainScope {
            account: caller.account,
        })
    }
}
