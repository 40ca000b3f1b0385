//! `createExclusiveHosts`: exclusive hosts with their image and storage disks, and optionally
//! the desktops to run on them (`resize_exclusive_lites`, inside `create_exclusive_hosts` or
//! beside it in the resource; not both).

use serde::Deserialize;

use super::shared::{Builder, Ctx, Int, OrderObject, Str, Term, Volume, kind, required_foreign_id};
use crate::domain::violations::Violations;
use crate::domain::volume::VolumeSizeRule;
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{check_length, optional_length, optional_range, range, required_items};
use crate::wire::scalar::given;

/// `create_exclusive_hosts` (`CreateExclusiveHostsReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateExclusiveHostsReq {
    /// Mandatory.
    pub availability_zone: Str,
    /// Up to 255 characters.
    pub name: Str,
    /// 0–300.
    pub apply_desktop_quantity: Int,
    /// 1–100 hosts. Mandatory.
    pub quantity: Int,
    /// Exclusive host product. Mandatory.
    pub product_id: Str,
    /// 1–100 disks per host. Mandatory.
    pub image_volumes: Option<Vec<Volume>>,
    /// Default `0`.
    pub enterprise_project_id: Str,
    /// 1–100 disks per host. Mandatory.
    pub memory_volumes: Option<Vec<Volume>>,
    /// Mandatory; form only.
    pub vpc_id: Str,
    /// Mandatory; form only.
    pub subnet_id: Str,
    /// Desktops on the new hosts.
    pub resize_exclusive_lites: Option<ResizeExclusiveLitesReq>,
}

/// `resize_exclusive_lites` (`ResizeExclusiveLitesReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ResizeExclusiveLitesReq {
    /// Default `0`.
    pub enterprise_project_id: Str,
    /// A desktop package. Mandatory.
    pub product_id: Str,
    /// 1–300 desktops. Mandatory (the definition allows 0, which orders nothing).
    pub new_quantity: Int,
}

/// Checks both objects of a `createExclusiveHosts` resource at `path` and adds a line per host,
/// per host disk and per desktop.
pub fn build(
    path: &str,
    hosts: Option<&CreateExclusiveHostsReq>,
    lites: Option<&ResizeExclusiveLitesReq>,
    term: Term,
    ctx: &Ctx<'_>,
    out: &mut Builder,
    v: &mut Violations,
) {
    let host_path = format!("{path}.create_exclusive_hosts");
    let Some(hosts) = hosts else {
        v.push(&host_path, "is required for type createExclusiveHosts");
        return;
    };
    let lites = match (lites, &hosts.resize_exclusive_lites) {
        (Some(_), Some(_)) => {
            v.push(
                format!("{path}.resize_exclusive_lites"),
                "must not be given both here and inside create_exclusive_hosts",
            );
            None
        }
        (Some(l), None) => Some((format!("{path}.resize_exclusive_lites"), l)),
        (None, Some(l)) => Some((format!("{host_path}.resize_exclusive_lites"), l)),
        (None, None) => None,
    };
    hosts.build(&host_path, term, ctx, out, v);
    if let Some((lite_path, lites)) = lites {
        lites.build(&lite_path, term, ctx, out, v);
    }
}

impl OrderObject for CreateExclusiveHostsReq {
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(az) = v.required(&at("availability_zone"), given(&self.availability_zone)) {
            check_length(&at("availability_zone"), az, 1, 255, Characters, v);
        }
        optional_length(&at("name"), &self.name, 0, 255, Characters, v);
        optional_range(
            &at("apply_desktop_quantity"),
            &self.apply_desktop_quantity,
            0,
            300,
            v,
        );
        let quantity = v
            .required(&at("quantity"), given(&self.quantity))
            .and_then(|q| range(&at("quantity"), q, 1, 100, v));
        let product = out.required_product(
            ctx,
            &at("product_id"),
            &self.product_id,
            kind::EXCLUSIVE_HOST,
            "exclusive host product",
            v,
        );
        required_foreign_id(&at("vpc_id"), &self.vpc_id, v);
        required_foreign_id(&at("subnet_id"), &self.subnet_id, v);
        super::shared::enterprise_project_id(
            &at("enterprise_project_id"),
            &self.enterprise_project_id,
            v,
        );
        let mut disks = Vec::new();
        for field in ["image_volumes", "memory_volumes"] {
            let list = if field == "image_volumes" {
                &self.image_volumes
            } else {
                &self.memory_volumes
            };
            // The definition allows empty lists; the seed marks both mandatory, and a host
            // without disks cannot run desktops, so orderd requires at least one of each.
            for (i, vol) in required_items(&at(field), list, 1, 100, v)
                .iter()
                .enumerate()
            {
                let p = format!("{}[{i}]", at(field));
                disks.push(
                    vol.check(&p, VolumeSizeRule::WORKSPACE_DATA, v)
                        .map(|d| (p, d)),
                );
            }
        }
        let (Some(quantity), Some(product)) = (quantity, product) else {
            return;
        };
        if disks.iter().any(Option::is_none) {
            return;
        }
        for _ in 0..quantity {
            let host = out.create_priced(
                ctx,
                path,
                product,
                kind::EXCLUSIVE_HOST,
                None,
                term,
                None,
                v,
            );
            for (p, disk) in disks.iter().flatten() {
                out.disk(ctx, p, *disk, &host, term, v);
            }
        }
    }
}

impl OrderObject for ResizeExclusiveLitesReq {
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        super::shared::enterprise_project_id(
            &at("enterprise_project_id"),
            &self.enterprise_project_id,
            v,
        );
        let product = out.required_product(
            ctx,
            &at("product_id"),
            &self.product_id,
            kind::DESKTOP,
            "desktop package",
            v,
        );
        let quantity = v
            .required(&at("new_quantity"), given(&self.new_quantity))
            .and_then(|q| range(&at("new_quantity"), q, 1, 300, v));
        let (Some(product), Some(quantity)) = (product, quantity) else {
            return;
        };
        for _ in 0..quantity {
            out.create_priced(ctx, path, product, kind::DESKTOP, None, term, None, v);
        }
    }
}
