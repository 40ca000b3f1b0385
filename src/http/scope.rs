//! The account (and project) a request acts in, taken from its path.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use std::collections::HashMap;

use super::AppState;
use super::error::ApiError;
use super::extract::family_of;
use crate::domain::account::{Account, Project};

/// The project named by the `{project_id}` path segment, with its account.
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
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::not_found(family, e.body_text()))?;
        let project_id = params
            .get("project_id")
            .map(String::as_str)
            .unwrap_or_default();
        let (account, project) = state.accounts.by_project(project_id).ok_or_else(|| {
            ApiError::not_found(family, format!("project {project_id} does not exist"))
        })?;
        Ok(ProjectScope {
            account: account.clone(),
            project: project.clone(),
        })
    }
}

/// The account named by the `{domain_id}` path segment (account-level APIs such as IES delivery
/// orders). An id no account has is a 404 in the route's family.
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
        let family = family_of(&parts.extensions);
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::not_found(family, e.body_text()))?;
        let domain_id = params
            .get("domain_id")
            .map(String::as_str)
            .unwrap_or_default();
        let account = state.accounts.by_domain(domain_id).ok_or_else(|| {
            ApiError::not_found(family, format!("domain {domain_id} does not exist"))
        })?;
        Ok(DomainScope {
            account: account.clone(),
        })
    }
}
