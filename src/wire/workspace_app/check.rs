//! The one conversion of a Workspace App request into a checked, priced order.

use super::{
    APP_SERVER_RESOURCE_TYPE, APP_SERVICE_TYPE, APP_VOLUME_RESOURCE_TYPE, AddVolumes, AppResource,
    CREATE_APPS, CreateOrderRequest, CreateServices, WireVolume,
};
use crate::domain::catalog::{Catalog, Product};
use crate::domain::money::Currency;
use crate::domain::order::{LineResources, OrderLine, PricedOrder, parse_flag};
use crate::domain::period::{Period, PeriodLimits};
use crate::domain::pricing;
use crate::domain::violations::Violations;
use crate::domain::volume::{Volume, VolumeSizeRule, VolumeSizeRules, VolumeType, VolumeTypes};
use crate::wire::common::LengthWording::CharactersLong;
use crate::wire::common::{check_length, items, optional_length, period_from_fields, range};
use crate::wire::scalar::{Coerced, given};

/// Checks an optional text field: up to `max` characters when given.
fn optional_text(path: &str, value: &Option<Coerced<String>>, max: usize, v: &mut Violations) {
    optional_length(path, value, 0, max, CharactersLong, v);
}

/// Checks a mandatory text field: present and `1..=max` characters.
fn required_text<'a>(
    path: &str,
    value: &'a Option<Coerced<String>>,
    max: usize,
    v: &mut Violations,
) -> Option<&'a str> {
    let value = v.required(path, given(value))?;
    check_length(path, value, 1, max, CharactersLong, v).then_some(value)
}

impl WireVolume {
    /// The disk, checked against `rule`; every broken rule is recorded under `path`.
    fn check(&self, path: &str, rule: VolumeSizeRule, v: &mut Violations) -> Option<Volume> {
        let volume_type = v
            .required(&format!("{path}.type"), given(&self.volume_type))
            .and_then(|t| v.take(&format!("{path}.type"), VolumeTypes::WORKSPACE_APP.parse(t)));
        let size = v
            .required(&format!("{path}.size"), given(&self.size))
            .and_then(|s| v.take(&format!("{path}.size"), rule.check(s)));
        optional_text(&format!("{path}.cluster_id"), &self.cluster_id, 255, v);
        Some(Volume {
            volume_type: volume_type?,
            size_gb: size?,
        })
    }
}

/// The servers, their disks, and the disks added to the service, checked.
struct CheckedResource<'c> {
    product: &'c Product,
    period: Period,
    auto_renew: bool,
    servers: u32,
    server_disks: Vec<Volume>,
    added_disks: Vec<Volume>,
}

impl AppResource {
    fn check<'c>(
        &self,
        path: &str,
        catalog: &'c Catalog,
        v: &mut Violations,
    ) -> Option<CheckedResource<'c>> {
        let field = |name: &str| format!("{path}.{name}");
        optional_length(
            &field("cloud_service_console_url"),
            &self.cloud_service_console_url,
            1,
            255,
            CharactersLong,
            v,
        );
        let auto_renew = v.take(
            &field("is_auto_renew"),
            parse_flag(given(&self.is_auto_renew).unwrap_or(0)),
        );
        let period = period(
            (&field("period_type"), given(&self.period_type)),
            (&field("period_num"), given(&self.period_num)),
            v,
        );
        let servers = v
            .required(&field("subscription_num"), given(&self.subscription_num))
            .and_then(|n| range(&field("subscription_num"), n, 1, 100, v));
        let services = v.required(&field("create_services"), self.create_services.as_ref());
        let checked = services.map(|s| s.check(&field("create_services"), catalog, v));
        let added_disks = self
            .add_volumes
            .as_ref()
            .map_or(Some(Vec::new()), |a| a.check(&field("add_volumes"), v));
        let (product, server_disks) = checked??;
        Some(CheckedResource {
            product,
            period: period?,
            auto_renew: auto_renew?,
            servers: servers?,
            server_disks,
            added_disks: added_disks?,
        })
    }
}

/// `period_type` 2 or 3 and `period_num` ≥ 1, both mandatory. The seed lists 4 (bandwidth
/// add-ons), 5 (disks added to a server) and 6 (one-off charging) too, none of which an
/// application server order is.
fn period(
    (type_path, period_type): (&str, Option<i64>),
    (num_path, period_num): (&str, Option<i64>),
    v: &mut Violations,
) -> Option<Period> {
    if let Some(t @ 4..=6) = period_type {
        v.push(
            type_path,
            format!(
                "must be 2 (month) or 3 (year) for application servers, got {t} (4 is for bandwidth add-ons, 5 for disks added to a server, 6 for one-off charging)"
            ),
        );
        return None;
    }
    period_from_fields(
        (type_path, period_type),
        (num_path, period_num),
        PeriodLimits::AT_LEAST_ONE,
        v,
    )
}

impl AddVolumes {
    fn check(&self, path: &str, v: &mut Violations) -> Option<Vec<Volume>> {
        optional_length(
            &format!("{path}.service_id"),
            &self.service_id,
            1,
            255,
            CharactersLong,
            v,
        );
        let volumes = items(&format!("{path}.volumes"), &self.volumes, 1, 10, v);
        let checked: Vec<_> = volumes
            .iter()
            .enumerate()
            .map(|(i, vol)| {
                vol.check(
                    &format!("{path}.volumes[{i}]"),
                    VolumeSizeRules::WORKSPACE_APP.data,
                    v,
                )
            })
            .collect();
        checked.into_iter().collect()
    }
}

impl CreateServices {
    /// The product and the disks of each server (system disk first).
    fn check<'c>(
        &self,
        path: &str,
        catalog: &'c Catalog,
        v: &mut Violations,
    ) -> Option<(&'c Product, Vec<Volume>)> {
        let field = |name: &str| format!("{path}.{name}");
        optional_text(&field("availability_zone"), &self.availability_zone, 255, v);
        optional_text(&field("ou_name"), &self.ou_name, 255, v);
        optional_text(&field("service_type"), &self.service_type, 50, v);
        required_text(&field("server_group_id"), &self.server_group_id, 128, v);
        required_text(&field("subnet_id"), &self.subnet_id, 255, v);
        required_text(&field("vpc_id"), &self.vpc_id, 255, v);
        if let Some(os) = given(&self.os_type)
            && os != "Windows"
        {
            v.push(
                field("os_type"),
                format!("must be Windows (the only OS supported), got {os}"),
            );
        }
        for (i, nic) in items(&field("nics"), &self.nics, 0, 5, v)
            .iter()
            .enumerate()
        {
            optional_length(
                &format!("{path}.nics[{i}].ip_address"),
                &nic.ip_address,
                1,
                255,
                CharactersLong,
                v,
            );
            optional_text(
                &format!("{path}.nics[{i}].subnet_id"),
                &nic.subnet_id,
                255,
                v,
            );
        }
        let groups = items(&field("security_groups"), &self.security_groups, 0, 5, v);
        for (i, group) in groups.iter().enumerate() {
            optional_text(
                &format!("{path}.security_groups[{i}].id"),
                &group.id,
                255,
                v,
            );
            optional_text(
                &format!("{path}.security_groups[{i}].name"),
                &group.name,
                55,
                v,
            );
        }

        let product = required_text(&field("product_id"), &self.product_id, 128, v)
            .and_then(|id| self.product(&field("product_id"), id, catalog, v));
        if let (Some(product), Some(flavor)) = (product, given(&self.flavor_id))
            && let Some(expected) = &product.flavor_id
            && flavor != expected
        {
            v.push(
                field("flavor_id"),
                format!(
                    "product {} runs on flavor {expected}, got {flavor}",
                    product.product_id
                ),
            );
        }
        let root = v
            .required(&field("root_volume"), self.root_volume.as_ref())
            .and_then(|r| {
                r.check(
                    &field("root_volume"),
                    VolumeSizeRules::WORKSPACE_APP.system,
                    v,
                )
            });
        let data: Option<Vec<_>> = items(&field("data_volumes"), &self.data_volumes, 0, 255, v)
            .iter()
            .enumerate()
            .map(|(i, vol)| {
                vol.check(
                    &format!("{path}.data_volumes[{i}]"),
                    VolumeSizeRules::WORKSPACE_APP.data,
                    v,
                )
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let mut disks = vec![root?];
        disks.extend(data?);
        Some((product?, disks))
    }

    fn product<'c>(
        &self,
        path: &str,
        id: &str,
        catalog: &'c Catalog,
        v: &mut Violations,
    ) -> Option<&'c Product> {
        match catalog.get(id) {
            Some(p)
                if p.cloud_service_type == APP_SERVICE_TYPE
                    && p.resource_type == APP_SERVER_RESOURCE_TYPE =>
            {
                Some(p)
            }
            _ => {
                v.push(path, format!("no Workspace App product {id}"));
                None
            }
        }
    }
}

/// The catalog product disks of `volume_type` are priced by.
fn volume_product(catalog: &Catalog, volume_type: VolumeType) -> Option<&Product> {
    catalog.find(|p| {
        p.cloud_service_type == APP_SERVICE_TYPE
            && p.resource_type == APP_VOLUME_RESOURCE_TYPE
            && p.resource_spec_code == volume_type.as_str()
    })
}

impl CreateOrderRequest {
    /// Checks every rule against the catalog and prices the order: one line for the servers, one
    /// per disk of each server (× `subscription_num`), one per added disk. On failure gives
    /// every broken rule, each named by its field path.
    pub fn into_order(self, catalog: &Catalog) -> Result<PricedOrder, Violations> {
        let mut v = Violations::new();
        if let Some(t) = v.required("type", given(&self.order_type))
            && t != CREATE_APPS
        {
            v.push("type", format!("must be {CREATE_APPS}, got {t}"));
        }
        let resources = v.required("resources", self.resources.as_deref());
        if let Some(list) = resources
            && list.len() != 1
        {
            v.push(
                "resources",
                format!("must hold exactly one resource, got {}", list.len()),
            );
        }
        let checked: Vec<_> = resources
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, r)| r.check(&format!("resources[{i}]"), catalog, &mut v))
            .collect();
        if !v.is_empty() {
            return Err(v);
        }
        // One resource, fully checked, or a violation would have been recorded.
        let Some(Some(resource)) = checked.into_iter().next() else {
            v.push("resources", "must hold exactly one resource, got 0");
            return Err(v);
        };
        let priced = price(catalog, &resource);
        let (currency, lines) = v.take("resources[0]", priced).ok_or(v)?;
        // Lines: the servers, then their disks, then added disks.
        Ok(PricedOrder {
            line_resources: LineResources::UnderFirst,
            ..PricedOrder::new_prepaid(
                APP_SERVICE_TYPE,
                resource.period,
                resource.auto_renew,
                lines,
                currency,
            )
        })
    }
}

fn price(catalog: &Catalog, r: &CheckedResource<'_>) -> Result<(Currency, Vec<OrderLine>), String> {
    let mut products = vec![(r.product, r.servers, None)];
    let disks = r
        .server_disks
        .iter()
        .map(|d| (d, r.servers))
        .chain(r.added_disks.iter().map(|d| (d, 1)));
    for (disk, quantity) in disks {
        let product = volume_product(catalog, disk.volume_type)
            .ok_or_else(|| format!("no catalog product for {} disks", disk.volume_type))?;
        products.push((product, quantity, Some(disk.size_gb)));
    }
    let items: Vec<_> = products
        .into_iter()
        .map(|(product, quantity, size)| pricing::Item {
            product,
            period: r.period,
            quantity,
            size,
        })
        .collect();
    pricing::price_items(&items).map_err(|e| e.to_string())
}
