//! Reading the headers credentials and scopes travel in: each at most once.

use axum::http::HeaderMap;

use crate::auth::Unauthenticated;
use crate::auth::aksk::RequestHeaders;

/// The header carrying an IAM token.
pub const AUTH_TOKEN_HEADER: &str = "x-auth-token";
/// The header regional SDK clients send with the project id.
pub const PROJECT_ID_HEADER: &str = "x-project-id";
/// The header global SDK clients send with the account (domain) id.
pub const DOMAIN_ID_HEADER: &str = "x-domain-id";

/// The one value of header `name`, if sent; sending it twice is refused.
pub fn single<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h [u8]>, Unauthenticated> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(Unauthenticated(format!(
            "header {name} is sent more than once"
        )));
    }
    Ok(first.map(|v| v.as_bytes()))
}

/// The one value of header `name` as text, if sent.
pub fn text<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, Unauthenticated> {
    single(headers, name)?
        .map(|v| {
            std::str::from_utf8(v)
                .map_err(|_| Unauthenticated(format!("header {name} is not text")))
        })
        .transpose()
}

impl RequestHeaders for HeaderMap {
    fn single(&self, name: &str) -> Result<Option<&[u8]>, Unauthenticated> {
        single(self, name)
    }

    fn text(&self, name: &str) -> Result<Option<&str>, Unauthenticated> {
        text(self, name)
    }
}
