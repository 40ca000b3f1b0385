//! Authentication and authorization, as the real cloud's gateway and IAM do them.
//!
//! - [`signing`]: `SDK-HMAC-SHA256` canonicalisation, verification and (for tests) signing.
//! - [`token`]: IAM tokens (`X-Auth-Token`), signed by the server and expiring.
//! - [`directory`]: accounts' users, access keys, passwords and identity policies.
//! - [`policy`]: identity policies and how they decide an [`action`] for a request.
//! - [`aksk`]: verifying a signed request, body included.
//! - [`password`], [`secret`]: password digests, and values that never reach a log.
//!
//! Verification only: reading requests and answering them is the HTTP layer's; its per-route
//! guard calls in here.

pub mod action;
pub mod aksk;
pub mod directory;
pub mod password;
pub mod policy;
pub mod secret;
pub mod signing;
pub mod token;

use std::sync::Arc;

use time::Duration;

use crate::domain::clock::Clock;
use directory::{Directory, User};
use token::{Claims, TokenSigner};

/// How far `X-Sdk-Date` may be from the server's clock, either way.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(15);

/// Everything authentication needs: who exists, how tokens are signed, what time it is.
pub struct Auth {
    /// Accounts, users, keys, policies.
    pub directory: Directory,
    /// Issues and checks tokens.
    pub tokens: TokenSigner,
    /// The injected clock.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("directory", &self.directory)
            .field("tokens", &self.tokens)
            .finish_non_exhaustive()
    }
}

/// Why a caller's credentials are refused (401); says why, never with a secret, signature or
/// token in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unauthenticated(pub String);

impl Auth {
    /// The user an IAM token (`X-Auth-Token`) names, with its claims, if the token is valid now
    /// and its user still exists.
    pub fn verify_token(&self, token: &str) -> Result<(User, Claims), Unauthenticated> {
        let claims = self
            .tokens
            .verify(token, self.clock.now())
            .map_err(|e| Unauthenticated(e.to_string()))?;
        let user = self
            .directory
            .user(&claims.user_id)
            .filter(|u| u.domain_id == claims.domain_id)
            .ok_or_else(|| Unauthenticated("the token's user no longer exists".into()))?;
        Ok((user.clone(), claims))
    }
}
