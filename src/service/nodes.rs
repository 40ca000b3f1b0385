//! What several nodes on one store share instead of keeping for themselves: the simulated
//! clock, secrets, and leases on work that one node at a time does.

use time::{Duration, OffsetDateTime};

use crate::domain::clock::ClockError;
use crate::domain::idempotency::KEY_RETENTION;
use crate::store::{Change, Conflict, KeyWrite, SharedWrite, StoreError};

use super::{OrderService, ServiceError};

impl OrderService {
    /// True when the clock is shared through the store (a simulated clock).
    pub fn clock_is_shared(&self) -> bool {
        self.0.shared_clock.is_some()
    }

    /// Brings a shared clock up to where any node moved it (one read); nothing for another.
    pub async fn sync_clock(&self) -> Result<(), ServiceError> {
        if let Some(clock) = &self.0.shared_clock
            && let Some(offset) = self.0.store.clock_offset().await?
        {
            clock.catch_up(offset);
        }
        Ok(())
    }

    /// Moves the clock to `at`: a shared clock in the store first, so that every node sees the
    /// move; a move that another node overtook meanwhile is refused as going backwards.
    pub(super) async fn move_clock_to(&self, at: OffsetDateTime) -> Result<(), ServiceError> {
        let Some(clock) = &self.0.shared_clock else {
            return Ok(self.0.clock.move_to(at)?);
        };
        self.sync_clock().await?;
        let offset = clock.offset_to(at)?;
        match self
            .0
            .store
            .commit(Change::shared(SharedWrite::ClockOffset(offset)))
            .await
        {
            Ok(()) => {
                clock.catch_up(offset);
                Ok(())
            }
            Err(StoreError::Conflict(Conflict::ClockAhead)) => {
                self.sync_clock().await?;
                let now = self.0.clock.now();
                Err(ClockError::Backwards { now, asked: at }.into())
            }
            Err(err) => Err(err.into()),
        }
    }

    /// The secret `name` (hex): the stored one, or `made` stored as it when there is none yet.
    /// Nodes starting at once each offer theirs; the first stored is everyone's.
    pub async fn shared_secret(
        &self,
        name: &'static str,
        made: String,
    ) -> Result<String, ServiceError> {
        if let Some(stored) = self.0.store.secret(name).await? {
            return Ok(stored);
        }
        let offer = SharedWrite::SecretIfAbsent { name, value: made };
        self.0.store.commit(Change::shared(offer)).await?;
        self.0
            .store
            .secret(name)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("secret {name} vanished")).into())
    }

    /// Takes or renews the lease `name` for `holder` from `now` for `span` (real time); true
    /// while `holder` holds it.
    pub async fn hold_lease(
        &self,
        name: &'static str,
        holder: &str,
        now: OffsetDateTime,
        span: Duration,
    ) -> Result<bool, ServiceError> {
        let hold = SharedWrite::HoldLease {
            name,
            holder: holder.to_owned(),
            until: now + span,
            now,
        };
        match self.0.store.commit(Change::shared(hold)).await {
            Ok(()) => Ok(true),
            Err(StoreError::Conflict(Conflict::LeaseHeld(_))) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    /// Gives the lease `name` up, if `holder` holds it, for another node to take at once.
    pub async fn release_lease(
        &self,
        name: &'static str,
        holder: &str,
    ) -> Result<(), ServiceError> {
        let release = SharedWrite::ReleaseLease {
            name,
            holder: holder.to_owned(),
        };
        Ok(self.0.store.commit(Change::shared(release)).await?)
    }

    /// Forgets the idempotency keys claimed longer ago than they are kept.
    pub async fn forget_old_keys(&self) -> Result<(), ServiceError> {
        let before = self.0.clock.now() - KEY_RETENTION;
        Ok(self
            .0
            .store
            .commit(Change::key(KeyWrite::ForgetBefore(before)))
            .await?)
    }
}
