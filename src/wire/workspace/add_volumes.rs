//! `addVolumes`: data disks added to an existing desktop, running to the desktop's expiry.

use serde::Deserialize;

use super::shared::{Builder, Ctx, OrderObject, Str, Term, Volume, kind};
use crate::domain::violations::Violations;
use crate::domain::volume::VolumeSizeRule;
use crate::wire::common::LengthWording::Characters;
use crate::wire::common::{check_length, required_items};
use crate::wire::scalar::given;

/// `add_volumes` (`AddVolumes`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AddVolumes {
    /// An existing desktop of the project. Mandatory.
    pub desktop_id: Str,
    /// 1–10 data disks. Mandatory.
    pub volumes: Option<Vec<Volume>>,
}

impl OrderObject for AddVolumes {
    /// Checks every rule and adds a line per disk.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations) {
        let id_path = format!("{path}.desktop_id");
        let vol_path = format!("{path}.volumes");
        let desktop_id = v
            .required(&id_path, given(&self.desktop_id))
            .filter(|id| check_length(&id_path, id, 1, 255, Characters, v));
        let disks: Vec<_> = required_items(&vol_path, &self.volumes, 1, 10, v)
            .iter()
            .enumerate()
            .map(|(i, vol)| {
                vol.check(
                    &format!("{vol_path}[{i}]"),
                    VolumeSizeRule::WORKSPACE_DATA,
                    v,
                )
            })
            .collect();
        let Some((desktop, term)) = desktop_id
            .and_then(|id| out.acted_on(ctx, &id_path, id, kind::DESKTOP, "desktop", term, v))
        else {
            return;
        };
        for (i, disk) in disks.iter().enumerate() {
            if let Some(disk) = disk {
                out.disk(
                    ctx,
                    &format!("{vol_path}[{i}]"),
                    *disk,
                    desktop.id(),
                    term,
                    v,
                );
            }
        }
    }
}
