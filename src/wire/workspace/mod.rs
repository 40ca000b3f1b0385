//! Workspace yearly/monthly orders: `POST /v2/{project_id}/periodic/subscribe/order`.
//!
//! One request type with nine order `type`s; each type has its own resource object, in a file of
//! its own. Scalars are [`Coerced`](crate::wire::scalar::Coerced): the Java service accepts `"true"` for a boolean, `"12"` for
//! an integer and `12` for a string, and clients copy the docs' examples that do so.

pub mod add_volumes;
pub mod builder;
pub mod conditions;
pub mod create_desktops;
pub mod desktop_pool;
pub mod exclusive_hosts;
pub mod internet;
pub mod kind;
pub mod rebuild_desktops;
pub mod shared;
pub mod subnet_bandwidth;
pub mod user_sharer;

use serde::Deserialize;

use crate::domain::order::{LineResources, PricedOrder, parse_flag};
use crate::domain::period::{Period, PeriodLimits};
use crate::domain::pricing;
use crate::domain::violations::Violations;
use crate::wire::Rejection;
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{one_of, optional_length, period_from_fields, required_items};
use crate::wire::scalar::given;
pub use kind::Kind;
use kind::{KINDS, wire_name};
use shared::{Builder, Ctx, Int, OrderObject, Str, Term};

/// The cloud service every Workspace order names.
pub const WORKSPACE_SERVICE_TYPE: &str = "hws.service.type.vdi";

/// Months 1–11, years 1–3; hours 1–720 only for bandwidth add-ons.
///
/// The seed gives no hour limit; orderd caps hourly bandwidth packages at 720 hours (30 days),
/// beyond which a monthly period is the documented choice.
const LIMITS: PeriodLimits = PeriodLimits {
    max_months: 11,
    max_years: 3,
    max_hours: None,
    max_days: None,
};
const BANDWIDTH_LIMITS: PeriodLimits = PeriodLimits {
    max_hours: Some(720),
    ..LIMITS
};

/// The most priced lines one order may hold. Each list stays within its documented limit, yet
/// they multiply: 50 resources × 100 exclusive hosts × 200 disks is a million lines, which held
/// the store's single writer for over half a minute. Every other type's maximum (50 × 100
/// desktops × 12 lines) stays below this.
pub const MAX_LINES: usize = 100_000;

/// The request body (`CreateOrderReq`). Every field is optional so that one pass reports every
/// violation; unknown fields are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateOrderReq {
    /// The order type. Mandatory.
    #[serde(rename = "type")]
    pub order_type: Str,
    /// Default `0`.
    pub enterprise_project_id: Str,
    /// Billing agency URN; up to 1500 characters.
    pub agency_urn: Str,
    /// 1–50 resources. Mandatory.
    pub resources: Option<Vec<Resource>>,
    /// `is_auto_pay`.
    pub extend_param: Option<OrderExtendParam>,
}

/// `extend_param`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrderExtendParam {
    /// `"true"` or `"false"` (default).
    pub is_auto_pay: Str,
}

/// One resource of the order: its period and exactly the resource object of the order's type.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Resource {
    /// 2 month, 3 year, 4 hour (bandwidth add-ons), 5 until the acted-on resource expires.
    pub period_type: Int,
    /// Months 1–11, years 1–3.
    pub period_num: Int,
    /// 0 or 1.
    pub is_auto_renew: Int,
    /// `addVolumes`.
    pub add_volumes: Option<add_volumes::AddVolumes>,
    /// `createDesktops`.
    pub create_desktops: Option<create_desktops::CreateDesktopReq>,
    /// `rebuildDesktops`.
    pub rebuild_desktops: Option<rebuild_desktops::RebuildDesktopsReq>,
    /// `rebuildDesktops` (assigning desktops with an image change).
    pub attach_desktops: Option<rebuild_desktops::AttachInstancesReq>,
    /// `createExclusiveHosts`.
    pub create_exclusive_hosts: Option<exclusive_hosts::CreateExclusiveHostsReq>,
    /// `createExclusiveHosts` (desktops on the new hosts).
    pub resize_exclusive_lites: Option<exclusive_hosts::ResizeExclusiveLitesReq>,
    /// `createDesktopPool`.
    pub create_desktop_pool: Option<desktop_pool::CreateDesktopPoolReq>,
    /// `expandDesktopPool`.
    pub expand_desktop_pool: Option<desktop_pool::ExpandDesktopPoolOrderReq>,
    /// `applyDesktopsInternet`.
    pub apply_desktops_internet: Option<internet::ApplyDesktopsInternet>,
    /// `ApplySubnetBandwidth`.
    pub apply_subnet_bandwidth: Option<subnet_bandwidth::ApplySubnetBandwidthReq>,
    /// `subscribeUserSharer`.
    pub subscribe_user_sharer: Option<user_sharer::SubscribeUserSharerReq>,
}

impl Resource {
    /// Every order object a resource may hold, by field name, and whether it holds it.
    fn objects(&self) -> [(&'static str, Option<&dyn OrderObject>); 11] {
        fn of<T: OrderObject>(x: &Option<T>) -> Option<&dyn OrderObject> {
            x.as_ref().map(|x| x as &dyn OrderObject)
        }
        [
            ("add_volumes", of(&self.add_volumes)),
            ("create_desktops", of(&self.create_desktops)),
            ("rebuild_desktops", of(&self.rebuild_desktops)),
            ("attach_desktops", of(&self.attach_desktops)),
            ("create_exclusive_hosts", of(&self.create_exclusive_hosts)),
            ("resize_exclusive_lites", of(&self.resize_exclusive_lites)),
            ("create_desktop_pool", of(&self.create_desktop_pool)),
            ("expand_desktop_pool", of(&self.expand_desktop_pool)),
            ("apply_desktops_internet", of(&self.apply_desktops_internet)),
            ("apply_subnet_bandwidth", of(&self.apply_subnet_bandwidth)),
            ("subscribe_user_sharer", of(&self.subscribe_user_sharer)),
        ]
    }

    /// The names of the order objects the resource holds.
    fn present(&self) -> Vec<&'static str> {
        self.objects()
            .iter()
            .filter(|(_, x)| x.is_some())
            .map(|(name, _)| *name)
            .collect()
    }

    fn term(&self, path: &str, kind: Kind, v: &mut Violations) -> Option<Term> {
        let type_path = format!("{path}.period_type");
        let num_path = format!("{path}.period_num");
        let limits = match kind {
            Kind::ApplySubnetBandwidth | Kind::ApplyDesktopsInternet => BANDWIDTH_LIMITS,
            _ => LIMITS,
        };
        let period_type = given(&self.period_type);
        if !kind.starts_subscription() {
            match period_type {
                // Runs to the acted-on resource's own expiry; a period_num is meaningless here.
                None | Some(5) => return Some(Term::UntilParent),
                Some(2 | 3) => {}
                Some(other) => {
                    v.push(
                        type_path,
                        format!(
                            "must be 2 (month), 3 (year) or 5 (until the resource expires), got {other}"
                        ),
                    );
                    return None;
                }
            }
        }
        period_from_fields(
            (&type_path, period_type),
            (&num_path, given(&self.period_num)),
            limits,
            v,
        )
        .map(Term::Calendar)
    }
}

impl CreateOrderReq {
    /// True when `extend_param.is_auto_pay` asks for the order to be paid at once.
    pub fn auto_pay(&self) -> bool {
        self.extend_param
            .as_ref()
            .and_then(|e| given(&e.is_auto_pay))
            == Some("true")
    }
    /// The ids of the project's resources the request acts on, for the handler to look up.
    pub fn references(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for r in self.resources.iter().flatten() {
            if let Some(a) = &r.add_volumes {
                ids.extend(given(&a.desktop_id).map(str::to_owned));
            }
            if let Some(x) = &r.rebuild_desktops {
                ids.extend(x.references());
            }
            if let Some(x) = &r.attach_desktops {
                ids.extend(x.references());
            }
            if let Some(x) = &r.expand_desktop_pool {
                ids.extend(given(&x.pool_id).map(str::to_owned));
            }
            if let Some(x) = &r.apply_desktops_internet {
                ids.extend(x.references());
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// Checks every rule, prices the lines and lists the resources the order creates.
    pub fn into_order(self, ctx: &Ctx<'_>) -> Result<PricedOrder, Rejection> {
        let mut v = Violations::new();
        let kind = v.required("type", given(&self.order_type)).and_then(|t| {
            let kind = Kind::parse(t);
            if kind.is_none() {
                let names: Vec<_> = KINDS.iter().map(|k| k.0).collect();
                v.push(
                    "type",
                    format!("must be one of {}, got {t}", names.join(", ")),
                );
            }
            kind
        });
        shared::enterprise_project_id("enterprise_project_id", &self.enterprise_project_id, &mut v);
        optional_length("agency_urn", &self.agency_urn, 0, 1500, Characters, &mut v);
        if let Some(pay) = self
            .extend_param
            .as_ref()
            .and_then(|e| given(&e.is_auto_pay))
        {
            one_of("extend_param.is_auto_pay", pay, &["true", "false"], &mut v);
        }
        let resources = required_items("resources", &self.resources, 1, 50, &mut v);
        let mut out = Builder::default();
        let mut first_period = None;
        let mut auto_renew = false;
        for (i, resource) in resources.iter().enumerate() {
            let path = format!("resources[{i}]");
            if let Some(flag) = given(&resource.is_auto_renew) {
                auto_renew |= v
                    .take(&format!("{path}.is_auto_renew"), parse_flag(flag))
                    .unwrap_or(false);
            }
            let Some(kind) = kind else { continue };
            let present = resource.present();
            let wanted = kind.objects();
            for field in present.iter().filter(|f| !wanted.contains(f)) {
                v.push(
                    format!("{path}.{field}"),
                    format!("does not belong to type {}", wire_name(kind)),
                );
            }
            if !wanted.iter().any(|w| present.contains(w)) {
                v.push(
                    format!("{path}.{}", wanted[0]),
                    format!("is required for type {}", wire_name(kind)),
                );
                continue;
            }
            // A broken period is recorded; the resource object is still checked (with a
            // stand-in term) so that one answer lists every violation.
            let term = resource
                .term(&path, kind, &mut v)
                .unwrap_or(Term::Calendar(Period::Months(1)));
            first_period.get_or_insert(match term {
                Term::Calendar(p) => p,
                _ => Period::UntilExpiry,
            });
            resource.build(kind, &path, term, ctx, &mut out, &mut v);
            if out.lines.len() > MAX_LINES {
                v.push(
                    "resources",
                    format!(
                        "the order would hold more than {MAX_LINES} priced lines ({} by {path})",
                        out.lines.len()
                    ),
                );
                break;
            }
        }
        if !v.is_empty() {
            return Err(Rejection::Invalid(v));
        }
        if !out.missing.is_empty() {
            return Err(Rejection::NotFound(out.missing));
        }
        let (Some(kind), Some(period)) = (kind, first_period) else {
            return Err(Rejection::Invalid(v));
        };
        let currency = match pricing::order_currency(
            out.lines
                .iter()
                .filter_map(|l| ctx.catalog.get(&l.product_id)),
        ) {
            Ok(c) => c,
            Err(e) => {
                v.push("resources", e.to_string());
                return Err(Rejection::Invalid(v));
            }
        };
        // The order's period is the first resource's (5, until expiry, for orders that run to a
        // resource's end); it renews itself when any resource does.
        Ok(PricedOrder {
            order_type: kind.order_type(),
            resources: out.resources,
            line_resources: LineResources::Listed,
            ..PricedOrder::new_prepaid(
                WORKSPACE_SERVICE_TYPE,
                period,
                auto_renew,
                out.lines,
                currency,
            )
        })
    }
}

impl Resource {
    fn build(
        &self,
        kind: Kind,
        path: &str,
        term: Term,
        ctx: &Ctx<'_>,
        out: &mut Builder,
        v: &mut Violations,
    ) {
        match kind {
            Kind::CreateExclusiveHosts => {
                exclusive_hosts::build(
                    path,
                    self.create_exclusive_hosts.as_ref(),
                    self.resize_exclusive_lites.as_ref(),
                    term,
                    ctx,
                    out,
                    v,
                );
            }
            _ => {
                for (name, object) in self.objects() {
                    if let Some(x) = object.filter(|_| kind.objects().contains(&name)) {
                        x.build(&format!("{path}.{name}"), term, ctx, out, v);
                    }
                }
            }
        }
    }
}
