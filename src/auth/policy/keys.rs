//! The condition keys orderd fills in for a request (docs/auth.md gives each one's meaning and
//! source), and what a route learns from a request body: its own keys' values and the
//! dependent actions the request performs.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::context::RequestContext;
use crate::auth::action::Action;
use crate::auth::directory::User;
use crate::domain::account::Account;

/// The caller's address: the TCP peer of the connection.
pub const SOURCE_IP: &str = "g:SourceIp";
/// The user's name.
pub const USER_NAME: &str = "g:UserName";
/// The user's id.
pub const USER_ID: &str = "g:UserId";
/// The user's account (domain) name.
pub const DOMAIN_NAME: &str = "g:DomainName";
/// The user's account (domain) id.
pub const PRINCIPAL_ACCOUNT: &str = "g:PrincipalAccount";
/// The user's URN, `iam::<domain id>:user:<user name>`.
pub const PRINCIPAL_URN: &str = "g:PrincipalUrn";
/// The project the request acts in (the path's).
pub const PROJECT_ID: &str = "g:ProjectId";
/// The region of that project.
pub const REQUESTED_REGION: &str = "g:RequestedRegion";
/// When the request is judged, on the wall clock that also dates signatures and tokens.
pub const CURRENT_TIME: &str = "g:CurrentTime";
/// Whether the caller proved a second factor: orderd has none, so always `false`.
pub const MFA_PRESENT: &str = "g:MFAPresent";
/// When the caller's token was issued; absent for a request signed with an access key.
pub const TOKEN_ISSUE_TIME: &str = "g:TokenIssueTime";

/// A Workspace order's `type` (`createDesktops`, `createExclusiveHosts`, ...).
pub const WORKSPACE_CREATE_ORDER_TYPE: &str = "workspace:CreateOrderType";
/// Whether a Workspace order gives desktops public network access through an EIP.
pub const WORKSPACE_ASSOCIATE_PUBLIC_IP: &str = "workspace:AssociatePublicIp";
/// The access mode a Workspace order asks for (`DEDICATED`: shared VPC Direct Connect).
pub const WORKSPACE_ACCESS_MODE: &str = "workspace:AccessMode";

/// A time as condition keys give it: RFC 3339 in UTC, to the second.
pub fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// The keys that follow from who the caller is and when they ask: the user's and account's
/// names and ids, the time, and (orderd having no second factor) `g:MFAPresent = false`.
pub fn identity(user: &User, account: &Account, now: OffsetDateTime) -> RequestContext {
    let mut ctx = RequestContext::new();
    ctx.insert(USER_NAME, user.name.as_str());
    ctx.insert(USER_ID, user.id.as_str());
    ctx.insert(DOMAIN_NAME, account.domain_name.as_str());
    ctx.insert(PRINCIPAL_ACCOUNT, account.domain_id.as_str());
    ctx.insert(
        PRINCIPAL_URN,
        format!("iam::{}:user:{}", account.domain_id, user.name),
    );
    ctx.insert(CURRENT_TIME, timestamp(now));
    ctx.insert(MFA_PRESENT, "false");
    ctx
}

/// What a route reads from a request body for the caller's policies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestFacts {
    /// Condition keys and their values.
    pub keys: Vec<(&'static str, String)>,
    /// Further actions the request performs, each with why (`extend_param.is_auto_pay pays
    /// the order`): the caller needs them too.
    pub dependents: Vec<(Action, &'static str)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::policy::context::{Lookup, fold};
    use time::macros::datetime;

    #[test]
    fn identity_keys_name_the_user_the_account_and_the_second() {
        let account = Account {
            domain_name: "acme".into(),
            domain_id: "d1".into(),
            projects: vec![],
            edge_sites: vec![],
            opening_balance: crate::domain::money::Amount::ZERO,
        };
        let user = User {
            id: "u1".into(),
            name: "ops".into(),
            domain_id: "d1".into(),
            root: false,
            password: None,
            access_keys: vec![],
            policies: vec![],
        };
        let ctx = identity(
            &user,
            &account,
            datetime!(2026-11-23 12:00:00.123456 +01:00),
        );
        let value = |key: &str| match ctx.lookup(&fold(key)) {
            Lookup::Values(v) => v.join(","),
            other => panic!("{key}: {other:?}"),
        };
        assert_eq!(value(USER_NAME), "ops");
        assert_eq!(value(USER_ID), "u1");
        assert_eq!(value(DOMAIN_NAME), "acme");
        assert_eq!(value(PRINCIPAL_ACCOUNT), "d1");
        assert_eq!(value(PRINCIPAL_URN), "iam::d1:user:ops");
        assert_eq!(value(CURRENT_TIME), "2026-11-23T11:00:00Z");
        assert_eq!(value(MFA_PRESENT), "false");
        assert_eq!(ctx.lookup(&fold(SOURCE_IP)), Lookup::Absent);
    }
}
