//! The one conversion of a package order request into a checked, priced order.

use super::{
    CloudServiceEntry, CloudServiceForm, DEFAULT_SERVICE_TYPE, PackageOrder, PackageOrderRequest,
};
use crate::domain::account::Account;
use crate::domain::catalog::Catalog;
use crate::domain::client_order::{ClientOrderId, is_letters_and_digits_1_to_64};
use crate::domain::order::PricedOrder;
use crate::domain::period::{Period, PeriodLimits};
use crate::domain::pricing;
use crate::domain::violations::Violations;
use crate::wire::Rejection;
use crate::wire::common::{
    OneOrMany, ProductInfo, ResolvedProduct, at_least_one, period_from_fields, positive_int32,
};

struct Entry<'c> {
    service_type: String,
    period: Period,
    auto_renew: bool,
    quantity: u32,
    products: Vec<ResolvedProduct<'c>>,
}

impl PackageOrderRequest {
    /// Checks every rule (the path's `order_id` too) against the caller's account and the
    /// catalog and prices the packages. Broken rules are reported first, all of them; a tenant
    /// that is not the caller's only when the rest is valid.
    pub fn into_order(
        self,
        order_id: &str,
        account: &Account,
        catalog: &Catalog,
    ) -> Result<PackageOrder, Rejection> {
        let mut v = Violations::new();
        let client_order_id = v.take("order_id", order_id.parse::<ClientOrderId>());
        if let Some(mode) = self.purchase_mode
            && mode != 1
        {
            v.push("purchaseMode", format!("must be 1, got {mode}"));
        }
        let tenant = v.required("tenantId", self.tenant_id.as_deref());
        let wire_entries = at_least_one(
            "cloudServices",
            self.cloud_services.as_ref().map(OneOrMany::as_slice),
            "cloud service",
            &mut v,
        );
        let checked: Vec<_> = wire_entries
            .iter()
            .enumerate()
            .map(|(i, e)| e.check(&format!("cloudServices[{i}]"), catalog, &mut v))
            .collect();
        let service_types: Vec<_> = wire_entries.iter().map(|e| e.service_type()).collect();
        for (i, other) in service_types.iter().enumerate().skip(1) {
            if *other != service_types[0] {
                v.push(
                    format!("cloudServices[{i}].cloudServiceType"),
                    format!(
                        "must be {} as in cloudServices[0] (one order is for one cloud service), got {other}",
                        service_types[0]
                    ),
                );
            }
        }
        let (Some(client_order_id), Some(tenant)) = (client_order_id, tenant) else {
            return Err(Rejection::Invalid(v));
        };
        if !v.is_empty() {
            return Err(Rejection::Invalid(v));
        }
        let entries: Vec<Entry<'_>> = checked.into_iter().flatten().collect();

        // tenantId is documented as a project id; the caller's domain id is accepted too. Any
        // other value, another account's or none at all, is refused alike (see docs/package.md).
        let project = if tenant == account.domain_id {
            None
        } else if account.projects.iter().any(|p| p.id == tenant) {
            Some(tenant.to_owned())
        } else {
            return Err(Rejection::Forbidden(format!(
                "tenantId: {tenant} is not your account or one of its projects"
            )));
        };
        let project = project.or_else(|| {
            wire_entries
                .iter()
                .flat_map(|e| e.forms())
                .filter_map(|f| f.projectid.as_deref())
                .find(|id| account.projects.iter().any(|p| p.id == *id))
                .map(str::to_owned)
        });

        let items: Vec<_> = entries
            .iter()
            .flat_map(|entry| {
                entry.products.iter().map(|line| pricing::Item {
                    product: line.product,
                    period: entry.period,
                    quantity: entry.quantity,
                    size: line.size,
                })
            })
            .collect();
        let Some((currency, lines)) = v.take("cloudServices", pricing::price_items(&items)) else {
            return Err(Rejection::Invalid(v));
        };
        let first = &entries[0];
        Ok(PackageOrder {
            client_order_id,
            domain_id: account.domain_id.clone(),
            project_id: project,
            order: PricedOrder {
                period: entries
                    .iter()
                    .all(|e| e.period == first.period)
                    .then_some(first.period),
                ..PricedOrder::new_prepaid(
                    &first.service_type,
                    first.period,
                    entries.iter().all(|e| e.auto_renew),
                    lines,
                    currency,
                )
            },
        })
    }
}

impl CloudServiceEntry {
    /// `cloudServiceType`, or its default.
    fn service_type(&self) -> &str {
        self.cloud_service_type
            .as_deref()
            .unwrap_or(DEFAULT_SERVICE_TYPE)
    }

    fn forms(&self) -> &[CloudServiceForm] {
        self.cloud_service_form
            .as_ref()
            .map_or(&[], OneOrMany::as_slice)
    }

    fn check<'c>(&self, path: &str, catalog: &'c Catalog, v: &mut Violations) -> Option<Entry<'c>> {
        let field = |name: &str| format!("{path}.{name}");
        let charging = self.charging_mode.unwrap_or(0);
        if charging != 0 {
            v.push(
                field("chargingMode"),
                format!(
                    "must be 0 (prepaid; resource packages are paid in advance), got {charging}"
                ),
            );
        }
        let payment = self.payment_mode.unwrap_or(0);
        if payment != 0 {
            v.push(field("paymentMode"), format!("must be 0, got {payment}"));
        }
        let period = period_from_fields(
            (&field("periodType"), Some(self.period_type.unwrap_or(2))),
            (&field("periodNum"), Some(self.period_num.unwrap_or(1))),
            PeriodLimits::MONTHS_9_YEARS_3,
            v,
        );
        let quantity = positive_int32(
            &field("subscriptionNum"),
            self.subscription_num.unwrap_or(1),
            v,
        );
        let service_type = self.service_type().to_owned();
        if service_type.is_empty() {
            v.push(field("cloudServiceType"), "must not be empty");
        }
        for (j, form) in self.forms().iter().enumerate() {
            let form_field = |name: &str| format!("{path}.cloudServiceForm[{j}].{name}");
            for (name, value) in [("projectid", &form.projectid), ("orderid", &form.orderid)] {
                if let Some(value) = value
                    && !is_letters_and_digits_1_to_64(value)
                {
                    v.push(
                        form_field(name),
                        format!("must be 1 to 64 letters and digits, got {value:?}"),
                    );
                }
            }
            if let Some(form_type) = &form.cloudservicetype
                && *form_type != service_type
            {
                v.push(
                    form_field("cloudServiceType"),
                    format!("must be the entry's cloudServiceType {service_type}, got {form_type}"),
                );
            }
        }
        let infos = at_least_one(
            &field("productInfos"),
            self.product_infos.as_ref().map(OneOrMany::as_slice),
            "product",
            v,
        );
        let products: Vec<_> = infos
            .iter()
            .enumerate()
            .map(|(j, info)| {
                with_defaults(info, &service_type, catalog).resolve(
                    &format!("{path}.productInfos[{j}]"),
                    catalog,
                    Some(&service_type),
                    v,
                )
            })
            .collect();
        let products: Option<Vec<_>> = products.into_iter().collect();
        Some(Entry {
            service_type,
            period: period?,
            auto_renew: self.is_auto_renew.is_some_and(|c| c.0),
            quantity: quantity?,
            products: products.filter(|p| !p.is_empty())?,
        })
    }
}

/// The line with the documented defaults filled in: the entry's cloud service type, and the
/// product's own resource type and spec code (the seed documents fixed DIS defaults, one of which,
/// `resourceType` `hws.service.type.dis`, is a service type; the product's values are what those
/// defaults mean).
fn with_defaults(info: &ProductInfo, service_type: &str, catalog: &Catalog) -> ProductInfo {
    let mut info = info.clone();
    info.cloud_service_type
        .get_or_insert_with(|| service_type.to_owned());
    if let Some(product) = info.product_id.as_deref().and_then(|id| catalog.get(id)) {
        info.resource_type
            .get_or_insert_with(|| product.resource_type.clone());
        info.resource_spec_code
            .get_or_insert_with(|| product.resource_spec_code.clone());
    }
    info
}
