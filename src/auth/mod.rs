//! Authentication and authorization, as the real cloud's gateway and IAM do them.
//!
//! - [`signing`]: `SDK-HMAC-SHA256` canonicalisation, verification and (for tests) signing.
//! - [`token`]: IAM tokens (`X-Auth-Token`), signed by the server and expiring.
//! - [`directory`]: accounts' users, access keys, passwords and granted [`action`]s.
//! - `aksk`: verifying a signed request, body included.
//! - [`guard`]: the per-route layer. A route declares the action it needs,
//!   `post(handler).requires(Action::DSC_ORDERS_CREATE)`, and gets: 401 unless the request is
//!   signed with a known access key or carries a valid token; 403 unless the path's project or
//!   domain (and `X-Project-Id` / `X-Domain-Id`) are the caller's and the caller may perform the
//!   action. Handlers then read the checked [`guard::Caller`] (or `ProjectScope`).

pub mod action;
mod aksk;
pub mod directory;
pub mod guard;
pub mod password;
pub mod secret;
pub mod signing;
pub mod token;

use std::sync::Arc;

use time::Duration;

use crate::domain::clock::Clock;
use directory::Directory;
use token::TokenSigner;

/// How far `X-Sdk-Date` may be from the server's clock, either way.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(15);

/// Everything authentication needs: who exists, how tokens are signed, what time it is.
pub struct Auth {
    /// Accounts, users, keys, grants.
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
