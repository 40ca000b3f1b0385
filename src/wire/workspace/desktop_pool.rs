//! `createDesktopPool` and `expandDesktopPool`: a pool of desktops of one package, and more
//! desktops in an existing pool (running to the pool's expiry).

use crate::domain::term::ResourceKind;
use serde::Deserialize;

use super::create_desktops::USER_GROUPS;
use super::shared::{
    Bool, Builder, Ctx, IdRef, Int, OrderObject, Str, Tag, Term, Volume, desktop_disks, foreign_id,
    kind, required_foreign_id, security_groups, tags,
};
use crate::domain::names::pool_name;
use crate::domain::violations::Violations;
use crate::domain::volume::{VolumeSizeRules, VolumeTypes};
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{
    check_length, items, one_of, optional_length, optional_range, range, required_items,
};
use crate::wire::scalar::given;

/// `create_desktop_pool` (`CreateDesktopPoolReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateDesktopPoolReq {
    /// 1–255 letters, digits and `-`. Mandatory.
    pub name: Str,
    /// `DYNAMIC` or `STATIC`. Mandatory.
    #[serde(rename = "type")]
    pub pool_type: Str,
    /// 1–100 desktops. Mandatory.
    pub size: Int,
    /// Informational.
    pub description: Str,
    /// AZ.
    pub availability_zone: Str,
    /// Pool package. Mandatory.
    pub product_id: Str,
    /// Informational.
    pub flavor_id: Str,
    /// `private` or `gold`. Mandatory.
    pub image_type: Str,
    /// Mandatory; form only.
    pub image_id: Str,
    /// Mandatory.
    pub root_volume: Option<Volume>,
    /// Up to 10.
    pub data_volumes: Option<Vec<Volume>>,
    /// Form only.
    pub vpc_id: Str,
    /// 1–100 subnets. Mandatory.
    pub subnet_ids: Option<Vec<Str>>,
    /// Up to 5.
    pub security_groups: Option<Vec<IdRef>>,
    /// Up to 500.
    pub authorized_objects: Option<Vec<AuthorizedObject>>,
    /// Informational.
    pub ou_name: Str,
    /// Up to 20.
    pub tags: Option<Vec<Tag>>,
    /// Default `0`.
    pub enterprise_project_id: Str,
    /// 10–43200 minutes.
    pub disconnected_retention_period: Int,
    /// Informational.
    pub enable_autoscale: Bool,
    /// Up to 36 characters.
    pub desktop_name_policy_id: Str,
    /// Auto scaling (seed Table 22).
    pub autoscale_policy: Option<AutoscalePolicy>,
    /// 1–255 characters (the definition's field, the SDK sends it).
    pub domain: Str,
    /// User reset policy (the definition's field, the SDK sends it).
    pub user_reset_policy: Option<UserResetPolicy>,
}

/// `autoscale_policy` (`AutoscalePolicy`): the seed's fields with the definition's ranges.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AutoscalePolicy {
    /// `ACCESS_CREATED` or `AUTO_CREATED`.
    pub autoscale_type: Str,
    /// 1–5000.
    pub max_auto_created: Int,
    /// 0–5000.
    pub min_idle: Int,
    /// 1–100 (deprecated).
    pub once_auto_created: Int,
    /// 0–5000.
    pub min_retention: Int,
    /// 0–43200 minutes.
    pub idle_retention_duration: Int,
    /// Informational (the definition's field).
    pub auto_isolation_enable: Bool,
    /// At least 1 (the definition's field).
    pub auto_isolation_max_num: Int,
}

impl AutoscalePolicy {
    fn check(&self, path: &str, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(t) = given(&self.autoscale_type) {
            one_of(
                &at("autoscale_type"),
                t,
                &["ACCESS_CREATED", "AUTO_CREATED"],
                v,
            );
        }
        for (field, value, min, max) in [
            ("max_auto_created", &self.max_auto_created, 1, 5000),
            ("min_idle", &self.min_idle, 0, 5000),
            ("once_auto_created", &self.once_auto_created, 1, 100),
            ("min_retention", &self.min_retention, 0, 5000),
            (
                "idle_retention_duration",
                &self.idle_retention_duration,
                0,
                43200,
            ),
        ] {
            optional_range(&at(field), value, min, max, v);
        }
        if let Some(x) = given(&self.auto_isolation_max_num)
            && x < 1
        {
            v.push(
                at("auto_isolation_max_num"),
                format!("must be at least 1, got {x}"),
            );
        }
    }
}

/// `authorized_objects[]`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthorizedObject {
    /// `USER` or `USER_GROUP`. Mandatory.
    pub object_type: Str,
    /// Mandatory.
    pub object_id: Str,
    /// Mandatory, up to 100 characters.
    pub object_name: Str,
    /// Mandatory.
    pub user_group: Str,
    /// 1–255 characters (the definition's limit).
    pub created_at: Str,
}

/// `user_reset_policy` (`UserResetPolicy`): a field of the definition and the SDK, not the seed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserResetPolicy {
    /// Whether desktops are reset.
    pub enable: Bool,
    /// 1–100 resets a day.
    pub reset_count_per_day: Int,
}

/// `expand_desktop_pool` (`ExpandDesktopPoolOrderReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExpandDesktopPoolOrderReq {
    /// 1–1000 more desktops. The seed marks it optional; an expansion by nothing orders
    /// nothing, so orderd requires it.
    pub size: Int,
    /// An existing pool of the project. Mandatory.
    pub pool_id: Str,
}

impl OrderObject for CreateDesktopPoolReq {
    /// Checks every rule; adds the pool, and a line per desktop and per disk.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(name) = v.required(&at("name"), given(&self.name)) {
            v.take(&at("name"), pool_name(name));
            // Seed Table 18: a pool name "must be unique".
            out.unique_name("pool name", name.to_owned(), name, &at("name"), v);
        }
        if let Some(t) = v.required(&at("type"), given(&self.pool_type)) {
            one_of(&at("type"), t, &["DYNAMIC", "STATIC"], v);
        }
        // The definition allows 0; a pool order with no desktops has nothing to bill.
        let size = v
            .required(&at("size"), given(&self.size))
            .and_then(|x| range(&at("size"), x, 1, 100, v));
        if let Some(t) = v.required(&at("image_type"), given(&self.image_type)) {
            one_of(&at("image_type"), t, &["private", "gold"], v);
        }
        required_foreign_id(&at("image_id"), &self.image_id, v);
        let product = out.required_product(
            ctx,
            &at("product_id"),
            &self.product_id,
            kind::POOL,
            "desktop pool package",
            v,
        );
        let disks = desktop_disks(
            path,
            &self.root_volume,
            &self.data_volumes,
            // Seed Table 19 lists SAS and SSD only for pool disks.
            (VolumeTypes::WORKSPACE_POOL, VolumeSizeRules::WORKSPACE_POOL),
            v,
        );
        if let Some(vpc) = given(&self.vpc_id) {
            foreign_id(&at("vpc_id"), vpc, v);
        }
        for (i, subnet) in required_items(&at("subnet_ids"), &self.subnet_ids, 1, 100, v)
            .iter()
            .enumerate()
        {
            // Subnet ids are at most 55 characters here (the definition's limit).
            let subnet_path = format!("{}[{i}]", at("subnet_ids"));
            if let Some(id) = v.required(&subnet_path, given(subnet))
                && check_length(&subnet_path, id, 1, 55, Characters, v)
            {
                foreign_id(&subnet_path, id, v);
            }
        }
        security_groups(&at("security_groups"), &self.security_groups, v);
        for (i, o) in items(
            &at("authorized_objects"),
            &self.authorized_objects,
            0,
            500,
            v,
        )
        .iter()
        .enumerate()
        {
            o.check(&format!("{}[{i}]", at("authorized_objects")), v);
        }
        tags(&at("tags"), &self.tags, v);
        super::shared::enterprise_project_id(
            &at("enterprise_project_id"),
            &self.enterprise_project_id,
            v,
        );
        optional_range(
            &at("disconnected_retention_period"),
            &self.disconnected_retention_period,
            10,
            43200,
            v,
        );
        optional_length(&at("description"), &self.description, 0, 255, Characters, v);
        // Limits of the definition where the seed gives none.
        optional_length(
            &at("desktop_name_policy_id"),
            &self.desktop_name_policy_id,
            0,
            36,
            Characters,
            v,
        );
        optional_length(
            &at("availability_zone"),
            &self.availability_zone,
            0,
            255,
            Characters,
            v,
        );
        optional_length(&at("ou_name"), &self.ou_name, 0, 255, Characters, v);
        optional_length(&at("flavor_id"), &self.flavor_id, 1, 255, Characters, v);
        optional_length(&at("domain"), &self.domain, 1, 255, Characters, v);
        if let Some(policy) = &self.autoscale_policy {
            policy.check(&at("autoscale_policy"), v);
        }
        if let Some(policy) = &self.user_reset_policy {
            optional_range(
                &format!("{}.reset_count_per_day", at("user_reset_policy")),
                &policy.reset_count_per_day,
                1,
                100,
                v,
            );
        }
        let (Some(product), Some(size), Some(disks)) = (product, size, disks) else {
            return;
        };
        let pool_kind = ResourceKind {
            resource_type: kind::POOL,
            ..ResourceKind::of(product)
        };
        let pool = out.create(ctx, &pool_kind, None, term);
        for _ in 0..size {
            out.desktop(ctx, path, product, &disks, Some(pool.clone()), term, v);
        }
    }
}

impl AuthorizedObject {
    fn check(&self, path: &str, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(t) = v.required(&at("object_type"), given(&self.object_type)) {
            one_of(&at("object_type"), t, &["USER", "USER_GROUP"], v);
        }
        if let Some(id) = v.required(&at("object_id"), given(&self.object_id)) {
            check_length(&at("object_id"), id, 1, 255, Characters, v);
        }
        if let Some(name) = v.required(&at("object_name"), given(&self.object_name)) {
            check_length(&at("object_name"), name, 1, 100, Characters, v);
        }
        if let Some(g) = v.required(&at("user_group"), given(&self.user_group)) {
            one_of(&at("user_group"), g, USER_GROUPS, v);
        }
        optional_length(&at("created_at"), &self.created_at, 1, 255, Characters, v);
    }
}

impl OrderObject for ExpandDesktopPoolOrderReq {
    /// Checks every rule and adds a line per new desktop of the pool's package.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let id_path = format!("{path}.pool_id");
        let size_path = format!("{path}.size");
        let size = v
            .required(&size_path, given(&self.size))
            .and_then(|x| range(&size_path, x, 1, 1000, v));
        let pool_id = v
            .required(&id_path, given(&self.pool_id))
            .filter(|id| check_length(&id_path, id, 1, 255, Characters, v));
        let (Some(size), Some(pool_id)) = (size, pool_id) else {
            return;
        };
        let Some((pool, term)) =
            out.acted_on(ctx, &id_path, pool_id, kind::POOL, "desktop pool", term, v)
        else {
            return;
        };
        let Some(product) = out.product(
            ctx,
            &id_path,
            pool.spec_code(),
            kind::POOL,
            "desktop pool package",
            v,
        ) else {
            return;
        };
        for _ in 0..size {
            out.create_priced(
                ctx,
                path,
                product,
                kind::DESKTOP,
                Some(pool.id().to_owned()),
                term,
                None,
                v,
            );
        }
    }
}
