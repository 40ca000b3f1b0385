//! `applyDesktopsInternet`: EIPs for existing desktops (`desktop_ids`) or bought on their own
//! (`count`), each of `bandwidth_size` Mbit/s.

use serde::Deserialize;

use super::create_desktops::EIP_CHARGE_MODES;
use super::shared::{Builder, Ctx, Int, OrderObject, Str, Term, ids_in, kind, own_ids};
use crate::domain::violations::Violations;
use crate::wire::common::{one_of, range};
use crate::wire::scalar::given;

/// `apply_desktops_internet` (`ApplyDesktopsInternet`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApplyDesktopsInternet {
    /// Up to 100 existing desktops of the project.
    pub desktop_ids: Option<Vec<Str>>,
    /// EIP type (`5_bgp`, `5_sbgp`). Mandatory.
    pub eip_type: Str,
    /// `TRAFFIC` or `BANDWIDTH`. Mandatory.
    pub eip_charge_mode: Str,
    /// 1–2000 Mbit/s. Mandatory.
    pub bandwidth_size: Int,
    /// 1–100 EIPs; mandatory when `desktop_ids` is empty.
    pub count: Int,
}

impl ApplyDesktopsInternet {
    /// The desktops it names.
    pub fn references(&self) -> Vec<String> {
        ids_in(&self.desktop_ids)
    }
}

impl OrderObject for ApplyDesktopsInternet {
    /// Checks every rule and adds a line per EIP.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        let product = v
            .required(&at("eip_type"), given(&self.eip_type))
            .and_then(|t| {
                out.product(
                    ctx,
                    &at("eip_type"),
                    &format!("workspace.eip.{t}"),
                    kind::EIP,
                    "EIP type",
                    v,
                )
            });
        if let Some(mode) = v.required(&at("eip_charge_mode"), given(&self.eip_charge_mode)) {
            one_of(&at("eip_charge_mode"), mode, EIP_CHARGE_MODES, v);
        }
        let mbits = v
            .required(&at("bandwidth_size"), given(&self.bandwidth_size))
            .and_then(|b| range(&at("bandwidth_size"), b, 1, 2000, v));
        let ids = own_ids(&at("desktop_ids"), &self.desktop_ids, (0, 100), false, v);
        // The definition allows a count of 0; an order for no EIP orders nothing.
        // Seed Table 24: `count` is mandatory when `desktop_ids` is empty and "valid when EIPs
        // are purchased separately": beside desktop ids it is not used (only the definition's
        // 0–100 applies). On its own, an order of 0 EIPs bills nothing, so it is 1–100.
        let count = match given(&self.count) {
            Some(c) if ids.is_empty() => range(&at("count"), c, 1, 100, v),
            Some(c) => {
                range(&at("count"), c, 0, 100, v);
                None
            }
            None if ids.is_empty() => {
                v.push(at("count"), "is required when desktop_ids is empty");
                None
            }
            None => None,
        };
        let (Some(product), Some(mbits)) = (product, mbits) else {
            return;
        };
        for (p, id) in &ids {
            if let Some(desktop) = out.existing(ctx, p, id, kind::DESKTOP, "desktop") {
                out.create_priced(
                    ctx,
                    p,
                    product,
                    kind::EIP,
                    Some(desktop.id().to_owned()),
                    term,
                    Some(mbits),
                    v,
                );
            }
        }
        for _ in 0..count.unwrap_or(0) {
            out.create_priced(ctx, path, product, kind::EIP, None, term, Some(mbits), v);
        }
    }
}
