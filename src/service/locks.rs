//! One decision at a time per account on this node. Decisions that change an account's balance
//! or orders read, decide and commit; two of them at once on the same account would both read
//! the same version and one would have to be made again. Taking turns per account keeps that
//! for races between nodes, and keeps a burst of payments from one account from spinning.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::OwnedMutexGuard;

/// A lock per account, made on first use and forgotten when nobody holds or waits for it.
#[derive(Debug, Default)]
pub(super) struct AccountLocks {
    locks: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
}

impl AccountLocks {
    /// Waits for the turn of account `domain_id`; the turn ends when the guard is dropped.
    pub(super) async fn turn(&self, domain_id: &str) -> OwnedMutexGuard<()> {
        let lock = {
            let mut locks = self.locks.lock().expect("account locks");
            if let Some(lock) = locks.get(domain_id).and_then(Weak::upgrade) {
                lock
            } else {
                // Forget the locks nobody holds any more, so the map stays as small as the
                // number of accounts busy at once.
                locks.retain(|_, lock| lock.strong_count() > 0);
                let lock = Arc::new(tokio::sync::Mutex::new(()));
                locks.insert(domain_id.to_owned(), Arc::downgrade(&lock));
                lock
            }
        };
        lock.lock_owned().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_account_takes_turns_and_others_do_not_wait() {
        let locks = AccountLocks::default();
        let first = locks.turn("a").await;
        let other = tokio::time::timeout(std::time::Duration::from_secs(1), locks.turn("b")).await;
        assert!(other.is_ok(), "another account does not wait");
        let same =
            tokio::time::timeout(std::time::Duration::from_millis(50), locks.turn("a")).await;
        assert!(same.is_err(), "the same account waits for its turn");
        drop(first);
        assert!(
            tokio::time::timeout(std::time::Duration::from_secs(1), locks.turn("a"))
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn unused_locks_are_forgotten() {
        let locks = AccountLocks::default();
        for i in 0..100 {
            drop(locks.turn(&format!("account-{i}")).await);
        }
        drop(locks.turn("last").await);
        assert_eq!(locks.locks.lock().unwrap().len(), 1);
    }
}
