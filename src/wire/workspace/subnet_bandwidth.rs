//! `ApplySubnetBandwidth`: Workspace bandwidth for a subnet, billed by bandwidth.

use serde::Deserialize;

use super::shared::{
    BANDWIDTH_PRODUCT, Builder, Ctx, Int, OrderObject, Str, Term, kind, required_foreign_id,
};
use crate::domain::violations::Violations;
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{check_length, range};
use crate::wire::scalar::given;

/// `apply_subnet_bandwidth` (`ApplySubnetBandwidthReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApplySubnetBandwidthReq {
    /// 2–64 letters, digits, CJK, `_-*+.`.
    pub bandwidth_name: Str,
    /// Mandatory; form only.
    pub subnet_id: Str,
    /// `wks_bandwidth` for yearly/monthly orders. Mandatory.
    pub charge_mode: Str,
    /// 1–2000 Mbit/s; mandatory here, since it is what the order bills.
    pub bandwidth_size: Int,
    /// Default `0`.
    pub enterprise_project_id: Str,
}

impl OrderObject for ApplySubnetBandwidthReq {
    /// Checks every rule and adds one bandwidth line.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let at = |f: &str| format!("{path}.{f}");
        if let Some(name) = given(&self.bandwidth_name)
            && check_length(&at("bandwidth_name"), name, 2, 64, Characters, v)
            && !name.chars().all(|c| {
                c.is_ascii_alphanumeric()
                    || "_-*+.".contains(c)
                    || ('\u{4E00}'..='\u{9FA5}').contains(&c)
            })
        {
            v.push(
                at("bandwidth_name"),
                "may hold only letters, digits, Chinese characters and _-*+.",
            );
        }
        required_foreign_id(&at("subnet_id"), &self.subnet_id, v);
        super::shared::enterprise_project_id(
            &at("enterprise_project_id"),
            &self.enterprise_project_id,
            v,
        );
        match v.required(&at("charge_mode"), given(&self.charge_mode)) {
            Some("wks_bandwidth") | None => {}
            Some(mode @ ("free" | "wks_traffic")) => v.push(
                at("charge_mode"),
                format!("{mode} is for pay-per-use billing only; a yearly/monthly order needs wks_bandwidth"),
            ),
            Some(other) => v.push(
                at("charge_mode"),
                format!("must be one of wks_bandwidth, free, wks_traffic, got {other}"),
            ),
        }
        let mbits = v
            .required(&at("bandwidth_size"), given(&self.bandwidth_size))
            .and_then(|b| range(&at("bandwidth_size"), b, 1, 2000, v));
        let product = out.product(
            ctx,
            &at("charge_mode"),
            BANDWIDTH_PRODUCT,
            kind::BANDWIDTH,
            "bandwidth product",
            v,
        );
        let (Some(product), Some(mbits)) = (product, mbits) else {
            return;
        };
        out.create_priced(
            ctx,
            path,
            product,
            kind::BANDWIDTH,
            None,
            term,
            Some(mbits),
            v,
        );
    }
}
