//! Mutation fuzzing over HTTP. Each API's valid example (in `corpus/`) is sent with one to three
//! random mutations: a field removed, a value replaced by one of another type or shape, a list
//! emptied or repeated, a string made empty or huge, a number made negative or enormous. Every
//! answer must be a documented one: 2xx, or a 4xx in the API's own error body. Never a 5xx, a
//! non-JSON error, or a dropped connection.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value, json};

use crate::helpers::{DEMO_DOMAIN, DEMO_PROJECT, TestApp};

/// One API under test: where to post, and the valid body to mutate.
struct Target {
    path: String,
    seed: &'static str,
}

fn targets() -> Vec<Target> {
    let target = |path: String, seed| Target { path, seed };
    vec![
        target(
            format!("/v1/{DEMO_PROJECT}/period/order"),
            include_str!("corpus/dsc.json"),
        ),
        target(
            format!("/v2/{DEMO_PROJECT}/periodic/subscribe/order"),
            include_str!("corpus/workspace_create_desktops.json"),
        ),
        target(
            format!("/v2/{DEMO_PROJECT}/periodic/subscribe/order"),
            include_str!("corpus/workspace_add_volumes.json"),
        ),
        target(
            format!("/v1/{DEMO_PROJECT}/bundles/subscribe/order"),
            include_str!("corpus/workspace_app.json"),
        ),
        target(
            "/v2/orders/FUZZ1".to_owned(),
            include_str!("corpus/package.json"),
        ),
        target(
            format!("/v2/{DEMO_DOMAIN}/delivery-orders"),
            include_str!("corpus/ies.json"),
        ),
        target(
            "/v3/auth/tokens".to_owned(),
            include_str!("corpus/iam_token.json"),
        ),
    ]
}

/// What to do at one place in the body.
#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Replace(Value),
    EmptyString,
    HugeString,
    Negate,
    Enormous,
    NumberAsString,
    RepeatListItem(usize),
    EmptyList,
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        Just(json!("true")),
        Just(json!("-1")),
        Just(json!("\u{0}\u{202e}<>'\"=*|/,")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Remove),
        any_value().prop_map(Mutation::Replace),
        Just(Mutation::EmptyString),
        Just(Mutation::HugeString),
        Just(Mutation::Negate),
        Just(Mutation::Enormous),
        Just(Mutation::NumberAsString),
        (2usize..200).prop_map(Mutation::RepeatListItem),
        Just(Mutation::EmptyList),
    ]
}

/// Every JSON pointer in `value` except the root.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{key}");
                out.push(here.clone());
                pointers(child, here, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                pointers(child, here, out);
            }
        }
        _ => {}
    }
}

fn apply(body: &mut Value, pointer: &str, mutation: &Mutation) {
    if let Mutation::Remove = mutation {
        let (parent, key) = pointer.rsplit_once('/').expect("not the root");
        match body.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(key);
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = key.parse::<usize>()
                    && i < items.len()
                {
                    items.remove(i);
                }
            }
            _ => {}
        }
        return;
    }
    let Some(target) = body.pointer_mut(pointer) else {
        return;
    };
    *target = match (mutation, &*target) {
        (Mutation::Replace(v), _) => v.clone(),
        (Mutation::EmptyString, _) => json!(""),
        (Mutation::HugeString, _) => json!("x".repeat(70_000)),
        (Mutation::Negate, Value::Number(n)) => json!(-n.as_f64().unwrap_or(1.0)),
        (Mutation::Enormous, _) => json!(u64::MAX),
        (Mutation::NumberAsString, Value::Number(n)) => json!(n.to_string()),
        (Mutation::RepeatListItem(times), Value::Array(items)) if !items.is_empty() => {
            Value::Array(std::iter::repeat_n(items[0].clone(), *times).collect())
        }
        (Mutation::EmptyList, Value::Array(_)) => json!([]),
        (_, unchanged) => unchanged.clone(),
    };
}

#[test]
fn mutated_requests_get_documented_answers_never_a_server_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(TestApp::spawn());
    for target in targets() {
        let seed: Value = serde_json::from_str(target.seed).unwrap();
        let mut places = Vec::new();
        pointers(&seed, String::new(), &mut places);
        let case = (prop::collection::vec((0..places.len(), mutation()), 1..4)).boxed();
        let mut runner = TestRunner::new(Config {
            cases: 96,
            max_global_rejects: 10_000,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&case, |mutations| {
                let mut body = seed.clone();
                for (place, mutation) in &mutations {
                    apply(&mut body, &places[*place], mutation);
                }
                // Oversized bodies are refused before they are read (tested in server.rs); past
                // the socket's buffer the client sees that as a broken pipe, not an answer.
                prop_assume!(body.to_string().len() < 1024 * 1024);
                let (status, text) = runtime.block_on(async {
                    let response = app.post_json(&target.path, &body).await;
                    let status = response.status().as_u16();
                    (status, response.text().await.expect("a whole answer"))
                });
                prop_assert!(
                    matches!(status, 200 | 201 | 400 | 401 | 403 | 404 | 409 | 413),
                    "{} answered {status} to {body}: {text}",
                    target.path
                );
                if status >= 400 {
                    let error: Value = serde_json::from_str(&text)
                        .map_err(|_| TestCaseError::fail(format!("not JSON: {text}")))?;
                    prop_assert!(error["error_code"].is_string(), "{text}");
                    prop_assert!(
                        error["error_msg"].as_str().is_some_and(|m| !m.is_empty()),
                        "{text}"
                    );
                }
                Ok(())
            })
            .unwrap_or_else(|failure| panic!("{}: {failure}", target.path));
    }
}
