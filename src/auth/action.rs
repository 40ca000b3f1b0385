//! Actions (`service:resource:verb`, as IAM policies name them) and the `actions = [...]` grants
//! that allow them.

use std::fmt;

use super::policy::ActionPattern;

/// An action a route requires, e.g. `workspace:orders:create`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Action(&'static str);

impl Action {
    /// Create Workspace desktop and Workspace App orders (the seeds' own action).
    pub const WORKSPACE_ORDERS_CREATE: Action = Action("workspace:orders:create");
    /// Create DSC instance orders.
    pub const DSC_ORDERS_CREATE: Action = Action("dsc:orders:create");
    /// Read a project's DSC editions and packages.
    pub const DSC_ORDERS_VIEW: Action = Action("dsc:orders:view");
    /// Create IES (CloudPond) delivery orders.
    pub const IES_DELIVERY_ORDERS_CREATE: Action = Action("ies:deliveryOrders:create");
    /// List and read IES delivery orders.
    pub const IES_DELIVERY_ORDERS_VIEW: Action = Action("ies:deliveryOrders:view");
    /// Delete IES delivery orders (cancelling the order of one not yet delivered).
    pub const IES_DELIVERY_ORDERS_DELETE: Action = Action("ies:deliveryOrders:delete");
    /// Submit cloud service package orders, pay and cancel orders (BSS's write action).
    pub const BSS_ORDER_UPDATE: Action = Action("bss:order:update");
    /// Read orders (BSS's read action).
    pub const BSS_ORDER_VIEW: Action = Action("bss:order:view");
    /// List the caller's own projects and domain (IAM).
    pub const IAM_PROJECTS_LIST: Action = Action("iam:projects:listProjects");

    /// The action's name.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// An entry of a user's `actions = [...]` list: three `:`-separated parts, each a name or `*`
/// (`workspace:*:*`, `*:*:*`, `bss:order:view`). The list reads as one Allow statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant(ActionPattern);

/// A grant that is not three non-empty parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an action: use service:resource:verb, each part a name or *")]
pub struct InvalidGrant(pub String);

impl Grant {
    /// Parses `service:resource:verb`.
    pub fn parse(text: &str) -> Result<Grant, InvalidGrant> {
        let parts: Vec<&str> = text.split(':').collect();
        let valid_part = |p: &&str| {
            *p == "*"
                || (!p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        };
        match parts.as_slice() {
            [_, _, _] if parts.iter().all(valid_part) => ActionPattern::parse(text)
                .map(Grant)
                .map_err(|_| InvalidGrant(text.to_owned())),
            _ => Err(InvalidGrant(text.to_owned())),
        }
    }

    /// The grant as a policy's action pattern (compared case-insensitively, as IAM compares
    /// actions).
    pub fn into_pattern(self) -> ActionPattern {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn grants_cover_their_action_and_wildcards_widen_them() {
        let cases: &[(&str, Action, bool)] = &[
            ("bss:order:view", Action::BSS_ORDER_VIEW, true),
            ("bss:order:view", Action::BSS_ORDER_UPDATE, false),
            ("bss:order:*", Action::BSS_ORDER_UPDATE, true),
            ("bss:*:*", Action::BSS_ORDER_VIEW, true),
            ("workspace:*:*", Action::WORKSPACE_ORDERS_CREATE, true),
            ("workspace:*:*", Action::DSC_ORDERS_CREATE, false),
            ("*:*:*", Action::IES_DELIVERY_ORDERS_CREATE, true),
            ("*:*:create", Action::DSC_ORDERS_CREATE, true),
            ("*:*:create", Action::BSS_ORDER_VIEW, false),
            // IAM compares actions case-insensitively.
            ("DSC:orders:create", Action::DSC_ORDERS_CREATE, true),
            ("dsc:Orders:CREATE", Action::DSC_ORDERS_CREATE, true),
        ];
        for (grant, action, allowed) in cases {
            assert_eq!(
                Grant::parse(grant)
                    .unwrap()
                    .into_pattern()
                    .covers(action.as_str()),
                *allowed,
                "{grant} vs {action}"
            );
        }
    }

    #[test]
    fn malformed_grants_are_refused() {
        for bad in [
            "",
            "bss",
            "bss:order",
            "bss:order:view:x",
            "bss::view",
            "bss:or der:view",
            "bss:o*:view",
        ] {
            assert!(Grant::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn the_all_wildcard_allows_everything_and_an_exact_grant_only_itself(
            s in "[a-z]{1,8}", r in "[a-zA-Z]{1,8}", v in "[a-z]{1,8}"
        ) {
            let action = format!("{s}:{r}:{v}");
            let covers = |grant: &str| Grant::parse(grant).unwrap().into_pattern().covers(&action);
            prop_assert!(covers("*:*:*"));
            prop_assert!(covers(&action));
            let longer = format!("{action}x");
            prop_assert!(!covers(&longer));
        }
    }
}
