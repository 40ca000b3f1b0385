//! Parts every Workspace order type shares: scalar fields, id checks, volumes, tags, NICs.

use crate::domain::catalog::Product;
use crate::domain::names::{DesktopOs, DirectoryType};
use crate::domain::tag::{tag_key, tag_value};
use crate::domain::violations::Violations;
use crate::domain::volume::{VolumeSizeRule, VolumeSizeRules, VolumeTypes};
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{check_length, items, optional_range, required_items};
use crate::wire::scalar::{Coerced, OrEmpty, given};
use serde::Deserialize;

/// A string field, coerced as the Java service does.
pub type Str = Option<Coerced<String>>;
/// An integer field, coerced as the Java service does (`""` is absent, as Jackson reads it).
pub type Int = OrEmpty<i64>;
/// A boolean field, coerced as the Java service does (`""` is absent, as Jackson reads it).
pub type Bool = OrEmpty<bool>;

/// The ids a list of id fields gives (its items that are text), in order.
pub fn ids_in(list: &Option<Vec<Str>>) -> Vec<String> {
    list.iter()
        .flatten()
        .filter_map(|id| given(id).map(str::to_owned))
        .collect()
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
    /// A project's Workspace user directory (spec code `LITE_AD` or `LOCAL_AD`).
    pub const DIRECTORY: &str = "hws.resource.type.workspace.directory";
}

/// The catalog product that prices recomposing a system disk.
pub const REBUILD_PRODUCT: &str = "workspace.desktop.rebuild";
/// The catalog product that prices Workspace bandwidth.
pub const BANDWIDTH_PRODUCT: &str = "workspace.bandwidth";

/// The id of a project's Workspace directory resource (`kind::DIRECTORY`), whose spec code is
/// its type, `LITE_AD` or `LOCAL_AD`. Configuration declares it as a starting resource.
pub const DIRECTORY_ID: &str = "workspace-directory";

/// The directory type user names follow: the project's directory resource's, or LITE_AD (the
/// default when Workspace is enabled) when the project declares none.
pub fn directory_of(resource: Option<&crate::domain::resource::Resource>) -> DirectoryType {
    match resource {
        Some(r) if r.resource_type() == kind::DIRECTORY && r.spec_code() == "LOCAL_AD" => {
            DirectoryType::LocalAd
        }
        _ => DirectoryType::LiteAd,
    }
}

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

/// A list of ids of the project's own resources (`desktop_ids`): its size, each id 1–255
/// characters, none twice. Gives each id with its field path.
pub fn own_ids<'a>(
    path: &str,
    list: &'a Option<Vec<Str>>,
    (min, max): (usize, usize),
    required: bool,
    v: &mut Violations,
) -> Vec<(String, &'a str)> {
    let list = if required {
        required_items(path, list, min, max, v)
    } else {
        items(path, list, min, max, v)
    };
    let mut seen = std::collections::HashSet::new();
    let mut ids = Vec::new();
    for (i, id) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let Some(id) = v.required(&p, given(id)) else {
            continue;
        };
        if !check_length(&p, id, 1, 255, Characters, v) {
            continue;
        }
        if !seen.insert(id) {
            v.push(&p, format!("{id} is listed twice"));
            continue;
        }
        ids.push((p, id));
    }
    ids
}

/// An id of another service's resource (image, subnet, VPC, security group, KMS key): checked
/// for form only, 1–255 characters without whitespace.
pub fn foreign_id(path: &str, id: &str, v: &mut Violations) {
    if check_length(path, id, 1, 255, Characters, v) && id.chars().any(char::is_whitespace) {
        v.push(path, "must not contain whitespace");
    }
}

/// A mandatory [`foreign_id`].
pub fn required_foreign_id(path: &str, id: &Str, v: &mut Violations) {
    if let Some(id) = v.required(path, given(id)) {
        foreign_id(path, id, v);
    }
}

/// `enterprise_project_id`: up to 36 letters, digits, `_` and `-` (the definition's pattern).
pub fn enterprise_project_id(path: &str, id: &Str, v: &mut Violations) {
    if let Some(id) = given(id)
        && check_length(path, id, 1, 36, Characters, v)
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
pub use crate::domain::volume::Volume as Disk;

impl Volume {
    /// Checks a disk (`Volume`): one of Workspace's types, its size by `rule`.
    pub fn check(&self, path: &str, rule: VolumeSizeRule, v: &mut Violations) -> Option<Disk> {
        self.check_as(path, VolumeTypes::WORKSPACE, rule, v)
    }

    /// Checks the disk: one of `types`, its size by `rule`.
    pub fn check_as(
        &self,
        path: &str,
        types: VolumeTypes,
        rule: VolumeSizeRule,
        v: &mut Violations,
    ) -> Option<Disk> {
        let type_path = format!("{path}.type");
        let size_path = format!("{path}.size");
        let disk_type = v
            .required(&type_path, given(&self.volume_type))
            .and_then(|t| v.take(&type_path, types.parse(t)));
        let size = v
            .required(&size_path, given(&self.size))
            .and_then(|size| v.take(&size_path, rule.check(size)));
        optional_range(&format!("{path}.iops"), &self.iops, 0, 16_380_000, v);
        optional_range(
            &format!("{path}.throughput"),
            &self.throughput,
            0,
            4_095_000,
            v,
        );
        if let Some(kms) = given(&self.kms_id)
            && !kms.is_empty()
        {
            foreign_id(&format!("{path}.kms_id"), kms, v);
        }
        Some(Disk {
            volume_type: disk_type?,
            size_gb: size?,
        })
    }
}

/// A desktop's checked disks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopDisks {
    /// The system disk.
    pub root: Disk,
    /// The data disks.
    pub data: Vec<Disk>,
}

/// Checks a desktop's mandatory `root_volume` (a system disk) and up to 10 `data_volumes` under
/// `path`, of `types` and sized by `rules`; `None` when any rule is broken.
pub fn desktop_disks(
    path: &str,
    root: &Option<Volume>,
    data: &Option<Vec<Volume>>,
    (types, rules): (VolumeTypes, VolumeSizeRules),
    v: &mut Violations,
) -> Option<DesktopDisks> {
    let root_path = format!("{path}.root_volume");
    let root = match root {
        None => {
            v.push(&root_path, "is required");
            None
        }
        Some(vol) => vol.check_as(&root_path, types, rules.system, v),
    };
    let data_path = format!("{path}.data_volumes");
    let data: Option<Vec<_>> = items(&data_path, data, 0, 10, v)
        .iter()
        .enumerate()
        .map(|(i, vol)| vol.check_as(&format!("{data_path}[{i}]"), types, rules.data, v))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    Some(DesktopDisks {
        root: root?,
        data: data?,
    })
}

/// Checks up to 5 `security_groups`, each with an `id`.
pub fn security_groups(path: &str, list: &Option<Vec<IdRef>>, v: &mut Violations) {
    for (i, sg) in items(path, list, 0, 5, v).iter().enumerate() {
        required_foreign_id(&format!("{path}[{i}].id"), &sg.id, v);
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
        if let Some(key) = v.required(&key_path, given(&tag.key)) {
            v.take(&key_path, tag_key(key));
        }
        if let Some(value) = given(&tag.value) {
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

pub use super::builder::{Builder, Ctx, OrderObject, Term};
