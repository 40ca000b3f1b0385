//! Whether the project or domain a request names is the caller's.

use std::collections::HashMap;

use axum::http::HeaderMap;

use super::Credential;
use super::headers::{DOMAIN_ID_HEADER, PROJECT_ID_HEADER, text};
use crate::domain::account::{Account, Project};
use crate::http::error::{ApiError, ErrorKind, Family};

/// Checks that the path's project or domain and the `X-Project-Id` / `X-Domain-Id` headers are
/// the caller's, and within what a token was scoped to. A project that exists in another
/// account gets the same answer as one that does not exist.
pub fn check_scope(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::token::Claims;
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
            opening_balance: crate::domain::money::Amount::ZERO,
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
