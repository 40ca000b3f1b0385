//! The request each kind sends, signed with AK/SK as the official SDKs sign, and what its answer
//! should be.
//!
//! The bodies are the seed examples the HTTP tests place (`tests/api`), with the demo account's
//! ids: what a real client sends, so the server does all of its work on each.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use serde::Deserialize;
use time::OffsetDateTime;

use super::mix::Kind;
use crate::auth::signing;
use crate::config::demo;

/// The DSC seed example (`bench/dsc_order.lua` sends the same).
const DSC_BODY: &str = r#"{"charging_mode":0,"cloud_service_type":"hws.service.type.sdg","is_auto_renew":0,"period_num":1,"period_type":2,"region_id":"cn-north-4","zone":"CH","product_infos":[{"cloud_service_type":"hws.service.type.sdg","product_id":"00301-225397-0--0","resource_size":30,"resource_size_measure_id":30,"resource_spec_code":"base_professional","resource_type":"hws.resource.type.dsc.base"}]}"#;

/// The Workspace seed's `createDesktops` example, verbatim.
const WORKSPACE_BODY: &str = r#"{"type":"createDesktops","enterprise_project_id":"0","resources":[{"period_type":2,"period_num":1,"create_desktops":{"desktops":[{"user_email":"test@test.com","user_name":"test","user_group":"sudo"}],"desktop_type":"DEDICATED","email_notification":false,"product_id":"workspace.k.xlarge2.uosv20pro","image_type":"private","image_id":"e1d65e11-861c-459d-a3a8-ab150d79befc","root_volume":{"type":"SAS","size":80},"nics":[{"subnet_id":"197c1aa4-2611-48bd-a3af-ac4ce2c17c4c"}],"tags":[{"key":"aa","value":"bb"}]}}]}"#;

/// The IES seed example for the demo edge site (`demo::EDGE_SITE_ID`).
const IES_BODY: &str = r#"{"delivery_order":{"edge_site_id":"e5c2a1f0-3b4d-4c6e-8f7a-9b0c1d2e3f4a","network_devices":[{"offering_id":"00000000-0000-000-0000-000000000000","count":1}],"servers":[{"offering_id":"00000000-0000-000-0000-000000000000","count":1}],"storage_pools":[{"storage_type":"SSD","size":26}],"market_options":{"charge_mode":"prepaid","prepaid_options":{"period_type":"year","period_num":3,"pay_mode":"FULL"}}}}"#;

/// Who the SDK says the request is for: `BasicCredentials` send `X-Project-Id`,
/// `GlobalCredentials` (BSS, and the account-level IES path) send `X-Domain-Id`.
enum Scope {
    Project,
    Domain,
}

/// One request to send, not yet signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// What it is.
    pub kind: Kind,
    method: Method,
    path_and_query: String,
    body: Bytes,
}

impl Planned {
    /// The request of `kind`; `order_id` names the order a detail reads or a pay pays.
    pub fn new(kind: Kind, order_id: Option<&str>) -> Planned {
        let order = || order_id.expect("details and payments name an order");
        let (method, path_and_query, body) = match kind {
            Kind::Dsc => (
                Method::POST,
                format!("/v1/{}/period/order", demo::PROJECT_ID),
                Bytes::from_static(DSC_BODY.as_bytes()),
            ),
            Kind::Workspace => (
                Method::POST,
                format!("/v2/{}/periodic/subscribe/order", demo::PROJECT_ID),
                Bytes::from_static(WORKSPACE_BODY.as_bytes()),
            ),
            Kind::Ies => (
                Method::POST,
                format!("/v2/{}/delivery-orders", demo::DOMAIN_ID),
                Bytes::from_static(IES_BODY.as_bytes()),
            ),
            Kind::Detail => (
                Method::GET,
                format!("/v2/orders/customer-orders/details/{}", order()),
                Bytes::new(),
            ),
            Kind::List => (
                Method::GET,
                "/v2/orders/customer-orders?limit=10&offset=0".to_owned(),
                Bytes::new(),
            ),
            Kind::Pay => (
                Method::POST,
                "/v3/orders/customer-orders/pay".to_owned(),
                Bytes::from(format!(
                    r#"{{"order_id":"{}","use_coupon":"NO","use_discount":"NO"}}"#,
                    order()
                )),
            ),
        };
        Planned {
            kind,
            method,
            path_and_query,
            body,
        }
    }

    fn scope(&self) -> Scope {
        match self.kind {
            Kind::Dsc | Kind::Workspace => Scope::Project,
            Kind::Ies | Kind::Detail | Kind::List | Kind::Pay => Scope::Domain,
        }
    }

    /// The request for `host` (the `Host` header, as the URL names the server), signed as the
    /// demo root user at `now`: a fresh date on every request, so that runs longer than the
    /// server's 15-minute signature window keep working.
    pub fn signed(&self, host: &str, now: OffsetDateTime) -> Request<Full<Bytes>> {
        let mut headers = vec![("user-agent".to_owned(), USER_AGENT.to_owned())];
        if !self.body.is_empty() {
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
        }
        headers.push(match self.scope() {
            Scope::Project => ("x-project-id".to_owned(), demo::PROJECT_ID.to_owned()),
            Scope::Domain => ("x-domain-id".to_owned(), demo::DOMAIN_ID.to_owned()),
        });
        signing::add_signature(
            &mut headers,
            (demo::ROOT_AK, demo::ROOT_SK),
            (self.method.as_str(), &self.path_and_query, host),
            now,
            &self.body,
        );
        let mut request = Request::builder()
            .method(self.method.clone())
            .uri(&self.path_and_query);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request
            .body(Full::new(self.body.clone()))
            .expect("the method, path and headers are valid")
    }
}

/// The `User-Agent` the benchmark sends (and signs, as the SDKs sign theirs).
const USER_AGENT: &str = concat!("orderd-bench/", env!("CARGO_PKG_VERSION"));

/// The status a kind answers when all is well.
pub fn expected_status(kind: Kind) -> StatusCode {
    match kind {
        Kind::Pay => StatusCode::NO_CONTENT,
        _ => StatusCode::OK,
    }
}

/// The id of the order an expected answer of a create kind placed; `None` when the answer
/// does not carry one (which makes it unexpected).
pub fn placed_order(kind: Kind, body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct OneOrder {
        order_id: String,
    }
    #[derive(Deserialize)]
    struct Delivery {
        order_ids: Vec<String>,
    }
    match kind {
        Kind::Dsc | Kind::Workspace => serde_json::from_slice::<OneOrder>(body)
            .ok()
            .map(|a| a.order_id),
        Kind::Ies => serde_json::from_slice::<Delivery>(body)
            .ok()
            .and_then(|a| a.order_ids.into_iter().next()),
        Kind::Detail | Kind::List | Kind::Pay => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::signing::Authorization;

    #[test]
    fn every_request_is_signed_over_the_headers_the_sdk_signs() {
        let now = signing::parse_date("20261125T120000Z").unwrap();
        let pay = Planned::new(Kind::Pay, Some("CS2611251200ABCDE")).signed("127.0.0.1:8080", now);
        let header = |name: &str| pay.headers()[name].to_str().unwrap().to_owned();
        let auth = Authorization::parse(&header("authorization")).unwrap();
        assert_eq!(auth.access_key, demo::ROOT_AK);
        assert_eq!(
            auth.signed_headers,
            [
                "content-type",
                "host",
                "user-agent",
                "x-domain-id",
                "x-sdk-date"
            ]
        );
        assert_eq!(header("x-sdk-date"), "20261125T120000Z");
        assert_eq!(header("host"), "127.0.0.1:8080");
        let list = Planned::new(Kind::List, None).signed("h", now);
        let auth = Authorization::parse(list.headers()["authorization"].to_str().unwrap());
        assert!(
            !auth
                .unwrap()
                .signed_headers
                .contains(&"content-type".into())
        );
        let dsc = Planned::new(Kind::Dsc, None).signed("h", now);
        assert_eq!(dsc.headers()["x-project-id"], demo::PROJECT_ID);
    }

    #[test]
    fn the_bodies_are_json_and_name_what_they_should() {
        for kind in [Kind::Dsc, Kind::Workspace, Kind::Ies, Kind::Pay] {
            let planned = Planned::new(kind, Some("CS2611251200ABCDE"));
            let body: serde_json::Value =
                serde_json::from_slice(&planned.body).unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert!(body.is_object(), "{kind}");
        }
        let ies: serde_json::Value = serde_json::from_str(IES_BODY).unwrap();
        assert_eq!(ies["delivery_order"]["edge_site_id"], demo::EDGE_SITE_ID);
    }

    #[test]
    fn placed_orders_are_read_from_each_create_answer() {
        let one = br#"{"order_id":"CS2611251200ABCDE"}"#;
        assert_eq!(
            placed_order(Kind::Dsc, one).as_deref(),
            Some("CS2611251200ABCDE")
        );
        assert_eq!(
            placed_order(Kind::Workspace, one).as_deref(),
            Some("CS2611251200ABCDE")
        );
        let ies = br#"{"delivery_order":{},"order_ids":["CS2611251200ABCDF"]}"#;
        assert_eq!(
            placed_order(Kind::Ies, ies).as_deref(),
            Some("CS2611251200ABCDF")
        );
        assert_eq!(placed_order(Kind::Ies, one), None);
        assert_eq!(placed_order(Kind::Dsc, b"{}"), None);
    }
}
