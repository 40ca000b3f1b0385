//! ShowCustomerAccountBalances (`GET /v2/accounts/customer-accounts/balances`): the answer.

use serde::Serialize;

use super::money::Money;
use crate::domain::balance::Balance;
use crate::domain::money::Amount;

/// One `account_balances[]` entry (AccountBalanceV3): orderd keeps one cash balance an account.
#[derive(Debug, Serialize)]
pub struct AccountBalance {
    /// The account the balance is kept for: its domain id.
    pub account_id: String,
    /// 1: the cash balance.
    pub account_type: i64,
    /// What it holds; zero while the account owes money.
    pub amount: Money,
    /// Its currency.
    pub currency: String,
    /// Money only certain products may be paid with: none.
    pub designated_amount: Money,
    /// Credit: none.
    pub credit_amount: Money,
    /// 1: yuan.
    pub measure_id: i64,
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct AccountBalancesResponse {
    /// The account's balances: its cash balance.
    pub account_balances: Vec<AccountBalance>,
    /// What the account owes: the part of the balance below zero.
    pub debt_amount: Money,
    /// 1: yuan.
    pub measure_id: i64,
    /// The currency.
    pub currency: String,
}

impl AccountBalancesResponse {
    /// The view of `balance`.
    pub fn new(balance: &Balance) -> AccountBalancesResponse {
        let value = balance.amount.value();
        let part = |d| Money::from(Amount::new(d).expect("a balance is within the amount range"));
        let (amount, debt) = if balance.amount.is_negative() {
            (Money::ZERO, part(-value))
        } else {
            (part(value), Money::ZERO)
        };
        let currency = balance.currency.as_str().to_owned();
        AccountBalancesResponse {
            account_balances: vec![AccountBalance {
                account_id: balance.domain_id.clone(),
                account_type: 1,
                amount,
                currency: currency.clone(),
                designated_amount: Money::ZERO,
                credit_amount: Money::ZERO,
                measure_id: 1,
            }],
            debt_amount: debt,
            measure_id: 1,
            currency,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::{Currency, SignedAmount};
    use serde_json::json;

    fn view(cents: i64) -> serde_json::Value {
        let balance = Balance::opening("d1", Currency::yuan(), SignedAmount::from_cents(cents));
        serde_json::to_value(AccountBalancesResponse::new(&balance)).unwrap()
    }

    #[test]
    fn a_balance_is_one_cash_account() {
        assert_eq!(
            view(123_456),
            json!({"account_balances": [{"account_id": "d1", "account_type": 1,
                "amount": 1234.56, "currency": "CNY", "designated_amount": 0, "credit_amount": 0,
                "measure_id": 1}], "debt_amount": 0, "measure_id": 1, "currency": "CNY"})
        );
    }

    #[test]
    fn a_balance_below_zero_is_a_debt() {
        let json = view(-2_500);
        assert_eq!(json["account_balances"][0]["amount"], 0);
        assert_eq!(json["debt_amount"], 25);
    }
}
