//! Accounts (domains) and the projects they own.

use std::collections::HashMap;

use super::money::Amount;

/// A project: the scope most order APIs are called in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The 32-character project id.
    pub id: String,
    /// The region the project lives in (`cn-north-4`).
    pub region: String,
}

/// An IES (CloudPond) edge site: a place where an account runs cloud hardware on its premises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeSite {
    /// The site's UUID.
    pub id: String,
    /// Its name (`demo-site`).
    pub name: String,
    /// The region it is attached to (`cn-north-4`).
    pub region: String,
}

/// An account (a domain, in IAM's words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The account name (`demo`).
    pub domain_name: String,
    /// The 32-character domain id.
    pub domain_id: String,
    /// The projects it owns.
    pub projects: Vec<Project>,
    /// Its IES edge sites.
    pub edge_sites: Vec<EdgeSite>,
    /// What its balance holds before its first payment (in the catalog's currency).
    pub opening_balance: Amount,
}

impl Account {
    /// The edge site `id` of this account.
    pub fn edge_site(&self, id: &str) -> Option<&EdgeSite> {
        self.edge_sites.iter().find(|site| site.id == id)
    }
}

/// Every configured account, indexed for lookups from a request path.
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    accounts: Vec<Account>,
    by_project: HashMap<String, (usize, usize)>,
    by_domain: HashMap<String, usize>,
}

/// Two accounts claim the same domain or project id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is declared more than once")]
pub struct DuplicateId(pub String);

impl Accounts {
    /// Indexes `accounts`, refusing ids that are not unique.
    pub fn new(accounts: Vec<Account>) -> Result<Self, DuplicateId> {
        let mut by_project = HashMap::new();
        let mut by_domain = HashMap::new();
        let mut edge_sites = std::collections::HashSet::new();
        for (a, account) in accounts.iter().enumerate() {
            for site in &account.edge_sites {
                if !edge_sites.insert(site.id.as_str()) {
                    return Err(DuplicateId(format!("edge site id {}", site.id)));
                }
            }
            if by_domain.insert(account.domain_id.clone(), a).is_some() {
                return Err(DuplicateId(format!("domain id {}", account.domain_id)));
            }
            for (p, project) in account.projects.iter().enumerate() {
                if by_project.insert(project.id.clone(), (a, p)).is_some() {
                    return Err(DuplicateId(format!("project id {}", project.id)));
                }
            }
        }
        Ok(Self {
            accounts,
            by_project,
            by_domain,
        })
    }

    /// The account that owns `project_id`, with the project.
    pub fn by_project(&self, project_id: &str) -> Option<(&Account, &Project)> {
        let &(a, p) = self.by_project.get(project_id)?;
        let account = &self.accounts[a];
        Some((account, &account.projects[p]))
    }

    /// The account with `domain_id`.
    pub fn by_domain(&self, domain_id: &str) -> Option<&Account> {
        self.by_domain.get(domain_id).map(|&a| &self.accounts[a])
    }

    /// Every account.
    pub fn iter(&self) -> impl Iterator<Item = &Account> {
        self.accounts.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(domain: &str, project: &str) -> Account {
        Account {
            domain_name: domain.into(),
            domain_id: domain.into(),
            projects: vec![Project {
                id: project.into(),
                region: "r".into(),
            }],
            edge_sites: vec![EdgeSite {
                id: format!("site-{domain}"),
                name: "s".into(),
                region: "r".into(),
            }],
            opening_balance: Amount::ZERO,
        }
    }

    #[test]
    fn projects_and_domains_resolve_to_their_account() {
        let accounts = Accounts::new(vec![account("d1", "p1"), account("d2", "p2")]).unwrap();
        assert_eq!(accounts.by_project("p2").unwrap().0.domain_id, "d2");
        assert_eq!(accounts.by_domain("d1").unwrap().projects[0].id, "p1");
        assert!(accounts.by_project("p3").is_none());
    }

    #[test]
    fn edge_sites_belong_to_their_account_and_are_unique() {
        let accounts = Accounts::new(vec![account("d1", "p1"), account("d2", "p2")]).unwrap();
        let d1 = accounts.by_domain("d1").unwrap();
        assert_eq!(d1.edge_site("site-d1").unwrap().name, "s");
        assert!(d1.edge_site("site-d2").is_none());
        let mut twin = account("d3", "p3");
        twin.edge_sites[0].id = "site-d1".into();
        assert!(Accounts::new(vec![account("d1", "p1"), twin]).is_err());
    }

    #[test]
    fn a_project_claimed_twice_is_refused() {
        assert!(Accounts::new(vec![account("d1", "p1"), account("d2", "p1")]).is_err());
    }
}
