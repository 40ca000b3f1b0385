//! The builder every Workspace order type adds to: priced lines, the resources the order
//! creates, and references to resources that do not exist; and the term lines run for.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::shared::{DesktopDisks, Disk, Str, kind};
use crate::domain::catalog::{Catalog, Product};
use crate::domain::order::OrderLine;
use crate::domain::resource::Resource;
use crate::domain::term::ResourceKind;
pub use crate::domain::term::Term;
use crate::domain::violations::Violations;
use crate::wire::scalar::given;

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
    /// The project's Workspace directory type, which user names follow.
    pub directory: crate::domain::names::DirectoryType,
}

/// The object of one order resource (`create_desktops`, `add_volumes`, ...).
pub trait OrderObject {
    /// Checks every rule of the object at `path` and adds its lines and the resources it
    /// creates to `out`, for `term`.
    fn build(&self, path: &str, term: Term, ctx: &Ctx<'_>, out: &mut Builder, v: &mut Violations);
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
    /// Names the seed says must be unique (computer names, pool names) given so far in the
    /// order, by kind and comparison key, with the path of the first.
    pub names: HashMap<(&'static str, String), String>,
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

    /// The mandatory product field `id` at `path`: present, in the catalog, of `resource_type`.
    pub fn required_product<'c>(
        &self,
        ctx: &Ctx<'c>,
        path: &str,
        id: &Str,
        resource_type: &str,
        what: &str,
        v: &mut Violations,
    ) -> Option<&'c Product> {
        let id = v.required(path, given(id))?;
        self.product(ctx, path, id, resource_type, what, v)
    }

    /// Records the `what` `name` at `path`, compared by `key`; one given twice in the order is a
    /// violation naming the first.
    pub fn unique_name(
        &mut self,
        what: &'static str,
        key: String,
        name: &str,
        path: &str,
        v: &mut Violations,
    ) {
        match self.names.entry((what, key)) {
            std::collections::hash_map::Entry::Occupied(first) => v.push(
                path,
                format!(
                    "{name} is given twice in the order (first at {})",
                    first.get()
                ),
            ),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(path.to_owned());
            }
        }
    }

    /// Adds a desktop of `product` with its disks (a line each) and gives its new id.
    #[allow(clippy::too_many_arguments)]
    pub fn desktop(
        &mut self,
        ctx: &Ctx<'_>,
        path: &str,
        product: &Product,
        disks: &DesktopDisks,
        parent_id: Option<String>,
        term: Term,
        v: &mut Violations,
    ) -> String {
        let desktop =
            self.create_priced(ctx, path, product, kind::DESKTOP, parent_id, term, None, v);
        self.disk(
            ctx,
            &format!("{path}.root_volume"),
            disks.root,
            &desktop,
            term,
            v,
        );
        for (i, disk) in disks.data.iter().enumerate() {
            self.disk(
                ctx,
                &format!("{path}.data_volumes[{i}]"),
                *disk,
                &desktop,
                term,
                v,
            );
        }
        desktop
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
            Some(r) if r.resource_type() == resource_type => Some(r),
            _ => {
                self.missing.push(format!(
                    "{path}: {what} {id} does not exist in project {}",
                    ctx.project_id
                ));
                None
            }
        }
    }

    /// The existing resource an order acts on, with the term its lines run for: the order's
    /// calendar period when given, else until the resource expires. `None` when the resource
    /// does not exist (recorded as missing) or cannot be added to (recorded as a violation).
    #[allow(clippy::too_many_arguments)]
    pub fn acted_on<'e>(
        &mut self,
        ctx: &Ctx<'e>,
        path: &str,
        id: &str,
        resource_type: &str,
        what: &str,
        term: Term,
        v: &mut Violations,
    ) -> Option<(&'e Resource, Term)> {
        let resource = self.existing(ctx, path, id, resource_type, what)?;
        let term = self.term_for(ctx, term, path, resource, v)?;
        Some((resource, term))
    }

    /// The term of lines that act on `parent`: the order's calendar period when given, else
    /// the parent's expiry (the parent must be in use and its expiry lie ahead).
    fn term_for(
        &self,
        ctx: &Ctx<'_>,
        term: Term,
        path: &str,
        parent: &Resource,
        v: &mut Violations,
    ) -> Option<Term> {
        v.take(path, term.against(parent, ctx.now))
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
        let priced = term.price_line(product, quantity, size, resource_id, ctx.now);
        if let Some(line) = v.take(path, priced) {
            self.lines.push(line);
        }
    }

    /// Records a resource the order creates and gives its new id.
    pub fn create(
        &mut self,
        ctx: &Ctx<'_>,
        kind: &ResourceKind<'_>,
        parent_id: Option<String>,
        term: Term,
    ) -> String {
        let resource = term.new_resource((ctx.domain_id, ctx.project_id), kind, parent_id, ctx.now);
        let id = resource.id().to_owned();
        self.resources.push(resource);
        id
    }

    /// Records a new resource of `resource_type` made from `product` (its spec code), under
    /// `parent_id`, and adds its line: one unit of `size`, for `term`. Gives the new id.
    #[allow(clippy::too_many_arguments)]
    pub fn create_priced(
        &mut self,
        ctx: &Ctx<'_>,
        path: &str,
        product: &Product,
        resource_type: &str,
        parent_id: Option<String>,
        term: Term,
        size: Option<u32>,
        v: &mut Violations,
    ) -> String {
        let kind = ResourceKind {
            resource_type,
            ..ResourceKind::of(product)
        };
        let id = self.create(ctx, &kind, parent_id, term);
        self.line(ctx, path, product, term, 1, size, Some(id.clone()), v);
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
        let product_id = format!("workspace.volume.{}", disk.volume_type);
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
        let disk_kind = ResourceKind {
            resource_type: kind::VOLUME,
            spec_code: disk.volume_type.as_str(),
            ..ResourceKind::of(product)
        };
        let id = self.create(ctx, &disk_kind, Some(parent_id.to_owned()), term);
        self.line(ctx, path, product, term, 1, Some(disk.size_gb), Some(id), v);
    }
}
