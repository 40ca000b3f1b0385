//! Reading a request signed with an access key: its headers, then its body, each handed to
//! [`crate::auth::aksk`] to verify.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::request::Parts;

use crate::auth::Auth;
use crate::auth::aksk::RequestLine;
use crate::auth::directory::User;
use crate::http::error::{ApiError, Family};
use crate::http::extract;

/// Verifies an `SDK-HMAC-SHA256` signature over the request and its body; returns the signer,
/// the access key, and the body for the handler. The headers are checked before the body is
/// read.
pub async fn verify_signature(
    auth: &Auth,
    parts: &Parts,
    body: Body,
    family: Family,
) -> Result<(User, String, Body), ApiError> {
    let signed = auth.check_signed_headers(&parts.headers)?;
    let bytes = read_body(parts, body, family).await?;
    let line = RequestLine {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
    };
    let (user, access_key) = signed.verify_body(line, &parts.headers, &bytes)?;
    Ok((user, access_key, Body::from(bytes)))
}

async fn read_body(parts: &Parts, body: Body, family: Family) -> Result<Bytes, ApiError> {
    let mut probe = Request::new(body);
    *probe.extensions_mut() = parts.extensions.clone();
    extract::read_body(probe, family).await
}
