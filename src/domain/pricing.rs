//! What an order line costs: list price for the period × periods × quantity (× size).

use rust_decimal::Decimal;

use super::catalog::Product;
use super::money::{Amount, Currency};
use super::order::OrderLine;
use super::period::Period;

/// A product has no price for the period an order asks for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// The catalog lists no price for this period unit.
    #[error("product {product_id} has no {unit} price")]
    NoPrice {
        /// The product.
        product_id: String,
        /// The period unit it lacks a price for.
        unit: &'static str,
    },
    /// The amount does not fit a decimal.
    #[error("the price of product {0} overflows")]
    Overflow(String),
    /// An order's products are priced in different currencies.
    #[error("products are priced in different currencies ({0} and {1}); order them separately")]
    MixedCurrencies(Currency, Currency),
    /// An order without products has no currency.
    #[error("an order needs at least one product")]
    NoProducts,
    /// A pro-rata price cannot be worked out (the end lies in the past).
    #[error("{0}")]
    Prorate(String),
    /// A term that runs until a resource expires was priced before the resource was looked up.
    #[error("the term was not resolved against its resource")]
    UnresolvedTerm,
}

/// The one currency all of an order's `products` are priced in.
pub fn order_currency<'p>(
    mut products: impl Iterator<Item = &'p Product>,
) -> Result<Currency, PricingError> {
    let first = products
        .next()
        .ok_or(PricingError::NoProducts)?
        .currency
        .clone();
    match products.find(|p| p.currency != first) {
        Some(other) => Err(PricingError::MixedCurrencies(first, other.currency.clone())),
        None => Ok(first),
    }
}

/// The price of one unit (one size step, for sized products) for the whole `period`.
pub fn unit_price(product: &Product, period: Period) -> Result<Amount, PricingError> {
    let (per_unit, unit) = match period {
        Period::Days(_) => (product.price.day, "daily"),
        Period::Months(_) => (product.price.month, "monthly"),
        Period::Years(_) => (product.price.year, "yearly"),
        Period::Hours(_) => (product.price.hour, "hourly"),
        Period::UntilExpiry | Period::OneOff => (product.price.month, "monthly"),
    };
    let per_unit = per_unit.ok_or_else(|| PricingError::NoPrice {
        product_id: product.product_id.clone(),
        unit,
    })?;
    let count = Decimal::from(period.count().unwrap_or(1));
    per_unit
        .value()
        .checked_mul(count)
        .and_then(|v| Amount::new(v).ok())
        .ok_or_else(|| PricingError::Overflow(product.product_id.clone()))
}

/// What `quantity` units cost, each of `size` steps when the product is priced by size.
pub fn line_amount(
    product: &Product,
    unit_price: Amount,
    quantity: u32,
    size: Option<u32>,
) -> Result<Amount, PricingError> {
    let size_factor = match product.size {
        Some(rule) if rule.required => size.unwrap_or(1),
        _ => 1,
    };
    unit_price
        .value()
        .checked_mul(Decimal::from(quantity))
        .and_then(|v| v.checked_mul(Decimal::from(size_factor)))
        .and_then(|v| Amount::new(v).ok())
        .ok_or_else(|| PricingError::Overflow(product.product_id.clone()))
}

/// A priced order line for `quantity` units of `product` (each of `size`, where given) for
/// `period`.
pub fn price_line(
    product: &Product,
    period: Period,
    quantity: u32,
    size: Option<u32>,
    resource_id: Option<String>,
) -> Result<OrderLine, PricingError> {
    let unit_price = unit_price(product, period)?;
    Ok(OrderLine {
        product_id: product.product_id.clone(),
        cloud_service_type: product.cloud_service_type.clone(),
        resource_type: product.resource_type.clone(),
        resource_spec_code: product.resource_spec_code.clone(),
        period,
        quantity,
        size,
        size_measure_id: size.and(product.size.map(|rule| rule.measure_id)),
        unit_price,
        amount: line_amount(product, unit_price, quantity, size)?,
        resource_id,
    })
}

/// One product of an order to price: how many units, each of what size, for how long.
#[derive(Debug, Clone, Copy)]
pub struct Item<'p> {
    /// The catalog product.
    pub product: &'p Product,
    /// How long.
    pub period: Period,
    /// How many units.
    pub quantity: u32,
    /// The size of each unit, for sized products.
    pub size: Option<u32>,
}

/// The one currency all `items` are priced in, and their priced lines, in order: every
/// create-order API that prices catalog products for a calendar period ends here.
pub fn price_items(items: &[Item<'_>]) -> Result<(Currency, Vec<OrderLine>), PricingError> {
    let currency = order_currency(items.iter().map(|i| i.product))?;
    let lines = items
        .iter()
        .map(|i| price_line(i.product, i.period, i.quantity, i.size, None))
        .collect::<Result<_, _>>()?;
    Ok((currency, lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{Prices, SizeRule};
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn product(required_size: Option<bool>) -> Product {
        Product {
            product_id: "p".into(),
            cloud_service_type: "s".into(),
            resource_type: "r".into(),
            resource_spec_code: "c".into(),
            flavor_id: None,
            offering_id: None,
            size: required_size.map(|required| SizeRule {
                measure_id: 30,
                required,
                min: 1,
                max: 100,
            }),
            currency: "CNY".parse().unwrap(),
            price: Prices {
                month: Some(Amount::new(dec!(12.34)).unwrap()),
                year: Some(Amount::new(dec!(100)).unwrap()),
                hour: None,
                day: None,
            },
        }
    }

    #[test]
    fn a_sized_line_costs_unit_price_times_periods_quantity_and_size() {
        let p = product(Some(true));
        let unit = unit_price(&p, Period::Months(3)).unwrap();
        assert_eq!(unit.value(), dec!(37.02));
        assert_eq!(
            line_amount(&p, unit, 2, Some(5)).unwrap().value(),
            dec!(370.20)
        );
    }

    #[test]
    fn an_optionally_sized_product_is_priced_as_a_whole() {
        let p = product(Some(false));
        let unit = unit_price(&p, Period::Years(2)).unwrap();
        assert_eq!(
            line_amount(&p, unit, 1, Some(30)).unwrap().value(),
            dec!(200)
        );
    }

    #[test]
    fn a_missing_price_is_an_error_that_names_the_unit() {
        let err = unit_price(&product(None), Period::Hours(1)).unwrap_err();
        assert_eq!(err.to_string(), "product p has no hourly price");
        let err = unit_price(&product(None), Period::Days(1)).unwrap_err();
        assert_eq!(err.to_string(), "product p has no daily price");
    }

    #[test]
    fn a_daily_price_prices_days() {
        let mut p = product(None);
        p.price.day = Some(Amount::new(dec!(0.50)).unwrap());
        assert_eq!(unit_price(&p, Period::Days(7)).unwrap().value(), dec!(3.50));
    }

    #[test]
    fn items_are_priced_in_their_one_currency() {
        let p = product(Some(true));
        let items = [
            Item {
                product: &p,
                period: Period::Months(1),
                quantity: 2,
                size: Some(3),
            },
            Item {
                product: &p,
                period: Period::Years(1),
                quantity: 1,
                size: None,
            },
        ];
        let (currency, lines) = price_items(&items).unwrap();
        assert_eq!(currency.as_str(), "CNY");
        let amounts: Vec<_> = lines.iter().map(|l| l.amount.value()).collect();
        assert_eq!(amounts, [dec!(74.04), dec!(100)]);
        let mut usd = product(None);
        usd.currency = "USD".parse().unwrap();
        let mixed = [
            items[0],
            Item {
                product: &usd,
                ..items[1]
            },
        ];
        assert!(matches!(
            price_items(&mixed),
            Err(PricingError::MixedCurrencies(..))
        ));
    }

    proptest! {
        #[test]
        fn line_amounts_are_exact_products(months in 1u32..10, quantity in 1u32..1000, size in 1u32..100) {
            let p = product(Some(true));
            let unit = unit_price(&p, Period::Months(months)).unwrap();
            let amount = line_amount(&p, unit, quantity, Some(size)).unwrap();
            prop_assert_eq!(amount.value(), dec!(12.34) * Decimal::from(months) * Decimal::from(quantity) * Decimal::from(size));
        }
    }
}
