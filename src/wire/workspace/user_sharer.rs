//! `subscribeUserSharer`: user collaboration for each listed user.

use serde::Deserialize;

use super::shared::{Builder, Ctx, OrderObject, Str, Term, kind};
use crate::domain::violations::Violations;
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{check_length, required_items};
use crate::wire::scalar::given;

/// `subscribe_user_sharer` (`SubscribeUserSharerReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubscribeUserSharerReq {
    /// The collaboration SKU. Mandatory.
    pub user_sharer_sku: Str,
    /// 1–1000 users. Mandatory.
    pub users: Option<Vec<SubscribeUserInfo>>,
    /// The definition marks it mandatory; the seed does not list it, and the seed wins:
    /// optional, default `0`.
    pub enterprise_project_id: Str,
}

/// `users[]` (`SubscribeUserInfo`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubscribeUserInfo {
    /// 1–255 characters. Mandatory.
    pub user_id: Str,
    /// 1–100 characters. Mandatory.
    pub user_name: Str,
}

impl OrderObject for SubscribeUserSharerReq {
    /// Checks every rule and adds a line per user.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        let product = out.required_product(
            ctx,
            &at("user_sharer_sku"),
            &self.user_sharer_sku,
            kind::USER_SHARER,
            "user collaboration SKU",
            v,
        );
        super::shared::enterprise_project_id(
            &at("enterprise_project_id"),
            &self.enterprise_project_id,
            v,
        );
        let mut users = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, u) in required_items(&at("users"), &self.users, 1, 1000, v)
            .iter()
            .enumerate()
        {
            let p = format!("{}[{i}]", at("users"));
            let id = v.required(&format!("{p}.user_id"), given(&u.user_id));
            if let Some(id) = id {
                check_length(&format!("{p}.user_id"), id, 1, 255, Characters, v);
                if !seen.insert(id) {
                    v.push(format!("{p}.user_id"), format!("user {id} is listed twice"));
                }
            }
            if let Some(name) = v.required(&format!("{p}.user_name"), given(&u.user_name)) {
                check_length(&format!("{p}.user_name"), name, 1, 100, Characters, v);
            }
            users.push((p, id));
        }
        let Some(product) = product else { return };
        for (user_path, _) in users.iter().filter(|(_, id)| id.is_some()) {
            out.create_priced(
                ctx,
                user_path,
                product,
                kind::USER_SHARER,
                None,
                term,
                None,
                v,
            );
        }
    }
}
