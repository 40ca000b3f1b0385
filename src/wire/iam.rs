//! IAM v3 (Keystone) token request and the token, project and domain views.

use serde::{Deserialize, Serialize};

use crate::auth::secret::Secret;
use crate::domain::violations::Violations;

/// `POST /v3/auth/tokens` body.
#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    /// `auth`.
    pub auth: Option<AuthBody>,
}

/// `auth`.
#[derive(Debug, Deserialize)]
pub struct AuthBody {
    /// `auth.identity`.
    pub identity: Option<Identity>,
    /// `auth.scope`.
    pub scope: Option<ScopeRef>,
}

/// `auth.identity`.
#[derive(Debug, Deserialize)]
pub struct Identity {
    /// `["password"]`.
    pub methods: Option<Vec<String>>,
    /// `auth.identity.password`.
    pub password: Option<PasswordIdentity>,
}

/// `auth.identity.password`.
#[derive(Debug, Deserialize)]
pub struct PasswordIdentity {
    /// `auth.identity.password.user`.
    pub user: Option<UserRef>,
}

/// `auth.identity.password.user`.
#[derive(Debug, Deserialize)]
pub struct UserRef {
    /// The IAM user name.
    pub name: Option<String>,
    /// The password.
    pub password: Option<Secret>,
    /// The account the user belongs to.
    pub domain: Option<NameOrId>,
}

/// A project or domain named by id or name.
#[derive(Debug, Deserialize)]
pub struct NameOrId {
    /// Its id.
    pub id: Option<String>,
    /// Its name.
    pub name: Option<String>,
}

/// `auth.scope`: a project or the domain.
#[derive(Debug, Deserialize)]
pub struct ScopeRef {
    /// `auth.scope.project`.
    pub project: Option<NameOrId>,
    /// `auth.scope.domain`.
    pub domain: Option<NameOrId>,
}

/// What a token is requested for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestedScope {
    /// The project with this id.
    ProjectId(String),
    /// The project with this name (its region, e.g. `cn-north-4`).
    ProjectName(String),
    /// The domain with this id.
    DomainId(String),
    /// The domain with this name.
    DomainName(String),
}

/// A password login, checked for shape.
#[derive(Debug)]
pub struct PasswordLogin {
    /// The account name.
    pub domain_name: String,
    /// The user name.
    pub user_name: String,
    /// The password.
    pub password: Secret,
    /// The scope asked for.
    pub scope: RequestedScope,
}

fn name_or_id(v: &mut Violations, path: &str, value: Option<NameOrId>) -> Option<NameOrId> {
    let value = v.required(path, value)?;
    let present = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.is_empty());
    if present(&value.id) == present(&value.name) {
        v.push(path, "give exactly one of id and name");
        return None;
    }
    Some(value)
}

impl TokenRequest {
    /// The login this request asks for, or every rule it breaks.
    pub fn into_login(self) -> Result<PasswordLogin, Violations> {
        let mut v = Violations::new();
        let auth = v.required("auth", self.auth);
        let (identity, scope) = match auth {
            Some(a) => (
                v.required("auth.identity", a.identity),
                v.required("auth.scope", a.scope),
            ),
            None => (None, None),
        };
        let mut user = None;
        if let Some(identity) = identity {
            match identity.methods.as_deref() {
                Some([only]) if only == "password" => {}
                None => v.push("auth.identity.methods", "is required"),
                Some(_) => v.push(
                    "auth.identity.methods",
                    "must be [\"password\"]: orderd issues tokens for passwords only",
                ),
            }
            user = v
                .required("auth.identity.password", identity.password)
                .and_then(|p| v.required("auth.identity.password.user", p.user));
        }
        let mut login = None;
        if let Some(user) = user {
            let name = v.required("auth.identity.password.user.name", user.name);
            let password = v.required("auth.identity.password.user.password", user.password);
            let domain = v
                .required("auth.identity.password.user.domain", user.domain)
                .and_then(|d| {
                    let name = d.name.filter(|n| !n.is_empty());
                    if name.is_none() {
                        v.push("auth.identity.password.user.domain.name", "is required");
                    }
                    name
                });
            if let (Some(name), Some(password), Some(domain)) = (name, password, domain) {
                login = Some((domain, name, password));
            }
        }
        let scope = scope.and_then(|s| match (s.project, s.domain) {
            (Some(project), None) => {
                let p = name_or_id(&mut v, "auth.scope.project", Some(project))?;
                Some(match (p.id, p.name) {
                    (Some(id), _) if !id.is_empty() => RequestedScope::ProjectId(id),
                    (_, name) => RequestedScope::ProjectName(name.unwrap_or_default()),
                })
            }
            (None, Some(domain)) => {
                let d = name_or_id(&mut v, "auth.scope.domain", Some(domain))?;
                Some(match (d.id, d.name) {
                    (Some(id), _) if !id.is_empty() => RequestedScope::DomainId(id),
                    (_, name) => RequestedScope::DomainName(name.unwrap_or_default()),
                })
            }
            _ => {
                v.push("auth.scope", "give exactly one of project and domain");
                None
            }
        });
        match (login, scope) {
            (Some((domain_name, user_name, password)), Some(scope)) if v.is_empty() => {
                Ok(PasswordLogin {
                    domain_name,
                    user_name,
                    password,
                    scope,
                })
            }
            _ => Err(v),
        }
    }
}

/// `{id, name}`.
#[derive(Debug, Clone, Serialize)]
pub struct DomainRef {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// The token's user.
#[derive(Debug, Serialize)]
pub struct TokenUser {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its account.
    pub domain: DomainRef,
    /// Never expires here.
    pub password_expires_at: String,
}

/// The token's project.
#[derive(Debug, Serialize)]
pub struct TokenProject {
    /// Id.
    pub id: String,
    /// Name (the region).
    pub name: String,
    /// Its account.
    pub domain: DomainRef,
}

/// The token body of `201 Created`.
#[derive(Debug, Serialize)]
pub struct TokenView {
    /// `["password"]`.
    pub methods: Vec<String>,
    /// `yyyy-MM-ddTHH:mm:ss.ffffffZ`.
    pub expires_at: String,
    /// `yyyy-MM-ddTHH:mm:ss.ffffffZ`.
    pub issued_at: String,
    /// Who.
    pub user: TokenUser,
    /// A project-scoped token's project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<TokenProject>,
    /// A domain-scoped token's domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainRef>,
    /// Roles (orderd's grants are per user, not roles: empty).
    pub roles: Vec<DomainRef>,
    /// The service catalog (empty).
    pub catalog: Vec<serde_json::Value>,
}

/// `{"token": ...}`.
#[derive(Debug, Serialize)]
pub struct TokenResponse {
    /// The token.
    pub token: TokenView,
}

/// `links`.
#[derive(Debug, Serialize)]
pub struct Links {
    /// This resource.
    #[serde(rename = "self")]
    pub self_: String,
}

/// A project in `GET /v3/projects`.
#[derive(Debug, Serialize)]
pub struct ProjectView {
    /// Id.
    pub id: String,
    /// Name (the region id).
    pub name: String,
    /// Owning account.
    pub domain_id: String,
    /// Parent (the account).
    pub parent_id: String,
    /// Always true.
    pub enabled: bool,
    /// Always false.
    pub is_domain: bool,
    /// Empty.
    pub description: String,
    /// Links.
    pub links: Links,
}

/// `GET /v3/projects`.
#[derive(Debug, Serialize)]
pub struct ProjectsResponse {
    /// The caller's projects.
    pub projects: Vec<ProjectView>,
    /// Links.
    pub links: Links,
}

/// A domain in `GET /v3/auth/domains`.
#[derive(Debug, Serialize)]
pub struct DomainView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Always true.
    pub enabled: bool,
    /// Empty.
    pub description: String,
    /// Links.
    pub links: Links,
}

/// `GET /v3/auth/domains`.
#[derive(Debug, Serialize)]
pub struct DomainsResponse {
    /// The caller's account.
    pub domains: Vec<DomainView>,
    /// Links.
    pub links: Links,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::json::parse_json;

    fn login(json: &str) -> Result<PasswordLogin, String> {
        parse_json::<TokenRequest>(json)
            .unwrap()
            .into_login()
            .map_err(|v| v.to_string())
    }

    #[test]
    fn a_password_login_with_a_project_scope_parses() {
        let l = login(
            r#"{"auth":{"identity":{"methods":["password"],"password":{"user":
            {"name":"u","password":"p","domain":{"name":"acme"}}}},
            "scope":{"project":{"name":"cn-north-4"}}}}"#,
        )
        .unwrap();
        assert_eq!(
            (l.domain_name.as_str(), l.user_name.as_str()),
            ("acme", "u")
        );
        assert_eq!(l.password.expose(), "p");
        assert_eq!(l.scope, RequestedScope::ProjectName("cn-north-4".into()));
    }

    #[test]
    fn every_missing_part_is_named() {
        let cases = [
            ("{}", "auth: "),
            (r#"{"auth":{}}"#, "auth.identity: "),
            (
                r#"{"auth":{"identity":{"methods":["token"]},"scope":{}}}"#,
                "auth.identity.methods: ",
            ),
            (
                r#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"domain":{}}}},"scope":{"domain":{"id":"a","name":"b"}}}}"#,
                "auth.identity.password.user.name: ",
            ),
            (
                r#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","password":"p","domain":{"name":"d"}}}},"scope":{"domain":{"id":"a","name":"b"}}}}"#,
                "auth.scope.domain: give exactly one",
            ),
            (
                r#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","password":"p","domain":{"name":"d"}}}},"scope":{}}}"#,
                "auth.scope: give exactly one",
            ),
        ];
        for (json, needle) in cases {
            let err = login(json).unwrap_err();
            assert!(err.contains(needle), "{json}: {err}");
        }
    }
}
