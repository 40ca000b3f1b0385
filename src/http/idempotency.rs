//! `X-Client-Token`: idempotent retries of state-changing requests. A request that carries a key
//! is served under it ([`OrderService::with_key`]): its first change claims the key in the same
//! transaction, and its answer is kept. A later request with the key gets:
//! - the same request (method, path, query, body): the first answer again, status and body, with
//!   `X-Idempotent-Replay: true`, and nothing changes;
//! - another request: 409 in the route's error body;
//! - the same request while the first is still being answered (on any node): the first answer
//!   once it is kept, waiting up to [`WAIT_FOR_ANSWER`], else 409.
//!
//! A request that changed nothing (refused, or read-only) claims nothing: it may be sent again.

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, ErrorKind, Family};
use super::extract::{family_of, read_body};
use super::guard::Caller;
use crate::domain::idempotency::{Answer, Fingerprint, IdempotencyKey, Recall};
use crate::service::{Claim, KeyScope, OrderService};

/// The request header carrying the key.
pub const CLIENT_TOKEN: &str = "x-client-token";

/// The response header marking an answer given again.
pub const REPLAY: &str = "x-idempotent-replay";

/// How long a retry waits for the first request's answer.
const WAIT_FOR_ANSWER: Duration = Duration::from_secs(10);

/// How often a waiting retry looks for the answer.
const POLL: Duration = Duration::from_millis(50);

/// The largest answer kept; larger ones (none of orderd's) are answered but not kept.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// Serves a state-changing request that carries `X-Client-Token` under its key; every other
/// request as it is. Runs after the guard: keys are the caller's account's.
pub async fn idempotent(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let Some(value) = req.headers().get(CLIENT_TOKEN).cloned() else {
        return next.run(req).await;
    };
    let family = family_of(req.extensions());
    serve(value, req, next, family)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn serve(
    value: HeaderValue,
    req: Request,
    next: Next,
    family: Family,
) -> Result<Response, ApiError> {
    let key: IdempotencyKey =
        String::from_utf8_lossy(value.as_bytes())
            .parse()
            .map_err(|rule| {
                ApiError::new(
                    family,
                    ErrorKind::InvalidParameter,
                    format!("header X-Client-Token {rule}"),
                )
            })?;
    let domain_id = req
        .extensions()
        .get::<Caller>()
        .expect("the guard runs first")
        .account
        .domain_id
        .clone();
    let orders = req
        .extensions()
        .get::<OrderService>()
        .cloned()
        .expect("the router installs the service");

    let (parts, body) = req.into_parts();
    let mut probe = Request::new(body);
    *probe.extensions_mut() = parts.extensions.clone();
    *probe.headers_mut() = parts.headers.clone();
    let bytes = read_body(probe, family).await?;
    let fingerprint = Fingerprint::of(
        parts.method.as_str(),
        parts.uri.path(),
        parts.uri.query(),
        &bytes,
    );
    let service_error = |err| ApiError::service(family, err);

    if let Some(record) = orders
        .idempotency_key(&domain_id, &key)
        .await
        .map_err(service_error)?
    {
        return match record.recall(&fingerprint) {
            Recall::Replay(answer) => Ok(replay(answer)),
            Recall::OtherRequest => Err(other_request(family, &key)),
            Recall::Unanswered { .. } => {
                wait_for_answer(&orders, &domain_id, &key, &fingerprint, family).await
            }
        };
    }

    let scope = KeyScope::new(domain_id.clone(), key.clone(), fingerprint.clone());
    let req = Request::from_parts(parts, Body::from(bytes));
    let (response, claim) = orders.with_key(scope, next.run(req)).await;
    match claim {
        Claim::Unclaimed => Ok(response),
        Claim::Claimed => Ok(keep(&orders, &domain_id, &key, response).await),
        Claim::TakenByAnother => {
            wait_for_answer(&orders, &domain_id, &key, &fingerprint, family).await
        }
    }
}

/// Keeps the answer of the request that claimed `key`, and gives it.
async fn keep(
    orders: &OrderService,
    domain_id: &str,
    key: &IdempotencyKey,
    response: Response,
) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_ANSWER_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "an answer could not be read to be kept");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let answer = Answer {
        status: parts.status.as_u16(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    // The change is committed whatever happens here: the client gets its answer; a retry that
    // finds none kept is told so (409) rather than served twice.
    if let Err(err) = orders.keep_answer(domain_id, key, answer).await {
        tracing::error!(error = %err, "the answer to an idempotent request was not kept");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The answer of the request that claimed `key`, once kept; 409 when it is not kept within
/// [`WAIT_FOR_ANSWER`].
async fn wait_for_answer(
    orders: &OrderService,
    domain_id: &str,
    key: &IdempotencyKey,
    fingerprint: &Fingerprint,
    family: Family,
) -> Result<Response, ApiError> {
    let deadline = tokio::time::Instant::now() + WAIT_FOR_ANSWER;
    loop {
        let record = orders
            .idempotency_key(domain_id, key)
            .await
            .map_err(|err| ApiError::service(family, err))?;
        let created = match record.map(|r| r.recall(fingerprint)) {
            Some(Recall::Replay(answer)) => return Ok(replay(answer)),
            Some(Recall::OtherRequest) => return Err(other_request(family, key)),
            Some(Recall::Unanswered { created_orders }) => created_orders,
            // Forgotten meanwhile (or a reset): nothing to give, nothing to repeat.
            None => Vec::new(),
        };
        if tokio::time::Instant::now() >= deadline {
            let created: Vec<&str> = created.iter().map(|o| o.as_str()).collect();
            return Err(ApiError::new(
                family,
                ErrorKind::Conflict,
                format!(
                    "the request first sent with X-Client-Token {:?} took effect (orders \
                     created: [{}]) but its answer is not available yet; it is not repeated. \
                     Retry later, or read the result",
                    key.as_str(),
                    created.join(", ")
                ),
            ));
        }
        tokio::time::sleep(POLL).await;
    }
}

fn replay(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let json = !answer.body.is_empty();
    let mut response = (status, answer.body).into_response();
    let headers = response.headers_mut();
    if json {
        let json = HeaderValue::from_static("application/json");
        headers.insert(header::CONTENT_TYPE, json);
    } else {
        headers.remove(header::CONTENT_TYPE);
    }
    headers.insert(REPLAY, HeaderValue::from_static("true"));
    response
}

fn other_request(family: Family, key: &IdempotencyKey) -> ApiError {
    ApiError::new(
        family,
        ErrorKind::Conflict,
        format!(
            "X-Client-Token {:?} was used with another request (method, path, query or \
             body differ); a new request needs a new key",
            key.as_str()
        ),
    )
}
