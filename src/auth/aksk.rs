//! Verifying a request signed with an access key (`SDK-HMAC-SHA256`), body included.
//!
//! The HTTP layer reads the request; this module only judges what it read. Verification runs in
//! two steps so that a request is refused for its headers before its body is read:
//! [`Auth::check_signed_headers`], then [`SignedHeaders::verify_body`].

use time::OffsetDateTime;

use super::directory::{AccessKey, User};
use super::signing::{self, Authorization};
use super::{Auth, MAX_CLOCK_SKEW, Unauthenticated};

/// The header carrying the signature.
const AUTHORIZATION_HEADER: &str = "authorization";
/// The header whose value decides whether the SDK signed the body.
const CONTENT_TYPE_HEADER: &str = "content-type";

/// A request's headers, as the HTTP layer reads them. A header sent more than once, or one that
/// must be text and is not, is refused by the reader.
pub trait RequestHeaders {
    /// The one value of header `name` (lower case), if sent.
    fn single(&self, name: &str) -> Result<Option<&[u8]>, Unauthenticated>;
    /// The one value of header `name` (lower case) as text, if sent.
    fn text(&self, name: &str) -> Result<Option<&str>, Unauthenticated>;
}

/// What the headers of a signed request proved: a known access key, a fresh date, every signed
/// header sent once. The body is still to be verified.
#[derive(Debug)]
pub struct SignedHeaders<'a, 'h> {
    authorization: Authorization,
    date: OffsetDateTime,
    user: &'a User,
    key: &'a AccessKey,
    /// The values of `authorization.signed_headers`, in the same order.
    values: Vec<&'h [u8]>,
}

/// The request line a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct RequestLine<'r> {
    /// `GET`, `POST`, ...
    pub method: &'r str,
    /// The raw path.
    pub path: &'r str,
    /// The raw query, if any.
    pub query: Option<&'r str>,
}

fn unauthenticated(message: impl Into<String>) -> Unauthenticated {
    Unauthenticated(message.into())
}

impl Auth {
    /// The first step of verifying a signed request: the `Authorization` header, the signing
    /// date and the signed headers.
    pub fn check_signed_headers<'a, 'h>(
        &'a self,
        headers: &'h impl RequestHeaders,
    ) -> Result<SignedHeaders<'a, 'h>, Unauthenticated> {
        let value = headers.text(AUTHORIZATION_HEADER)?.unwrap_or_default();
        let authorization =
            Authorization::parse(value).map_err(|e| unauthenticated(e.to_string()))?;
        for required in ["host", signing::DATE_HEADER] {
            if !authorization.signed_headers.iter().any(|h| h == required) {
                return Err(unauthenticated(format!(
                    "SignedHeaders must include {required}"
                )));
            }
        }
        let date = headers
            .text(signing::DATE_HEADER)?
            .and_then(signing::parse_date)
            .ok_or_else(|| unauthenticated("X-Sdk-Date is missing or not yyyyMMdd'T'HHmmss'Z'"))?;
        let now = self.clock.now();
        if (date - now).abs() > MAX_CLOCK_SKEW {
            return Err(unauthenticated(format!(
                "X-Sdk-Date {} is more than 15 minutes from the server's time {}",
                signing::format_date(date),
                signing::format_date(now)
            )));
        }
        let (user, key) = self
            .directory
            .by_access_key(&authorization.access_key)
            .ok_or_else(|| unauthenticated("the access key is not known"))?;
        let mut values = Vec::with_capacity(authorization.signed_headers.len());
        for name in &authorization.signed_headers {
            let value = headers
                .single(name)?
                .ok_or_else(|| unauthenticated(format!("signed header {name} is not sent")))?;
            values.push(value);
        }
        Ok(SignedHeaders {
            authorization,
            date,
            user,
            key,
            values,
        })
    }
}

impl SignedHeaders<'_, '_> {
    /// The second step, once the body is read: the body's hash and the signature. Gives the
    /// signer and the access key id.
    pub fn verify_body(
        self,
        line: RequestLine<'_>,
        headers: &impl RequestHeaders,
        body: &[u8],
    ) -> Result<(User, String), Unauthenticated> {
        let actual = signing::payload_hash(body);
        let payload_hash = match headers.text(signing::CONTENT_SHA256_HEADER)? {
            _ if body.is_empty() => actual,
            None => actual,
            Some(sent) if sent.eq_ignore_ascii_case(&actual) => sent.to_owned(),
            // Accepted exactly where the SDK sends it: a body the SDK would have hashed stays
            // covered by the signature (see docs/auth.md).
            Some(sent)
                if sent == signing::UNSIGNED_PAYLOAD
                    && !signing::sdk_hashes_body(headers.single(CONTENT_TYPE_HEADER)?) =>
            {
                sent.to_owned()
            }
            Some(_) => {
                return Err(unauthenticated(
                    "X-Sdk-Content-Sha256 does not match the body (JSON bodies must be signed)",
                ));
            }
        };
        let signed: Vec<(&str, &[u8])> = self
            .authorization
            .signed_headers
            .iter()
            .map(String::as_str)
            .zip(self.values)
            .collect();
        // Usually one canonical query; two when a key's values came in an order other than text
        // order (see signing::canonical_queries). The signature must match one of them.
        let verified = signing::canonical_queries(line.query).iter().any(|query| {
            let canonical = signing::canonical_request_with_query(
                line.method,
                line.path,
                query,
                &signed,
                &payload_hash,
            );
            signing::verify(
                self.key.secret.expose().as_bytes(),
                &signing::string_to_sign(self.date, &canonical),
                &self.authorization.signature,
            )
        });
        if !verified {
            return Err(unauthenticated("verify aksk signature fail"));
        }
        Ok((self.user.clone(), self.key.id.clone()))
    }
}
