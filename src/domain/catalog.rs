//! The product catalog: what can be ordered and what it costs. Products are data (TOML), not
//! code; the default catalog is compiled in and a configuration file can replace or extend it.

use std::collections::HashMap;

use serde::Deserialize;

use super::money::{Amount, Currency};

/// One orderable product.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// The id clients order it by (`00301-225396-0--0`, `workspace.x.large2.windows2019`).
    pub product_id: String,
    /// Its cloud service (`hws.service.type.sdg`).
    pub cloud_service_type: String,
    /// Its resource type (`hws.resource.type.dsc.base`).
    pub resource_type: String,
    /// Its spec code (`base_professional`).
    pub resource_spec_code: String,
    /// The compute flavor behind it, for products that run on one (`c3.large.4`).
    #[serde(default)]
    pub flavor_id: Option<String>,
    /// The id an API orders it by within its resource type, where that is not the product id.
    /// IES offerings: the same offering id can name a server and a network device, so those
    /// products have unique product ids and are found by (resource type, offering id).
    #[serde(default)]
    pub offering_id: Option<String>,
    /// Whether and how an order gives it a size.
    #[serde(default)]
    pub size: Option<SizeRule>,
    /// The currency its prices are in.
    pub currency: Currency,
    /// Its prices per period unit.
    pub price: Prices,
}

/// How a product is sized (number of databases, GB, Mbit/s, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeRule {
    /// The measure id sizes are given in (`resource_size_measure_id`).
    pub measure_id: u32,
    /// A sized product needs a size in every order and is priced per unit of size; an optionally
    /// sized one accepts a size for information and is priced as a whole.
    pub required: bool,
    /// Smallest size.
    #[serde(default = "one")]
    pub min: u32,
    /// Largest size.
    pub max: u32,
}

fn one() -> u32 {
    1
}

/// A product's list prices, each for one unit (of size) for one period unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    /// Per month.
    #[serde(default)]
    pub month: Option<Amount>,
    /// Per year.
    #[serde(default)]
    pub year: Option<Amount>,
    /// Per hour.
    #[serde(default)]
    pub hour: Option<Amount>,
    /// Per day.
    #[serde(default)]
    pub day: Option<Amount>,
}

/// The products, indexed by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    products: Vec<Product>,
    by_id: HashMap<String, usize>,
    by_offering: HashMap<(String, String), usize>,
    by_spec: HashMap<SpecKey, usize>,
}

/// What a price inquiry names a product by: (cloud service type, resource type, spec code).
type SpecKey = (String, String, String);

/// The shape a catalog file has: a list of `[[products]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// The products it declares.
    #[serde(default)]
    pub products: Vec<Product>,
}

/// A catalog that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The TOML does not describe products.
    #[error("catalog: {0}")]
    Parse(#[from] toml::de::Error),
    /// Two products share an id.
    #[error("catalog: product {0} is declared twice")]
    Duplicate(String),
    /// Two products of one resource type share an offering id.
    #[error("catalog: offering {1} of resource type {0} is declared twice")]
    DuplicateOffering(String, String),
    /// Two products share a cloud service type, resource type and spec code, so a price inquiry
    /// could not tell them apart.
    #[error("catalog: products {0} and {1} share a service type, resource type and spec code")]
    DuplicateSpec(String, String),
    /// A size rule whose range is empty.
    #[error("catalog: product {0} has a size range with min above max")]
    EmptySizeRange(String),
}

/// The built-in catalog: one TOML file per service family under `catalog/`.
const BUILTIN_CATALOG: &[&str] = &[
    include_str!("../../catalog/dsc.toml"),
    include_str!("../../catalog/workspace_app.toml"),
    include_str!("../../catalog/package.toml"),
    include_str!("../../catalog/ies.toml"),
    include_str!("../../catalog/workspace.toml"),
];

impl Catalog {
    /// The catalog orderd ships with.
    pub fn builtin() -> Catalog {
        let mut products = Vec::new();
        for file in BUILTIN_CATALOG {
            let file: CatalogFile =
                toml::from_str(file).expect("the built-in catalog is valid TOML");
            products.extend(file.products);
        }
        Catalog::from_products(products).expect("the built-in catalog has unique products")
    }

    /// Parses a catalog file.
    pub fn from_toml(text: &str) -> Result<Catalog, CatalogError> {
        let file: CatalogFile = toml::from_str(text)?;
        Catalog::from_products(file.products)
    }

    /// Indexes `products`, refusing duplicate ids and empty size ranges.
    pub fn from_products(products: Vec<Product>) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog::default();
        for product in products {
            if catalog.by_id.contains_key(&product.product_id) {
                return Err(CatalogError::Duplicate(product.product_id));
            }
            catalog.insert(product)?;
        }
        catalog.index()?;
        Ok(catalog)
    }

    /// Adds `products`, each replacing any product with the same id.
    pub fn extend(&mut self, products: Vec<Product>) -> Result<(), CatalogError> {
        for product in products {
            match self.by_id.get(&product.product_id) {
                Some(&i) => {
                    check(&product)?;
                    self.products[i] = product;
                }
                None => self.insert(product)?,
            }
        }
        self.index()
    }

    /// Rebuilds the indexes by offering and by spec, refusing a key declared twice.
    fn index(&mut self) -> Result<(), CatalogError> {
        self.by_offering.clear();
        self.by_spec.clear();
        for (i, product) in self.products.iter().enumerate() {
            if let Some(offering) = &product.offering_id {
                let key = (product.resource_type.clone(), offering.clone());
                if self.by_offering.insert(key, i).is_some() {
                    return Err(CatalogError::DuplicateOffering(
                        product.resource_type.clone(),
                        offering.clone(),
                    ));
                }
            }
            let spec = (
                product.cloud_service_type.clone(),
                product.resource_type.clone(),
                product.resource_spec_code.clone(),
            );
            if let Some(other) = self.by_spec.insert(spec, i) {
                return Err(CatalogError::DuplicateSpec(
                    self.products[other].product_id.clone(),
                    product.product_id.clone(),
                ));
            }
        }
        Ok(())
    }

    fn insert(&mut self, product: Product) -> Result<(), CatalogError> {
        check(&product)?;
        self.by_id
            .insert(product.product_id.clone(), self.products.len());
        self.products.push(product);
        Ok(())
    }

    /// The product with this id.
    pub fn get(&self, product_id: &str) -> Option<&Product> {
        self.by_id.get(product_id).map(|&i| &self.products[i])
    }

    /// The product of `resource_type` ordered by `offering_id`.
    pub fn offering(&self, resource_type: &str, offering_id: &str) -> Option<&Product> {
        self.by_offering
            .get(&(resource_type.to_owned(), offering_id.to_owned()))
            .map(|&i| &self.products[i])
    }

    /// The product of `cloud_service_type` and `resource_type` with `spec_code`, as a price
    /// inquiry names it.
    pub fn by_spec(
        &self,
        cloud_service_type: &str,
        resource_type: &str,
        spec_code: &str,
    ) -> Option<&Product> {
        let key = (
            cloud_service_type.to_owned(),
            resource_type.to_owned(),
            spec_code.to_owned(),
        );
        self.by_spec.get(&key).map(|&i| &self.products[i])
    }

    /// The first product that satisfies `matches`.
    pub fn find(&self, matches: impl Fn(&Product) -> bool) -> Option<&Product> {
        self.products.iter().find(|p| matches(p))
    }

    /// Every product.
    pub fn iter(&self) -> impl Iterator<Item = &Product> {
        self.products.iter()
    }

    /// The cloud service types of its products, each once, in code order.
    pub fn service_types(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self
            .products
            .iter()
            .map(|p| p.cloud_service_type.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }
}

fn check(product: &Product) -> Result<(), CatalogError> {
    match product.size {
        Some(rule) if rule.min > rule.max => {
            Err(CatalogError::EmptySizeRange(product.product_id.clone()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_holds_the_six_dsc_products() {
        let catalog = Catalog::builtin();
        for id in [
            "00301-225396-0--0",
            "00301-225397-0--0",
            "00301-225398-0--0",
            "00301-225399-0--0",
            "00301-225400-0--0",
            "00301-225401-0--0",
        ] {
            let product = catalog.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(product.cloud_service_type, "hws.service.type.sdg");
            assert!(
                product.price.month.is_some() && product.price.year.is_some(),
                "{id}"
            );
        }
        let db = catalog.get("00301-225398-0--0").unwrap();
        assert_eq!(db.resource_spec_code, "DB_standard");
        assert_eq!(
            db.size.map(|s| (s.required, s.measure_id)),
            Some((true, 30))
        );
    }

    #[test]
    fn the_builtin_catalog_sells_four_services() {
        assert_eq!(
            Catalog::builtin().service_types(),
            [
                "hws.service.type.dis",
                "hws.service.type.ies",
                "hws.service.type.sdg",
                "hws.service.type.vdi"
            ]
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let one = r#"
            [[products]]
            product_id = "x"
            cloud_service_type = "s"
            resource_type = "r"
            resource_spec_code = "c"
            currency = "CNY"
            price = { month = "1.00" }
        "#;
        let twice = format!("{one}{one}");
        assert!(
            matches!(Catalog::from_toml(&twice), Err(CatalogError::Duplicate(id)) if id == "x")
        );
    }

    #[test]
    fn one_offering_id_can_name_products_of_different_resource_types() {
        let catalog = Catalog::builtin();
        let seed = "00000000-0000-000-0000-000000000000";
        let server = catalog
            .offering("hws.resource.type.ies.server", seed)
            .unwrap();
        let device = catalog
            .offering("hws.resource.type.ies.networkdevice", seed)
            .unwrap();
        assert_ne!(server.product_id, device.product_id);
        assert!(
            catalog
                .offering("hws.resource.type.ies.server", "x")
                .is_none()
        );
    }

    #[test]
    fn an_offering_declared_twice_for_one_resource_type_is_refused() {
        let product = |id: &str| {
            format!(
                r#"
            [[products]]
            product_id = "{id}"
            offering_id = "o"
            cloud_service_type = "s"
            resource_type = "r"
            resource_spec_code = "c"
            currency = "CNY"
            price = {{ month = "1.00" }}
        "#
            )
        };
        let text = format!("{}{}", product("a"), product("b"));
        assert!(matches!(
            Catalog::from_toml(&text),
            Err(CatalogError::DuplicateOffering(..))
        ));
    }

    #[test]
    fn products_are_found_by_service_resource_type_and_spec_and_that_key_is_unique() {
        let catalog = Catalog::builtin();
        let db = catalog
            .by_spec(
                "hws.service.type.sdg",
                "hws.resource.type.dsc.db",
                "DB_standard",
            )
            .unwrap();
        assert_eq!(db.product_id, "00301-225398-0--0");
        assert!(
            catalog
                .by_spec(
                    "hws.service.type.vdi",
                    "hws.resource.type.dsc.db",
                    "DB_standard"
                )
                .is_none()
        );
        let mut twin = db.clone();
        twin.product_id = "twin".into();
        let mut extended = catalog.clone();
        assert!(matches!(
            extended.extend(vec![twin]),
            Err(CatalogError::DuplicateSpec(a, b)) if a == "00301-225398-0--0" && b == "twin"
        ));
    }

    #[test]
    fn extend_replaces_a_product_with_the_same_id() {
        let mut catalog = Catalog::builtin();
        let mut product = catalog.get("00301-225396-0--0").unwrap().clone();
        product.price.month = Some("1.00".parse().unwrap());
        catalog.extend(vec![product]).unwrap();
        assert_eq!(
            catalog.get("00301-225396-0--0").unwrap().price.month,
            Some("1.00".parse().unwrap())
        );
    }
}
