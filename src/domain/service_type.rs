//! The names BSS shows for cloud service and resource types (`hws.service.type.sdg` is "Data
//! Security Center"). One table, read by every view that names a service or a resource type, and
//! by the list of service types.
//!
//! A configured catalog may bring services and resource types this table does not know; those are
//! named by their own code, and a service's abbreviation is the code's last part in capitals
//! (`hws.service.type.ecs` → `ECS`).

/// A cloud service BSS knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KnownService {
    code: &'static str,
    name: &'static str,
    abbreviation: &'static str,
}

/// The services of the built-in catalog. Workspace App is sold as part of Workspace (its
/// products are of `hws.service.type.vdi`), as in the real catalog.
const SERVICES: &[KnownService] = &[
    KnownService {
        code: "hws.service.type.dis",
        name: "Data Ingestion Service",
        abbreviation: "DIS",
    },
    KnownService {
        code: "hws.service.type.ies",
        name: "CloudPond",
        abbreviation: "IES",
    },
    KnownService {
        code: "hws.service.type.sdg",
        name: "Data Security Center",
        abbreviation: "DSC",
    },
    KnownService {
        code: "hws.service.type.vdi",
        name: "Workspace",
        abbreviation: "Workspace",
    },
];

/// The resource types of the built-in catalog and of the resources accounts start with.
const RESOURCE_TYPES: &[(&str, &str)] = &[
    ("hws.resource.type.bandwidth", "Bandwidth"),
    ("hws.resource.type.dis", "DIS resource package"),
    ("hws.resource.type.dsc.base", "DSC edition"),
    ("hws.resource.type.dsc.db", "DSC database package"),
    ("hws.resource.type.dsc.obs", "DSC OBS package"),
    (
        "hws.resource.type.ies.networkdevice",
        "CloudPond network device",
    ),
    ("hws.resource.type.ies.server", "CloudPond server"),
    (
        "hws.resource.type.ies.storagepool",
        "CloudPond storage pool",
    ),
    ("hws.resource.type.volume", "Disk"),
    (
        "hws.resource.type.workspace.appstream",
        "Workspace App server",
    ),
    (
        "hws.resource.type.workspace.appstream.volume",
        "Workspace App disk",
    ),
    (
        "hws.resource.type.workspace.bandwidth",
        "Workspace bandwidth",
    ),
    ("hws.resource.type.workspace.desktop", "Cloud desktop"),
    (
        "hws.resource.type.workspace.directory",
        "Workspace directory",
    ),
    (
        "hws.resource.type.workspace.exclusivehost",
        "Workspace exclusive host",
    ),
    ("hws.resource.type.workspace.pool", "Desktop pool"),
    (
        "hws.resource.type.workspace.usersharer",
        "Workspace user collaboration",
    ),
];

fn known(code: &str) -> Option<&'static KnownService> {
    SERVICES.iter().find(|s| s.code == code)
}

/// The name of cloud service type `code`; its code when the table has no name for it.
pub fn service_type_name(code: &str) -> &str {
    known(code).map_or(code, |s| s.name)
}

/// The abbreviation of cloud service type `code` (`DSC`); for a service the table does not know,
/// the code's last part in capitals.
pub fn service_type_abbreviation(code: &str) -> String {
    match known(code) {
        Some(s) => s.abbreviation.to_owned(),
        None => code.rsplit('.').next().unwrap_or(code).to_ascii_uppercase(),
    }
}

/// The name of resource type `code`; its code when the table has no name for it.
pub fn resource_type_name(code: &str) -> &str {
    RESOURCE_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;

    #[test]
    fn the_builtin_catalogs_services_and_resource_types_have_names() {
        let catalog = Catalog::builtin();
        for product in catalog.iter() {
            let service = &product.cloud_service_type;
            assert_ne!(service_type_name(service), service, "{service}");
            let resource = &product.resource_type;
            assert_ne!(resource_type_name(resource), resource, "{resource}");
        }
        assert_eq!(
            service_type_name("hws.service.type.sdg"),
            "Data Security Center"
        );
        assert_eq!(
            service_type_abbreviation("hws.service.type.vdi"),
            "Workspace"
        );
        assert_eq!(service_type_name("hws.service.type.ies"), "CloudPond");
    }

    #[test]
    fn unknown_codes_are_named_by_themselves() {
        assert_eq!(
            service_type_name("hws.service.type.ecs"),
            "hws.service.type.ecs"
        );
        assert_eq!(service_type_abbreviation("hws.service.type.ecs"), "ECS");
        assert_eq!(service_type_abbreviation("plain"), "PLAIN");
        assert_eq!(
            resource_type_name("hws.resource.type.vm"),
            "hws.resource.type.vm"
        );
    }
}
