//! Each operator, qualifier and the `IfExists` suffix, on present, absent and deferred keys.

use super::condition::{Condition, Truth};
use super::context::RequestContext;

const KEY: &str = "test:Key";

/// How `operator` with the policy's `values` judges a request whose key holds `request`
/// (`None`: the request has no such key).
fn judge(operator: &str, values: &[&str], request: Option<&[&str]>) -> Truth {
    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let condition = Condition::parse(operator, KEY, &values)
        .unwrap_or_else(|e| panic!("{operator} {values:?}: {e}"));
    let mut ctx = RequestContext::new();
    for v in request.into_iter().flatten() {
        // Keys are case-insensitive: the context spells it otherwise.
        ctx.insert("TEST:key", *v);
    }
    condition.holds(&ctx)
}

type Case<'a> = (&'a str, &'a [&'a str], Option<&'a [&'a str]>, bool);

fn run(cases: &[Case<'_>]) {
    for (operator, values, request, expected) in cases {
        let got = judge(operator, values, *request);
        let expected = if *expected { Truth::True } else { Truth::False };
        assert_eq!(got, expected, "{operator} {values:?} against {request:?}");
    }
}

#[test]
fn string_operators_compare_exactly_ignoring_case_or_by_pattern() {
    run(&[
        (
            "StringEquals",
            &["createDesktops"],
            Some(&["createDesktops"]),
            true,
        ),
        (
            "StringEquals",
            &["createDesktops"],
            Some(&["createdesktops"]),
            false,
        ),
        ("StringEquals", &["a", "b"], Some(&["b"]), true),
        ("StringNotEquals", &["a", "b"], Some(&["b"]), false),
        ("StringNotEquals", &["a", "b"], Some(&["c"]), true),
        (
            "StringEqualsIgnoreCase",
            &["CreateDesktops"],
            Some(&["createDESKTOPS"]),
            true,
        ),
        ("StringEqualsIgnoreCase", &["x"], Some(&["y"]), false),
        (
            "StringNotEqualsIgnoreCase",
            &["CreateDesktops"],
            Some(&["createDESKTOPS"]),
            false,
        ),
        ("StringNotEqualsIgnoreCase", &["x"], Some(&["y"]), true),
        ("StringLike", &["create*"], Some(&["createDesktops"]), true),
        (
            "StringLike",
            &["create?esktops"],
            Some(&["createDesktops"]),
            true,
        ),
        ("StringLike", &["Create*"], Some(&["createDesktops"]), false),
        ("StringNotLike", &["create*"], Some(&["addVolumes"]), true),
        (
            "StringNotLike",
            &["create*"],
            Some(&["createDesktops"]),
            false,
        ),
        ("StringStartWith", &["ops-"], Some(&["ops-1"]), true),
        ("StringStartWith", &["ops-"], Some(&["dev-1"]), false),
        ("StringEndWith", &["-admin"], Some(&["acme-admin"]), true),
        ("StringEndWith", &["-admin"], Some(&["admin-acme"]), false),
    ]);
}

#[test]
fn numbers_compare_as_decimals() {
    run(&[
        ("NumberEquals", &["10"], Some(&["10.0"]), true),
        ("NumberEquals", &["10"], Some(&["11"]), false),
        ("NumberNotEquals", &["10"], Some(&["11"]), true),
        ("NumberNotEquals", &["10"], Some(&["10"]), false),
        ("NumberLessThan", &["10"], Some(&["9.99"]), true),
        ("NumberLessThan", &["10"], Some(&["10"]), false),
        ("NumberLessThanEquals", &["10"], Some(&["10"]), true),
        ("NumberLessThanEquals", &["10"], Some(&["10.01"]), false),
        ("NumberGreaterThan", &["1e1"], Some(&["11"]), true),
        ("NumberGreaterThan", &["10"], Some(&["10"]), false),
        ("NumberGreaterThanEquals", &["-5"], Some(&["-5"]), true),
        ("NumberGreaterThanEquals", &["-5"], Some(&["-6"]), false),
        // A value that is not a number matches no number.
        ("NumberEquals", &["10"], Some(&["ten"]), false),
    ]);
}

#[test]
fn dates_compare_as_instants() {
    let noon = "2026-11-23T12:00:00Z";
    run(&[
        (
            "DateEquals",
            &[noon],
            Some(&["2026-11-23T13:00:00+01:00"]),
            true,
        ),
        (
            "DateNotEquals",
            &[noon],
            Some(&["2026-11-23T12:00:01Z"]),
            true,
        ),
        ("DateNotEquals", &[noon], Some(&[noon]), false),
        (
            "DateLessThan",
            &[noon],
            Some(&["2026-11-23T11:59:59Z"]),
            true,
        ),
        ("DateLessThan", &[noon], Some(&[noon]), false),
        ("DateLessThanEquals", &[noon], Some(&[noon]), true),
        (
            "DateGreaterThan",
            &[noon],
            Some(&["2026-11-23T12:00:01Z"]),
            true,
        ),
        ("DateGreaterThan", &[noon], Some(&[noon]), false),
        ("DateGreaterThanEquals", &[noon], Some(&[noon]), true),
        (
            "DateGreaterThanEquals",
            &[noon],
            Some(&["2025-01-01T00:00:00Z"]),
            false,
        ),
        ("DateEquals", &[noon], Some(&["yesterday"]), false),
    ]);
}

#[test]
fn booleans_and_ip_ranges() {
    run(&[
        ("Bool", &["true"], Some(&["true"]), true),
        ("Bool", &["true"], Some(&["TRUE"]), true),
        ("Bool", &["true"], Some(&["false"]), false),
        ("Bool", &["false"], Some(&["yes"]), false),
        ("IpAddress", &["10.0.0.0/8"], Some(&["10.1.2.3"]), true),
        ("IpAddress", &["10.0.0.0/8"], Some(&["11.1.2.3"]), false),
        ("IpAddress", &["192.0.2.7"], Some(&["192.0.2.7"]), true),
        ("IpAddress", &["192.0.2.7"], Some(&["192.0.2.8"]), false),
        (
            "IpAddress",
            &["10.0.0.0/8", "2001:db8::/32"],
            Some(&["2001:db8::1"]),
            true,
        ),
        // An IPv4 client seen on an IPv6 socket is its IPv4 address.
        (
            "IpAddress",
            &["127.0.0.0/8"],
            Some(&["::ffff:127.0.0.1"]),
            true,
        ),
        ("NotIpAddress", &["10.0.0.0/8"], Some(&["11.1.2.3"]), true),
        ("NotIpAddress", &["10.0.0.0/8"], Some(&["10.1.2.3"]), false),
        (
            "IpAddress",
            &["10.0.0.0/8"],
            Some(&["not an address"]),
            false,
        ),
    ]);
}

#[test]
fn missing_keys_fail_positive_operators_and_pass_negated_if_exists_and_for_all_values() {
    run(&[
        ("StringEquals", &["a"], None, false),
        ("StringNotEquals", &["a"], None, true),
        ("StringEqualsIfExists", &["a"], None, true),
        ("StringEqualsIfExists", &["a"], Some(&["b"]), false),
        ("StringEqualsIfExists", &["a"], Some(&["a"]), true),
        ("NumberLessThanIfExists", &["5"], None, true),
        ("NumberLessThanIfExists", &["5"], Some(&["6"]), false),
        ("BoolIfExists", &["true"], None, true),
        ("BoolIfExists", &["true"], Some(&["false"]), false),
        ("IpAddress", &["10.0.0.0/8"], None, false),
        ("NotIpAddress", &["10.0.0.0/8"], None, true),
        ("Bool", &["true"], None, false),
        ("DateLessThan", &["2026-01-01T00:00:00Z"], None, false),
        ("ForAllValues:StringEquals", &["a"], None, true),
        ("ForAnyValue:StringEquals", &["a"], None, false),
        ("ForAnyValue:StringEqualsIfExists", &["a"], None, true),
        ("Null", &["true"], None, true),
        ("Null", &["true"], Some(&["x"]), false),
        ("Null", &["false"], None, false),
        ("Null", &["false"], Some(&["x"]), true),
    ]);
}

#[test]
fn qualifiers_quantify_over_the_requests_values() {
    let two: &[&str] = &["a", "b"];
    run(&[
        (
            "ForAllValues:StringEquals",
            &["a", "b", "c"],
            Some(two),
            true,
        ),
        ("ForAllValues:StringEquals", &["a"], Some(two), false),
        ("ForAnyValue:StringEquals", &["a"], Some(two), true),
        ("ForAnyValue:StringEquals", &["c"], Some(two), false),
        ("ForAnyValue:StringNotEquals", &["a"], Some(two), true),
        ("ForAnyValue:StringNotEquals", &["a", "b"], Some(two), false),
        ("ForAllValues:StringNotEquals", &["c"], Some(two), true),
        ("ForAllValues:StringNotEquals", &["a"], Some(two), false),
        ("ForAllValues:StringLike", &["?"], Some(two), true),
        // Without a qualifier: one value matching is enough, and a Not form needs none to.
        ("StringEquals", &["a"], Some(two), true),
        ("StringNotEquals", &["a"], Some(two), false),
        ("StringNotEquals", &["c"], Some(two), true),
    ]);
}

#[test]
fn a_deferred_key_leaves_the_condition_unknown() {
    for operator in [
        "StringEquals",
        "StringNotEqualsIfExists",
        "Null",
        "ForAllValues:StringLike",
    ] {
        let value = if operator == "Null" { "true" } else { "x" };
        let condition = Condition::parse(operator, KEY, &[value.into()]).unwrap();
        let mut ctx = RequestContext::new();
        ctx.defer("Test:KEY");
        assert_eq!(condition.holds(&ctx), Truth::Unknown, "{operator}");
    }
    assert_eq!(Truth::Unknown.and(Truth::False), Truth::False);
    assert_eq!(Truth::True.and(Truth::Unknown), Truth::Unknown);
    assert_eq!(Truth::True.and(Truth::True), Truth::True);
}

#[test]
fn values_the_operator_cannot_read_are_refused_naming_the_value() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "NumberEquals",
            &["1", "x"],
            "test:Key[1]: \"x\" is not a number",
        ),
        ("DateLessThan", &["2026-13-01"], "is not an RFC 3339 date"),
        ("Bool", &["yes"], "is not true or false"),
        (
            "IpAddress",
            &["10.0.0.0/33"],
            "is not an IP address or CIDR range",
        ),
        ("Null", &["true", "false"], "Null takes one value"),
        ("StringEquals", &[], "give at least one value"),
        ("StringEqualz", &["x"], "unknown operator \"StringEqualz\""),
    ];
    for (operator, values, needle) in cases {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        let err = Condition::parse(operator, KEY, &values).unwrap_err();
        assert!(err.contains(needle), "{operator} {values:?}: {err}");
    }
    for bad_key in ["SourceIp", ":x", "g:", "g:Source Ip"] {
        let err = Condition::parse("StringEquals", bad_key, &["x".into()]).unwrap_err();
        assert!(err.contains("is not a condition key"), "{bad_key}: {err}");
    }
}
