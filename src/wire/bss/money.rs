//! What every BSS view shares: money as a JSON number, the amount breakdown of an order or a
//! line, empty lists of things orderd never has.

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use serde::ser::SerializeSeq;

use crate::domain::money::Amount;

/// BSS money: a JSON number in yuan (`measure_id` 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Money(Amount);

impl Money {
    /// No money.
    pub const ZERO: Money = Money(Amount::ZERO);
}

impl From<Amount> for Money {
    fn from(amount: Amount) -> Money {
        Money(amount)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value = self.0.value();
        // Integral amounts print as integers; others as the shortest float that reads back as
        // the same decimal (amounts have at most a few decimal places).
        match value.fract().is_zero().then(|| value.to_i64()).flatten() {
            Some(whole) => s.serialize_i64(whole),
            None => s.serialize_f64(value.to_f64().unwrap_or(f64::NAN)),
        }
    }
}

/// A list orderd never fills (discounts, enterprise projects of an order, the sub-orders of a
/// combined transaction): always `[]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmptyList;

impl Serialize for EmptyList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_seq(Some(0))?.end()
    }
}

/// `amount_info` (AmountInfomationV2): how an amount was paid beyond the balance. orderd gives
/// no discounts, coupons or stored-value cards and makes no unsubscription orders (the only ones
/// with a fee or a consumed amount), so every part is zero.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AmountInfo {
    /// The discounts applied: none.
    pub discounts: EmptyList,
    /// Cash coupons.
    pub flexipurchase_coupon_amount: Money,
    /// Vouchers.
    pub coupon_amount: Money,
    /// Stored-value cards.
    pub stored_card_amount: Money,
    /// The fee of an unsubscription.
    pub commission_amount: Money,
    /// What an unsubscribed resource consumed.
    pub consumed_amount: Money,
}

impl AmountInfo {
    /// Nothing but the balance paid.
    pub const NONE: AmountInfo = AmountInfo {
        discounts: EmptyList,
        flexipurchase_coupon_amount: Money::ZERO,
        coupon_amount: Money::ZERO,
        stored_card_amount: Money::ZERO,
        commission_amount: Money::ZERO,
        consumed_amount: Money::ZERO,
    };
}

/// An enterprise project. orderd has none: every resource is in the default one.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseProject {
    /// `0`: the default project.
    pub id: &'static str,
    /// `default`.
    pub name: &'static str,
}

impl EnterpriseProject {
    /// The default enterprise project every account has.
    pub const DEFAULT: EnterpriseProject = EnterpriseProject {
        id: "0",
        name: "default",
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_is_a_json_number() {
        let json = |d| serde_json::to_string(&Money(Amount::new(d).unwrap())).unwrap();
        assert_eq!(json(dec!(2500.00)), "2500");
        assert_eq!(json(dec!(0.1)), "0.1");
        assert_eq!(json(dec!(1234.56)), "1234.56");
    }

    #[test]
    fn nothing_but_the_balance_paid() {
        let json = serde_json::to_value(AmountInfo::NONE).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"discounts": [], "flexipurchase_coupon_amount": 0,
                "coupon_amount": 0, "stored_card_amount": 0, "commission_amount": 0,
                "consumed_amount": 0})
        );
    }
}
