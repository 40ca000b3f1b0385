//! Order ids as the real service writes them: `CS`, the minute in UTC+8 as `yyMMddHHmm`, and five
//! upper-case letters or digits (`CS2611232007ABCDE`).

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use time::{OffsetDateTime, UtcOffset};

const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// How many distinct suffixes one minute has: 36^5.
const SUFFIX_SPACE: u64 = 60_466_176;
const ID_LEN: usize = 17;

/// A well-formed order id. Lookups are case-insensitive, so the id is kept upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderId(String);

/// Why a string is not an order id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be CS, 10 digits and 5 letters or digits (17 characters)")]
pub struct InvalidOrderId;

impl OrderId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for OrderId {
    type Err = InvalidOrderId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.to_ascii_uppercase();
        let bytes = upper.as_bytes();
        let well_formed = bytes.len() == ID_LEN
            && upper.starts_with("CS")
            && bytes[2..12].iter().all(u8::is_ascii_digit)
            && bytes[12..].iter().all(|b| ALPHABET.contains(b));
        if well_formed {
            Ok(Self(upper))
        } else {
            Err(InvalidOrderId)
        }
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hands out order ids that never repeat within one generator.
///
/// Within a minute the suffix is `(start + n) mod 36^5` for the n-th id, from a random `start`:
/// the first 36^5 ids of a minute are distinct, and consecutive orders get neighbouring ids, so
/// that the store appends them to its indexes instead of touching a random page of each per
/// order (a third of the cost of an order, measured). The ids tell how many orders one node
/// placed in a minute; they open nothing, as every read is scoped to the caller's account.
/// Several nodes each have their own run; when one runs into another's (the store's unique key
/// refuses the id), [`OrderIdGenerator::clashed`] moves it to a new random place.
#[derive(Debug)]
pub struct OrderIdGenerator {
    state: Mutex<MinuteState>,
}

#[derive(Debug)]
struct MinuteState {
    minute: String,
    start: u64,
    issued: u64,
}

/// The minute's suffixes are used up (more than 36^5 orders in one minute from one node).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("order ids for this minute are exhausted")]
pub struct IdsExhausted;

impl Default for OrderIdGenerator {
    fn default() -> Self {
        Self::new()
    }
}

impl OrderIdGenerator {
    /// A generator with no minute started yet.
    pub fn new() -> Self {
        Self {
            state: Mutex::new(MinuteState {
                minute: String::new(),
                start: 0,
                issued: 0,
            }),
        }
    }

    /// Moves this minute's run to a new random place: the id it gave was taken (by another
    /// node, whose run this one ran into).
    pub fn clashed(&self) {
        let mut state = self.state.lock().expect("id generator lock");
        state.start = rand::random_range(0..SUFFIX_SPACE);
    }

    /// The next id for an order placed at `now`.
    pub fn next(&self, now: OffsetDateTime) -> Result<OrderId, IdsExhausted> {
        let minute = minute_stamp(now);
        let mut state = self.state.lock().expect("id generator lock");
        if state.minute != minute {
            *state = MinuteState {
                minute,
                start: rand::random_range(0..SUFFIX_SPACE),
                issued: 0,
            };
        }
        if state.issued >= SUFFIX_SPACE {
            return Err(IdsExhausted);
        }
        let n = (state.start + state.issued) % SUFFIX_SPACE;
        state.issued += 1;
        let mut id = String::with_capacity(ID_LEN);
        id.push_str("CS");
        id.push_str(&state.minute);
        id.push_str(&suffix(n));
        Ok(OrderId(id))
    }
}

/// `yyMMddHHmm` of `now` in UTC+8, the zone the real service writes ids in.
fn minute_stamp(now: OffsetDateTime) -> String {
    let local = now.to_offset(UtcOffset::from_hms(8, 0, 0).expect("UTC+8 is a valid offset"));
    format!(
        "{:02}{:02}{:02}{:02}{:02}",
        local.year().rem_euclid(100),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    )
}

fn suffix(mut n: u64) -> String {
    let mut chars = [b'0'; 5];
    for slot in chars.iter_mut().rev() {
        *slot = ALPHABET[(n % 36) as usize];
        n /= 36;
    }
    String::from_utf8(chars.to_vec()).expect("alphabet is ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;
    use time::macros::datetime;

    #[test]
    fn id_carries_the_minute_in_utc_plus_8() {
        let id = OrderIdGenerator::new()
            .next(datetime!(2026-11-23 12:07:59 UTC))
            .unwrap();
        assert!(id.as_str().starts_with("CS2611232007"), "{id}");
        assert_eq!(id.as_str().len(), 17);
    }

    #[test]
    fn minute_stamp_rolls_over_the_date_line_of_utc_plus_8() {
        assert_eq!(minute_stamp(datetime!(2026-12-31 16:30 UTC)), "2701010030");
    }

    #[test]
    fn a_hundred_thousand_ids_in_one_minute_are_distinct() {
        let generator = OrderIdGenerator::new();
        let at = datetime!(2026-11-23 12:00 UTC);
        let ids: HashSet<_> = (0..100_000).map(|_| generator.next(at).unwrap()).collect();
        assert_eq!(ids.len(), 100_000);
    }

    #[test]
    fn ids_of_one_minute_follow_each_other_until_a_clash_moves_the_run() {
        let generator = OrderIdGenerator::new();
        let at = datetime!(2026-11-23 12:00 UTC);
        let first = generator.next(at).unwrap();
        let second = generator.next(at).unwrap();
        let successor = |id: &OrderId| {
            let n = id.as_str()[12..].bytes().fold(0u64, |n, b| {
                n * 36 + ALPHABET.iter().position(|a| *a == b).unwrap() as u64
            });
            suffix((n + 1) % SUFFIX_SPACE)
        };
        assert_eq!(&second.as_str()[12..], successor(&first));
        generator.clashed();
        let moved = generator.next(at).unwrap();
        assert_ne!(
            &moved.as_str()[12..],
            successor(&second),
            "a new place (1 in 60 million: not)"
        );
    }

    #[test]
    fn parse_accepts_lower_case_and_rejects_malformed_ids() {
        let id: OrderId = "cs2611232007abcde".parse().unwrap();
        assert_eq!(id.as_str(), "CS2611232007ABCDE");
        for bad in [
            "",
            "CS261123200ABCDE",
            "XX2611232007ABCDE",
            "CS26112320a7ABCDE",
            "CS2611232007ABCD-",
        ] {
            assert_eq!(bad.parse::<OrderId>(), Err(InvalidOrderId), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_generated_id_parses_back(secs in 0i64..4_000_000_000) {
            let at = OffsetDateTime::from_unix_timestamp(secs).unwrap();
            let id = OrderIdGenerator::new().next(at).unwrap();
            prop_assert_eq!(id.as_str().parse::<OrderId>().unwrap(), id);
        }

        #[test]
        fn suffixes_of_distinct_numbers_differ(a in 0..SUFFIX_SPACE, b in 0..SUFFIX_SPACE) {
            prop_assume!(a != b);
            prop_assert_ne!(suffix(a), suffix(b));
        }
    }
}
