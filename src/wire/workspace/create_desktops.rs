//! `createDesktops`: new desktops, each with its system disk, data disks and optionally an EIP.

use serde::Deserialize;

use super::shared::{
    Bool, Builder, Ctx, IdRef, Int, OrderObject, Str, Tag, Term, Volume, desktop_disks, foreign_id,
    kind, os_of, required_foreign_id, security_groups, tags,
};
use crate::domain::names::{
    ComputerNameRule, DesktopOs, DirectoryType, computer_name, desktop_name, user_name,
};
use crate::domain::violations::Violations;
use crate::domain::volume::{VolumeSizeRules, VolumeTypes};
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{check_length, items, one_of, optional_length, optional_range, range};
use crate::wire::scalar::given;

/// `create_desktops` (`CreateDesktopReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateDesktopReq {
    /// `DEDICATED` or `SHARED`. Mandatory.
    pub desktop_type: Str,
    /// AZ.
    pub availability_zone: Str,
    /// Desktop package. Mandatory.
    pub product_id: Str,
    /// `speed` or `custom`.
    pub buy_type: Str,
    /// `private` or `gold`. Mandatory.
    pub image_type: Str,
    /// Mandatory; form only.
    pub image_id: Str,
    /// System disk. Mandatory.
    pub root_volume: Option<Volume>,
    /// Up to 10 data disks.
    pub data_volumes: Option<Vec<Volume>>,
    /// Up to 5 NICs.
    pub nics: Option<Vec<IdRef>>,
    /// Up to 5 security groups.
    pub security_groups: Option<Vec<IdRef>>,
    /// 1–100 desktops assigned to users; not with `size`.
    pub desktops: Option<Vec<Desktop>>,
    /// Name (size 1) or name prefix (size above 1).
    pub desktop_name: Str,
    /// Up to 100 IPs.
    pub desktop_ips: Option<Vec<Str>>,
    /// 1–100 unassigned desktops; not with `desktops`.
    pub size: Int,
    /// Default true.
    pub email_notification: Bool,
    /// Default `0`.
    pub enterprise_project_id: Str,
    /// Up to 20 tags.
    pub tags: Option<Vec<Tag>>,
    /// An EIP for every desktop.
    pub eip: Option<Eip>,
    /// Up to 36 characters.
    pub desktop_name_policy_id: Str,
    /// Informational.
    pub if_mount_old_desktop_disk: Bool,
    /// Shared VPC Direct Connect parameters.
    pub apply_shared_vpc_dedicated_param: Option<ApplySharedVpcDedicatedParam>,
    /// Hourly package; 1–255 characters.
    pub hour_package_product_id: Str,
    /// Hourly package offering; 1–255 characters.
    pub hour_package_offering_id: Str,
    /// OU for the AD; 1–255 characters (the definition's field, the SDK sends it).
    pub ou_name: Str,
    /// Domain; 1–255 characters (the definition's field, the SDK sends it).
    pub domain: Str,
}

/// `apply_shared_vpc_dedicated_param` (`ApplySharedVpcDedicatedParam`, seed Table 10).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApplySharedVpcDedicatedParam {
    /// Up to 255 characters.
    pub address: Str,
    /// 1025–65535 (the definition's range; the seed is silent).
    pub port: Int,
    /// Up to 10 AZs, each up to 255 characters.
    pub availability_zone: Option<Vec<Str>>,
}

impl ApplySharedVpcDedicatedParam {
    fn check(&self, path: &str, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        optional_length(&at("address"), &self.address, 0, 255, Characters, v);
        optional_range(&at("port"), &self.port, 1025, 65535, v);
        let azs = at("availability_zone");
        for (i, az) in items(&azs, &self.availability_zone, 0, 10, v)
            .iter()
            .enumerate()
        {
            optional_length(&format!("{azs}[{i}]"), az, 0, 255, Characters, v);
        }
    }
}

/// `desktops[]` (`Desktop`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Desktop {
    /// Mandatory.
    pub user_name: Str,
    /// Domain of the user.
    pub domain: Str,
    /// Up to 255 characters.
    pub user_email: Str,
    /// Up to 255 characters.
    pub user_phone: Str,
    /// `sudo`, `default`, `administrators` or `users`.
    pub user_group: Str,
    /// 1–15 characters.
    pub computer_name: Str,
    /// 1–15 characters.
    pub os_host_name: Str,
    /// Up to 5 characters (the definition's limit; the seed is silent).
    pub desktop_name_prefix: Str,
    /// Only with `copy_volume_ids`; up to 100 characters.
    pub copy_volume_desktop_id: Str,
    /// Only with `copy_volume_desktop_id`; up to 10.
    pub copy_volume_ids: Option<Vec<Str>>,
    /// Informational.
    pub if_delete_old_desktop: Bool,
}

/// `eip` (`Eip`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Eip {
    /// An existing EIP to bind; then nothing is bought.
    pub id: Str,
    /// EIP type (`5_bgp`); mandatory when buying.
    #[serde(rename = "type")]
    pub eip_type: Str,
    /// `TRAFFIC` or `BANDWIDTH`.
    pub charge_mode: Str,
    /// 1–2000 Mbit/s; mandatory when buying.
    pub bandwidth_size: Int,
}

/// The documented user groups.
pub const USER_GROUPS: &[&str] = &["sudo", "default", "administrators", "users"];
/// The documented EIP charge modes.
pub const EIP_CHARGE_MODES: &[&str] = &["TRAFFIC", "BANDWIDTH"];

impl OrderObject for CreateDesktopReq {
    /// Checks every rule and adds a line per desktop, disk and EIP.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(t) = v.required(&at("desktop_type"), given(&self.desktop_type)) {
            one_of(&at("desktop_type"), t, &["DEDICATED", "SHARED"], v);
        }
        if let Some(t) = v.required(&at("image_type"), given(&self.image_type)) {
            one_of(&at("image_type"), t, &["private", "gold"], v);
        }
        required_foreign_id(&at("image_id"), &self.image_id, v);
        if let Some(b) = given(&self.buy_type) {
            one_of(&at("buy_type"), b, &["speed", "custom"], v);
        }
        super::shared::enterprise_project_id(
            &at("enterprise_project_id"),
            &self.enterprise_project_id,
            v,
        );
        optional_length(
            &at("desktop_name_policy_id"),
            &self.desktop_name_policy_id,
            0,
            36,
            Characters,
            v,
        );
        // Limits of the definition where the seed gives none.
        optional_length(
            &at("availability_zone"),
            &self.availability_zone,
            0,
            255,
            Characters,
            v,
        );
        for (field, value) in [
            ("hour_package_product_id", &self.hour_package_product_id),
            ("hour_package_offering_id", &self.hour_package_offering_id),
            ("ou_name", &self.ou_name),
            ("domain", &self.domain),
        ] {
            optional_length(&at(field), value, 1, 255, Characters, v);
        }
        if let Some(param) = &self.apply_shared_vpc_dedicated_param {
            param.check(&at("apply_shared_vpc_dedicated_param"), v);
        }
        let product = out.required_product(
            ctx,
            &at("product_id"),
            &self.product_id,
            kind::DESKTOP,
            "desktop package",
            v,
        );
        let disks = desktop_disks(
            path,
            &self.root_volume,
            &self.data_volumes,
            (VolumeTypes::WORKSPACE, VolumeSizeRules::WORKSPACE),
            v,
        );
        for (i, nic) in items(&at("nics"), &self.nics, 0, 5, v).iter().enumerate() {
            required_foreign_id(&format!("{}[{i}].subnet_id", at("nics")), &nic.subnet_id, v);
        }
        security_groups(&at("security_groups"), &self.security_groups, v);
        for (i, ip) in items(&at("desktop_ips"), &self.desktop_ips, 0, 100, v)
            .iter()
            .enumerate()
        {
            // Seed Table 5: IP addresses assigned to the desktops.
            if let Some(ip) = given(ip)
                && ip.parse::<std::net::IpAddr>().is_err()
            {
                v.push(
                    format!("{}[{i}]", at("desktop_ips")),
                    format!("must be an IP address, got {ip}"),
                );
            }
        }
        tags(&at("tags"), &self.tags, v);
        let os = product.map(os_of).unwrap_or(DesktopOs::Linux);
        let count = self.count(path, ctx.directory, os, v);
        // Seed Table 9: a computer name "must be unique" (compared as Windows does, ignoring case).
        for (i, d) in self.desktops.iter().flatten().enumerate() {
            if let Some(name) = given(&d.computer_name) {
                let p = format!("{}[{i}].computer_name", at("desktops"));
                out.unique_name("computer_name", name.to_ascii_lowercase(), name, &p, v);
            }
        }
        let eip = self
            .eip
            .as_ref()
            .and_then(|e| e.check(&at("eip"), ctx, out, v));

        let (Some(product), Some(disks), Some(count)) = (product, disks, count) else {
            return;
        };
        for _ in 0..count {
            let desktop = out.desktop(ctx, path, product, &disks, None, term, v);
            if let Some((eip_product, mbits)) = eip {
                out.create_priced(
                    ctx,
                    &at("eip"),
                    eip_product,
                    kind::EIP,
                    Some(desktop.clone()),
                    term,
                    Some(mbits),
                    v,
                );
            }
        }
    }
}

impl CreateDesktopReq {
    /// How many desktops: `desktops` (1–100) or `size` (1–100), exactly one of them, with the
    /// name rules that depend on the count.
    fn count(
        &self,
        path: &str,
        directory: DirectoryType,
        os: DesktopOs,
        v: &mut Violations,
    ) -> Option<u32> {
        let at = |f: &str| format!("{path}.{f}");
        let count = match (&self.desktops, given(&self.size)) {
            (Some(_), Some(_)) => {
                v.push(at("size"), "must not be given together with desktops");
                None
            }
            (None, None) => {
                v.push(at("desktops"), "either desktops or size is required");
                None
            }
            (Some(_), None) => {
                let list = items(&at("desktops"), &self.desktops, 1, 100, v);
                for (i, d) in list.iter().enumerate() {
                    d.check(&format!("{}[{i}]", at("desktops")), directory, os, v);
                }
                (1..=100).contains(&list.len()).then_some(list.len() as u32)
            }
            (None, Some(size)) => range(&at("size"), size, 1, 100, v),
        };
        if let Some(name) = given(&self.desktop_name) {
            if given(&self.size).is_none() {
                v.push(at("desktop_name"), "is used together with size");
            } else if let Some(size) = count {
                v.take(&at("desktop_name"), desktop_name(name, size));
            }
        }
        count
    }
}

impl Desktop {
    fn check(&self, path: &str, directory: DirectoryType, os: DesktopOs, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(name) = v.required(&at("user_name"), given(&self.user_name)) {
            v.take(&at("user_name"), user_name(name, directory, os, 32));
        }
        if let Some(g) = given(&self.user_group) {
            one_of(&at("user_group"), g, USER_GROUPS, v);
        }
        if let Some(name) = given(&self.computer_name) {
            v.take(
                &at("computer_name"),
                computer_name(name, ComputerNameRule::Create),
            );
        }
        optional_length(
            &at("os_host_name"),
            &self.os_host_name,
            1,
            15,
            Characters,
            v,
        );
        optional_length(
            &at("desktop_name_prefix"),
            &self.desktop_name_prefix,
            0,
            5,
            Characters,
            v,
        );
        for (field, value) in [
            ("user_email", &self.user_email),
            ("user_phone", &self.user_phone),
        ] {
            optional_length(&at(field), value, 1, 255, Characters, v);
        }
        if let Some(email) = given(&self.user_email)
            && !email.contains('@')
        {
            v.push(
                at("user_email"),
                format!("must be an email address, got {email}"),
            );
        }
        let ids = items(&at("copy_volume_ids"), &self.copy_volume_ids, 0, 10, v);
        match (given(&self.copy_volume_desktop_id), ids.is_empty()) {
            (Some(_), true) => v.push(
                at("copy_volume_ids"),
                "is required when copy_volume_desktop_id is given",
            ),
            (None, false) => v.push(
                at("copy_volume_desktop_id"),
                "is required when copy_volume_ids is given",
            ),
            (Some(id), false) => {
                // At most 100 characters (the definition's limit for this id).
                if check_length(&at("copy_volume_desktop_id"), id, 1, 100, Characters, v) {
                    foreign_id(&at("copy_volume_desktop_id"), id, v);
                }
                for (i, vol) in ids.iter().enumerate() {
                    if let Some(vol) = given(vol) {
                        foreign_id(&format!("{}[{i}]", at("copy_volume_ids")), vol, v);
                    }
                }
            }
            (None, true) => {}
        }
    }
}

impl Eip {
    /// The EIP product and bandwidth to buy per desktop, or `None` when binding an existing EIP.
    fn check<'c>(
        &self,
        path: &str,
        ctx: &Ctx<'c>,
        out: &Builder,
        v: &mut Violations,
    ) -> Option<(&'c crate::domain::catalog::Product, u32)> {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(mode) = given(&self.charge_mode) {
            one_of(&at("charge_mode"), mode, EIP_CHARGE_MODES, v);
        }
        if let Some(id) = given(&self.id) {
            foreign_id(&at("id"), id, v);
            return None;
        }
        let product = v
            .required(&at("type"), given(&self.eip_type))
            .and_then(|t| {
                out.product(
                    ctx,
                    &at("type"),
                    &format!("workspace.eip.{t}"),
                    kind::EIP,
                    "EIP type",
                    v,
                )
            });
        let size = v
            .required(&at("bandwidth_size"), given(&self.bandwidth_size))
            .and_then(|b| range(&at("bandwidth_size"), b, 1, 2000, v));
        Some((product?, size?))
    }
}
