//! Extractors whose rejections are [`ApiError`]s in the route's own family, so a malformed body
//! gets the same error body as every other bad request.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::{ApiError, ErrorKind, Family};
use crate::wire::json::parse_json;

/// A JSON body, parsed into `T`. The raw text is kept: orders store the body as received.
#[derive(Debug)]
pub struct ApiJson<T> {
    /// The parsed body.
    pub value: T,
    /// The body as received.
    pub raw: String,
}

/// The error-code family of the route handling a request; routers insert it as an extension.
pub fn family_of(req_extensions: &axum::http::Extensions) -> Family {
    req_extensions
        .get::<Family>()
        .copied()
        .unwrap_or(Family::Gateway)
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let family = family_of(req.extensions());
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or("").to_owned());
        let bytes = read_body(req, state, family).await?;
        if !bytes.is_empty() && !content_type.as_deref().is_some_and(is_json) {
            return Err(ApiError::new(
                family,
                ErrorKind::UnsupportedMediaType,
                format!(
                    "Content-Type must be application/json, got {}",
                    content_type.as_deref().unwrap_or("none")
                ),
            ));
        }
        let raw = String::from_utf8(bytes.to_vec()).map_err(|_| {
            ApiError::new(
                family,
                ErrorKind::InvalidParameter,
                "request body is not UTF-8",
            )
        })?;
        let value = parse_json(&raw)
            .map_err(|message| ApiError::new(family, ErrorKind::InvalidParameter, message))?;
        Ok(ApiJson { value, raw })
    }
}

/// A query string, parsed into `T` (whose fields are all optional text, so that the wire type
/// checks each parameter and names it). A query string that cannot be read at all (a parameter
/// given twice, broken percent-encoding) is a 400 in the route's family.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let family = family_of(&parts.extensions);
        Query::try_from_uri(&parts.uri)
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection| {
                ApiError::new(
                    family,
                    ErrorKind::InvalidParameter,
                    format!("query string: {}", rejection.body_text()),
                )
            })
    }
}

/// Reads the whole body of `req`, within the router's body limit: beyond it a 413, and any other
/// failure to read a 400, in `family`.
pub async fn read_body<S: Send + Sync>(
    req: Request,
    state: &S,
    family: Family,
) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                family,
                ErrorKind::BodyTooLarge,
                "request body is larger than the limit",
            )
        } else {
            ApiError::new(family, ErrorKind::InvalidParameter, rejection.body_text())
        }
    })
}

/// True for `application/json` and `.../...+json` content types.
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > 5
            && essence[..essence.len() - 5].contains('/')
            && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types_are_recognised() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("+json"));
    }
}
