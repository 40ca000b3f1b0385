//! Idempotency keys: the first change a request with `X-Client-Token` commits claims the key in
//! the same transaction ([`OrderService::commit`]), so a retry can never change anything twice;
//! the answer is kept right after and given again to retries.
//!
//! The key travels with the request as a task-local scope rather than a parameter of every
//! state-changing method: whichever of them commits first claims it.

use std::future::Future;
use std::sync::Mutex;

use crate::domain::idempotency::{Answer, Fingerprint, IdempotencyKey, KeyRecord};
use crate::store::{Change, Conflict, KeyWrite, OrderWrite, StoreError};

use super::{OrderService, ServiceError};

tokio::task_local! {
    static REQUEST_KEY: KeyScope;
}

/// The idempotency key of the request being served, and whether its change claimed it.
#[derive(Debug)]
pub struct KeyScope {
    domain_id: String,
    key: IdempotencyKey,
    fingerprint: Fingerprint,
    claim: Mutex<Claim>,
}

/// What became of a request's key while it was served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Nothing was committed: the key stays free (a refused request may be sent again).
    Unclaimed,
    /// The request's first change claimed it: its answer is the key's.
    Claimed,
    /// Another request with the key committed first; this one changed nothing.
    TakenByAnother,
}

impl KeyScope {
    /// The scope of a request of account `domain_id` under `key`.
    pub fn new(domain_id: String, key: IdempotencyKey, fingerprint: Fingerprint) -> KeyScope {
        KeyScope {
            domain_id,
            key,
            fingerprint,
            claim: Mutex::new(Claim::Unclaimed),
        }
    }

    fn claim(&self) -> Claim {
        *self.claim.lock().expect("claim lock")
    }

    fn set(&self, claim: Claim) {
        *self.claim.lock().expect("claim lock") = claim;
    }
}

impl OrderService {
    /// Serves a request under an idempotency key: `serve`'s first committed change claims it.
    /// Returns what `serve` returned and what became of the key.
    pub async fn with_key<T>(&self, scope: KeyScope, serve: impl Future<Output = T>) -> (T, Claim) {
        REQUEST_KEY
            .scope(scope, async {
                let out = serve.await;
                (out, REQUEST_KEY.with(KeyScope::claim))
            })
            .await
    }

    /// The key `key` of the account `domain_id`, unless never claimed or forgotten.
    pub async fn idempotency_key(
        &self,
        domain_id: &str,
        key: &IdempotencyKey,
    ) -> Result<Option<KeyRecord>, ServiceError> {
        let now = self.0.clock.now();
        let record = self.0.store.idempotency_key(domain_id, key).await?;
        Ok(record.filter(|r| !r.expired(now)))
    }

    /// Keeps `answer` as the answer to the request that claimed `key`.
    pub async fn keep_answer(
        &self,
        domain_id: &str,
        key: &IdempotencyKey,
        answer: Answer,
    ) -> Result<(), ServiceError> {
        let write = KeyWrite::Answer {
            domain_id: domain_id.to_owned(),
            key: key.clone(),
            answer,
        };
        Ok(self.0.store.commit(Change::key(write)).await?)
    }

    /// Commits `change`; within a request under an unclaimed idempotency key, claims the key in
    /// the same transaction; within one another request took, commits nothing. Every write of
    /// the service goes through here.
    pub(super) async fn commit(&self, mut change: Change) -> Result<(), StoreError> {
        let record = match REQUEST_KEY.try_with(KeyScope::claim) {
            Err(_) | Ok(Claim::Claimed) => return self.0.store.commit(change).await,
            Ok(Claim::TakenByAnother) => {
                let key = REQUEST_KEY.with(|scope| scope.key.to_string());
                return Err(StoreError::Conflict(Conflict::IdempotencyKey(key)));
            }
            Ok(Claim::Unclaimed) => REQUEST_KEY.with(|scope| self.claim_of(scope, &change)),
        };
        change.keys.push(KeyWrite::Claim(record));
        let result = self.0.store.commit(change).await;
        let claim = match &result {
            Ok(()) => Claim::Claimed,
            Err(StoreError::Conflict(Conflict::IdempotencyKey(_))) => Claim::TakenByAnother,
            Err(_) => Claim::Unclaimed,
        };
        REQUEST_KEY.with(|scope| scope.set(claim));
        result
    }

    fn claim_of(&self, scope: &KeyScope, change: &Change) -> KeyRecord {
        let created_orders = change
            .orders
            .iter()
            .filter_map(|write| match write {
                OrderWrite::Insert(order) => Some(order.id().clone()),
                OrderWrite::Update { .. } => None,
            })
            .collect();
        KeyRecord {
            domain_id: scope.domain_id.clone(),
            key: scope.key.clone(),
            fingerprint: scope.fingerprint.clone(),
            claimed_at: self.0.clock.now(),
            created_orders,
            answer: None,
        }
    }
}
