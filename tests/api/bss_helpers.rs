//! For the BSS read APIs' tests: an order of each service orderd sells, placed as the demo root
//! user, and the read APIs called as a client calls them.

use serde_json::{Value, json};

use crate::auth::{dsc_order, dsc_path};
use crate::helpers::{Credentials, DEMO_DOMAIN, DEMO_PROJECT, Key, TestApp, status_and_json};

/// The services orderd takes orders for, one create-order API each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// DSC: one edition (`base_standard`), one month.
    Dsc,
    /// Workspace `createDesktops`: a desktop and its system disk, one month.
    Workspace,
    /// Workspace App: 3 servers and their disks, 3 years, renewing itself.
    WorkspaceApp,
    /// A DIS resource package under the caller's id [`PACKAGE_ID`], one month.
    Package,
    /// An IES delivery order to the demo edge site, 3 years.
    Ies,
}

/// Every service.
pub const SERVICES: [Service; 5] = [
    Service::Dsc,
    Service::Workspace,
    Service::WorkspaceApp,
    Service::Package,
    Service::Ies,
];

/// The id the package order is submitted under.
pub const PACKAGE_ID: &str = "PKG0001";

impl Service {
    /// The order's `service_type_code` and `service_type_name`.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Service::Dsc => ("hws.service.type.sdg", "Data Security Center"),
            Service::Workspace | Service::WorkspaceApp => ("hws.service.type.vdi", "Workspace"),
            Service::Package => ("hws.service.type.dis", "Data Ingestion Service"),
            Service::Ies => ("hws.service.type.ies", "CloudPond"),
        }
    }
}

impl TestApp {
    /// Places an order of `service` in the demo account; gives its `CS...` id.
    pub async fn place_of(&self, service: Service) -> String {
        match service {
            Service::Dsc => self.place_ok(&dsc_path(), &dsc_order()).await,
            Service::Workspace => {
                let body = crate::workspace::create_desktops::seed_example();
                self.place_ok(&crate::workspace::path(), &body).await
            }
            Service::WorkspaceApp => {
                let path = format!("/v1/{DEMO_PROJECT}/bundles/subscribe/order");
                self.place_ok(&path, &crate::workspace_app::seed_example())
                    .await
            }
            Service::Package => {
                let path = format!("/v2/orders/{PACKAGE_ID}");
                let response = self.post_json(&path, &crate::package::seed_example()).await;
                assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
                self.client_order(DEMO_DOMAIN, PACKAGE_ID)
                    .await
                    .expect("stored under the caller's id")
            }
            Service::Ies => {
                let path = format!("/v2/{DEMO_DOMAIN}/delivery-orders");
                let (status, body) =
                    status_and_json(self.post_json(&path, &crate::ies::valid()).await).await;
                assert_eq!(status, 200, "{body}");
                body["order_ids"][0]
                    .as_str()
                    .expect("an order id")
                    .to_owned()
            }
        }
    }

    /// `GET path` signed as the demo root user; asserts a 200 and gives its body.
    pub async fn get_ok(&self, path: &str) -> Value {
        let (status, body) = status_and_json(self.get(path).await).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// ListCustomerOrders with `query` (`limit=2&offset=1`), as the demo root user.
    pub async fn list_orders(&self, query: &str) -> Value {
        self.get_ok(&format!("/v2/orders/customer-orders?{query}"))
            .await
    }

    /// The ids ListCustomerOrders gives for `query`, in order.
    pub async fn listed_ids(&self, query: &str) -> Vec<String> {
        ids(&self.list_orders(query).await["order_infos"], "order_id")
    }

    /// The resource query with `body`, signed with `key`: status and body.
    pub async fn query_resources_as(&self, key: Key, body: &Value) -> (u16, Value) {
        let credentials = Credentials::Signed(key);
        let path = "/v2/orders/suscriptions/resources/query";
        status_and_json(self.post_json_as(&credentials, path, body).await).await
    }

    /// The resource query with `body` as the demo root user; asserts a 200, gives its body.
    pub async fn query_resources(&self, body: &Value) -> Value {
        let (status, answer) = self
            .query_resources_as(crate::helpers::DEMO_ROOT, body)
            .await;
        assert_eq!(status, 200, "{body}: {answer}");
        answer
    }

    /// The resources of order `id`, as Terraform asks for them (`only_main_resource` 1 when
    /// `main_only`).
    pub async fn order_resource_list(&self, id: &str, main_only: bool) -> Value {
        let mut body = json!({ "order_id": id, "limit": 100 });
        if main_only {
            body["only_main_resource"] = json!(1);
        }
        self.query_resources(&body).await
    }
}

/// The text field `field` of each item of the array `list`.
pub fn ids(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("an array: {list}"))
        .iter()
        .map(|item| {
            item[field]
                .as_str()
                .unwrap_or_else(|| panic!("{field} of {item}"))
                .to_owned()
        })
        .collect()
}

/// True for a time in BSS's form, `2026-01-04T07:05:14Z`.
pub fn is_bss_time(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|t| orderd::domain::clock::parse_utc_seconds(t).is_ok())
}

/// `at` in BSS's form.
pub fn bss_time(at: time::OffsetDateTime) -> String {
    orderd::domain::clock::utc_seconds(at)
}
