//! Reading a request body's JSON as the services read it, with errors that name the field path
//! and speak JSON rather than Rust.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use super::common::join_path;
use crate::domain::violations::clip;

/// Parses `raw` into `T`, naming the field path of a wrong type
/// (`product_infos[0].resource_size: invalid type: ...`).
pub fn parse_json<T: DeserializeOwned>(raw: &str) -> Result<T, String> {
    let raw = &json_text(raw);
    if raw.trim().is_empty() {
        return Err("request body is empty; a JSON object is required".into());
    }
    // Derived struct deserializers also take arrays (by position); an API body is an object.
    if !raw.trim_start().starts_with('{') {
        return Err("request body: must be a JSON object".into());
    }
    let mut de = serde_json::Deserializer::from_str(raw);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        // The field being read when the error came (`.` at the top level, which names nothing).
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            // Where the value being read has a path (a number out of range, `1e309`), name it.
            if path == "." || path.is_empty() {
                format!("malformed JSON: {inner}")
            } else {
                format!("{path}: malformed JSON: {inner}")
            }
        } else if path == "." {
            // The body itself (a key given twice at the top level): no path to name but the key.
            clip(in_json_terms(&inner.to_string()))
        } else {
            join_path(&path, &clip(in_json_terms(&inner.to_string())))
        }
    })?;
    de.end().map_err(|e| format!("malformed JSON: {e}"))?;
    Ok(value)
}

/// Says serde's Rust type names (`i64`, `sequence`, `struct ProductInfo`) in the words of JSON
/// (`an integer`, `array`, `an object`), which is what a client sent and reads.
fn in_json_terms(message: &str) -> String {
    let mut out = message
        .replace("invalid type: sequence", "invalid type: array")
        .replace("invalid type: map", "invalid type: object")
        .replace("expected a sequence", "expected an array")
        .replace("expected a map", "expected an object");
    if let Some(start) = out.find("expected ") {
        let rest = &out[start + "expected ".len()..];
        let word_end = rest.find(" at line").unwrap_or(rest.len());
        let expected = &rest[..word_end];
        let json = match expected {
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
                Some("an integer")
            }
            "f32" | "f64" => Some("a number"),
            _ if expected.starts_with("struct ") => Some("an object"),
            _ => None,
        };
        if let Some(json) = json {
            out = format!("{}expected {json}{}", &out[..start], &rest[word_end..]);
        }
    }
    out
}

/// The JSON text of a body as the services read it: without a leading UTF-8 byte order mark
/// (RFC 8259 §8.1 lets a parser ignore it, as Jackson does), and with every number token `-0`
/// (outside strings, not `-0.5` or `-0e1`) written ` 0`, the same length so positions in
/// messages still hold. JSON's grammar makes `-0` an integer and the services' Java binding
/// reads it as 0; serde_json reads it as the float -0.0, which an integer field would refuse.
/// Both the parse and the package orders' content digest read this text.
pub fn json_text(raw: &str) -> Cow<'_, str> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if !raw.contains("-0") {
        return Cow::Borrowed(raw);
    }
    let bytes = raw.as_bytes();
    let mut out = bytes.to_vec();
    let (mut in_string, mut escaped) = (false, false);
    for i in 0..bytes.len() {
        let b = bytes[i];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'-'
            && bytes.get(i + 1) == Some(&b'0')
            && !matches!(bytes.get(i + 2), Some(b'0'..=b'9' | b'.' | b'e' | b'E'))
        {
            out[i] = b' ';
        }
    }
    // Only an ASCII '-' outside strings became an ASCII space: still UTF-8.
    Cow::Owned(String::from_utf8(out).expect("still UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[allow(dead_code)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    struct Item {
        #[allow(dead_code)]
        size: i64,
    }

    #[test]
    fn type_errors_name_the_field_path() {
        let err = parse_json::<Body>(r#"{"items":[{"size":1},{"size":"x"}]}"#).unwrap_err();
        assert!(
            err.starts_with("items[1].size: invalid type: string \"x\""),
            "{err}"
        );
    }

    #[test]
    fn type_errors_speak_json_not_rust() {
        let err = parse_json::<Body>(r#"{"items":[{"size":"x"}]}"#).unwrap_err();
        assert!(
            err.starts_with(
                "items[0].size: invalid type: string \"x\", expected an integer at line"
            ),
            "{err}"
        );
        let err = parse_json::<Body>(r#"{"items":{}}"#).unwrap_err();
        assert!(
            err.starts_with("items: invalid type: object, expected an array"),
            "{err}"
        );
        let err = parse_json::<Body>(r#"{"items":[7]}"#).unwrap_err();
        assert!(
            err.starts_with("items[0]: invalid type: integer `7`, expected an object"),
            "{err}"
        );
        assert_eq!(
            in_json_terms("invalid value: integer `-1`, expected u32"),
            "invalid value: integer `-1`, expected an integer"
        );
        assert_eq!(in_json_terms("expected a boolean"), "expected a boolean");
    }

    #[test]
    fn syntax_errors_and_trailing_garbage_are_malformed_json() {
        assert_eq!(
            parse_json::<Body>(r#"{"items":"#).unwrap_err(),
            "items: malformed JSON: EOF while parsing a value at line 1 column 9"
        );
        assert_eq!(
            parse_json::<Body>(r#"{"items":[{"size":1e309}]}"#).unwrap_err(),
            "items[0].size: malformed JSON: number out of range at line 1 column 23"
        );
        assert!(
            parse_json::<Body>(r#"{"items":[]} x"#)
                .unwrap_err()
                .starts_with("malformed JSON")
        );
        assert!(parse_json::<Body>("  ").unwrap_err().contains("empty"));
    }

    #[test]
    fn negative_zero_is_the_integer_zero() {
        #[derive(Debug, Deserialize)]
        struct Int {
            n: i64,
        }
        assert_eq!(parse_json::<Int>(r#"{"n": -0}"#).unwrap().n, 0);
    }

    #[test]
    fn a_leading_byte_order_mark_is_ignored() {
        #[derive(Debug, Deserialize)]
        struct Int {
            n: i64,
        }
        assert_eq!(parse_json::<Int>("\u{feff}{\"n\": 3}").unwrap().n, 3);
        assert!(parse_json::<Int>("{\"n\": 3}\u{feff}").is_err());
    }

    #[test]
    fn json_text_drops_a_byte_order_mark_and_reads_negative_zero_as_zero() {
        assert_eq!(json_text("\u{feff}{\"a\":1}"), "{\"a\":1}");
        assert_eq!(json_text(r#"{"a":-0}"#), r#"{"a": 0}"#);
        assert_eq!(json_text(r#"[-0,-0 ]"#), r#"[ 0, 0 ]"#);
        for unchanged in [
            r#"{"a":-0.5}"#,
            r#"{"a":-0e1}"#,
            r#"{"a":-01}"#,
            r#"{"a":"-0"}"#,
            r#"{"a":"x\"-0"}"#,
            r#"{"-0":1}"#,
            r#"{"a":-10}"#,
            "{\"a\":1}\u{feff}",
        ] {
            assert_eq!(json_text(unchanged), unchanged);
        }
    }
}
