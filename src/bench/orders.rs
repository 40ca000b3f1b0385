//! The orders a run knows of: those a detail may read (from the pre-fill and from creates), and
//! those still unpaid that a pay may pay (from this run's creates). Shared by every connection.

use std::collections::VecDeque;
use std::sync::Mutex;

use super::BenchError;
use super::mix::{Kind, Mix};
use super::requests::Planned;

/// How many order ids are kept for details: a uniform sample of all that were placed
/// (reservoir sampling), so a pre-fill of millions is read across its whole range without
/// keeping every id.
const KNOWN_CAP: usize = 100_000;
/// How many unpaid orders wait for a pay at most; creates beyond it stay unpaid, unseen.
const UNPAID_CAP: usize = 100_000;

/// The order ids a run has seen.
#[derive(Debug, Default)]
pub struct Orders {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    known: Vec<String>,
    /// How many ids were offered to `known` in all.
    seen: u64,
    unpaid: VecDeque<String>,
}

impl Orders {
    /// Records an order that was placed; `payable` when a pay of this run may pay it.
    pub fn placed(&self, id: String, payable: bool) {
        let mut inner = self.inner.lock().expect("no panic while holding the lock");
        if payable {
            if inner.unpaid.len() == UNPAID_CAP {
                inner.unpaid.pop_front();
            }
            inner.unpaid.push_back(id.clone());
        }
        inner.seen += 1;
        if inner.known.len() < KNOWN_CAP {
            inner.known.push(id);
        } else {
            let slot = rand::random_range(0..inner.seen);
            if let Some(kept) = inner.known.get_mut(slot as usize) {
                *kept = id;
            }
        }
    }

    /// How many orders were recorded.
    pub fn seen(&self) -> u64 {
        self.inner
            .lock()
            .expect("no panic while holding the lock")
            .seen
    }

    /// The next request of `mix`. A detail with no order known yet, or a pay with no unpaid
    /// order waiting, becomes a create (drawn by the creates' weights); the flag says so.
    /// [`check_mix`] makes sure such a mix has a create kind.
    pub fn plan(&self, mix: &Mix) -> (Planned, bool) {
        self.plan_kind(mix.kind_at(rand::random_range(0..mix.total())), mix)
    }

    /// The request for a draw of `kind` from `mix`, as [`Orders::plan`] makes it.
    fn plan_kind(&self, kind: Kind, mix: &Mix) -> (Planned, bool) {
        let order = match kind {
            Kind::Detail => {
                let inner = self.inner.lock().expect("no panic while holding the lock");
                let pick = (!inner.known.is_empty())
                    .then(|| inner.known[rand::random_range(0..inner.known.len())].clone());
                Some(pick)
            }
            Kind::Pay => Some(
                self.inner
                    .lock()
                    .expect("no panic while holding the lock")
                    .unpaid
                    .pop_front(),
            ),
            _ => None,
        };
        match order {
            None => (Planned::new(kind, None), false),
            Some(Some(id)) => (Planned::new(kind, Some(&id)), false),
            Some(None) => {
                let create = mix.create_at(rand::random_range(0..mix.create_total()));
                (Planned::new(create, None), true)
            }
        }
    }
}

/// Refuses a mix whose details or pays could never find an order: pays need a create kind
/// (they pay what this run places); details need a create kind or a pre-fill.
pub fn check_mix(mix: &Mix, prefill: u64) -> Result<(), BenchError> {
    let refuse = |why: &str| Err(BenchError::Usage(format!("bad --mix {mix}: {why}")));
    if mix.has(Kind::Pay) && !mix.has_creates() {
        return refuse("pay pays the orders this run places: add dsc, workspace or ies");
    }
    if mix.has(Kind::Detail) && !mix.has_creates() && prefill == 0 {
        return refuse("detail reads orders placed before: add a create kind or --prefill");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pays_take_each_unpaid_order_once_then_fall_back_to_a_create() {
        let orders = Orders::default();
        let mix: Mix = "ies=1,pay=1".parse().unwrap();
        orders.placed("CS2611251200AAAAA".into(), true);
        orders.placed("CS2611251200AAAAB".into(), false);
        let (first, substituted) = orders.plan_kind(Kind::Pay, &mix);
        assert!(!substituted);
        assert_eq!(first, Planned::new(Kind::Pay, Some("CS2611251200AAAAA")));
        let (second, substituted) = orders.plan_kind(Kind::Pay, &mix);
        assert!(substituted);
        assert_eq!(second.kind, Kind::Ies);
        assert_eq!(orders.seen(), 2);
    }

    #[test]
    fn details_read_known_orders_and_the_sample_stays_bounded() {
        let orders = Orders::default();
        let mix: Mix = "dsc=1,detail=1".parse().unwrap();
        let (first, substituted) = orders.plan_kind(Kind::Detail, &mix);
        assert!(substituted, "nothing known yet: a create instead");
        assert_eq!(first.kind, Kind::Dsc);
        for n in 0..KNOWN_CAP as u64 + 10 {
            orders.placed(format!("CS2611251200{n:05}"), false);
        }
        let (planned, substituted) = orders.plan_kind(Kind::Detail, &mix);
        assert!(!substituted);
        assert_eq!(planned.kind, Kind::Detail);
        assert_eq!(orders.inner.lock().unwrap().known.len(), KNOWN_CAP);
        assert!(orders.inner.lock().unwrap().unpaid.is_empty());
    }

    #[test]
    fn mixes_whose_orders_could_never_exist_are_refused() {
        let mix = |text: &str| text.parse::<Mix>().unwrap();
        assert!(check_mix(&mix("pay=1,list=1"), 100).is_err());
        assert!(check_mix(&mix("detail=1"), 0).is_err());
        assert!(check_mix(&mix("detail=1"), 10).is_ok());
        assert!(check_mix(&mix("dsc=1,pay=1,detail=1"), 0).is_ok());
    }
}
