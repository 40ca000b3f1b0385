//! Account balances and the ledger: every change to a balance is an entry that says how much,
//! why, and what the balance was after it.

use time::OffsetDateTime;

use super::ids::OrderId;
use super::money::{Amount, AmountOverflow, Currency, SignedAmount};

/// What an account has to pay with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    /// The account.
    pub domain_id: String,
    /// The currency it is kept in.
    pub currency: Currency,
    /// How much is there.
    pub amount: SignedAmount,
    /// Counts its changes (0 before it was first stored); a write names the version it was
    /// decided on.
    pub version: i64,
}

/// One change of a balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// Its unique id.
    pub id: String,
    /// The account.
    pub domain_id: String,
    /// The order it pays for or refunds, if any.
    pub order_id: Option<OrderId>,
    /// The change: negative for a debit.
    pub amount: SignedAmount,
    /// The balance after the change.
    pub balance_after: SignedAmount,
    /// When.
    pub at: OffsetDateTime,
    /// Why, in words.
    pub reason: String,
}

/// Why a balance cannot change as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BalanceError {
    /// The debit is more than the balance.
    #[error("the balance {balance} {currency} is less than {needed}")]
    Insufficient {
        /// What there is.
        balance: SignedAmount,
        /// What was needed.
        needed: Amount,
        /// Its currency.
        currency: Currency,
    },
    /// The money is in another currency than the balance.
    #[error("the balance is kept in {balance}, not {asked}")]
    Currency {
        /// The balance's currency.
        balance: Currency,
        /// The currency asked for.
        asked: Currency,
    },
    /// The balance would leave the range a store holds.
    #[error(transparent)]
    Overflow(#[from] AmountOverflow),
}

/// A balance change decided: the balance after it, the version it was decided on, its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceChange {
    /// The balance after the change.
    pub balance: Balance,
    /// The version the decision was made on (0: the balance was not stored yet).
    pub expected_version: i64,
    /// The ledger entry.
    pub entry: LedgerEntry,
}

impl Balance {
    /// The balance an account opens with, before it is stored.
    pub fn opening(domain_id: &str, currency: Currency, amount: SignedAmount) -> Balance {
        Balance {
            domain_id: domain_id.to_owned(),
            currency,
            amount,
            version: 0,
        }
    }

    /// Takes `amount` in `currency` for `order_id` at `at`, when the balance covers it.
    pub fn debit(
        &self,
        amount: Amount,
        currency: &Currency,
        order_id: Option<OrderId>,
        at: OffsetDateTime,
        reason: &str,
    ) -> Result<BalanceChange, BalanceError> {
        self.same_currency(currency)?;
        if self.amount < SignedAmount::from(amount) {
            return Err(BalanceError::Insufficient {
                balance: self.amount,
                needed: amount,
                currency: self.currency.clone(),
            });
        }
        self.change(SignedAmount::debit(amount), order_id, at, reason)
    }

    /// Adds `amount` in `currency` (a refund, a top-up) at `at`.
    pub fn credit(
        &self,
        amount: Amount,
        currency: &Currency,
        order_id: Option<OrderId>,
        at: OffsetDateTime,
        reason: &str,
    ) -> Result<BalanceChange, BalanceError> {
        self.same_currency(currency)?;
        self.change(SignedAmount::credit(amount), order_id, at, reason)
    }

    /// Sets the balance to `amount` at `at` (an operator's correction), recorded as the
    /// difference.
    pub fn set_to(
        &self,
        amount: SignedAmount,
        at: OffsetDateTime,
        reason: &str,
    ) -> Result<BalanceChange, BalanceError> {
        let delta = SignedAmount::new(amount.value() - self.amount.value())?;
        self.change(delta, None, at, reason)
    }

    fn same_currency(&self, currency: &Currency) -> Result<(), BalanceError> {
        if *currency == self.currency {
            Ok(())
        } else {
            Err(BalanceError::Currency {
                balance: self.currency.clone(),
                asked: currency.clone(),
            })
        }
    }

    fn change(
        &self,
        delta: SignedAmount,
        order_id: Option<OrderId>,
        at: OffsetDateTime,
        reason: &str,
    ) -> Result<BalanceChange, BalanceError> {
        let after = self.amount.checked_add(delta)?;
        Ok(BalanceChange {
            balance: Balance {
                amount: after,
                version: self.version + 1,
                ..self.clone()
            },
            expected_version: self.version,
            entry: LedgerEntry {
                id: uuid::Uuid::new_v4().to_string(),
                domain_id: self.domain_id.clone(),
                order_id,
                amount: delta,
                balance_after: after,
                at,
                reason: reason.to_owned(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;
    use time::macros::datetime;

    fn cny() -> Currency {
        "CNY".parse().unwrap()
    }

    fn balance(cents: i64) -> Balance {
        Balance::opening("d", cny(), SignedAmount::from_cents(cents))
    }

    #[test]
    fn a_debit_takes_the_amount_and_records_the_balance_after() {
        let at = datetime!(2026-11-23 12:00 UTC);
        let change = balance(100_000)
            .debit(Amount::new(dec!(250.55)).unwrap(), &cny(), None, at, "pay")
            .unwrap();
        assert_eq!(change.balance.amount.to_string(), "749.45");
        assert_eq!(change.entry.amount.to_string(), "-250.55");
        assert_eq!(change.entry.balance_after, change.balance.amount);
        assert_eq!((change.expected_version, change.balance.version), (0, 1));
    }

    #[test]
    fn a_debit_past_the_balance_or_in_another_currency_is_refused() {
        let at = datetime!(2026-11-23 12:00 UTC);
        let short = balance(1000).debit(Amount::new(dec!(10.01)).unwrap(), &cny(), None, at, "pay");
        assert!(
            matches!(short, Err(BalanceError::Insufficient { .. })),
            "{short:?}"
        );
        let usd = "USD".parse().unwrap();
        let other = balance(1000).debit(Amount::ZERO, &usd, None, at, "pay");
        assert!(
            matches!(other, Err(BalanceError::Currency { .. })),
            "{other:?}"
        );
    }

    #[test]
    fn setting_a_balance_records_the_difference() {
        let at = datetime!(2026-11-23 12:00 UTC);
        let change = balance(1000)
            .set_to(SignedAmount::from_cents(250), at, "set")
            .unwrap();
        assert_eq!(change.entry.amount.to_string(), "-7.50");
        assert_eq!(change.balance.amount.to_string(), "2.50");
    }

    proptest! {
        #[test]
        fn a_debit_then_a_credit_of_the_same_amount_restores_the_balance(
            start in 0i64..1_000_000_000_000, cents in 0i64..1_000_000_000_000
        ) {
            let at = datetime!(2026-11-23 12:00 UTC);
            let amount = Amount::from_cents(cents).unwrap();
            let start = balance(start.max(cents));
            let debited = start.debit(amount, &cny(), None, at, "pay").unwrap().balance;
            let back = debited.credit(amount, &cny(), None, at, "refund").unwrap().balance;
            prop_assert_eq!(back.amount, start.amount);
            prop_assert_eq!(back.version, 2);
        }
    }
}
