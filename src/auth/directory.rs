//! Who can call: each account's users, their access keys, passwords and identity policies.

use std::collections::HashMap;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::password::PasswordDigest;
use super::policy::{Decision, Policy, RequestContext, evaluate};
use super::secret::Secret;
use crate::domain::account::{Account, Accounts};

/// An access key pair. The access key id is public; the secret key signs.
#[derive(Debug, Clone)]
pub struct AccessKey {
    /// The access key id (`AK`).
    pub id: String,
    /// The secret key (`SK`).
    pub secret: Secret,
}

/// A user of an account: its root user (who may do everything) or an IAM user (who may do only
/// what its identity policies allow).
#[derive(Debug, Clone)]
pub struct User {
    /// 32 hex characters; from the configuration, or derived from the domain id and name.
    pub id: String,
    /// The login name, unique within its account.
    pub name: String,
    /// The owning account.
    pub domain_id: String,
    /// The account's own user.
    pub root: bool,
    /// Its password, if it may log in for tokens.
    pub password: Option<PasswordDigest>,
    /// Its access keys.
    pub access_keys: Vec<AccessKey>,
    /// What an IAM user may do: its `actions` list (as one Allow statement) and the identity
    /// policies attached to it, in that order. Ignored for the root user.
    pub policies: Vec<Arc<Policy>>,
}

impl User {
    /// How this user's policies decide `action` (`service:resource:verb`) in `ctx`; the root
    /// user may do everything.
    pub fn decide(&self, action: &str, ctx: &RequestContext) -> Decision<'_> {
        if self.root {
            Decision::Root
        } else {
            evaluate(self.policies.iter().map(|p| &**p), action, ctx)
        }
    }

    /// The id IAM would show for a user `name` of `domain_id` when the configuration gives none.
    pub fn derived_id(domain_id: &str, name: &str) -> String {
        let digest = Sha256::digest(format!("{domain_id}/{name}").as_bytes());
        hex::encode(&digest[..16])
    }
}

/// Every account with its users, indexed for the lookups authentication needs.
#[derive(Debug)]
pub struct Directory {
    accounts: Arc<Accounts>,
    users: Vec<User>,
    by_access_key: HashMap<String, (usize, usize)>,
    by_name: HashMap<(String, String), usize>,
    by_id: HashMap<String, usize>,
    decoy: PasswordDigest,
}

/// Users that cannot be used as declared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    /// A user names an account that is not declared.
    #[error("user {user}: account {domain_id} is not declared")]
    NoSuchAccount {
        /// The user.
        user: String,
        /// The account it names.
        domain_id: String,
    },
    /// A name, id or access key is declared twice.
    #[error("{0} is declared more than once")]
    Duplicate(String),
    /// An account has two root users.
    #[error("account {0} declares more than one root user")]
    TwoRoots(String),
}

/// A fixed hash checked when a login names no user, so the answer takes as long as for a wrong
/// password and does not tell which of the two was wrong.
const DECOY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$XDadqxRTbh40tf7C1C9QxQ$Y++ZRX3GO/1+LiFTDKssZYhqdX/ZkBAuYO0MvrPDatY";

impl Directory {
    /// Indexes `users` of `accounts`, refusing duplicates and users of unknown accounts.
    pub fn new(accounts: Arc<Accounts>, users: Vec<User>) -> Result<Directory, DirectoryError> {
        let mut by_access_key = HashMap::new();
        let mut by_name = HashMap::new();
        let mut by_id = HashMap::new();
        let mut roots = HashMap::new();
        for (u, user) in users.iter().enumerate() {
            if accounts.by_domain(&user.domain_id).is_none() {
                return Err(DirectoryError::NoSuchAccount {
                    user: user.name.clone(),
                    domain_id: user.domain_id.clone(),
                });
            }
            if by_name
                .insert((user.domain_id.clone(), user.name.clone()), u)
                .is_some()
            {
                return Err(DirectoryError::Duplicate(format!(
                    "user name {}",
                    user.name
                )));
            }
            if by_id.insert(user.id.clone(), u).is_some() {
                return Err(DirectoryError::Duplicate(format!("user id {}", user.id)));
            }
            if user.root && roots.insert(user.domain_id.clone(), u).is_some() {
                return Err(DirectoryError::TwoRoots(user.domain_id.clone()));
            }
            for (k, key) in user.access_keys.iter().enumerate() {
                if by_access_key.insert(key.id.clone(), (u, k)).is_some() {
                    return Err(DirectoryError::Duplicate(format!("access key {}", key.id)));
                }
            }
        }
        Ok(Directory {
            accounts,
            users,
            by_access_key,
            by_name,
            by_id,
            decoy: PasswordDigest::parse(DECOY_PHC).expect("the decoy hash parses"),
        })
    }

    /// Every account.
    pub fn accounts(&self) -> &Accounts {
        &self.accounts
    }

    /// The account with `domain_id`.
    pub fn account(&self, domain_id: &str) -> Option<&Account> {
        self.accounts.by_domain(domain_id)
    }

    /// The user holding access key `id`, with the key.
    pub fn by_access_key(&self, id: &str) -> Option<(&User, &AccessKey)> {
        let &(u, k) = self.by_access_key.get(id)?;
        let user = &self.users[u];
        Some((user, &user.access_keys[k]))
    }

    /// The user with `id`.
    pub fn user(&self, id: &str) -> Option<&User> {
        self.by_id.get(id).map(|&u| &self.users[u])
    }

    /// Every user named `name`, whatever their account.
    pub fn users_named<'d>(&'d self, name: &'d str) -> impl Iterator<Item = &'d User> {
        self.users.iter().filter(move |u| u.name == name)
    }

    /// The user `user_name` of the account named `domain_name`, if `password` is theirs. Takes
    /// about as long whether the account, the user or only the password is wrong.
    pub fn login(&self, domain_name: &str, user_name: &str, password: &str) -> Option<&User> {
        let user = self
            .accounts
            .iter()
            .find(|a| a.domain_name == domain_name)
            .and_then(|a| {
                self.by_name
                    .get(&(a.domain_id.clone(), user_name.to_owned()))
            })
            .map(|&u| &self.users[u]);
        match user.and_then(|u| u.password.as_ref().map(|p| (u, p))) {
            Some((user, digest)) => digest.verify(password).then_some(user),
            None => {
                let _ = self.decoy.verify(password);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::action::{Action, Grant};
    use crate::domain::account::Project;

    fn accounts() -> Arc<Accounts> {
        Arc::new(
            Accounts::new(vec![Account {
                domain_name: "acme".into(),
                domain_id: "d1".into(),
                projects: vec![Project {
                    id: "p1".into(),
                    region: "r".into(),
                }],
                edge_sites: vec![],
                opening_balance: crate::domain::money::Amount::ZERO,
            }])
            .unwrap(),
        )
    }

    fn user(name: &str, root: bool, ak: &str, grants: &[&str]) -> User {
        User {
            id: User::derived_id("d1", name),
            name: name.into(),
            domain_id: "d1".into(),
            root,
            password: Some(PasswordDigest::hash(&format!("{name}-pw"))),
            access_keys: vec![AccessKey {
                id: ak.into(),
                secret: Secret::new("sk"),
            }],
            policies: vec![Arc::new(Policy::actions_list(
                grants
                    .iter()
                    .map(|g| Grant::parse(g).unwrap().into_pattern())
                    .collect(),
            ))],
        }
    }

    #[test]
    fn keys_names_and_passwords_find_their_user() {
        let dir = Directory::new(
            accounts(),
            vec![
                user("root", true, "AK1", &[]),
                user("viewer", false, "AK2", &["bss:order:view"]),
            ],
        )
        .unwrap();
        assert_eq!(dir.by_access_key("AK2").unwrap().0.name, "viewer");
        assert!(dir.by_access_key("AK3").is_none());
        assert_eq!(dir.login("acme", "root", "root-pw").unwrap().name, "root");
        assert!(dir.login("acme", "root", "viewer-pw").is_none());
        assert!(dir.login("acme", "nobody", "root-pw").is_none());
        assert!(dir.login("other", "root", "root-pw").is_none());
        let viewer = dir.user(&User::derived_id("d1", "viewer")).unwrap();
        let ctx = RequestContext::new();
        let may = |user: &User, action: Action| user.decide(action.as_str(), &ctx).allows();
        assert!(may(viewer, Action::BSS_ORDER_VIEW));
        assert!(!may(viewer, Action::BSS_ORDER_UPDATE));
        assert_eq!(
            viewer.decide(Action::BSS_ORDER_UPDATE.as_str(), &ctx),
            Decision::ImplicitDeny
        );
        let root = dir.by_access_key("AK1").unwrap().0;
        assert_eq!(root.decide("dsc:orders:create", &ctx), Decision::Root);
        assert_eq!(dir.users_named("viewer").count(), 1);
    }

    #[test]
    fn duplicates_and_strangers_are_refused() {
        let cases = [
            (
                vec![user("a", false, "AK1", &[]), user("a", false, "AK2", &[])],
                "user name",
            ),
            (
                vec![user("a", false, "AK1", &[]), user("b", false, "AK1", &[])],
                "access key",
            ),
            (
                vec![user("a", true, "AK1", &[]), user("b", true, "AK2", &[])],
                "root",
            ),
        ];
        for (users, needle) in cases {
            let err = Directory::new(accounts(), users).unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
        }
        let mut stranger = user("s", false, "AK9", &[]);
        stranger.domain_id = "d9".into();
        assert!(matches!(
            Directory::new(accounts(), vec![stranger]),
            Err(DirectoryError::NoSuchAccount { .. })
        ));
    }
}
