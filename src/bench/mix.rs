//! What a run sends: the kinds of request and their weights (`dsc=6,detail=1,pay=1`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::BenchError;

/// One kind of request the benchmark sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `POST /v1/{project_id}/period/order`: the DSC seed example (answers 200).
    Dsc,
    /// `POST /v2/{project_id}/periodic/subscribe/order`, `createDesktops` (answers 200).
    Workspace,
    /// `POST /v2/{domain_id}/delivery-orders` for the demo edge site (answers 200).
    Ies,
    /// `GET /v2/orders/customer-orders/details/{order_id}` of a known order (answers 200).
    Detail,
    /// `GET /v2/orders/customer-orders?limit=10&offset=0` (answers 200).
    List,
    /// `POST /v3/orders/customer-orders/pay` of an order this run created (answers 204).
    Pay,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 6] = [
        Kind::Dsc,
        Kind::Workspace,
        Kind::Ies,
        Kind::Detail,
        Kind::List,
        Kind::Pay,
    ];

    /// The name `--mix` and the report use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Dsc => "dsc",
            Kind::Workspace => "workspace",
            Kind::Ies => "ies",
            Kind::Detail => "detail",
            Kind::List => "list",
            Kind::Pay => "pay",
        }
    }

    /// True for the kinds that place an order.
    pub fn creates(self) -> bool {
        matches!(self, Kind::Dsc | Kind::Workspace | Kind::Ies)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Weighted kinds: each request is drawn at random, a kind as often as its weight says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mix {
    /// Kinds with a weight above 0, in [`Kind::ALL`] order.
    weights: Vec<(Kind, u32)>,
}

impl Mix {
    /// DSC order creation only (what the pre-fill sends).
    pub fn dsc_only() -> Mix {
        Mix {
            weights: vec![(Kind::Dsc, 1)],
        }
    }

    /// The kinds and their weights, in [`Kind::ALL`] order.
    pub fn weights(&self) -> &[(Kind, u32)] {
        &self.weights
    }

    /// True when `kind` has a weight.
    pub fn has(&self, kind: Kind) -> bool {
        self.weights.iter().any(|(k, _)| *k == kind)
    }

    /// True when some kind places orders.
    pub fn has_creates(&self) -> bool {
        self.weights.iter().any(|(k, _)| k.creates())
    }

    /// The kind a uniform `draw` in `0..total` lands on.
    pub fn kind_at(&self, draw: u64) -> Kind {
        pick(self.weights.iter().copied(), draw)
    }

    /// The sum of the weights.
    pub fn total(&self) -> u64 {
        self.weights.iter().map(|(_, w)| u64::from(*w)).sum()
    }

    /// The create kind a uniform `draw` in `0..create_total` lands on, by the creates' weights:
    /// what is sent when a detail or pay finds no order to act on yet.
    pub fn create_at(&self, draw: u64) -> Kind {
        pick(self.creates(), draw)
    }

    /// The sum of the create kinds' weights.
    pub fn create_total(&self) -> u64 {
        self.creates().map(|(_, w)| u64::from(w)).sum()
    }

    fn creates(&self) -> impl Iterator<Item = (Kind, u32)> + '_ {
        self.weights.iter().copied().filter(|(k, _)| k.creates())
    }
}

fn pick(weights: impl Iterator<Item = (Kind, u32)>, mut draw: u64) -> Kind {
    let mut last = None;
    for (kind, weight) in weights {
        if draw < u64::from(weight) {
            return kind;
        }
        draw -= u64::from(weight);
        last = Some(kind);
    }
    last.expect("a mix has at least one kind with a weight")
}

impl FromStr for Mix {
    type Err = BenchError;

    /// Parses `kind=weight` pairs separated by commas; a kind without `=` weighs 1; weights
    /// of 0 leave the kind out; at least one kind must weigh more than 0.
    fn from_str(text: &str) -> Result<Mix, BenchError> {
        let bad = BenchError::Usage;
        let mut weights: Vec<(Kind, u32)> = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, weight) = part.split_once('=').unwrap_or((part, "1"));
            let kind = Kind::ALL
                .into_iter()
                .find(|k| k.name() == name.trim())
                .ok_or_else(|| {
                    bad(format!(
                        "unknown kind {name:?} (kinds: dsc, workspace, ies, detail, list, pay)"
                    ))
                })?;
            let weight: u32 = weight
                .trim()
                .parse()
                .map_err(|_| bad(format!("the weight of {name} must be a whole number")))?;
            if weights.iter().any(|(k, _)| *k == kind) {
                return Err(bad(format!("{name} is given twice")));
            }
            if weight > 0 {
                weights.push((kind, weight));
            }
        }
        if weights.is_empty() {
            return Err(bad("no kind has a weight above 0".into()));
        }
        weights.sort_by_key(|(k, _)| *k);
        Ok(Mix { weights })
    }
}

impl fmt::Display for Mix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .weights
            .iter()
            .map(|(k, w)| format!("{k}={w}"))
            .collect();
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_parse_in_any_order_and_print_in_kind_order() {
        let mix: Mix = "pay=1, dsc=6,list,detail=0".parse().unwrap();
        assert_eq!(
            mix.weights(),
            [(Kind::Dsc, 6), (Kind::List, 1), (Kind::Pay, 1)]
        );
        assert_eq!(mix.to_string(), "dsc=6,list=1,pay=1");
        assert!(!mix.has(Kind::Detail));
        assert_eq!(mix.total(), 8);
    }

    #[test]
    fn draws_land_on_kinds_in_proportion_to_their_weights() {
        let mix: Mix = "dsc=2,ies=1,pay=1".parse().unwrap();
        let drawn: Vec<Kind> = (0..mix.total()).map(|d| mix.kind_at(d)).collect();
        assert_eq!(drawn, [Kind::Dsc, Kind::Dsc, Kind::Ies, Kind::Pay]);
        let creates: Vec<Kind> = (0..mix.create_total()).map(|d| mix.create_at(d)).collect();
        assert_eq!(creates, [Kind::Dsc, Kind::Dsc, Kind::Ies]);
    }

    #[test]
    fn nonsense_is_refused_with_the_reason() {
        for (text, needle) in [
            ("dsc=1,orders=2", "unknown kind \"orders\""),
            ("dsc=x", "whole number"),
            ("dsc=-1", "whole number"),
            ("dsc=1,dsc=2", "given twice"),
            ("dsc=0", "no kind"),
            ("", "no kind"),
        ] {
            let err = text.parse::<Mix>().unwrap_err().to_string();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }
}
