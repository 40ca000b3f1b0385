//! The nine order `type`s and the resource objects each carries.

use crate::domain::order::OrderType;

/// The nine order types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `createDesktops`
    CreateDesktops,
    /// `addVolumes`
    AddVolumes,
    /// `rebuildDesktops`
    RebuildDesktops,
    /// `createDesktopPool`
    CreateDesktopPool,
    /// `expandDesktopPool`
    ExpandDesktopPool,
    /// `applyDesktopsInternet`
    ApplyDesktopsInternet,
    /// `createExclusiveHosts`
    CreateExclusiveHosts,
    /// `subscribeUserSharer`
    SubscribeUserSharer,
    /// `ApplySubnetBandwidth`
    ApplySubnetBandwidth,
}

pub const KINDS: [(&str, Kind); 9] = [
    ("createDesktops", Kind::CreateDesktops),
    ("addVolumes", Kind::AddVolumes),
    ("rebuildDesktops", Kind::RebuildDesktops),
    ("createDesktopPool", Kind::CreateDesktopPool),
    ("expandDesktopPool", Kind::ExpandDesktopPool),
    ("applyDesktopsInternet", Kind::ApplyDesktopsInternet),
    ("createExclusiveHosts", Kind::CreateExclusiveHosts),
    ("subscribeUserSharer", Kind::SubscribeUserSharer),
    ("ApplySubnetBandwidth", Kind::ApplySubnetBandwidth),
];

impl Kind {
    /// The type named `wire` (exact spelling).
    pub fn parse(wire: &str) -> Option<Kind> {
        KINDS.iter().find(|(w, _)| *w == wire).map(|&(_, k)| k)
    }

    /// The resource objects an order of this type carries; the first is mandatory unless the
    /// type lists alternatives (`rebuildDesktops` takes either of its two).
    pub fn objects(self) -> &'static [&'static str] {
        match self {
            Kind::CreateDesktops => &["create_desktops"],
            Kind::AddVolumes => &["add_volumes"],
            Kind::RebuildDesktops => &["rebuild_desktops", "attach_desktops"],
            Kind::CreateDesktopPool => &["create_desktop_pool"],
            Kind::ExpandDesktopPool => &["expand_desktop_pool"],
            Kind::ApplyDesktopsInternet => &["apply_desktops_internet"],
            Kind::CreateExclusiveHosts => &["create_exclusive_hosts", "resize_exclusive_lites"],
            Kind::SubscribeUserSharer => &["subscribe_user_sharer"],
            Kind::ApplySubnetBandwidth => &["apply_subnet_bandwidth"],
        }
    }

    /// True for types that start a subscription and so need a period.
    pub fn starts_subscription(self) -> bool {
        !matches!(
            self,
            Kind::AddVolumes | Kind::RebuildDesktops | Kind::ExpandDesktopPool
        )
    }

    /// The BSS order type.
    pub fn order_type(self) -> OrderType {
        match self {
            Kind::RebuildDesktops => OrderType::Change,
            _ => OrderType::New,
        }
    }
}

/// The wire spelling of `kind`.
pub fn wire_name(kind: Kind) -> &'static str {
    KINDS
        .iter()
        .find(|k| k.1 == kind)
        .map(|k| k.0)
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;

    #[test]
    fn types_parse_by_their_exact_wire_spelling() {
        for (wire, kind) in KINDS {
            assert_eq!(Kind::parse(wire), Some(kind));
            assert_eq!(wire_name(kind), wire);
        }
        assert_eq!(Kind::parse("applySubnetBandwidth"), None);
        assert_eq!(Kind::parse("createdesktops"), None);
    }

    #[test]
    fn the_builtin_catalog_holds_the_workspace_products() {
        let catalog = Catalog::builtin();
        for id in [
            "workspace.k.xlarge2.uosv20pro",
            "workspace.x.large2.windows2019",
            "workspace.x.xlarge4.windows2019",
            "workspace.pool.x.large2",
            "workspace.exclusive.host.c6.8xlarge",
            "workspace.usersharer.month",
            "workspace.volume.SAS",
            "workspace.volume.SSD",
            "workspace.volume.GPSSD",
            "workspace.eip.5_bgp",
            "workspace.eip.5_sbgp",
            "workspace.bandwidth",
        ] {
            let p = catalog.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(p.cloud_service_type, "hws.service.type.vdi", "{id}");
            assert!(p.price.month.is_some() && p.price.year.is_some(), "{id}");
        }
    }
}
