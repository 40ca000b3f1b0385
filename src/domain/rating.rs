//! Price inquiries (BSS ListRateOnPeriodDetail): what products would cost if they were ordered,
//! priced by the very rule that prices an order's lines ([`pricing::price_line`]), and what a
//! payment in monthly installments would come to.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::catalog::Product;
use super::money::{Amount, Currency};
use super::period::Period;
use super::pricing::{self, Item, PricingError};

/// How a product's price is paid (`fee_installment_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Installments {
    /// `NA`: all at once.
    None,
    /// `HALF_PAY`: half at once, the other half in equal monthly installments over the period.
    Half,
    /// `ZERO_PAY`: nothing at once, everything in equal monthly installments over the period.
    Zero,
}

/// Not a `fee_installment_mode`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be HALF_PAY, ZERO_PAY or NA, got {0}")]
pub struct InvalidInstallments(pub String);

impl FromStr for Installments {
    type Err = InvalidInstallments;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "NA" => Ok(Installments::None),
            "HALF_PAY" => Ok(Installments::Half),
            "ZERO_PAY" => Ok(Installments::Zero),
            other => Err(InvalidInstallments(other.to_owned())),
        }
    }
}

impl Installments {
    /// The share of the price paid in installments.
    fn share(self) -> Decimal {
        match self {
            Installments::None => Decimal::ZERO,
            Installments::Half => Decimal::new(5, 1),
            Installments::Zero => Decimal::ONE,
        }
    }
}

/// One product to price, as an order would price it, and how it would be paid.
#[derive(Debug, Clone, Copy)]
pub struct Quote<'c> {
    /// What, for how long, how many, how big.
    pub item: Item<'c>,
    /// How it would be paid.
    pub installments: Installments,
}

/// What one quoted product would cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatedLine {
    /// The catalog product.
    pub product_id: String,
    /// The list price for the whole period.
    pub amount: Amount,
    /// Each monthly installment, when the price is paid in installments.
    pub installment: Option<Amount>,
}

/// Why a quote has no price.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    /// The product cannot be priced for the period (no such price, an overflow).
    #[error(transparent)]
    Pricing(#[from] PricingError),
    /// Installments are monthly, so the period must be whole months or years.
    #[error("installments are paid monthly: period_type must be 2 (month) or 3 (year), got {0}")]
    InstallmentsNeedMonths(i64),
}

/// Prices `quote` exactly as an order line of it would be priced, and splits the price into
/// monthly installments where asked: each installment is the share paid in installments divided
/// by the period's months, rounded half away from zero to the cent.
pub fn rate(quote: &Quote<'_>) -> Result<RatedLine, RatingError> {
    let item = &quote.item;
    let line = pricing::price_line(item.product, item.period, item.quantity, item.size, None)?;
    let installment = match quote.installments {
        Installments::None => None,
        mode => {
            let months = match item.period {
                Period::Months(n) => n,
                Period::Years(n) => n.saturating_mul(12),
                other => return Err(RatingError::InstallmentsNeedMonths(other.type_code())),
            };
            let each = line.amount.value() * mode.share() / Decimal::from(months);
            let each = Amount::new(each)
                .map_err(|_| PricingError::Overflow(item.product.product_id.clone()))?;
            Some(each)
        }
    };
    Ok(RatedLine {
        product_id: line.product_id,
        amount: line.amount,
        installment,
    })
}

/// A whole inquiry, priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// The one currency every product is priced in.
    pub currency: Currency,
    /// The sum of the lines' prices.
    pub total: Amount,
    /// The sum of the monthly installments, when any line is paid in installments.
    pub installments: Option<Amount>,
    /// Each line, in the order asked.
    pub lines: Vec<RatedLine>,
}

/// Sums the rated `lines` of `products` (in the same order) into one rating; the products must
/// share a currency, as an order's do.
pub fn total<'p>(
    products: impl Iterator<Item = &'p Product>,
    lines: Vec<RatedLine>,
) -> Result<Rating, PricingError> {
    let currency = pricing::order_currency(products)?;
    let total = sum(lines.iter().map(|l| l.amount))?;
    let installments = if lines.iter().any(|l| l.installment.is_some()) {
        Some(sum(lines.iter().filter_map(|l| l.installment))?)
    } else {
        None
    };
    Ok(Rating {
        currency,
        total,
        installments,
        lines,
    })
}

/// The sum of `amounts`, when it is an amount.
fn sum(mut amounts: impl Iterator<Item = Amount>) -> Result<Amount, PricingError> {
    amounts
        .try_fold(Amount::ZERO, Amount::checked_add)
        .and_then(|sum| Amount::new(sum.value()).ok())
        .ok_or_else(|| PricingError::Overflow("the inquiry's total".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn quote<'c>(catalog: &'c Catalog, id: &str, period: Period) -> Quote<'c> {
        quote_of(catalog, id, period, 1, None, Installments::None)
    }

    fn quote_of<'c>(
        catalog: &'c Catalog,
        id: &str,
        period: Period,
        quantity: u32,
        size: Option<u32>,
        installments: Installments,
    ) -> Quote<'c> {
        Quote {
            item: Item {
                product: catalog.get(id).unwrap(),
                period,
                quantity,
                size,
            },
            installments,
        }
    }

    #[test]
    fn a_quote_costs_what_an_order_line_of_it_costs() {
        let catalog = Catalog::builtin();
        let db = quote_of(
            &catalog,
            "00301-225398-0--0",
            Period::Months(3),
            2,
            Some(5),
            Installments::None,
        );
        let rated = rate(&db).unwrap();
        let (_, lines) = pricing::price_items(&[db.item]).unwrap();
        let line = &lines[0];
        assert_eq!(rated.amount, line.amount);
        assert_eq!(rated.amount.value(), dec!(15000), "500 × 3 months × 2 × 5");
        assert_eq!(rated.product_id, "00301-225398-0--0");
        assert_eq!(rated.installment, None);
    }

    #[test]
    fn a_period_the_product_has_no_price_for_is_refused_naming_the_unit() {
        let catalog = Catalog::builtin();
        let err = rate(&quote(&catalog, "00301-225396-0--0", Period::Days(3))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "product 00301-225396-0--0 has no daily price"
        );
    }

    #[test]
    fn installments_split_the_share_paid_later_over_the_months() {
        let catalog = Catalog::builtin();
        let server = "ies.server.00000000-0000-000-0000-000000000000";
        let half = quote_of(
            &catalog,
            server,
            Period::Years(3),
            1,
            None,
            Installments::Half,
        );
        // 40000.00 a year × 3 years; half of it over 36 months.
        let rated = rate(&half).unwrap();
        assert_eq!(rated.amount.value(), dec!(120000));
        assert_eq!(rated.installment.unwrap().value(), dec!(1666.67));
        let zero = quote_of(
            &catalog,
            server,
            Period::Months(7),
            1,
            None,
            Installments::Zero,
        );
        assert_eq!(
            rate(&zero).unwrap().installment.unwrap().value(),
            dec!(4000)
        );
        let hourly = quote_of(
            &catalog,
            server,
            Period::Hours(3),
            1,
            None,
            Installments::Zero,
        );
        assert_eq!(
            rate(&hourly).unwrap_err(),
            RatingError::Pricing(PricingError::NoPrice {
                product_id: server.into(),
                unit: "hourly"
            }),
            "no price comes before no installments"
        );
    }

    #[test]
    fn installments_need_a_period_of_months() {
        let mut catalog = Catalog::builtin();
        let mut product = catalog.get("ies.storagepool.SSD").unwrap().clone();
        product.price.day = Some(Amount::new(dec!(10)).unwrap());
        catalog.extend(vec![product]).unwrap();
        let ssd = "ies.storagepool.SSD";
        let daily = quote_of(
            &catalog,
            ssd,
            Period::Days(3),
            1,
            Some(2),
            Installments::Half,
        );
        assert_eq!(
            rate(&daily).unwrap_err(),
            RatingError::InstallmentsNeedMonths(0)
        );
        let paid_at_once = Quote {
            installments: Installments::None,
            ..daily
        };
        assert_eq!(rate(&paid_at_once).unwrap().amount.value(), dec!(60));
    }

    #[test]
    fn modes_parse_from_their_wire_names() {
        assert_eq!("NA".parse(), Ok(Installments::None));
        assert_eq!("HALF_PAY".parse(), Ok(Installments::Half));
        assert_eq!("ZERO_PAY".parse(), Ok(Installments::Zero));
        assert_eq!(
            "half_pay".parse::<Installments>().unwrap_err().to_string(),
            "must be HALF_PAY, ZERO_PAY or NA, got half_pay"
        );
    }

    #[test]
    fn a_total_sums_lines_and_installments_in_one_currency() {
        let catalog = Catalog::builtin();
        let a = catalog.get("ies.server.00000000-0000-000-0000-000000000000");
        let b = catalog.get("ies.storagepool.SSD");
        let line = |amount, installment: Option<Decimal>| RatedLine {
            product_id: "p".into(),
            amount: Amount::new(amount).unwrap(),
            installment: installment.map(|i| Amount::new(i).unwrap()),
        };
        let rating = total(
            [a.unwrap(), b.unwrap()].into_iter(),
            vec![line(dec!(10.10), Some(dec!(1.01))), line(dec!(0.90), None)],
        )
        .unwrap();
        assert_eq!(rating.total.value(), dec!(11.00));
        assert_eq!(rating.installments.unwrap().value(), dec!(1.01));
        assert_eq!(rating.currency.as_str(), "CNY");
        let none = total(a.into_iter(), vec![line(dec!(1), None)]).unwrap();
        assert_eq!(none.installments, None);
    }

    proptest! {
        #[test]
        fn installments_never_exceed_the_share_by_more_than_rounding(
            months in 1u32..=36, half in any::<bool>(), quantity in 1u32..20
        ) {
            let catalog = Catalog::builtin();
            let mode = if half { Installments::Half } else { Installments::Zero };
            let device = "ies.networkdevice.00000000-0000-000-0000-000000000000";
            let q = quote_of(&catalog, device, Period::Months(months), quantity, None, mode);
            let rated = rate(&q).unwrap();
            let share = if half { dec!(0.5) } else { Decimal::ONE };
            let paid_later = rated.installment.unwrap().value() * Decimal::from(months);
            let due = rated.amount.value() * share;
            prop_assert!((paid_later - due).abs() <= dec!(0.005) * Decimal::from(months));
        }
    }
}
