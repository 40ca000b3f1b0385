//! IAM tokens: what a user gets for a password and sends back as `X-Auth-Token`. A token is its
//! claims, signed with the server's key: `v1.<hex(claims JSON)>.<hex(HMAC-SHA256)>`.

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use time::{Duration, OffsetDateTime};

/// What a token was issued for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user.
    #[serde(rename = "u")]
    pub user_id: String,
    /// The user's account.
    #[serde(rename = "d")]
    pub domain_id: String,
    /// The project it is scoped to; `None` for a domain-scoped token.
    #[serde(rename = "p")]
    pub project_id: Option<String>,
    /// Issued at, Unix seconds.
    #[serde(rename = "iat")]
    pub issued_at: i64,
    /// Expires at, Unix seconds.
    #[serde(rename = "exp")]
    pub expires_at: i64,
}

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token this server issued, or altered.
    #[error("decrypt token fail")]
    Invalid,
    /// Past its expiry.
    #[error("token expires")]
    Expired,
}

/// The key tokens are signed with, and how long they last.
pub struct TokenSigner {
    key: Vec<u8>,
    ttl: Duration,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSigner")
            .field("key", &"[redacted]")
            .field("ttl", &self.ttl)
            .finish()
    }
}

const PREFIX: &str = "v1";

impl TokenSigner {
    /// Signs with `key`; tokens last `ttl`.
    pub fn new(key: &[u8], ttl: Duration) -> TokenSigner {
        TokenSigner {
            key: key.to_vec(),
            ttl,
        }
    }

    /// How long tokens last.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
            .expect("HMAC takes keys of any length");
        mac.update(PREFIX.as_bytes());
        mac.update(b".");
        mac.update(payload.as_bytes());
        mac
    }

    /// A token for `user_id` of `domain_id`, scoped to `project_id` (or the domain), issued
    /// `now`; returns it with its claims.
    pub fn issue(
        &self,
        user_id: &str,
        domain_id: &str,
        project_id: Option<&str>,
        now: OffsetDateTime,
    ) -> (String, Claims) {
        let claims = Claims {
            user_id: user_id.to_owned(),
            domain_id: domain_id.to_owned(),
            project_id: project_id.map(str::to_owned),
            issued_at: now.unix_timestamp(),
            expires_at: (now + self.ttl).unix_timestamp(),
        };
        let payload = hex::encode(serde_json::to_vec(&claims).expect("claims serialize"));
        let signature = hex::encode(self.mac(&payload).finalize().into_bytes());
        (format!("{PREFIX}.{payload}.{signature}"), claims)
    }

    /// The claims of `token` if this server signed it and it has not expired at `now`.
    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Result<Claims, TokenError> {
        let mut parts = token.split('.');
        let (Some(PREFIX), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Invalid);
        };
        let signature = hex::decode(signature).map_err(|_| TokenError::Invalid)?;
        self.mac(payload)
            .verify_slice(&signature)
            .map_err(|_| TokenError::Invalid)?;
        let json = hex::decode(payload).map_err(|_| TokenError::Invalid)?;
        let claims: Claims = serde_json::from_slice(&json).map_err(|_| TokenError::Invalid)?;
        if now.unix_timestamp() >= claims.expires_at {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_token_verifies_until_it_expires() {
        let signer = TokenSigner::new(b"key-key-key-key-key-key-key-key!", Duration::hours(24));
        let now = datetime!(2026-11-23 12:00 UTC);
        let (token, claims) = signer.issue("u1", "d1", Some("p1"), now);
        assert_eq!(signer.verify(&token, now).unwrap(), claims);
        assert_eq!(claims.expires_at - claims.issued_at, 24 * 3600);
        assert!(signer.verify(&token, now + Duration::hours(23)).is_ok());
        assert_eq!(
            signer.verify(&token, now + Duration::hours(24)),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn altered_or_foreign_tokens_are_invalid() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let signer = TokenSigner::new(b"one", Duration::hours(1));
        let (token, _) = signer.issue("u1", "d1", None, now);
        let other = TokenSigner::new(b"two", Duration::hours(1));
        assert_eq!(other.verify(&token, now), Err(TokenError::Invalid));

        let (_, mine) = signer.issue("u2", "d1", None, now);
        let forged_payload = hex::encode(serde_json::to_vec(&mine).unwrap());
        let parts: Vec<&str> = token.split('.').collect();
        let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        assert_eq!(signer.verify(&forged, now), Err(TokenError::Invalid));
        for junk in ["", "v1", "v1.00.00", "v2.aa.bb", &format!("{token}.x")] {
            assert_eq!(signer.verify(junk, now), Err(TokenError::Invalid), "{junk}");
        }
    }
}
