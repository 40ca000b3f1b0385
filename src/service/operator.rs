//! What an operator does to the service as a whole: move the clock, set a balance, reset.

use time::OffsetDateTime;

use crate::domain::balance::Balance;
use crate::domain::clock::ClockError;
use crate::domain::money::SignedAmount;
use crate::store::Change;

use super::{OrderService, ServiceError};

impl OrderService {
    /// True when the clock can be moved.
    pub fn clock_is_movable(&self) -> bool {
        self.0.clock.is_movable()
    }

    /// Moves the clock forward to `at`, then does everything that fell due by then, in the
    /// order it fell due, before returning. Returns the clock's time.
    pub async fn move_clock(&self, at: OffsetDateTime) -> Result<OffsetDateTime, ServiceError> {
        self.move_clock_to(at).await?;
        self.run_due().await?;
        Ok(self.0.clock.now())
    }

    /// Sets the balance of `domain_id` to `amount`, recorded in the ledger.
    pub async fn set_balance(
        &self,
        domain_id: &str,
        amount: SignedAmount,
    ) -> Result<Balance, ServiceError> {
        self.retrying(domain_id, || async {
            let change = self.balance_of(domain_id).await?.set_to(
                amount,
                self.0.clock.now(),
                "set by the operator",
            )?;
            Ok(Change::default().balance(change))
        })
        .await?;
        self.balance_of(domain_id).await
    }

    /// Drops every order, resource and balance, and restores the resources accounts start
    /// with (balances open again as configured).
    pub async fn reset(&self) -> Result<(), ServiceError> {
        self.0.store.reset().await?;
        self.seed_fixtures().await
    }
}

impl From<ClockError> for ServiceError {
    fn from(err: ClockError) -> Self {
        ServiceError::Clock(err)
    }
}
