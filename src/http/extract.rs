//! Extractors whose rejections are [`ApiError`]s in the route's own family, so a malformed body
//! gets the same error body as every other bad request.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::body::{BodyError, BodyReader};
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

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let family = family_of(req.extensions());
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or("").to_owned());
        let bytes = read_body(req, family).await?;
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

/// Reads the whole body of `req` within the bounds of [`super::body`]: a body larger than the
/// limit is a 413, one that does not arrive in time a 408, one that finds the body budget spent
/// a 429, and any other failure to read it a 400, in `family`.
pub async fn read_body(req: Request, family: Family) -> Result<Bytes, ApiError> {
    let reader = req
        .extensions()
        .get::<BodyReader>()
        .cloned()
        .expect("the router gives every request a body reader");
    reader.read(req.into_body()).await.map_err(|err| {
        let kind = match err {
            BodyError::TooLarge => ErrorKind::BodyTooLarge,
            BodyError::TimedOut(_) => ErrorKind::BodyTimeout,
            BodyError::Busy => ErrorKind::TooManyRequests,
            BodyError::Unreadable(_) => ErrorKind::InvalidParameter,
        };
        ApiError::new(family, kind, err.to_string())
    })
}

/// A body read whole, as bytes, for routes whose body is optional or not JSON.
#[derive(Debug)]
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let family = family_of(req.extensions());
        read_body(req, family).await.map(ApiBytes)
    }
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
