//! Request ids and the one log line per request.

use std::time::Instant;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// The header carrying the request id, both ways.
pub const REQUEST_ID: &str = "x-request-id";

tokio::task_local! {
    /// The id of the request being handled, for the error bodies built while handling it.
    static CURRENT_REQUEST_ID: String;
}

/// The id of the request this task is handling, if it handles one.
pub fn current_request_id() -> Option<String> {
    CURRENT_REQUEST_ID.try_with(String::clone).ok()
}

/// Gives every request an id (the client's own when it is safe to echo, else 32 fresh hex
/// characters as the real gateway writes them), puts it on the response (and, through
/// [`current_request_id`], in error bodies), and logs one line with method, path, status, latency
/// and id.
pub async fn request_context(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_safe_id(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let method = req.method().clone();
    let path = req.uri().path().to_owned();

    // Every line logged while the request is handled (the guard's refusals, internal errors)
    // carries its id.
    let span = tracing::info_span!("request", request_id = %id);
    let handled = CURRENT_REQUEST_ID.scope(id.clone(), next.run(req));
    let mut response = tracing::Instrument::instrument(handled, span).await;

    let header = HeaderValue::from_str(&id).expect("request ids are visible ASCII");
    response.headers_mut().insert(REQUEST_ID, header);
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        request_id = id,
        "request"
    );
    response
}

/// 1–128 letters, digits, `-`, `_` or `.`: nothing that could forge a header or a log line.
fn is_safe_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_are_echoed() {
        assert!(is_safe_id("d58d1fe6196832aebb76f1c43c169128"));
        assert!(is_safe_id("client-req_1.2"));
        assert!(!is_safe_id(""));
        assert!(!is_safe_id("a b"));
        assert!(!is_safe_id("a\r\nx-evil: 1"));
        assert!(!is_safe_id(&"a".repeat(129)));
    }
}
