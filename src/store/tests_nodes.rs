//! The contract of what nodes share through a store: the clock, secrets, leases and
//! idempotency keys. Part of [`super::tests::check_store_contract`].

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::tests::{conflict, fresh_change};
use super::*;
use crate::domain::idempotency::{Answer, Fingerprint, KeyRecord};

const AT: OffsetDateTime = datetime!(2026-11-25 08:00 UTC);

/// Runs every check against `store`, which must hold no shared state yet.
pub async fn check_shared_state(store: &dyn Store) {
    the_clock_offset_only_grows(store).await;
    the_first_secret_stored_is_everyones(store).await;
    a_lease_has_one_holder_until_it_lapses(store).await;
    a_key_is_claimed_with_its_change_once(store).await;
}

async fn the_clock_offset_only_grows(store: &dyn Store) {
    assert_eq!(store.clock_offset().await.unwrap(), None);
    let year = Duration::days(365);
    store
        .commit(Change::shared(SharedWrite::ClockOffset(year)))
        .await
        .unwrap();
    assert_eq!(store.clock_offset().await.unwrap(), Some(year));
    let behind = Change::shared(SharedWrite::ClockOffset(year - Duration::SECOND));
    assert_eq!(conflict(store.commit(behind).await), Conflict::ClockAhead);
    assert_eq!(store.clock_offset().await.unwrap(), Some(year));
    let ahead = year + Duration::microseconds(1);
    store
        .commit(Change::shared(SharedWrite::ClockOffset(ahead)))
        .await
        .unwrap();
    assert_eq!(store.clock_offset().await.unwrap(), Some(ahead));
}

async fn the_first_secret_stored_is_everyones(store: &dyn Store) {
    assert_eq!(store.secret("k").await.unwrap(), None);
    for value in ["aa", "bb"] {
        let offer = SharedWrite::SecretIfAbsent {
            name: "k",
            value: value.into(),
        };
        store.commit(Change::shared(offer)).await.unwrap();
    }
    assert_eq!(store.secret("k").await.unwrap().as_deref(), Some("aa"));
}

async fn a_lease_has_one_holder_until_it_lapses(store: &dyn Store) {
    let hold = |holder: &str, now: OffsetDateTime| {
        Change::shared(SharedWrite::HoldLease {
            name: "work",
            holder: holder.into(),
            until: now + Duration::seconds(10),
            now,
        })
    };
    store.commit(hold("a", AT)).await.unwrap();
    let b_too_early = hold("b", AT + Duration::seconds(9));
    assert_eq!(
        conflict(store.commit(b_too_early).await),
        Conflict::LeaseHeld("work")
    );
    // Its holder renews it; another takes it once it lapsed.
    store
        .commit(hold("a", AT + Duration::seconds(5)))
        .await
        .unwrap();
    let b_before_renewed_end = hold("b", AT + Duration::seconds(14));
    assert!(store.commit(b_before_renewed_end).await.is_err());
    store
        .commit(hold("b", AT + Duration::seconds(15)))
        .await
        .unwrap();
    assert!(
        store
            .commit(hold("a", AT + Duration::seconds(16)))
            .await
            .is_err()
    );
    // A release by one who does not hold it does nothing; by the holder, frees it at once.
    let release = |holder: &str| {
        Change::shared(SharedWrite::ReleaseLease {
            name: "work",
            holder: holder.into(),
        })
    };
    store.commit(release("a")).await.unwrap();
    assert!(
        store
            .commit(hold("a", AT + Duration::seconds(17)))
            .await
            .is_err()
    );
    store.commit(release("b")).await.unwrap();
    store
        .commit(hold("a", AT + Duration::seconds(17)))
        .await
        .unwrap();
}

async fn a_key_is_claimed_with_its_change_once(store: &dyn Store) {
    let key: crate::domain::idempotency::IdempotencyKey = "retry-1".parse().unwrap();
    let record = |order: &Order| KeyRecord {
        domain_id: "d".into(),
        key: key.clone(),
        fingerprint: Fingerprint::of("POST", "/x", None, b"{}"),
        claimed_at: AT,
        created_orders: vec![order.id().clone()],
        answer: None,
    };
    let (mut first, order) = fresh_change("CS2611250800KEY01");
    first.keys.push(KeyWrite::Claim(record(&order)));
    store.commit(first).await.unwrap();
    assert_eq!(
        store.idempotency_key("d", &key).await.unwrap(),
        Some(record(&order))
    );
    assert_eq!(store.idempotency_key("other", &key).await.unwrap(), None);

    // A second change under the key writes nothing, its order included.
    let (mut second, again) = fresh_change("CS2611250800KEY02");
    second.keys.push(KeyWrite::Claim(record(&again)));
    assert_eq!(
        conflict(store.commit(second).await),
        Conflict::IdempotencyKey("retry-1".into())
    );
    assert!(store.order("d", again.id()).await.unwrap().is_none());

    let answer = Answer {
        status: 200,
        body: r#"{"order_id":"x"}"#.into(),
    };
    store
        .commit(Change::key(KeyWrite::Answer {
            domain_id: "d".into(),
            key: key.clone(),
            answer: answer.clone(),
        }))
        .await
        .unwrap();
    let kept = store.idempotency_key("d", &key).await.unwrap().unwrap();
    assert_eq!(kept.answer, Some(answer));

    let forget = |at| Change::key(KeyWrite::ForgetBefore(at));
    store.commit(forget(AT)).await.unwrap();
    assert!(store.idempotency_key("d", &key).await.unwrap().is_some());
    store
        .commit(forget(AT + Duration::microseconds(1)))
        .await
        .unwrap();
    assert_eq!(store.idempotency_key("d", &key).await.unwrap(), None);
}
