//! Money: decimal amounts in a named currency. Never floating point.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code such as `CNY`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(String);

/// Why a string is not a currency code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("currency must be three upper-case letters, got {0:?}")]
pub struct InvalidCurrency(String);

impl Currency {
    /// Chinese yuan, the currency of the built-in catalog.
    pub fn yuan() -> Currency {
        Currency("CNY".to_owned())
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Currency {
    type Error = InvalidCurrency;

    fn try_from(code: String) -> Result<Self, Self::Error> {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(InvalidCurrency(code))
        }
    }
}

impl FromStr for Currency {
    type Err = InvalidCurrency;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::try_from(s.to_owned())
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> Self {
        currency.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A non-negative amount of money, kept to the cent. Catalog files write it as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize)]
#[serde(try_from = "String")]
pub struct Amount(Decimal);

/// Why a decimal is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidAmount {
    /// Amounts are never negative; [`SignedAmount`] carries debits and refunds.
    #[error("amount must not be negative, got {0}")]
    Negative(Decimal),
    /// Larger than [`Amount::MAX`]: stores keep money as a 64-bit count of cents.
    #[error("amount must be at most {max}, got {0}", max = Amount::MAX)]
    TooLarge(Decimal),
}

/// Rounds half away from zero to the cent, as bills are.
fn to_cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// The largest amount: `i64::MAX` cents, so every amount fits a 64-bit integer column.
    pub const MAX: Amount = Amount(Decimal::from_parts(u32::MAX, 0x7fff_ffff, 0, false, 2));

    /// Rounds `value` half away from zero to the cent, as bills are.
    pub fn new(value: Decimal) -> Result<Self, InvalidAmount> {
        let rounded = to_cents(value);
        if rounded.is_sign_negative() && !rounded.is_zero() {
            return Err(InvalidAmount::Negative(value));
        }
        if rounded > Amount::MAX.0 {
            return Err(InvalidAmount::TooLarge(value));
        }
        // -0 is zero.
        Ok(Self(if rounded.is_zero() {
            Decimal::ZERO
        } else {
            rounded
        }))
    }

    /// The amount of `cents` cents, when not negative.
    pub fn from_cents(cents: i64) -> Result<Self, InvalidAmount> {
        Amount::new(Decimal::new(cents, 2))
    }

    /// The amount as a count of cents (exact: amounts are kept to the cent and at most
    /// [`Amount::MAX`]).
    pub fn cents(self) -> i64 {
        cents_of(self.0)
    }

    /// The amount as a decimal.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }
}

/// The exact count of cents of a decimal already kept to the cent and within `i64`.
fn cents_of(value: Decimal) -> i64 {
    let mut scaled = value;
    scaled.rescale(2);
    i64::try_from(scaled.mantissa()).expect("amounts are kept within i64 cents")
}

impl FromStr for Amount {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = Decimal::from_str(s).map_err(|e| format!("not a decimal amount {s:?}: {e}"))?;
        Amount::new(value).map_err(|e| e.to_string())
    }
}

impl TryFrom<String> for Amount {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

/// A signed amount of money, kept to the cent: a balance, a debit (negative) or a credit. Unlike
/// [`Amount`] it may be below zero; it is what balances and ledger entries hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SignedAmount(Decimal);

/// A sum of signed amounts left the range a store can hold (`i64` cents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the amount leaves the range of 64-bit cents")]
pub struct AmountOverflow;

impl SignedAmount {
    /// Zero.
    pub const ZERO: SignedAmount = SignedAmount(Decimal::ZERO);

    /// `cents` cents.
    pub fn from_cents(cents: i64) -> SignedAmount {
        SignedAmount(Decimal::new(cents, 2))
    }

    /// The amount as a count of cents.
    pub fn cents(self) -> i64 {
        cents_of(self.0)
    }

    /// `value` rounded half away from zero to the cent, when it fits `i64` cents.
    pub fn new(value: Decimal) -> Result<SignedAmount, AmountOverflow> {
        let rounded = to_cents(value);
        if rounded.abs() > Amount::MAX.0 {
            return Err(AmountOverflow);
        }
        Ok(SignedAmount(rounded))
    }

    /// The decimal value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// True below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// `self + other`, or an error past `i64` cents.
    pub fn checked_add(self, other: SignedAmount) -> Result<SignedAmount, AmountOverflow> {
        let sum = self.0.checked_add(other.0).ok_or(AmountOverflow)?;
        SignedAmount::new(sum)
    }

    /// The debit of `amount`: its negative.
    pub fn debit(amount: Amount) -> SignedAmount {
        SignedAmount(-amount.0)
    }

    /// The credit of `amount`.
    pub fn credit(amount: Amount) -> SignedAmount {
        SignedAmount(amount.0)
    }
}

impl From<Amount> for SignedAmount {
    fn from(amount: Amount) -> Self {
        SignedAmount(amount.0)
    }
}

impl FromStr for SignedAmount {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = Decimal::from_str(s).map_err(|e| format!("not a decimal amount {s:?}: {e}"))?;
        SignedAmount::new(value).map_err(|e| e.to_string())
    }
}

impl fmt::Display for SignedAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_round_half_away_from_zero_to_the_cent() {
        assert_eq!(Amount::new(dec!(1.005)).unwrap().value(), dec!(1.01));
        assert_eq!(Amount::new(dec!(1.004)).unwrap().value(), dec!(1.00));
        assert_eq!(Amount::new(dec!(2)).unwrap().to_string(), "2.00");
    }

    #[test]
    fn negative_amounts_are_rejected() {
        assert!(Amount::new(dec!(-0.01)).is_err());
        assert!("-3".parse::<Amount>().is_err());
    }

    #[test]
    fn currency_codes_are_three_upper_case_letters() {
        assert!("CNY".parse::<Currency>().is_ok());
        for bad in ["cny", "CN", "CNYY", "C1Y"] {
            assert!(bad.parse::<Currency>().is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_past_i64_cents_are_refused() {
        assert_eq!(Amount::MAX.cents(), i64::MAX);
        assert_eq!(Amount::MAX.to_string(), "92233720368547758.07");
        assert!(Amount::new(dec!(92233720368547758.08)).is_err());
        assert!(Amount::new(dec!(92233720368547758.07)).is_ok());
    }

    #[test]
    fn signed_amounts_debit_credit_and_compare() {
        let balance = SignedAmount::from_cents(1000);
        let after = balance
            .checked_add(SignedAmount::debit(Amount::new(dec!(10.01)).unwrap()))
            .unwrap();
        assert_eq!(after.to_string(), "-0.01");
        assert!(after.is_negative());
        assert_eq!(after.cents(), -1);
        assert_eq!("-3.456".parse::<SignedAmount>().unwrap().cents(), -346);
    }

    proptest! {
        #[test]
        fn cents_round_trip(cents in 0i64..i64::MAX) {
            let amount = Amount::from_cents(cents).unwrap();
            prop_assert_eq!(amount.cents(), cents);
            prop_assert_eq!(SignedAmount::from_cents(-cents).cents(), -cents);
        }

        #[test]
        fn sums_of_cents_are_exact(a in 0i64..10_000_000_000, b in 0i64..10_000_000_000) {
            let x = Amount::new(Decimal::new(a, 2)).unwrap();
            let y = Amount::new(Decimal::new(b, 2)).unwrap();
            prop_assert_eq!(x.checked_add(y).unwrap().value(), Decimal::new(a + b, 2));
        }

        #[test]
        fn display_parses_back(cents in 0i64..1_000_000_000_000) {
            let amount = Amount::new(Decimal::new(cents, 2)).unwrap();
            prop_assert_eq!(amount.to_string().parse::<Amount>().unwrap(), amount);
        }
    }
}
