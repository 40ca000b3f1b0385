//! Idempotent retries: a client that sends `X-Client-Token` with a state-changing request may
//! send it again (a timeout, a lost connection) without buying twice. The first request that
//! changes anything claims the key in the same transaction as its change; its answer is kept
//! with the key, and a retry of the same request gets that answer instead of a second change.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::ids::OrderId;

/// How long a key is kept after its request: retries within it are recognised.
pub const KEY_RETENTION: Duration = Duration::hours(24);

/// A caller's idempotency key: 1–64 visible ASCII characters (a UUID, a ULID, base64), kept
/// exactly as given and scoped to the caller's account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// Why a header value is not an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to 64 visible ASCII characters (no spaces), got {0:?}")]
pub struct InvalidIdempotencyKey(pub String);

impl IdempotencyKey {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for IdempotencyKey {
    type Err = InvalidIdempotencyKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic()) {
            Ok(IdempotencyKey(s.to_owned()))
        } else {
            Err(InvalidIdempotencyKey(s.to_owned()))
        }
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a request is, for telling a retry from another request under the same key: hex
/// SHA-256 of its method, path, query and body. Headers (the signature's date) may differ
/// between a request and its retry; these may not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of a request.
    pub fn of(method: &str, path: &str, query: Option<&str>, body: &[u8]) -> Fingerprint {
        let mut digest = Sha256::new();
        for part in [
            method.as_bytes(),
            path.as_bytes(),
            query.unwrap_or("").as_bytes(),
        ] {
            // Each part's length first, so that no two splits of one text hash alike.
            digest.update((part.len() as u64).to_be_bytes());
            digest.update(part);
        }
        digest.update(body);
        Fingerprint(hex::encode(digest.finalize()))
    }

    /// A fingerprint read back from the store.
    pub fn stored(hex: String) -> Fingerprint {
        Fingerprint(hex)
    }

    /// The hex digest.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The answer a request got, kept to be given again to its retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body (JSON).
    pub body: String,
}

/// A key as stored: the request that claimed it and, once given, its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// The account.
    pub domain_id: String,
    /// The key.
    pub key: IdempotencyKey,
    /// The request that claimed it.
    pub fingerprint: Fingerprint,
    /// When it was claimed.
    pub claimed_at: OffsetDateTime,
    /// The orders the claiming change created.
    pub created_orders: Vec<OrderId>,
    /// The answer, once the request finished.
    pub answer: Option<Answer>,
}

/// What a request under a key already claimed gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recall {
    /// The same request, finished: its answer again.
    Replay(Answer),
    /// The same request, its change committed but its answer not yet kept: it is still being
    /// answered, or the process answering it stopped in between.
    Unanswered {
        /// The orders its change created.
        created_orders: Vec<OrderId>,
    },
    /// Another request claimed the key.
    OtherRequest,
}

impl KeyRecord {
    /// What the request with `fingerprint` gets under this key.
    pub fn recall(&self, fingerprint: &Fingerprint) -> Recall {
        if self.fingerprint != *fingerprint {
            return Recall::OtherRequest;
        }
        match &self.answer {
            Some(answer) => Recall::Replay(answer.clone()),
            None => Recall::Unanswered {
                created_orders: self.created_orders.clone(),
            },
        }
    }

    /// True when the key is kept no longer at `now`.
    pub fn expired(&self, now: OffsetDateTime) -> bool {
        now - self.claimed_at >= KEY_RETENTION
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn record(answer: Option<Answer>) -> KeyRecord {
        KeyRecord {
            domain_id: "d".into(),
            key: "k".parse().unwrap(),
            fingerprint: Fingerprint::of("POST", "/v1/p/orders", None, b"{}"),
            claimed_at: OffsetDateTime::UNIX_EPOCH,
            created_orders: vec![],
            answer,
        }
    }

    #[test]
    fn keys_are_one_to_64_visible_characters() {
        for good in [
            "a",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "b64+/=",
            &"x".repeat(64),
        ] {
            assert!(good.parse::<IdempotencyKey>().is_ok(), "{good}");
        }
        for bad in ["", " a", "a b", "é", "a\n", &"x".repeat(65)] {
            assert!(bad.parse::<IdempotencyKey>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_same_request_is_replayed_once_answered_and_another_is_refused() {
        let fingerprint = Fingerprint::of("POST", "/v1/p/orders", None, b"{}");
        let answer = Answer {
            status: 200,
            body: "{}".into(),
        };
        assert_eq!(
            record(Some(answer.clone())).recall(&fingerprint),
            Recall::Replay(answer)
        );
        assert_eq!(
            record(None).recall(&fingerprint),
            Recall::Unanswered {
                created_orders: vec![]
            }
        );
        let other = Fingerprint::of("POST", "/v1/p/orders", None, b"{ }");
        assert_eq!(record(None).recall(&other), Recall::OtherRequest);
    }

    #[test]
    fn keys_are_kept_24_hours() {
        let r = record(None);
        assert!(!r.expired(r.claimed_at + Duration::hours(24) - Duration::SECOND));
        assert!(r.expired(r.claimed_at + Duration::hours(24)));
    }

    proptest! {
        #[test]
        fn moving_text_between_parts_changes_the_fingerprint(
            a in "[a-z/]{0,8}", b in "[a-z/]{0,8}", c in "[a-z/]{1,8}"
        ) {
            let one = Fingerprint::of("POST", &format!("{a}{c}"), Some(&b), b"");
            let two = Fingerprint::of("POST", &a, Some(&format!("{c}{b}")), b"");
            prop_assert_ne!(one, two);
        }
    }
}
