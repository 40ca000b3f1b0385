//! The caller the guard checked, as handlers read it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::Unauthenticated;
use crate::auth::token::Claims;
use crate::domain::account::{Account, Project};
use crate::http::error::ApiError;

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

fn not_guarded() -> ApiError {
    // A route that reads the caller but forgot `.requires(...)`: refuse rather than serve.
    Unauthenticated("the request was not authenticated".into()).into()
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
