//! What a request is judged by: each condition key's values, as text (`"203.0.113.7"`,
//! `"2026-11-23T12:00:00Z"`, `"true"`). Typed operators read the text when they compare, so the
//! same context serves the server and `orderd policy check --context key=value`.

use std::collections::{BTreeMap, BTreeSet};

/// A condition key as IAM compares it: case-insensitively.
pub(super) fn fold(key: &str) -> String {
    key.to_ascii_lowercase()
}

/// The condition keys of one request and their values. A key may also be *deferred*: known only
/// later (read from the request body once the route has read it), which is different from
/// absent. Keys compare case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// Folded key → the key as first set, and its values (never empty).
    values: BTreeMap<String, (String, Vec<String>)>,
    deferred: BTreeSet<String>,
}

/// What a context holds for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'c> {
    /// The key's values (one or more).
    Values(&'c [String]),
    /// The request has no value for the key.
    Absent,
    /// The value is not known yet.
    Deferred,
}

impl RequestContext {
    /// An empty context.
    pub fn new() -> RequestContext {
        RequestContext::default()
    }

    /// Adds `value` to `key`'s values; the key is then known.
    pub fn insert(&mut self, key: &str, value: impl Into<String>) {
        let folded = fold(key);
        self.deferred.remove(&folded);
        self.values
            .entry(folded)
            .or_insert_with(|| (key.to_owned(), Vec::new()))
            .1
            .push(value.into());
    }

    /// Gives `key` exactly `values` (none: absent), replacing what it had.
    pub fn replace(&mut self, key: &str, values: Vec<String>) {
        let folded = fold(key);
        self.deferred.remove(&folded);
        if values.is_empty() {
            self.values.remove(&folded);
        } else {
            self.values.insert(folded, (key.to_owned(), values));
        }
    }

    /// Marks `key` as known only later: conditions on it are undecided until then.
    pub fn defer(&mut self, key: &str) {
        let folded = fold(key);
        self.values.remove(&folded);
        self.deferred.insert(folded);
    }

    /// Every deferred key is now known: those given no value are absent.
    pub fn settle(&mut self) {
        self.deferred.clear();
    }

    /// What the context holds for `folded_key` (already folded, see [`fold`]).
    pub(super) fn lookup(&self, folded_key: &str) -> Lookup<'_> {
        if self.deferred.contains(folded_key) {
            return Lookup::Deferred;
        }
        match self.values.get(folded_key) {
            Some((_, values)) if !values.is_empty() => Lookup::Values(values),
            _ => Lookup::Absent,
        }
    }

    /// Every key with a value, as first spelled, in order of their folded names.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.values
            .values()
            .map(|(key, values)| (key.as_str(), values.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_case_insensitively_and_deferred_is_not_absent() {
        let mut ctx = RequestContext::new();
        ctx.insert("g:UserName", "ops");
        ctx.insert("G:USERNAME", "second");
        assert_eq!(
            ctx.lookup(&fold("g:username")),
            Lookup::Values(&["ops".to_owned(), "second".to_owned()])
        );
        assert_eq!(ctx.lookup(&fold("g:SourceIp")), Lookup::Absent);
        ctx.defer("workspace:CreateOrderType");
        assert_eq!(
            ctx.lookup(&fold("workspace:createordertype")),
            Lookup::Deferred
        );
        ctx.settle();
        assert_eq!(
            ctx.lookup(&fold("workspace:createordertype")),
            Lookup::Absent
        );
        ctx.replace("g:username", vec![]);
        assert_eq!(ctx.lookup(&fold("g:UserName")), Lookup::Absent);
        ctx.defer("k:a");
        ctx.insert("k:A", "v");
        assert_eq!(ctx.lookup("k:a"), Lookup::Values(&["v".to_owned()]));
        assert_eq!(ctx.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["k:A"]);
    }
}
