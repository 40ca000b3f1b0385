//! Reading documents and deciding with them: Deny over Allow, implicit deny, `NotAction`,
//! resources, deferred keys; and, for any policies, that a Deny that matches always denies.

use proptest::prelude::*;
use serde_json::json;

use super::document::{Origin, Policy};
use super::evaluate::{Decision, evaluate};
use super::{ActionPattern, RequestContext};

fn policy(name: &str, document: serde_json::Value) -> Policy {
    Policy::parse(Origin::Named(name.into()), &document.to_string())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn statements(list: serde_json::Value) -> serde_json::Value {
    json!({"Version": "5.0", "Statement": list})
}

fn describe(decision: Decision<'_>) -> String {
    match decision {
        Decision::Allow(s) => format!("allow {}", s.index),
        Decision::ExplicitDeny(s) => format!("deny {}", s.index),
        Decision::ImplicitDeny => "implicit".into(),
        Decision::Undecided(s) => format!("undecided {}", s.index),
        Decision::Root => "root".into(),
    }
}

#[test]
fn an_explicit_deny_wins_and_nothing_allowed_is_denied() {
    let p = policy(
        "p",
        statements(json!([
            {"Effect": "Allow", "Action": ["workspace:*:*", "bss:order:view"]},
            {"Sid": "NoEip", "Effect": "Deny", "Action": "workspace:orders:create",
             "Condition": {"Bool": {"workspace:AssociatePublicIp": "true"}}},
        ])),
    );
    let mut eip = RequestContext::new();
    eip.insert("workspace:AssociatePublicIp", "true");
    let plain = RequestContext::new();
    let decide = |action: &str, ctx: &RequestContext| describe(evaluate([&p], action, ctx));
    assert_eq!(decide("workspace:orders:create", &eip), "deny 1");
    assert_eq!(decide("workspace:orders:create", &plain), "allow 0");
    assert_eq!(decide("WORKSPACE:Orders:Create", &plain), "allow 0");
    assert_eq!(decide("bss:order:view", &eip), "allow 0");
    assert_eq!(decide("bss:order:update", &plain), "implicit");
    // Across policies too, whatever their order.
    let allow_all = policy(
        "all",
        statements(json!([{"Effect": "Allow", "Action": "*"}])),
    );
    let deny = policy(
        "deny",
        statements(json!([{"Effect": "Deny", "Action": "bss:*:*"}])),
    );
    for order in [[&allow_all, &deny], [&deny, &allow_all]] {
        assert_eq!(
            describe(evaluate(order, "bss:order:view", &plain)),
            "deny 0"
        );
        assert_eq!(
            describe(evaluate(order, "dsc:orders:view", &plain)),
            "allow 0"
        );
    }
    assert_eq!(
        describe(evaluate([], "dsc:orders:view", &plain)),
        "implicit"
    );
}

#[test]
fn not_action_covers_every_other_action_and_resources_must_include_all() {
    let p = policy(
        "p",
        statements(json!([
            {"Effect": "Allow", "NotAction": ["bss:*:*"]},
            {"Effect": "Allow", "Action": "bss:order:view", "Resource": ["obs:*:*:bucket:*"]},
            {"Effect": "Allow", "Action": "bss:order:update", "Resource": ["obs:*:*:bucket:*", "*"]},
        ])),
    );
    let ctx = RequestContext::new();
    assert_eq!(
        describe(evaluate([&p], "dsc:orders:create", &ctx)),
        "allow 0"
    );
    // orderd's actions have no resource types: a statement naming URNs only does not apply.
    assert_eq!(describe(evaluate([&p], "bss:order:view", &ctx)), "implicit");
    assert_eq!(
        describe(evaluate([&p], "bss:order:update", &ctx)),
        "allow 2"
    );
}

#[test]
fn deferred_keys_leave_the_decision_open_only_where_they_could_change_it() {
    let p = policy(
        "p",
        statements(json!([
            {"Effect": "Allow", "Action": "workspace:orders:create",
             "Condition": {"StringEquals": {"workspace:CreateOrderType": "createDesktops"}}},
            {"Effect": "Allow", "Action": "dsc:orders:create"},
            {"Effect": "Deny", "Action": "dsc:orders:create",
             "Condition": {"Bool": {"workspace:AssociatePublicIp": "true"}}},
            {"Effect": "Deny", "Action": "dsc:orders:create",
             "Condition": {"StringEquals": {"g:UserName": "mallory"},
                           "Bool": {"workspace:AssociatePublicIp": "true"}}},
        ])),
    );
    let mut ctx = RequestContext::new();
    ctx.insert("g:UserName", "ops");
    ctx.defer("workspace:CreateOrderType");
    ctx.defer("workspace:AssociatePublicIp");
    assert_eq!(
        describe(evaluate([&p], "workspace:orders:create", &ctx)),
        "undecided 0"
    );
    // A Deny that may yet apply keeps an Allow open; one whose known condition fails does not.
    assert_eq!(
        describe(evaluate([&p], "dsc:orders:create", &ctx)),
        "undecided 2"
    );
    assert_eq!(describe(evaluate([&p], "bss:order:view", &ctx)), "implicit");
    ctx.insert("workspace:CreateOrderType", "createExclusiveHosts");
    ctx.settle();
    assert_eq!(
        describe(evaluate([&p], "workspace:orders:create", &ctx)),
        "implicit"
    );
    assert_eq!(
        describe(evaluate([&p], "dsc:orders:create", &ctx)),
        "allow 1"
    );
}

#[test]
fn decisions_name_the_statement_that_decided() {
    let p = policy(
        "no-public-ip",
        statements(json!([{"Sid": "NoEip", "Effect": "Deny", "Action": "*"}])),
    );
    let actions = Policy::actions_list(vec![ActionPattern::parse("bss:order:view").unwrap()]);
    let ctx = RequestContext::new();
    assert_eq!(
        evaluate([&p], "bss:order:view", &ctx).to_string(),
        "explicitly denied by Statement[0] (\"NoEip\") of policy \"no-public-ip\""
    );
    assert_eq!(
        evaluate([&actions], "bss:order:view", &ctx).to_string(),
        "allowed by Statement[0] of the user's actions list"
    );
    assert!(Decision::Root.allows() && !Decision::ImplicitDeny.allows());
}

#[test]
fn documents_that_are_not_policies_are_refused_naming_the_place() {
    let cases: &[(serde_json::Value, &str)] = &[
        (
            json!({"Version": "1.1", "Statement": [{"Effect": "Allow", "Action": "*"}]}),
            "Version: must be \"5.0\"",
        ),
        (
            json!({"Version": "5.0", "Statement": []}),
            "Statement: holds no statement",
        ),
        (json!({"Version": "5.0"}), "missing field `Statement`"),
        (
            statements(json!([{"Effect": "allow", "Action": "*"}])),
            "Statement[0].Effect: unknown variant `allow`",
        ),
        (
            statements(json!([{"Effect": "Allow"}])),
            "Statement[0]: needs Action or NotAction",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": "*", "NotAction": "*"}])),
            "not both",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": ["ecs:servers:list", "ecs"]}])),
            "Statement[0].Action[1]: \"ecs\" is not an action",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": []}])),
            "Statement[0].Action: names no action",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": "*", "Resource": ["bucket"]}])),
            "Statement[0].Resource[0]",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": "*", "Principal": {"IAM": ["x"]}}])),
            "unknown field `Principal`",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": "*",
            "Condition": {"StringEqualz": {"g:UserName": "x"}}}])),
            "Statement[0].Condition.StringEqualz: unknown operator",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": "*",
            "Condition": {"IpAddress": {"g:SourceIp": ["10.0.0.0/8", "nowhere"]}}}])),
            "Statement[0].Condition.IpAddress: g:SourceIp[1]: \"nowhere\"",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": "*", "Condition": {"Bool": {}}}])),
            "Statement[0].Condition.Bool: names no key",
        ),
        (
            statements(json!([{"Effect": "Allow", "Action": "*",
            "Condition": {"StringEquals": {"g:UserName": {"nested": 1}}}}])),
            "Statement[0].Condition.StringEquals.g:UserName",
        ),
    ];
    for (document, needle) in cases {
        let err = Policy::parse(Origin::Named("p".into()), &document.to_string())
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{document}: {err}");
    }
    let twice = r#"{"Version": "5.0", "Statement": [{"Effect": "Deny", "Action": "*",
        "Condition": {"StringEquals": {"g:UserName": "a"}, "StringEquals": {"g:UserName": "b"}}}]}"#;
    let err = Policy::parse(Origin::Actions, twice)
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"StringEquals\" is given twice"), "{err}");
    let keys_twice = r#"{"Version": "5.0", "Statement": [{"Effect": "Deny", "Action": "*",
        "Condition": {"StringEquals": {"g:UserName": "a", "g:username": "b"}}}]}"#;
    let err = Policy::parse(Origin::Actions, keys_twice)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is given twice"), "{err}");
    let trailing = r#"{"Version": "5.0", "Statement": [{"Effect": "Deny", "Action": "*"}]} x"#;
    assert!(Policy::parse(Origin::Actions, trailing).is_err());
}

/// An action of three parts.
fn action() -> impl Strategy<Value = String> {
    ("[a-z]{1,6}", "[a-zA-Z]{1,6}", "[a-z]{1,6}").prop_map(|(s, r, v)| format!("{s}:{r}:{v}"))
}

/// A statement covering some actions (one may be `action`), possibly under a condition on
/// `test:Key` that may or may not hold.
fn statement(action: String) -> impl Strategy<Value = serde_json::Value> {
    (
        prop::bool::ANY,
        prop_oneof![Just(action), Just("*".to_owned()), Just("x:y:z".to_owned())],
        prop::option::of(prop_oneof![Just("a"), Just("b")]),
    )
        .prop_map(|(allow, action, condition)| {
            let mut s = json!({"Effect": if allow { "Allow" } else { "Deny" }, "Action": action});
            if let Some(value) = condition {
                s["Condition"] = json!({"StringEquals": {"test:Key": value}});
            }
            s
        })
}

proptest! {
    #[test]
    fn a_deny_statement_that_matches_always_denies(
        (action, others, position) in action().prop_flat_map(|a| (
            Just(a.clone()),
            prop::collection::vec(statement(a), 0..6),
            0usize..7,
        )),
        deny_pattern in prop_oneof![Just(None), Just(Some("*")), Just(Some("?*:*:*"))],
    ) {
        let pattern = deny_pattern.map_or_else(|| action.clone(), str::to_owned);
        let deny = json!({"Effect": "Deny", "Action": pattern,
            "Condition": {"StringEqualsIgnoreCase": {"test:Key": "A"}}});
        let mut list = others;
        list.insert(position.min(list.len()), deny);
        let (first, second) = list.split_at(list.len() / 2);
        let mut ctx = RequestContext::new();
        ctx.insert("test:key", "a");
        let policies: Vec<Policy> = [first, second]
            .iter()
            .filter(|part| !part.is_empty())
            .map(|part| policy("p", statements(json!(part))))
            .collect();
        let decision = evaluate(&policies, &action, &ctx);
        prop_assert!(matches!(decision, Decision::ExplicitDeny(_)), "{}", describe(decision));
    }
}
