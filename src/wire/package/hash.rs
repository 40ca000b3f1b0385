//! The content digest that tells a replayed package order from a conflicting one.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::wire::json::json_text;

/// The request's content, normalized so that equal orders hash equally: object keys sorted,
/// insignificant white space dropped, and the one-or-many lists always arrays.
pub fn content_hash(raw: &str) -> String {
    // The text the order was parsed from (no byte order mark, `-0` as 0): a body that cannot be
    // read never gets here, so equal content hashes equally however it was written.
    let mut value: Value = serde_json::from_str(&json_text(raw)).unwrap_or(Value::Null);
    normalize(&mut value);
    hex::encode(Sha256::digest(value.to_string().as_bytes()))
}

fn normalize(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if matches!(
                    key.as_str(),
                    "cloudServices" | "cloudServiceForm" | "productInfos"
                ) && item.is_object()
                {
                    *item = Value::Array(vec![item.take()]);
                }
                normalize(item);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_content_hashes_equally_whatever_its_layout() {
        let a =
            r#"{"tenantId":"t","cloudServices":{"periodNum":1,"productInfos":{"productId":"p"}}}"#;
        let b = r#"{ "cloudServices": [ { "productInfos": [ {"productId": "p"} ], "periodNum": 1 } ],
                     "tenantId": "t" }"#;
        assert_eq!(content_hash(a), content_hash(b));
        let c =
            r#"{"tenantId":"t","cloudServices":{"periodNum":2,"productInfos":{"productId":"p"}}}"#;
        assert_ne!(content_hash(a), content_hash(c));
        assert_eq!(content_hash(a).len(), 64);
        assert_eq!(content_hash(&format!("\u{feff}{a}")), content_hash(a));
        assert_eq!(
            content_hash(&c.replace("\"periodNum\":2", "\"periodNum\":-0")),
            content_hash(&c.replace("\"periodNum\":2", "\"periodNum\":0"))
        );
    }
}
