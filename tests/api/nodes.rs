//! Several nodes on one PostgreSQL database serve the same accounts as one service. These tests
//! need a database that several processes share: they run in the PostgreSQL run of the suite
//! (`ORDERD_TEST_BACKEND=postgres`, which CI does) and say so and pass in the SQLite run.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth::{dsc_order, dsc_path};
use crate::helpers::{Credentials, TestApp, status_and_json};

const BALANCES: &str = "/v2/accounts/customer-accounts/balances";

/// Two nodes on one PostgreSQL database started with `flags`; `None` on SQLite.
async fn two_nodes(flags: &[&str]) -> Option<(TestApp, TestApp)> {
    let a = TestApp::spawn_with_flags(flags).await;
    if !a.on_postgres() {
        eprintln!("two nodes share PostgreSQL only: run with ORDERD_TEST_BACKEND=postgres");
        return None;
    }
    let b = a.another_node().await;
    Some((a, b))
}

async fn status(app: &TestApp, id: &str) -> Value {
    app.order_detail(id).await["order_info"]["status"].clone()
}

async fn balance(app: &TestApp) -> rust_decimal::Decimal {
    let answer = app.get_ok(BALANCES).await;
    answer["account_balances"][0]["amount"]
        .to_string()
        .parse()
        .expect("a number")
}

#[tokio::test]
async fn an_order_placed_on_one_node_is_read_listed_paid_and_cancelled_on_the_other() {
    let Some((a, b)) = two_nodes(&[]).await else {
        return;
    };
    let paid = a.place_ok(&dsc_path(), &dsc_order()).await;
    let cancelled = b.place_ok(&dsc_path(), &dsc_order()).await;
    assert_eq!(status(&b, &paid).await, 6, "read on the other node");
    let listed =
        crate::bss_helpers::ids(&a.list_orders("limit=10").await["order_infos"], "order_id");
    assert!(
        listed.contains(&paid) && listed.contains(&cancelled),
        "{listed:?}"
    );

    b.pay_ok(&paid).await;
    let (code, body) = a.cancel(&cancelled).await;
    assert_eq!(code, 204, "{body}");
    assert_eq!(status(&a, &paid).await, 5);
    assert_eq!(status(&b, &cancelled).await, 4);
}

#[tokio::test]
async fn pay_and_cancel_racing_on_two_nodes_have_one_winner_each() {
    let Some((a, b)) = two_nodes(&[]).await else {
        return;
    };
    // What one payment costs, measured once.
    let reference = a.place_ok(&dsc_path(), &dsc_order()).await;
    let before = balance(&a).await;
    a.pay_ok(&reference).await;
    let price = before - balance(&a).await;

    let mut ids = Vec::new();
    for i in 0..12 {
        let node = if i % 2 == 0 { &a } else { &b };
        ids.push(node.place_ok(&dsc_path(), &dsc_order()).await);
    }
    let before = balance(&b).await;
    let (a, b) = (&a, &b);
    let races = futures::future::join_all(
        ids.iter()
            .map(|id| async move { tokio::join!(a.pay(id), b.cancel(id)) }),
    )
    .await;

    let mut paid = 0;
    for (id, (pay, cancel)) in ids.iter().zip(&races) {
        let final_status = status(a, id).await;
        match (pay.0, cancel.0) {
            (204, 400) => {
                assert_eq!(cancel.1["error_code"], "CBC.99005010", "{id}: {cancel:?}");
                assert_eq!(final_status, 5, "{id}");
                paid += 1;
            }
            (400, 204) => {
                assert_eq!(pay.1["error_code"], "CBC.99003106", "{id}: {pay:?}");
                assert_eq!(final_status, 4, "{id}");
            }
            other => panic!("{id}: not exactly one winner: {other:?} {pay:?} {cancel:?}"),
        }
    }
    assert_eq!(
        before - balance(a).await,
        price * rust_decimal::Decimal::from(paid),
        "the balance moved for each payment that won, and only for those"
    );
}

#[tokio::test]
async fn a_token_one_node_issued_is_accepted_by_the_other() {
    let Some((a, b)) = two_nodes(&[]).await else {
        return;
    };
    let scope = json!({"project": {"name": "cn-north-4"}});
    let token = a
        .password_token("demo", "demo", "demo-password", scope)
        .await;
    let response = b
        .post_json_as(&Credentials::Token(token), &dsc_path(), &dsc_order())
        .await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn the_simulated_clock_is_one_clock_for_every_node() {
    let Some((a, b)) = two_nodes(&["--clock", "simulated"]).await else {
        return;
    };
    let moved = a.advance_clock("P400D").await;
    let (_, seen) = b.operator(Method::GET, "/orderd/v1/clock", None).await;
    assert!(
        seen["now"].as_str() >= moved["now"].as_str(),
        "{seen} vs {moved}"
    );
    // An order placed on the other node is dated on the moved clock.
    let id = b.place_ok(&dsc_path(), &dsc_order()).await;
    let created = b.order_detail(&id).await["order_info"]["create_time"].clone();
    assert!(
        created.as_str() >= moved["now"].as_str(),
        "{created} vs {moved}"
    );
    // Clocks only move forward, whichever node is asked: a node restarted keeps the time too.
    let b = b.restart().await;
    let (_, after_restart) = b.operator(Method::GET, "/orderd/v1/clock", None).await;
    assert!(after_restart["now"].as_str() >= moved["now"].as_str());
}

#[tokio::test]
async fn time_driven_work_goes_on_when_the_node_doing_it_stops() {
    let Some((mut a, b)) = two_nodes(&["--delivery-delay", "1s"]).await else {
        return;
    };
    a.shutdown().await;
    let id = b.place_ok(&dsc_path(), &dsc_order()).await;
    b.pay_ok(&id).await;
    b.clock.advance(time::Duration::seconds(2));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while status(&b, &id).await != 5 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the paid order was not delivered by the remaining node"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
