//! Extractors whose rejections are [`ApiError`]s in the route's own family, so a malformed body
//! gets the same error body as every other bad request.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::{ApiError, ErrorKind, Family};
use crate::domain::violations::clip;
use crate::wire::common::{join_path, json_text};

/// A JSON body, parsed into `T`. The raw text is kept: orders store the body as received.
#[derive(Debug)]
pub struct ApiJson<T> {
    /// The parsed body.
    pub value: T,
    /// The body as received.
    pub raw: String,
}

/// The error-code family of the route handling a request; routers insert it as an extension.
pub fn family_of(req_extensions: &axum::http::Extensions) -> Family {
    req_extensions
        .get::<Family>()
        .copied()
        .unwrap_or(Family::Gateway)
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let family = family_of(req.extensions());
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or("").to_owned());
        let bytes = read_body(req, state, family).await?;
        if !bytes.is_empty() && !content_type.as_deref().is_some_and(is_json) {
            return Err(ApiError::new(
                family,
                ErrorKind::UnsupportedMediaType,
                format!(
                    "Content-Type must be application/json, got {}",
                    content_type.as_deref().unwrap_or("none")
                ),
            ));
        }
        let raw = String::from_utf8(bytes.to_vec()).map_err(|_| {
            ApiError::new(
                family,
                ErrorKind::InvalidParameter,
                "request body is not UTF-8",
            )
        })?;
        let value = parse_json(&raw)
            .map_err(|message| ApiError::new(family, ErrorKind::InvalidParameter, message))?;
        Ok(ApiJson { value, raw })
    }
}

/// Reads the whole body of `req`, within the router's body limit: beyond it a 413, and any other
/// failure to read a 400, in `family`.
pub async fn read_body<S: Send + Sync>(
    req: Request,
    state: &S,
    family: Family,
) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                family,
                ErrorKind::BodyTooLarge,
                "request body is larger than the limit",
            )
        } else {
            ApiError::new(family, ErrorKind::InvalidParameter, rejection.body_text())
        }
    })
}

/// True for `application/json` and `.../...+json` content types.
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > 5
            && essence[..essence.len() - 5].contains('/')
            && essence.ends_with("+json"))
}

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
    fn json_content_types_are_recognised() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("+json"));
    }
}
