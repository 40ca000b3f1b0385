//! Parts every Workspace order type shares: scalar access, field checks, volumes, tags, NICs,
//! and the builder that collects priced lines and the resources an order creates.

use std::collections::HashMap;

use serde::Deserialize;
use time::OffsetDateTime;

use crate::domain::catalog::{Catalog, Product};
use crate::domain::disk::{DiskRole, DiskType, disk_size};
use crate::domain::names::DesktopOs;
use crate::domain::order::OrderLine;
use crate::domain::period::Period;
use crate::domain::pricing;
use crate::domain::prorata::prorate;
use crate::domain::resource::Resource;
use crate::domain::tag::{tag_key, tag_value};
use crate::domain::violations::Violations;
use crate::wire::scalar::Coerced;

/// A string field, coerced as the Java service does.
pub type Str = Option<Coerced<String>>;
/// An integer field, coerced as the Java service does.
pub type Int = Option<Coerced<i64>>;
/// A boolean field, coerced as the Java service does.
pub type Bool = Option<Coerced<bool>>;

/// The string in a [`Str`].
pub fn s(field: &Str) -> Option<&str> {
    field.as_ref().map(|c| c.0.as_str())
}

/// The integer in an [`Int`].
pub fn n(field: &Int) -> Option<i64> {
    field.as_ref().map(|c| c.0)
}

/// Resource types orders create and act on.
pub mod kind {
    /// A cloud desktop.
    pub const DESKTOP: &str = "hws.resource.type.workspace.desktop";
    /// A desktop pool.
    pub const POOL: &str = "hws.resource.type.workspace.pool";
    /// An exclusive host.
    pub const EXCLUSIVE_HOST: &str = "hws.resource.type.workspace.exclusivehost";
    /// A user's collaboration subscription.
    pub const USER_SHARER: &str = "hws.resource.type.workspace.usersharer";
    /// An EVS disk.
    pub const VOLUME: &str = "hws.resource.type.volume";
    /// An EIP's bandwidth.
    pub const EIP: &str = "hws.resource.type.bandwidth";
    /// Workspace (subnet) bandwidth.
    pub const BANDWIDTH: &str = "hws.resource.type.workspace.bandwidth";
}

/// The catalog product that prices recomposing a system disk.
pub const REBUILD_PRODUCT: &str = "workspace.desktop.rebuild";
/// The catalog product that prices Workspace bandwidth.
pub const BANDWIDTH_PRODUCT: &str = "workspace.bandwidth";

/// The tenant's Workspace directory type. orderd does not model a tenant's Workspace service
/// configuration; every project uses LITE_AD, the default when Workspace is enabled.
pub const DIRECTORY: crate::domain::names::DirectoryType =
    crate::domain::names::DirectoryType::LiteAd;

/// The OS of a desktop package: Windows when its spec code names `windows`, Linux otherwise.
pub fn os_of(product: &Product) -> DesktopOs {
    if product
        .resource_spec_code
        .to_ascii_lowercase()
        .contains("windows")
    {
        DesktopOs::Windows
    } else {
        DesktopOs::Linux
    }
}

/// Records `rule` under `path` unless `value` is one of `allowed`.
pub fn one_of(path: &str, value: &str, allowed: &[&str], v: &mut Violations) -> bool {
    let ok = allowed.contains(&value);
    if !ok {
        v.push(
            path,
            format!("must be one of {}, got {value}", allowed.join(", ")),
        );
    }
    ok
}

/// Records a violation unless `value` has `min..=max` characters.
pub fn length(path: &str, value: &str, min: usize, max: usize, v: &mut Violations) -> bool {
    let len = value.chars().count();
    let ok = (min..=max).contains(&len);
    if !ok {
        v.push(
            path,
            format!("must be {min} to {max} characters, got {len}"),
        );
    }
    ok
}

/// Records a violation unless `value` is within `min..=max`.
pub fn range(path: &str, value: i64, min: i64, max: i64, v: &mut Violations) -> Option<u32> {
    if (min..=max).contains(&value) {
        u32::try_from(value).ok()
    } else {
        v.push(path, format!("must be {min} to {max}, got {value}"));
        None
    }
}

/// Records a violation unless a list has `min..=max` items; gives its items.
pub fn items<'a, T>(
    path: &str,
    list: &'a Option<Vec<T>>,
    min: usize,
    max: usize,
    v: &mut Violations,
) -> &'a [T] {
    let items = list.as_deref().unwrap_or_default();
    if list.is_some() && !(min..=max).contains(&items.len()) {
        v.push(
            path,
            format!("must hold {min} to {max} items, got {}", items.len()),
        );
    }
    items
}

/// A mandatory list with `min..=max` items.
pub fn required_items<'a, T>(
    path: &str,
    list: &'a Option<Vec<T>>,
    min: usize,
    max: usize,
    v: &mut Violations,
) -> &'a [T] {
    if list.is_none() {
        v.push(path, "is required");
    }
    items(path, list, min, max, v)
}

/// An id of another service's resource (image, subnet, VPC, security group, KMS key): checked
/// for form only, 1–255 characters without whitespace.
pub fn foreign_id(path: &str, id: &str, v: &mut Violations) {
    if length(path, id, 1, 255, v) && id.chars().any(char::is_whitespace) {
        v.push(path, "must not contain whitespace");
    }
}

/// A mandatory [`foreign_id`].
pub fn required_foreign_id(path: &str, id: &Str, v: &mut Violations) {
    if let Some(id) = v.required(path, s(id)) {
        foreign_id(path, id, v);
    }
}

/// `enterprise_project_id`: up to 36 letters, digits, `_` and `-` (the definition's pattern).
pub fn enterprise_project_id(path: &str, id: &Str, v: &mut Violations) {
    if let Some(id) = s(id)
        && length(path, id, 1, 36, v)
        && !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        v.push(path, "may hold only letters, digits, _ and -");
    }
}

/// A disk (`Volume`, and `VolumeInfo` in pool orders, which only adds fields).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Volume {
    /// `SAS`, `SSD` or `GPSSD`. Mandatory.
    #[serde(rename = "type")]
    pub volume_type: Str,
    /// GB. Mandatory.
    pub size: Int,
    /// 0–16380000.
    pub iops: Int,
    /// 0–4095000.
    pub throughput: Int,
    /// Encryption key id; form only.
    pub kms_id: Str,
    /// Pool disks only: the disk id.
    pub id: Str,
    /// Pool disks only: informational.
    pub resource_spec_code: Str,
}

/// A checked disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disk {
    /// Its type.
    pub disk_type: DiskType,
    /// Its size in GB.
    pub size: u32,
}

impl Volume {
    /// Checks the disk for `role`, up to `max_gb`.
    pub fn check(
        &self,
        path: &str,
        role: DiskRole,
        max_gb: u32,
        v: &mut Violations,
    ) -> Option<Disk> {
        let type_path = format!("{path}.type");
        let size_path = format!("{path}.size");
        let disk_type = v
            .required(&type_path, s(&self.volume_type))
            .and_then(|t| v.take(&type_path, t.parse::<DiskType>()));
        let size = v
            .required(&size_path, n(&self.size))
            .and_then(|size| v.take(&size_path, disk_size(role, size, max_gb)));
        if let Some(iops) = n(&self.iops) {
            range(&format!("{path}.iops"), iops, 0, 16_380_000, v);
        }
        if let Some(t) = n(&self.throughput) {
            range(&format!("{path}.throughput"), t, 0, 4_095_000, v);
        }
        if let Some(kms) = s(&self.kms_id)
            && !kms.is_empty()
        {
            foreign_id(&format!("{path}.kms_id"), kms, v);
        }
        Some(Disk {
            disk_type: disk_type?,
            size: size?,
        })
    }
}

/// A tag.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Tag {
    /// Mandatory.
    pub key: Str,
    /// Optional.
    pub value: Str,
}

/// Checks up to 20 tags.
pub fn tags(path: &str, list: &Option<Vec<Tag>>, v: &mut Violations) {
    for (i, tag) in items(path, list, 0, 20, v).iter().enumerate() {
        let key_path = format!("{path}[{i}].key");
        if let Some(key) = v.required(&key_path, s(&tag.key)) {
            v.take(&key_path, tag_key(key));
        }
        if let Some(value) = s(&tag.value) {
            v.take(&format!("{path}[{i}].value"), tag_value(value));
        }
    }
}

/// A NIC (`subnet_id`) or a security group (`id`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IdRef {
    /// A NIC's subnet.
    pub subnet_id: Str,
    /// A security group's id.
    pub id: Str,
}

/// How long the lines of one resource run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// A calendar period from now.
    Calendar(Period),
    /// Until the resource acted on expires, priced pro rata.
    Until(OffsetDateTime),
    /// Until the resource acted on expires, which has to be looked up first.
    UntilParent,
}

/// What every order type reads: the catalog, who orders, the time, and the resources the
/// request names (looked up by the handler before the conversion).
pub struct Ctx<'a> {
    /// The products.
    pub catalog: &'a Catalog,
    /// The ordering account.
    pub domain_id: &'a str,
    /// The ordering project.
    pub project_id: &'a str,
    /// The clock's time.
    pub now: OffsetDateTime,
    /// Resources of the project that the request names, by id.
    pub existing: &'a HashMap<String, Resource>,
}

/// Collects lines, new resources and references to resources that do not exist.
#[derive(Debug, Default)]
pub struct Builder {
    /// Priced lines.
    pub lines: Vec<OrderLine>,
    /// Resources the order creates.
    pub resources: Vec<Resource>,
    /// Named resources that do not exist, as messages.
    pub missing: Vec<String>,
}

impl Builder {
    /// The catalog product `id`, which must be of `resource_type`; `what` names it in messages.
    pub fn product<'c>(
        &self,
        ctx: &Ctx<'c>,
        path: &str,
        id: &str,
        resource_type: &str,
        what: &str,
        v: &mut Violations,
    ) -> Option<&'c Product> {
        match ctx.catalog.get(id) {
            None => {
                v.push(path, format!("no catalog product {id}"));
                None
            }
            Some(p) if p.resource_type != resource_type => {
                v.push(path, format!("product {id} is not a {what}"));
                None
            }
            Some(p) => Some(p),
        }
    }

    /// The existing resource `id` of `resource_type` in the project, or records it as missing.
    pub fn existing<'e>(
        &mut self,
        ctx: &Ctx<'e>,
        path: &str,
        id: &str,
        resource_type: &str,
        what: &str,
    ) -> Option<&'e Resource> {
        match ctx.existing.get(id) {
            Some(r) if r.resource_type == resource_type => Some(r),
            _ => {
                self.missing.push(format!(
                    "{path}: {what} {id} does not exist in project {}",
                    ctx.project_id
                ));
                None
            }
        }
    }

    /// The term of lines that act on `parent`: the order's calendar period when given, else
    /// the parent's expiry (which must exist and lie ahead).
    pub fn term_for(
        &self,
        ctx: &Ctx<'_>,
        term: Term,
        path: &str,
        parent: &Resource,
        v: &mut Violations,
    ) -> Option<Term> {
        match term {
            Term::UntilParent => match parent.expires_at {
                Some(at) if at > ctx.now => Some(Term::Until(at)),
                Some(at) => {
                    v.push(
                        path,
                        format!("{} expired at {at}; renew it first", parent.id),
                    );
                    None
                }
                None => {
                    v.push(
                        path,
                        format!(
                            "{} has no yearly/monthly subscription to run to; give period_type and period_num",
                            parent.id
                        ),
                    );
                    None
                }
            },
            other => Some(other),
        }
    }

    /// Adds a priced line of `quantity` × `product` (each of `size`) for `term`.
    #[allow(clippy::too_many_arguments)]
    pub fn line(
        &mut self,
        ctx: &Ctx<'_>,
        path: &str,
        product: &Product,
        term: Term,
        quantity: u32,
        size: Option<u32>,
        resource_id: Option<String>,
        v: &mut Violations,
    ) {
        let priced = match term {
            Term::Calendar(period) => {
                pricing::price_line(product, period, quantity, size, resource_id)
            }
            Term::Until(until) => {
                pricing::price_line(product, Period::UntilExpiry, quantity, size, resource_id)
                    .and_then(|mut line| {
                        match prorate(line.unit_price, ctx.now, until) {
                            Ok(unit) => {
                                line.unit_price = unit;
                                line.amount = pricing::line_amount(product, unit, quantity, size)?;
                            }
                            Err(e) => v.push(path, e.to_string()),
                        }
                        Ok(line)
                    })
            }
            Term::UntilParent => unreachable!("terms are resolved before pricing"),
        };
        if let Some(line) = v.take(path, priced) {
            self.lines.push(line);
        }
    }

    /// Records a resource the order creates and gives its new id.
    pub fn create(
        &mut self,
        ctx: &Ctx<'_>,
        resource_type: &str,
        spec_code: &str,
        parent_id: Option<String>,
        term: Term,
    ) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let expires_at = match term {
            Term::Calendar(period) => period.ends_at(ctx.now),
            Term::Until(at) => Some(at),
            Term::UntilParent => None,
        };
        self.resources.push(Resource {
            id: id.clone(),
            domain_id: ctx.domain_id.to_owned(),
            project_id: ctx.project_id.to_owned(),
            resource_type: resource_type.to_owned(),
            spec_code: spec_code.to_owned(),
            order_id: None,
            parent_id,
            created_at: ctx.now,
            expires_at,
        });
        id
    }

    /// Adds a disk of `parent` (a new one: it is created and priced).
    pub fn disk(
        &mut self,
        ctx: &Ctx<'_>,
        path: &str,
        disk: Disk,
        parent_id: &str,
        term: Term,
        v: &mut Violations,
    ) {
        let product_id = format!("workspace.volume.{}", disk.disk_type);
        let Some(product) = self.product(
            ctx,
            &format!("{path}.type"),
            &product_id,
            kind::VOLUME,
            "disk",
            v,
        ) else {
            return;
        };
        let id = self.create(
            ctx,
            kind::VOLUME,
            disk.disk_type.as_str(),
            Some(parent_id.to_owned()),
            term,
        );
        self.line(ctx, path, product, term, 1, Some(disk.size), Some(id), v);
    }
}
