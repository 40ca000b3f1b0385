//! `rebuildDesktops`: recomposing the system disks of existing desktops (`rebuild_desktops`), or
//! assigning existing desktops to users, possibly with a new image (`attach_desktops`). Each
//! desktop gets a line of the `workspace.desktop.rebuild` product, running to its expiry.

use serde::Deserialize;

use super::create_desktops::USER_GROUPS;
use super::shared::{
    Bool, Builder, Ctx, Int, OrderObject, REBUILD_PRODUCT, Str, Term, foreign_id, ids_in, kind,
    os_of, own_ids, required_foreign_id,
};
use crate::domain::names::{ComputerNameRule, DesktopOs, DirectoryType, computer_name, user_name};
use crate::domain::violations::Violations;
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{
    check_length, items, one_of, optional_length, optional_range, required_items,
};
use crate::wire::scalar::given;

/// `rebuild_desktops` (`RebuildDesktopsReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RebuildDesktopsReq {
    /// Existing desktops of the project. Mandatory.
    pub desktop_ids: Option<Vec<Str>>,
    /// `gold`, `private` or `market`. Mandatory.
    pub image_type: Str,
    /// Mandatory; form only.
    pub image_id: Str,
    /// `KEEP`, `UNENCRYPTED` or `ENCRYPTED`.
    pub encrypt_type: Str,
    /// Mandatory when `encrypt_type` is `ENCRYPTED`.
    pub kms_id: Str,
    /// Up to 255 characters.
    pub os_type: Str,
    /// Minutes, 0–2147483647.
    pub delay_time: Int,
    /// Up to 400 characters.
    pub message: Str,
    /// Up to 255 characters.
    pub order_id: Str,
    /// Default `0`.
    pub enterprise_project_id: Str,
    /// `ONLY_FOR_EXPAND`, `FOR_EXPAND_AND_IDLE` or `FOR_EXPAND_AND_ALL`.
    pub handle_type: Str,
}

/// `attach_desktops` (`AttachInstancesReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AttachInstancesReq {
    /// 1–50 desktops. Mandatory (the definition's `minItems`; an empty assignment orders nothing).
    pub desktops: Option<Vec<AttachDesktop>>,
    /// Only when the image changes; then with `image_id`.
    pub image_type: Str,
    /// Only when the image changes; then with `image_type`.
    pub image_id: Str,
    /// Up to 36 characters.
    pub desktop_name_policy_id: Str,
    /// `KEEP`, `UNENCRYPTED` or `ENCRYPTED`.
    pub encrypt_type: Str,
    /// Mandatory when `encrypt_type` is `ENCRYPTED`.
    pub kms_id: Str,
}

/// `attach_desktops.desktops[]` (`AttachInstancesDesktopInfo`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AttachDesktop {
    /// An existing desktop of the project. Mandatory here: without it nothing can be assigned.
    pub desktop_id: Str,
    /// Mandatory unless `attach_user_infos` is given.
    pub user_name: Str,
    /// Informational.
    pub user_id: Str,
    /// Informational.
    pub user_email: Str,
    /// Mandatory unless `attach_user_infos` is given.
    pub user_group: Str,
    /// 1–15 letters, digits, `-`, `_`; starts with a letter.
    pub computer_name: Str,
    /// Informational.
    pub is_clear_data: Bool,
    /// Up to 500 users of a multi-user desktop.
    pub attach_user_infos: Option<Vec<AttachUser>>,
}

/// `attach_user_infos[]` (`AttachInstancesUserInfo`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AttachUser {
    /// Informational.
    pub user_id: Str,
    /// Mandatory.
    pub user_name: Str,
    /// Informational.
    pub domain: Str,
    /// Mandatory.
    pub user_group: Str,
    /// `USER` (default) or `GROUP`.
    #[serde(rename = "type")]
    pub object_type: Str,
}

/// Checks `encrypt_type` and its `kms_id`.
fn encryption(path: &str, encrypt_type: &Str, kms_id: &Str, v: &mut Violations) {
    if let Some(t) = given(encrypt_type)
        && one_of(
            &format!("{path}.encrypt_type"),
            t,
            &["KEEP", "UNENCRYPTED", "ENCRYPTED"],
            v,
        )
        && t == "ENCRYPTED"
    {
        required_foreign_id(&format!("{path}.kms_id"), kms_id, v);
    }
}

/// A rebuild line for each desktop, each running to the desktop's expiry (or the given period).
fn rebuild_lines(
    ids: &[(String, &str)],
    term: Term,
    ctx: &Ctx<'_>,
    out: &mut Builder,
    v: &mut Violations,
) {
    let Some(product) = ctx.catalog.get(REBUILD_PRODUCT) else {
        v.push("type", format!("no catalog product {REBUILD_PRODUCT}"));
        return;
    };
    for (path, id) in ids {
        if let Some((desktop, term)) =
            out.acted_on(ctx, path, id, kind::DESKTOP, "desktop", term, v)
        {
            out.line(
                ctx,
                path,
                product,
                term,
                1,
                None,
                Some(desktop.id().to_owned()),
                v,
            );
        }
    }
}

impl RebuildDesktopsReq {
    /// The desktops it names.
    pub fn references(&self) -> Vec<String> {
        ids_in(&self.desktop_ids)
    }
}

impl OrderObject for RebuildDesktopsReq {
    /// Checks every rule and adds a line per desktop.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(t) = v.required(&at("image_type"), given(&self.image_type)) {
            one_of(&at("image_type"), t, &["gold", "private", "market"], v);
        }
        required_foreign_id(&at("image_id"), &self.image_id, v);
        encryption(path, &self.encrypt_type, &self.kms_id, v);
        if let Some(h) = given(&self.handle_type) {
            one_of(
                &at("handle_type"),
                h,
                &[
                    "ONLY_FOR_EXPAND",
                    "FOR_EXPAND_AND_IDLE",
                    "FOR_EXPAND_AND_ALL",
                ],
                v,
            );
        }
        optional_range(
            &at("delay_time"),
            &self.delay_time,
            0,
            i64::from(i32::MAX),
            v,
        );
        optional_length(&at("message"), &self.message, 0, 400, Characters, v);
        optional_length(&at("order_id"), &self.order_id, 0, 255, Characters, v);
        optional_length(&at("os_type"), &self.os_type, 0, 255, Characters, v);
        super::shared::enterprise_project_id(
            &at("enterprise_project_id"),
            &self.enterprise_project_id,
            v,
        );
        // The definition sets no item limit; 100 matches the other desktop lists.
        let ids = own_ids(&at("desktop_ids"), &self.desktop_ids, (1, 100), true, v);
        if v.is_empty() {
            rebuild_lines(&ids, term, ctx, out, v);
        }
    }
}

impl AttachInstancesReq {
    /// The desktops it names.
    pub fn references(&self) -> Vec<String> {
        self.desktops
            .iter()
            .flatten()
            .filter_map(|d| given(&d.desktop_id).map(str::to_owned))
            .collect()
    }
}

impl OrderObject for AttachInstancesReq {
    /// Checks every rule and adds a line per desktop.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        match (given(&self.image_type), given(&self.image_id)) {
            (Some(t), Some(id)) => {
                one_of(&at("image_type"), t, &["gold", "private", "market"], v);
                foreign_id(&at("image_id"), id, v);
            }
            (Some(_), None) => v.push(at("image_id"), "is required when image_type is given"),
            (None, Some(_)) => v.push(at("image_type"), "is required when image_id is given"),
            (None, None) => {}
        }
        encryption(path, &self.encrypt_type, &self.kms_id, v);
        optional_length(
            &at("desktop_name_policy_id"),
            &self.desktop_name_policy_id,
            0,
            36,
            Characters,
            v,
        );
        let mut ids: Vec<(String, &str)> = Vec::new();
        for (i, d) in required_items(&at("desktops"), &self.desktops, 1, 50, v)
            .iter()
            .enumerate()
        {
            let p = format!("{}[{i}]", at("desktops"));
            // The desktop's package gives its OS; an unknown desktop is a 404 later.
            let os = given(&d.desktop_id)
                .and_then(|id| ctx.existing.get(id))
                .and_then(|r| ctx.catalog.get(r.spec_code()))
                .map_or(DesktopOs::Linux, os_of);
            // Seed Table 14: a computer name "must be unique".
            if let Some(name) = given(&d.computer_name) {
                let name_path = format!("{p}.computer_name");
                out.unique_name(
                    "computer_name",
                    name.to_ascii_lowercase(),
                    name,
                    &name_path,
                    v,
                );
            }
            if let Some(id) = d.check(&p, ctx.directory, os, v) {
                if ids.iter().any(|(_, seen)| *seen == id) {
                    v.push(format!("{p}.desktop_id"), format!("{id} is listed twice"));
                } else {
                    ids.push((format!("{p}.desktop_id"), id));
                }
            }
        }
        if v.is_empty() {
            rebuild_lines(&ids, term, ctx, out, v);
        }
    }
}

impl AttachDesktop {
    fn check<'a>(
        &'a self,
        path: &str,
        directory: DirectoryType,
        os: DesktopOs,
        v: &mut Violations,
    ) -> Option<&'a str> {
        let at = |f: &str| format!("{path}.{f}");
        let users = items(&at("attach_user_infos"), &self.attach_user_infos, 0, 500, v);
        // Seed Tables 14 and 15: a user "cannot be the same as the name of the assigned desktop".
        let desktop_name = given(&self.computer_name);
        let not_the_desktop = |path: &str, name: &str, v: &mut Violations| {
            if let Some(desktop) = desktop_name.filter(|d| d.eq_ignore_ascii_case(name)) {
                v.push(
                    path,
                    format!("must not be the same as the desktop's name (computer_name {desktop})"),
                );
            }
        };
        if users.is_empty() {
            if let Some(name) = v.required(&at("user_name"), given(&self.user_name)) {
                v.take(&at("user_name"), user_name(name, directory, os, 32));
                not_the_desktop(&at("user_name"), name, v);
            }
            if let Some(g) = v.required(&at("user_group"), given(&self.user_group)) {
                one_of(&at("user_group"), g, USER_GROUPS, v);
            }
        }
        for (i, u) in users.iter().enumerate() {
            let up = format!("{}[{i}]", at("attach_user_infos"));
            let object_type = given(&u.object_type).unwrap_or("USER");
            one_of(&format!("{up}.type"), object_type, &["USER", "GROUP"], v);
            optional_length(&format!("{up}.user_id"), &u.user_id, 1, 255, Characters, v);
            if let Some(name) = v.required(&format!("{up}.user_name"), given(&u.user_name)) {
                if object_type == "GROUP" {
                    // A group's name: the seed's characters, the definition's 1–64.
                    if check_length(&format!("{up}.user_name"), name, 1, 64, Characters, v)
                        && !name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        v.push(
                            format!("{up}.user_name"),
                            "may hold only letters, digits, - and _",
                        );
                    }
                } else {
                    v.take(
                        &format!("{up}.user_name"),
                        user_name(name, directory, os, 64),
                    );
                    not_the_desktop(&format!("{up}.user_name"), name, v);
                }
            }
            if let Some(g) = v.required(&format!("{up}.user_group"), given(&u.user_group)) {
                one_of(&format!("{up}.user_group"), g, USER_GROUPS, v);
            }
        }
        if let Some(name) = given(&self.computer_name) {
            v.take(
                &at("computer_name"),
                computer_name(name, ComputerNameRule::Attach),
            );
        }
        // The definition's lengths; the seed gives none.
        optional_length(&at("user_id"), &self.user_id, 1, 255, Characters, v);
        optional_length(&at("user_email"), &self.user_email, 0, 255, Characters, v);
        let id = v.required(&at("desktop_id"), given(&self.desktop_id))?;
        check_length(&at("desktop_id"), id, 1, 255, Characters, v).then_some(id)
    }
}
