//! The accounts and users the configuration file declares, as the domain and auth know them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::error::ConfigError;
use super::file::{AccountConfig, UserConfig};
use super::policies;
use crate::auth::action::Grant;
use crate::auth::directory::{AccessKey, User};
use crate::auth::password::PasswordDigest;
use crate::auth::policy::Policy;
use crate::domain::account::{Account, EdgeSite, Project};

/// The declared accounts, and every account's users with their policies; policy files are
/// read relative to `base`, the configuration file's directory.
pub(super) fn from_file(
    declared: Vec<AccountConfig>,
    base: &Path,
) -> Result<(Vec<Account>, Vec<User>), ConfigError> {
    let mut accounts = Vec::new();
    let mut users = Vec::new();
    for a in declared {
        let policies = policies::load(&a.domain_id, a.policies, base)?;
        for u in a.users {
            users.push(user_from_config(&a.domain_id, u, &policies)?);
        }
        accounts.push(Account {
            domain_name: a.domain_name,
            domain_id: a.domain_id,
            projects: a
                .projects
                .into_iter()
                .map(|p| Project {
                    id: p.id,
                    region: p.region,
                })
                .collect(),
            edge_sites: a
                .edge_sites
                .into_iter()
                .map(|s| EdgeSite {
                    id: s.id,
                    name: s.name,
                    region: s.region,
                })
                .collect(),
            opening_balance: a.balance,
        });
    }
    Ok((accounts, users))
}

fn user_from_config(
    domain_id: &str,
    u: UserConfig,
    declared: &HashMap<String, Arc<Policy>>,
) -> Result<User, ConfigError> {
    let who = format!("account {domain_id} user {}", u.name);
    let bad = |what: String| ConfigError::Accounts(format!("{who}: {what}"));
    if u.name.is_empty() {
        return Err(bad("name must not be empty".into()));
    }
    let password = u
        .password_hash
        .map(|phc| PasswordDigest::parse(&phc).map_err(|e| bad(e.to_string())))
        .transpose()?;
    let grants = u
        .actions
        .iter()
        .map(|a| Grant::parse(a).map(Grant::into_pattern))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    let mut policies = Vec::new();
    if !grants.is_empty() {
        policies.push(Arc::new(Policy::actions_list(grants)));
    }
    for name in &u.policies {
        let policy = declared.get(name).ok_or_else(|| {
            bad(format!(
                "policy {name:?} is attached but not declared in the account's [[accounts.policies]]"
            ))
        })?;
        policies.push(Arc::clone(policy));
    }
    let access_keys = u
        .access_keys
        .into_iter()
        .map(|k| {
            if k.access_key.is_empty() || k.secret_key.expose().is_empty() {
                Err(bad(
                    "access keys need a non-empty access_key and secret_key".into(),
                ))
            } else {
                Ok(AccessKey {
                    id: k.access_key,
                    secret: k.secret_key,
                })
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(User {
        id: u.id.unwrap_or_else(|| User::derived_id(domain_id, &u.name)),
        name: u.name,
        domain_id: domain_id.to_owned(),
        root: u.root,
        password,
        access_keys,
        policies,
    })
}
