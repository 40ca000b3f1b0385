//! Scalars coerced the way the real services' Java JSON binding (Jackson) coerces them, because
//! the documentation's own examples send `"true"` for a boolean or a number for a string and
//! clients copy them. Anything that cannot be coerced is a type error naming the field.
//!
//! | wire type | also accepted |
//! |---|---|
//! | boolean | `"true"`/`"false"` (any case), an integer (`0` is false, any other true) |
//! | integer | a string holding an integer (`"12"`), a float with no fraction (`12.0`) |
//! | string | a number or a boolean, as its JSON text (`12` → `"12"`) |

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// A scalar of type `T` that also accepts the coercible forms listed in the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Coerced<T>(pub T);

impl<T> Coerced<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean (true/false, \"true\"/\"false\" or an integer)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    // Jackson: an integer is `false` when it is 0 and `true` otherwise (`!"0".equals(text)`).
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        Ok(v != 0)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        Ok(v != 0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        if v.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if v.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
}

impl<'de> Deserialize<'de> for Coerced<bool> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BoolVisitor).map(Coerced)
    }
}

struct IntVisitor;

impl Visitor<'_> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // Only whole numbers within i64: 12.0 is 12, 12.5 is not an integer.
        if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for Coerced<i64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IntVisitor).map(Coerced)
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

impl<'de> Deserialize<'de> for Coerced<String> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringVisitor).map(Coerced)
    }
}

/// An optional coerced integer or boolean that also reads an empty string as absent, as Jackson
/// reads `""` for an `Integer` or `Boolean` field (null). A missing field and `null` are absent
/// too. Strings keep `""`: it is a value of a string field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OrEmpty<T>(pub Option<T>);

/// The visitor that coerces a scalar of type `T`.
trait CoercingVisitor: Sized {
    type V: for<'de> Visitor<'de, Value = Self>;
    fn visitor() -> Self::V;
}

impl CoercingVisitor for i64 {
    type V = IntVisitor;
    fn visitor() -> IntVisitor {
        IntVisitor
    }
}

impl CoercingVisitor for bool {
    type V = BoolVisitor;
    fn visitor() -> BoolVisitor {
        BoolVisitor
    }
}

/// Present values of an [`OrEmpty`]: `""` is absent, everything else goes to `V`.
struct EmptyAsNone<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for EmptyAsNone<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            Ok(None)
        } else {
            self.0.visit_str(v).map(Some)
        }
    }
}

/// `null` (or a missing field) is absent; anything else is read by [`EmptyAsNone`].
struct OrEmptyVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: CoercingVisitor> Visitor<'de> for OrEmptyVisitor<T> {
    type Value = OrEmpty<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::visitor().expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(OrEmpty(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(OrEmpty(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(EmptyAsNone(T::visitor())).map(OrEmpty)
    }
}

impl<'de> Deserialize<'de> for OrEmpty<i64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(OrEmptyVisitor(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for OrEmpty<bool> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(OrEmptyVisitor(std::marker::PhantomData))
    }
}

/// A field holding an optional coerced scalar: `Option<Coerced<T>>`, or [`OrEmpty<T>`].
pub trait ScalarField {
    /// What a given field holds: `&str` for text, the value itself for integers and booleans.
    type Value<'a>
    where
        Self: 'a;

    /// The value, if the field was given.
    fn given(&self) -> Option<Self::Value<'_>>;
}

impl ScalarField for Option<Coerced<String>> {
    type Value<'a> = &'a str;

    fn given(&self) -> Option<&str> {
        self.as_ref().map(|c| c.0.as_str())
    }
}

impl ScalarField for Option<Coerced<i64>> {
    type Value<'a> = i64;

    fn given(&self) -> Option<i64> {
        self.map(Coerced::into_inner)
    }
}

impl<T: Copy> ScalarField for OrEmpty<T> {
    type Value<'a>
        = T
    where
        T: 'a;

    fn given(&self) -> Option<T> {
        self.0
    }
}

/// The value of a coerced field, if it was given (see [`ScalarField`]).
pub fn given<F: ScalarField>(field: &F) -> Option<F::Value<'_>> {
    field.given()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse<T>(json: &str) -> Result<T, String>
    where
        Coerced<T>: for<'de> Deserialize<'de>,
    {
        serde_json::from_str::<Coerced<T>>(json)
            .map(Coerced::into_inner)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn booleans_accept_strings_and_zero_or_one() {
        assert_eq!(parse::<bool>("true"), Ok(true));
        assert_eq!(parse::<bool>("\"true\""), Ok(true));
        assert_eq!(parse::<bool>("\"FALSE\""), Ok(false));
        assert_eq!(parse::<bool>("1"), Ok(true));
        assert_eq!(parse::<bool>("0"), Ok(false));
        assert_eq!(
            parse::<bool>("2"),
            Ok(true),
            "any non-zero integer, as Jackson"
        );
        assert_eq!(parse::<bool>("-1"), Ok(true));
        for bad in ["\"yes\"", "[]", "{}", "null", "1.5"] {
            assert!(parse::<bool>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_accept_numeric_strings_and_whole_floats() {
        assert_eq!(parse::<i64>("12"), Ok(12));
        assert_eq!(parse::<i64>("\"12\""), Ok(12));
        assert_eq!(parse::<i64>("\"-3\""), Ok(-3));
        assert_eq!(parse::<i64>("12.0"), Ok(12));
        for bad in ["12.5", "\"12a\"", "true", "[]", "\"\""] {
            assert!(parse::<i64>(bad).is_err(), "{bad}");
        }
    }

    #[derive(Debug, Deserialize)]
    struct Flags {
        n: OrEmpty<i64>,
        b: OrEmpty<bool>,
    }

    #[test]
    fn or_empty_reads_empty_null_and_missing_as_absent_and_coerces_the_rest() {
        let read = |json: &str| {
            serde_json::from_str::<Flags>(json)
                .map(|f| (f.n.0, f.b.0))
                .map_err(|e| e.to_string())
        };
        assert_eq!(read(r#"{"n":"","b":""}"#), Ok((None, None)));
        assert_eq!(read(r#"{"n":null,"b":null}"#), Ok((None, None)));
        assert_eq!(read("{}"), Ok((None, None)));
        assert_eq!(read(r#"{"n":"12","b":"true"}"#), Ok((Some(12), Some(true))));
        assert_eq!(read(r#"{"n":12.0,"b":0}"#), Ok((Some(12), Some(false))));
        for bad in [
            r#"{"n":" "}"#,
            r#"{"n":[]}"#,
            r#"{"b":"yes"}"#,
            r#"{"b":{}}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn given_reads_every_kind_of_coerced_field() {
        assert_eq!(given(&Some(Coerced("a".to_owned()))), Some("a"));
        assert_eq!(given(&None::<Coerced<String>>), None);
        assert_eq!(given(&Some(Coerced(7_i64))), Some(7));
        assert_eq!(given(&OrEmpty(Some(true))), Some(true));
        assert_eq!(given(&OrEmpty::<i64>(None)), None);
    }

    #[test]
    fn strings_accept_numbers_and_booleans_as_their_text() {
        assert_eq!(parse::<String>("\"a\""), Ok("a".into()));
        assert_eq!(parse::<String>("42"), Ok("42".into()));
        assert_eq!(parse::<String>("true"), Ok("true".into()));
        assert!(parse::<String>("[]").is_err());
        assert!(parse::<String>("{}").is_err());
    }

    proptest! {
        #[test]
        fn every_integer_round_trips_as_number_and_as_string(n in any::<i64>()) {
            prop_assert_eq!(parse::<i64>(&n.to_string()), Ok(n));
            prop_assert_eq!(parse::<i64>(&format!("\"{n}\"")), Ok(n));
        }
    }
}
