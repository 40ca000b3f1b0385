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
#[error("amount must not be negative, got {0}")]
pub struct NegativeAmount(Decimal);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Rounds `value` half away from zero to the cent, as bills are.
    pub fn new(value: Decimal) -> Result<Self, NegativeAmount> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(NegativeAmount(value));
        }
        Ok(Self(value.round_dp_with_strategy(
            2,
            RoundingStrategy::MidpointAwayFromZero,
        )))
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

    proptest! {
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
