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
