//! Workspace App orders: `POST /v1/{project_id}/bundles/subscribe/order` (`type` `createApps`).
//!
//! Every scalar is [`Coerced`]: the service is a Java service whose JSON binding coerces scalars,
//! and the documentation's own example sends `"update_access_agent": "true"`. Where the seed page
//! is silent, limits come from the API definition (`WorkspaceApp-CreateOrder.json`).

mod check;

use serde::Deserialize;

use super::scalar::Coerced;

/// The cloud service every Workspace App order and line belongs to.
pub const APP_SERVICE_TYPE: &str = "hws.service.type.vdi";
/// The resource type of application servers.
pub const APP_SERVER_RESOURCE_TYPE: &str = "hws.resource.type.workspace.appstream";
/// The resource type of their disks (catalog products, one per disk type).
pub const APP_VOLUME_RESOURCE_TYPE: &str = "hws.resource.type.workspace.appstream.volume";
/// The only order `type`.
pub const CREATE_APPS: &str = "createApps";

/// The request body (`CreateOrderReq`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateOrderRequest {
    /// Exactly one resource. Mandatory.
    pub resources: Option<Vec<AppResource>>,
    /// `createApps`. Mandatory.
    #[serde(rename = "type")]
    pub order_type: Option<Coerced<String>>,
}

/// One yearly/monthly resource (`Resource`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AppResource {
    /// Disks added to the service.
    pub add_volumes: Option<AddVolumes>,
    /// Where the console goes after payment; recorded only.
    pub cloud_service_console_url: Option<Coerced<String>>,
    /// The servers to create. Mandatory.
    pub create_services: Option<CreateServices>,
    /// 0 or 1, default 0.
    pub is_auto_renew: Option<Coerced<i64>>,
    /// At least 1. Mandatory (see [`CreateOrderRequest::into_order`]).
    pub period_num: Option<Coerced<i64>>,
    /// 2 month or 3 year. Mandatory.
    pub period_type: Option<Coerced<i64>>,
    /// How many servers, 1–100. Mandatory.
    pub subscription_num: Option<Coerced<i64>>,
}

/// Disks ordered for an existing service (`AddVolumes`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AddVolumes {
    /// The service the disks are for; 1–255 characters when given.
    pub service_id: Option<Coerced<String>>,
    /// 1–10 data disks when given.
    pub volumes: Option<Vec<WireVolume>>,
}

/// The servers to create (`CreateServices`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateServices {
    /// Up to 255 characters.
    pub availability_zone: Option<Coerced<String>>,
    /// Up to 255 data disks.
    pub data_volumes: Option<Vec<WireVolume>>,
    /// Up to 5; not used by the service.
    pub nics: Option<Vec<Nic>>,
    /// Up to 255 characters.
    pub ou_name: Option<Coerced<String>>,
    /// A Workspace App catalog product. Mandatory.
    pub product_id: Option<Coerced<String>>,
    /// The product's flavor, when given.
    pub flavor_id: Option<Coerced<String>>,
    /// `Windows`, when given.
    pub os_type: Option<Coerced<String>>,
    /// The system disk. Mandatory.
    pub root_volume: Option<WireVolume>,
    /// 1–128 characters. Mandatory.
    pub server_group_id: Option<Coerced<String>>,
    /// Up to 50 characters.
    pub service_type: Option<Coerced<String>>,
    /// 1–255 characters. Mandatory.
    pub subnet_id: Option<Coerced<String>>,
    /// 1–255 characters. Mandatory.
    pub vpc_id: Option<Coerced<String>>,
    /// Up to 5; reserved by the service.
    pub security_groups: Option<Vec<SecurityGroup>>,
    /// Whether the access agent upgrades itself; default false.
    pub update_access_agent: Option<Coerced<bool>>,
}

/// A disk (`Volume`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WireVolume {
    /// ESSD, SSD, GPSSD, SAS or SATA. Mandatory.
    #[serde(rename = "type")]
    pub volume_type: Option<Coerced<String>>,
    /// GB, a multiple of 10. Mandatory.
    pub size: Option<Coerced<i64>>,
    /// Storage pool; up to 255 characters.
    pub cluster_id: Option<Coerced<String>>,
}

/// A NIC (`Nic`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Nic {
    /// 1–255 characters when given.
    pub ip_address: Option<Coerced<String>>,
    /// Up to 255 characters.
    pub subnet_id: Option<Coerced<String>>,
}

/// A security group (`SecurityGroup`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SecurityGroup {
    /// Up to 255 characters.
    pub id: Option<Coerced<String>>,
    /// Up to 55 characters.
    pub name: Option<Coerced<String>>,
}
