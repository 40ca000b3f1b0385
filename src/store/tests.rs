//! The contract every [`Store`] keeps, checked the same way on each backend.

use rust_decimal_macros::dec;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::domain::balance::Balance;
use crate::domain::client_order::ClientOrderRef;
use crate::domain::delivery::{DeliveryOrder, DeliveryStatus};
use crate::domain::lifecycle::Deadlines;
use crate::domain::money::{Amount, SignedAmount};
use crate::domain::order::tests::{draft, line};
use crate::domain::order::{Actor, OrderStatus};
use crate::domain::period::Period;
use crate::domain::resource::{AutoRenew, NewResource, ResourceStatus, ResourceTerm};

/// When the contract's orders are placed.
const PLACED: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

/// A new order `id` of account `d`, project `p`, with two lines and one pending resource, and
/// the change that stores it.
pub fn fresh_change(id: &str) -> (Change, Order) {
    let mut draft = draft(vec![line(dec!(10.25)), line(dec!(0.5))]);
    draft.priced.resources.push(Resource::pending(
        NewResource {
            id: format!("res-{id}"),
            domain_id: "d".into(),
            project_id: "p".into(),
            service_type: "svc".into(),
            product_id: "prod".into(),
            resource_type: "t".into(),
            spec_code: "s".into(),
            parent_id: None,
        },
        Some(ResourceTerm::Period(Period::Months(1))),
        PLACED,
    ));
    let order = Order::place(id.parse().unwrap(), draft, PLACED, Deadlines::default()).unwrap();
    (Change::new_order(order.clone()), order)
}

/// The conflict `result` is; panics on anything else.
pub fn conflict(result: Result<(), StoreError>) -> Conflict {
    match result {
        Err(StoreError::Conflict(c)) => c,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// Runs every check against `store`, which must be empty.
pub async fn check_store_contract(store: &dyn Store) {
    new_orders_read_back_whole(store).await;
    transitions_are_version_checked(store).await;
    client_ids_and_delivery_orders(store).await;
    balances_are_version_checked(store).await;
    resources_are_found_delivered_and_version_checked(store).await;
    lists_filter_sort_and_page(store).await;
    delivered_resources_are_listed(store).await;
    delivery_orders_change_with_their_order(store).await;
    delivery_orders_are_listed_and_paged(store).await;
    super::tests_nodes::check_shared_state(store).await;
    a_reset_empties_every_table(store).await;
    the_write_probe_commits_again_and_again(store).await;
}

async fn the_write_probe_commits_again_and_again(store: &dyn Store) {
    // The first inserts the probe's row, the next ones update it.
    for _ in 0..3 {
        store.check_writes().await.unwrap();
    }
}

async fn new_orders_read_back_whole(store: &dyn Store) {
    let (change, order) = fresh_change("CS2611231200AAAAA");
    store.commit(change.clone()).await.unwrap();
    let stored = store.order("d", order.id()).await.unwrap().expect("stored");
    assert_eq!(stored.priced().lines, order.priced().lines);
    assert_eq!(stored.total().value(), dec!(10.75));
    assert_eq!(stored.status(), OrderStatus::PendingPayment);
    assert_eq!(stored.due_at(), Some(PLACED + Duration::days(7)));
    let resources = store.order_resources("d", order.id()).await.unwrap();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].order_id(), Some(order.id().as_str()));
    assert_eq!(resources[0].status(), ResourceStatus::Pending);
    assert_eq!(stored.priced().resources, resources);
    assert!(store.order("other", order.id()).await.unwrap().is_none());

    assert_eq!(
        conflict(store.commit(change).await),
        Conflict::OrderId(order.id().clone())
    );
    assert_eq!(store.count_orders("d").await.unwrap(), 1);
    let due = store
        .due_orders(PLACED + Duration::days(7), 10)
        .await
        .unwrap();
    assert_eq!(
        due,
        vec![(
            "d".to_owned(),
            order.id().clone(),
            PLACED + Duration::days(7)
        )]
    );
    assert!(store.due_orders(PLACED, 10).await.unwrap().is_empty());
}

async fn transitions_are_version_checked(store: &dyn Store) {
    let id: OrderId = "CS2611231200AAAAA".parse().unwrap();
    let order = store.order("d", &id).await.unwrap().unwrap();
    let at = PLACED + Duration::hours(1);
    let paid = order
        .pay(at, Actor::User("u".into()), Deadlines::default())
        .unwrap();
    let cancelled = order.cancel(at, Actor::User("u".into())).unwrap();
    store
        .commit(Change::default().transition(paid))
        .await
        .unwrap();
    assert_eq!(
        conflict(store.commit(Change::default().transition(cancelled)).await),
        Conflict::StaleOrder(id.clone()),
        "the loser of a race is refused, not written"
    );
    let stored = store.order("d", &id).await.unwrap().unwrap();
    assert_eq!(stored.status(), OrderStatus::Processing);
    assert_eq!(stored.paid_at(), Some(at));
    assert_eq!(stored.paid_by(), Some("u"));
    assert_eq!(stored.version(), 2);
}

async fn client_ids_and_delivery_orders(store: &dyn Store) {
    let (mut change, order) = fresh_change("CS2611231200CCCCC");
    let client = ClientOrderRef {
        client_order_id: "mine1".parse().unwrap(),
        content_hash: "h1".into(),
    };
    change.client_order = Some(ClientOrderWrite {
        domain_id: "d".into(),
        order_id: order.id().clone(),
        client: client.clone(),
    });
    let delivery = DeliveryOrder::new("d".into(), "site".into(), order.id().clone(), PLACED);
    change.delivery_orders.push(delivery.clone());
    store.commit(change).await.unwrap();
    assert_eq!(
        store
            .client_order("d", &client.client_order_id)
            .await
            .unwrap(),
        Some((order.id().clone(), "h1".to_owned()))
    );
    assert_eq!(
        store.delivery_order("d", &delivery.id).await.unwrap(),
        Some(delivery.clone())
    );
    assert_eq!(store.delivery_order("x", &delivery.id).await.unwrap(), None);

    let (mut again, other) = fresh_change("CS2611231200DDDDD");
    again.resources.clear();
    again.client_order = Some(ClientOrderWrite {
        domain_id: "d".into(),
        order_id: other.id().clone(),
        client,
    });
    assert_eq!(
        conflict(store.commit(again).await),
        Conflict::ClientOrder("mine1".into())
    );
    assert!(
        store.order("d", other.id()).await.unwrap().is_none(),
        "nothing of a conflicting change is written"
    );
}

async fn balances_are_version_checked(store: &dyn Store) {
    let cny = "CNY".parse().unwrap();
    let opening = Balance::opening(
        "d",
        "CNY".parse().unwrap(),
        SignedAmount::from_cents(10_000),
    );
    let open = BalanceWrite {
        balance: Balance {
            version: 1,
            ..opening.clone()
        },
        expected_version: 0,
    };
    store
        .commit(Change {
            balances: vec![open.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    assert_eq!(
        conflict(
            store
                .commit(Change {
                    balances: vec![open],
                    ..Change::default()
                })
                .await
        ),
        Conflict::StaleBalance("d".into())
    );
    let stored = store.balance("d").await.unwrap().unwrap();
    let debit = stored
        .debit(Amount::new(dec!(12.34)).unwrap(), &cny, None, PLACED, "pay")
        .unwrap();
    store
        .commit(Change::default().balance(debit.clone()))
        .await
        .unwrap();
    assert_eq!(
        conflict(store.commit(Change::default().balance(debit)).await),
        Conflict::StaleBalance("d".into())
    );
    let after = store.balance("d").await.unwrap().unwrap();
    assert_eq!(after.amount.to_string(), "87.66");
    assert_eq!(after.version, 2);
}

async fn resources_are_found_delivered_and_version_checked(store: &dyn Store) {
    let id: OrderId = "CS2611231200AAAAA".parse().unwrap();
    let ids = vec!["res-CS2611231200AAAAA".to_owned(), "nope".to_owned()];
    let found = store.resources("p", &ids).await.unwrap();
    assert_eq!(found.len(), 1);
    assert!(store.resources("other", &ids).await.unwrap().is_empty());
    let at = PLACED + Duration::days(1);
    let delivered = found[0].deliver(at, false);
    let write = |resource: Resource| Change {
        resources: vec![ResourceWrite::Update {
            resource,
            expected_version: 1,
        }],
        ..Change::default()
    };
    store.commit(write(delivered.clone())).await.unwrap();
    assert_eq!(
        conflict(store.commit(write(delivered.clone())).await),
        Conflict::StaleResource(delivered.id().to_owned())
    );
    let stored = store.order_resources("d", &id).await.unwrap();
    assert_eq!(stored, vec![delivered.clone()]);
    assert_eq!(
        stored[0].expires_at(),
        Some(at + Duration::days(30)),
        "a month from delivery"
    );
    let expiry = at + Duration::days(30);
    let due = store.due_resources(expiry, 10).await.unwrap();
    assert_eq!(
        due,
        vec![("p".to_owned(), delivered.id().to_owned(), expiry)],
        "due when it expires"
    );
    assert!(store.due_resources(at, 10).await.unwrap().is_empty());
    let renewing = delivered.with_auto_renew(Some(AutoRenew {
        period: Period::Years(2),
        times_left: Some(3),
    }));
    let frozen = renewing.expire(Deadlines::default());
    let update = Change {
        resources: vec![ResourceWrite::Update {
            resource: frozen.clone(),
            expected_version: delivered.version(),
        }],
        ..Change::default()
    };
    store.commit(update).await.unwrap();
    let stored = store.order_resources("d", &id).await.unwrap();
    assert_eq!(
        stored,
        vec![frozen.clone()],
        "status, auto-renewal and due time kept"
    );
    let grace_end = expiry + Deadlines::default().grace;
    assert_eq!(store.due_resources(expiry, 10).await.unwrap(), vec![]);
    assert_eq!(store.due_resources(grace_end, 10).await.unwrap().len(), 1);
    let orders = store.resource_orders("d", delivered.id()).await.unwrap();
    assert_eq!(orders.len(), 1, "the order that created it");
    assert_eq!(orders[0].id(), &id);
    assert!(
        store
            .resource_orders("other", delivered.id())
            .await
            .unwrap()
            .is_empty()
    );
    let renewed = frozen.renew(Period::Months(1)).unwrap();
    let update = Change {
        resources: vec![ResourceWrite::Update {
            resource: renewed.clone(),
            expected_version: frozen.version(),
        }],
        ..Change::default()
    };
    store.commit(update).await.unwrap();
    let delivered = renewed;

    let seeded = Change {
        resources: vec![ResourceWrite::InsertIfAbsent(delivered.clone())],
        ..Change::default()
    };
    store.commit(seeded).await.unwrap();
    assert_eq!(store.resources("p", &ids).await.unwrap(), vec![delivered]);
}

async fn lists_filter_sort_and_page(store: &dyn Store) {
    let mut query = OrderQuery::of_account("d", 2);
    let page = store.orders(&query).await.unwrap();
    assert_eq!(page.total, 2);
    let ids: Vec<&str> = page.orders.iter().map(|o| o.id().as_str()).collect();
    assert_eq!(
        ids,
        ["CS2611231200CCCCC", "CS2611231200AAAAA"],
        "same time: by id"
    );
    query.sort = OrderSort::OldestFirst;
    query.offset = 1;
    let page = store.orders(&query).await.unwrap();
    assert_eq!(page.orders.len(), 1);
    assert_eq!(page.orders[0].id().as_str(), "CS2611231200CCCCC");
    let mut by_id = OrderQuery::of_account("d", 10);
    by_id.order_id = Some("cs2611231200aaaaa".into());
    by_id.status = Some(OrderStatus::Processing);
    by_id.paid = TimeRange {
        from: Some(PLACED),
        to: Some(PLACED + Duration::hours(2)),
    };
    let page = store.orders(&by_id).await.unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.orders[0].priced().lines.len(), 2);
    by_id.status = Some(OrderStatus::Cancelled);
    assert_eq!(store.orders(&by_id).await.unwrap().total, 0);
}

async fn delivered_resources_are_listed(store: &dyn Store) {
    let mut query = ResourceQuery::of_account("d", 10);
    let page = store.resource_list(&query).await.unwrap();
    assert_eq!(page.total, 1, "only the delivered one: {page:?}");
    assert_eq!(page.resources[0].id(), "res-CS2611231200AAAAA");
    query.order_id = Some("CS2611231200CCCCC".parse().unwrap());
    assert_eq!(store.resource_list(&query).await.unwrap().total, 0);
    query.order_id = None;
    query.statuses = vec![ResourceStatus::Pending];
    assert_eq!(store.resource_list(&query).await.unwrap().total, 0);
    query.statuses = vec![ResourceStatus::InUse];
    query.resource_ids = vec!["res-CS2611231200AAAAA".into(), "x".into()];
    query.only_main = true;
    assert_eq!(store.resource_list(&query).await.unwrap().total, 1);
    query.project_id = Some("p".into());
    assert_eq!(store.resource_list(&query).await.unwrap().total, 1);
    query.project_id = Some("other".into());
    assert_eq!(store.resource_list(&query).await.unwrap().total, 0);
}

async fn delivery_orders_change_with_their_order(store: &dyn Store) {
    let id: OrderId = "CS2611231200CCCCC".parse().unwrap();
    let deliveries = store.delivery_orders_of("d", &id).await.unwrap();
    assert_eq!(deliveries.len(), 1);
    let at = PLACED + Duration::days(2);
    let done = deliveries[0].succeed(at).unwrap();
    store
        .commit(Change {
            delivery_updates: vec![done.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    assert_eq!(
        store.delivery_orders_of("d", &id).await.unwrap(),
        vec![done]
    );
}

async fn delivery_orders_are_listed_and_paged(store: &dyn Store) {
    let first = store
        .delivery_orders_of("d", &"CS2611231200CCCCC".parse().unwrap())
        .await
        .unwrap()
        .remove(0);
    let mut made = vec![first];
    for (minutes, (order_id, domain)) in [
        ("CS2611231200EEEEE", "d"),
        ("CS2611231200FFFFF", "d"),
        ("CS2611231200GGGGG", "x"),
    ]
    .into_iter()
    .enumerate()
    {
        let (mut change, order) = fresh_change(order_id);
        let at = PLACED + Duration::minutes(minutes as i64 + 1);
        let delivery = DeliveryOrder::new(domain.into(), "site".into(), order.id().clone(), at);
        change.delivery_orders.push(delivery.clone());
        store.commit(change).await.unwrap();
        made.push(delivery);
    }
    let query = |limit: u32| DeliveryQuery {
        domain_id: "d".into(),
        statuses: Vec::new(),
        id: None,
        after: None,
        limit,
    };
    let ids = |page: Vec<DeliveryOrder>| page.into_iter().map(|d| d.id).collect::<Vec<_>>();
    let list = |q: DeliveryQuery| async move { ids(store.delivery_orders(&q).await.unwrap()) };
    let [c, e, f, g] = [0, 1, 2, 3].map(|i| made[i].id.as_str());

    assert_eq!(
        list(query(10)).await,
        [c, e, f],
        "oldest first, the account's own"
    );
    assert_eq!(list(query(2)).await, [c, e]);
    let after = |marker: &str, limit| DeliveryQuery {
        after: Some(marker.to_owned()),
        ..query(limit)
    };
    assert_eq!(list(after(e, 2)).await, [f]);
    assert!(list(after(f, 2)).await.is_empty());
    assert!(list(after("nope", 2)).await.is_empty());
    assert!(
        list(after(g, 2)).await.is_empty(),
        "another account's marker"
    );
    let processing = DeliveryQuery {
        statuses: vec![DeliveryStatus::Processing],
        ..query(10)
    };
    assert_eq!(list(processing).await, [e, f]);
    let by_id = DeliveryQuery {
        id: Some(e.to_owned()),
        ..query(10)
    };
    assert_eq!(list(by_id).await, [e]);
    let of_x = DeliveryQuery {
        domain_id: "x".into(),
        ..query(10)
    };
    assert_eq!(list(of_x).await, [g]);

    let deleted = made[2].delete(PLACED + Duration::hours(1)).unwrap();
    store
        .commit(Change {
            delivery_updates: vec![deleted],
            ..Change::default()
        })
        .await
        .unwrap();
    let undeleted = DeliveryQuery {
        statuses: DeliveryStatus::UNDELETED.to_vec(),
        ..query(10)
    };
    assert_eq!(list(undeleted).await, [c, e]);
}

async fn a_reset_empties_every_table(store: &dyn Store) {
    store.reset().await.unwrap();
    assert_eq!(store.count_orders("d").await.unwrap(), 0);
    assert_eq!(store.balance("d").await.unwrap(), None);
    let ids = vec!["res-CS2611231200AAAAA".to_owned()];
    assert!(store.resources("p", &ids).await.unwrap().is_empty());
    let (change, _) = fresh_change("CS2611231200AAAAA");
    store.commit(change).await.unwrap();
}
