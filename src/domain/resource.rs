//! Resources that orders create (desktops, hosts, instances), tracked per project so later
//! orders can act on them.

use time::OffsetDateTime;

/// A resource some order created, or one an account starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The resource's own id (a UUID for most services).
    pub id: String,
    /// The owning account.
    pub domain_id: String,
    /// The owning project.
    pub project_id: String,
    /// Its resource type (`hws.resource.type.workspace.desktop`).
    pub resource_type: String,
    /// Its spec code or product id.
    pub spec_code: String,
    /// The order that created it; `None` for resources an account starts with.
    pub order_id: Option<String>,
    /// The resource it belongs to (a disk's desktop), if any.
    pub parent_id: Option<String>,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When its subscription ends, if it has one.
    pub expires_at: Option<OffsetDateTime>,
}
