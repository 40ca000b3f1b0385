//! Lists that some clients send as a single object.

use serde::Deserialize;

use super::join_path;

/// A list that some clients send as a single object: the documentation's tables say "array" while
/// its examples send one object (cloud service package orders). Both shapes are accepted; either
/// way the value is a list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> OneOrMany<T> {
    /// The items.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape<T> {
            Many(Vec<T>),
            One(T),
        }
        // Untagged enums lose the inner error; buffer once, then parse with the right shape, so a
        // type error inside an item names its field (`cloudServices: [0].isAutoRenew: ...`).
        let value = serde_json::Value::deserialize(d)?;
        let one = value.is_object();
        let shape = if value.is_array() {
            serde_path_to_error::deserialize(value).map(Shape::Many)
        } else if one {
            serde_path_to_error::deserialize(value).map(Shape::One)
        } else {
            return Err(serde::de::Error::custom(format!(
                "invalid type: {}, expected an object or an array of objects",
                json_kind(&value)
            )));
        };
        // A single object is item [0] of the list, so its errors are named as the array's are
        // (`[0].isAutoRenew`, `[1].n`); the caller joins the field's name in front.
        let shape = shape.map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner().to_string();
            let path = match (one, path.as_str()) {
                (true, ".") => "[0]".to_owned(),
                (true, field) => format!("[0].{field}"),
                (false, ".") => return serde::de::Error::custom(inner),
                (false, items) => items.to_owned(),
            };
            serde::de::Error::custom(join_path(&path, &inner))
        })?;
        match shape {
            Shape::Many(items) => Ok(OneOrMany(items)),
            Shape::One(item) => Ok(OneOrMany(vec![item])),
        }
    }
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        n: i64,
    }

    #[derive(Debug, Deserialize)]
    struct Body {
        items: Option<OneOrMany<Item>>,
    }

    fn parse(json: &str) -> Result<Vec<Item>, String> {
        crate::wire::json::parse_json::<Body>(json)
            .map(|b| b.items.map(|items| items.0).unwrap_or_default())
    }

    #[test]
    fn one_object_and_an_array_both_give_a_list() {
        assert_eq!(parse(r#"{"items":{"n":1}}"#), Ok(vec![Item { n: 1 }]));
        assert_eq!(
            parse(r#"{"items":[{"n":1},{"n":2}]}"#),
            Ok(vec![Item { n: 1 }, Item { n: 2 }])
        );
        assert_eq!(parse(r#"{"items":[]}"#), Ok(vec![]));
        assert_eq!(parse(r#"{}"#), Ok(vec![]));
    }

    #[test]
    fn other_shapes_and_bad_items_are_type_errors_naming_the_field() {
        let err = parse(r#"{"items":3}"#).unwrap_err();
        assert!(err.starts_with("items: invalid type: number"), "{err}");
        let err = parse(r#"{"items":{"n":"x"}}"#).unwrap_err();
        assert!(err.starts_with("items[0].n: invalid type: string"), "{err}");
        let err = parse(r#"{"items":[{"n":1},{"n":true}]}"#).unwrap_err();
        assert!(
            err.starts_with("items[1].n: invalid type: boolean"),
            "{err}"
        );
    }
}
