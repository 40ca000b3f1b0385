//! What identity policies may judge a Workspace order by (the seed's condition keys
//! `workspace:CreateOrderType`, `workspace:AssociatePublicIp`, `workspace:AccessMode`), and
//! whether it also pays. Read from the request as sent, before its rules are checked: a
//! caller is refused what they may not ask for before being told what is wrong with it.

use super::CreateOrderReq;
use crate::wire::scalar::given;

/// The access mode of desktops reached over a shared VPC's Direct Connect (Workspace's
/// `access_mode` value for it).
pub const DEDICATED: &str = "DEDICATED";

/// A Workspace order as identity policies see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderConditions<'a> {
    /// The order `type` as sent.
    pub order_type: Option<&'a str>,
    /// True when the order buys or binds an EIP for desktops (`create_desktops.eip`, or an
    /// `apply_desktops_internet` resource): it gives them public network access.
    pub associates_public_ip: bool,
    /// The access mode the order asks for: [`DEDICATED`] when a `create_desktops` carries
    /// `apply_shared_vpc_dedicated_param`; none otherwise.
    pub access_mode: Option<&'static str>,
    /// True when `extend_param.is_auto_pay` has the order paid at once.
    pub auto_pay: bool,
}

impl CreateOrderReq {
    /// The order as identity policies see it.
    pub fn conditions(&self) -> OrderConditions<'_> {
        let resources = self.resources.iter().flatten();
        let desktops = || resources.clone().filter_map(|r| r.create_desktops.as_ref());
        OrderConditions {
            order_type: given(&self.order_type),
            associates_public_ip: desktops().any(|d| d.eip.is_some())
                || resources
                    .clone()
                    .any(|r| r.apply_desktops_internet.is_some()),
            access_mode: desktops()
                .any(|d| d.apply_shared_vpc_dedicated_param.is_some())
                .then_some(DEDICATED),
            auto_pay: self.auto_pay(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::json::parse_json;

    fn conditions(json: &str) -> OrderConditions<'static> {
        let order: &'static CreateOrderReq = Box::leak(Box::new(parse_json(json).unwrap()));
        order.conditions()
    }

    #[test]
    fn public_ips_access_modes_and_payment_are_read_from_the_order() {
        let plain = conditions(
            r#"{"type": "createDesktops", "resources": [{"create_desktops": {"product_id": "p"}}]}"#,
        );
        assert_eq!(
            plain,
            OrderConditions {
                order_type: Some("createDesktops"),
                associates_public_ip: false,
                access_mode: None,
                auto_pay: false,
            }
        );
        let eip = conditions(
            r#"{"type": "createDesktops", "extend_param": {"is_auto_pay": "true"},
                "resources": [{"create_desktops": {}}, {"create_desktops": {"eip": {"type": "5_bgp"},
                "apply_shared_vpc_dedicated_param": {"port": 2000}}}]}"#,
        );
        assert!(eip.associates_public_ip && eip.auto_pay);
        assert_eq!(eip.access_mode, Some(DEDICATED));
        let internet = conditions(
            r#"{"type": "applyDesktopsInternet", "resources": [{"apply_desktops_internet": {}}]}"#,
        );
        assert!(internet.associates_public_ip);
        assert_eq!(internet.order_type, Some("applyDesktopsInternet"));
        let bandwidth = conditions(
            r#"{"type": "ApplySubnetBandwidth", "resources": [{"apply_subnet_bandwidth": {}}]}"#,
        );
        assert!(!bandwidth.associates_public_ip);
        let untyped = conditions(r#"{"resources": [{"create_desktops": {"eip": null}}]}"#);
        assert_eq!(untyped.order_type, None);
        assert!(!untyped.associates_public_ip);
    }
}
