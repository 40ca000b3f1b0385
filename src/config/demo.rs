//! The demo account, active when the configuration declares no accounts. Its keys and passwords
//! are public (README.md lists them).

use std::sync::Arc;

use super::file::StartingResource;
use crate::auth::action::Grant;
use crate::auth::directory::{AccessKey, User};
use crate::auth::password::PasswordDigest;
use crate::auth::policy::Policy;
use crate::auth::secret::Secret;
use crate::domain::account::{Account, EdgeSite, Project};
use crate::domain::money::Amount;

/// Account name.
pub const DOMAIN_NAME: &str = "demo";
/// Account (domain) id.
pub const DOMAIN_ID: &str = "2f6a9c1e4b7d40f8a3e5c7b9d1f3a5c7";
/// Its project.
pub const PROJECT_ID: &str = "0bec5db98280d2d02fd6c00c2de791ce";
/// The project's region.
pub const REGION: &str = "cn-north-4";
/// Its IES edge site.
pub const EDGE_SITE_ID: &str = "e5c2a1f0-3b4d-4c6e-8f7a-9b0c1d2e3f4a";
/// The edge site's name.
pub const EDGE_SITE_NAME: &str = "demo-site";
/// The root user, who may do everything.
pub const ROOT_USER: &str = "demo";
/// Its password.
pub const ROOT_PASSWORD: &str = "demo-password";
/// Its access key.
pub const ROOT_AK: &str = "ORDERDDEMOAK00000001";
/// Its secret key.
pub const ROOT_SK: &str = "orderdDemoSecretKey000000000000000000000";
/// An IAM user who may read orders (BSS, DSC, IES) and ask prices, but not create, pay or
/// delete anything.
pub const VIEWER_USER: &str = "demo-viewer";
/// Its password.
pub const VIEWER_PASSWORD: &str = "demo-viewer-password";
/// Its access key.
pub const VIEWER_AK: &str = "ORDERDDEMOVIEWER0001";
/// Its secret key.
pub const VIEWER_SK: &str = "orderdDemoViewerSecret000000000000000000";
/// `ROOT_PASSWORD`, hashed (`orderd hash-password`).
const ROOT_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$/ll862HnrfjhyV1P4XUwAQ$q+DkCe9j5yvINkjy7inZH0bnNwrn/9E6ZQgu2U120dk";
/// `VIEWER_PASSWORD`, hashed.
const VIEWER_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$G3ApZJaMOPuzQlOorn8n7Q$dYUkyKGN1Op5k8/SYxXyRzY2JBAJn06l85zKhtxjldM";
/// The desktop the project starts with (the Workspace seed's `addVolumes` example names it).
pub const DESKTOP_ID: &str = "8d049b4e-4f1e-4ed5-b3a9-a7f0f15658a7";
/// Its desktop package.
pub const DESKTOP_PACKAGE: &str = "workspace.k.xlarge2.uosv20pro";

/// The demo users: the root user and a viewer who may only read.
pub(super) fn users() -> Vec<User> {
    let user = |name: &str, root: bool, phc: &str, ak: &str, sk: &str, grants: &[&str]| User {
        id: User::derived_id(DOMAIN_ID, name),
        name: name.into(),
        domain_id: DOMAIN_ID.into(),
        root,
        password: Some(PasswordDigest::parse(phc).expect("the demo hashes parse")),
        access_keys: vec![AccessKey {
            id: ak.into(),
            secret: Secret::new(sk),
        }],
        policies: vec![Arc::new(Policy::actions_list(
            grants
                .iter()
                .map(|g| Grant::parse(g).expect("demo grants parse").into_pattern())
                .collect(),
        ))],
    };
    vec![
        user(ROOT_USER, true, ROOT_PASSWORD_HASH, ROOT_AK, ROOT_SK, &[]),
        user(
            VIEWER_USER,
            false,
            VIEWER_PASSWORD_HASH,
            VIEWER_AK,
            VIEWER_SK,
            &[
                "bss:order:view",
                "dsc:orders:view",
                "ies:deliveryOrders:view",
            ],
        ),
    ]
}

/// The desktop the demo project starts with.
pub(super) fn desktop() -> StartingResource {
    StartingResource {
        project_id: PROJECT_ID.into(),
        id: DESKTOP_ID.into(),
        resource_type: "hws.resource.type.workspace.desktop".into(),
        spec_code: DESKTOP_PACKAGE.into(),
        parent_id: None,
        months: 12,
    }
}

/// The demo account, with its project and edge site.
/// The operator token of the demo configuration (public, like the demo keys).
pub const OPERATOR_TOKEN: &str = "orderd-demo-operator-token";

pub(super) fn account() -> Account {
    Account {
        domain_name: DOMAIN_NAME.into(),
        domain_id: DOMAIN_ID.into(),
        projects: vec![Project {
            id: PROJECT_ID.into(),
            region: REGION.into(),
        }],
        edge_sites: vec![EdgeSite {
            id: EDGE_SITE_ID.into(),
            name: EDGE_SITE_NAME.into(),
            region: REGION.into(),
        }],
        opening_balance: Amount::new(rust_decimal::Decimal::new(1_000_000, 0))
            .expect("a million is an amount"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::action::Action;

    #[test]
    fn the_demo_users_log_in_with_the_documented_passwords() {
        let users = users();
        let root = users.iter().find(|u| u.name == ROOT_USER).unwrap();
        assert!(root.root);
        assert!(root.password.as_ref().unwrap().verify(ROOT_PASSWORD));
        let viewer = users.iter().find(|u| u.name == VIEWER_USER).unwrap();
        assert!(!viewer.root);
        assert!(viewer.password.as_ref().unwrap().verify(VIEWER_PASSWORD));
        let may = |action: Action| {
            viewer
                .decide(action.as_str(), &crate::auth::policy::RequestContext::new())
                .allows()
        };
        assert!(may(Action::BSS_ORDER_VIEW));
        assert!(may(Action::DSC_ORDERS_VIEW));
        assert!(may(Action::IES_DELIVERY_ORDERS_VIEW));
        assert!(!may(Action::IES_DELIVERY_ORDERS_DELETE));
        assert!(!may(Action::BSS_ORDER_UPDATE));
        assert!(!may(Action::DSC_ORDERS_CREATE));
    }
}
