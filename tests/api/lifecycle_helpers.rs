//! Paying and cancelling as a client does: the BSS pay and cancel APIs, signed as the demo
//! root user; and the operator's clock.

use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The demo configuration's operator token.
pub const OPERATOR_TOKEN: &str = orderd::config::demo::OPERATOR_TOKEN;

impl TestApp {
    /// Pays order `id` as Terraform does; gives the status and body.
    pub async fn pay(&self, id: &str) -> (u16, Value) {
        let body = json!({"order_id": id, "use_coupon": "NO", "use_discount": "NO"});
        let response = self
            .post_json("/v3/orders/customer-orders/pay", &body)
            .await;
        status_and_body(response).await
    }

    /// Pays order `id` and asserts the 204.
    pub async fn pay_ok(&self, id: &str) {
        let (status, body) = self.pay(id).await;
        assert_eq!(status, 204, "pay {id}: {body}");
    }

    /// Cancels order `id`; gives the status and body.
    pub async fn cancel(&self, id: &str) -> (u16, Value) {
        let body = json!({ "order_id": id }).to_string().into_bytes();
        let response = self
            .send(
                reqwest::Method::PUT,
                "/v2/orders/customer-orders/cancel",
                &[("content-type", "application/json")],
                body,
            )
            .await;
        status_and_body(response).await
    }

    /// Sends `method` to the operator endpoint `path` with the operator token and `body`.
    pub async fn operator(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(OPERATOR_TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        status_and_body(request.send().await.expect("operator request")).await
    }

    /// Moves orderd's clock forward by the ISO 8601 duration `by` through the operator API.
    pub async fn advance_clock(&self, by: &str) -> Value {
        let (status, body) = self
            .operator(
                reqwest::Method::POST,
                "/orderd/v1/clock",
                Some(json!({ "advance": by })),
            )
            .await;
        assert_eq!(status, 200, "advance {by}: {body}");
        body
    }
}

/// The status and the JSON body of `response`; `null` for an empty body (a 204).
async fn status_and_body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Asserts an error answer: its status, `error_code`, and a message that says `needle`.
pub fn assert_refused(answer: &(u16, Value), status: u16, code: &str, needle: &str) {
    let (got, body) = answer;
    assert_eq!(*got, status, "{body}");
    assert_eq!(body["error_code"], code, "{body}");
    let message = body["error_msg"].as_str().unwrap_or_default();
    assert!(
        message.contains(needle),
        "{message:?} should say {needle:?}"
    );
}
