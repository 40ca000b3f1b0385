//! The content digest that tells a replayed package order from a conflicting one.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The request's content, normalized so that equal orders hash equally: object keys sorted,
/// insignificant white space dropped, and the one-or-many lists always arrays.
pub fn content_hash(raw: &str) -> String {
    let mut value: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
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
    }
}
