//! The wheel against a `BTreeMap` model: random inserts, cancels, resets and
//! advances with past, near, far and saturated deadlines, on clocks started at 0,
//! 13 days and 3 years in.

use std::collections::BTreeMap;

use proptest::prelude::*;
use runtime_timers::wheel::Wheel;
use runtime_timers::TimerKey;

const DAY: u64 = 24 * 3_600_000;
const YEAR: u64 = 365 * DAY;

#[derive(Debug, Clone)]
enum Op {
    Insert(Offset),
    Cancel(usize),
    Reset(usize, Offset),
    Advance(u64),
    /// Advance to exactly the next expiration, as a driver does.
    AdvanceToNext,
}

#[derive(Debug, Clone, Copy)]
enum Offset {
    Past(u64),
    Near(u64),
    Far(u64),
    Saturated,
}

impl Offset {
    fn at(self, now: u64) -> u64 {
        match self {
            Offset::Past(d) => now.saturating_sub(d),
            Offset::Near(d) | Offset::Far(d) => now.saturating_add(d),
            Offset::Saturated => u64::MAX,
        }
    }
}

fn offset() -> impl Strategy<Value = Offset> {
    prop_oneof![
        1 => (0..10_000u64).prop_map(Offset::Past),
        6 => (0..300u64).prop_map(Offset::Near),
        3 => (0..5 * YEAR).prop_map(Offset::Far),
        1 => Just(Offset::Saturated),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => offset().prop_map(Op::Insert),
        3 => any::<usize>().prop_map(Op::Cancel),
        2 => (any::<usize>(), offset()).prop_map(|(i, o)| Op::Reset(i, o)),
        3 => prop_oneof![0..100u64, 0..100_000u64, 0..2 * YEAR].prop_map(Op::Advance),
        2 => Just(Op::AdvanceToNext),
    ]
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: if cfg!(miri) { 2 } else { 256 },
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Runs `ops` on a wheel started at `start` and on the model, comparing every step.
fn check(start: u64, ops: &[Op]) {
    let ops = if cfg!(miri) {
        &ops[..ops.len().min(40)]
    } else {
        ops
    };
    let mut wheel = Wheel::starting_at(start);
    // The model: live timers by (deadline, id), and each id's key.
    let mut model: BTreeMap<(u64, u32), ()> = BTreeMap::new();
    let mut keys: Vec<(TimerKey, u32)> = Vec::new();
    let mut deadlines: BTreeMap<u32, u64> = BTreeMap::new();
    let mut now = start;
    let mut next_id = 0u32;

    for op in ops {
        match *op {
            Op::Insert(offset) => {
                let when = offset.at(now).max(wheel.elapsed());
                let key = wheel.insert(offset.at(now), next_id);
                assert_eq!(wheel.deadline(key), Some(when));
                model.insert((when, next_id), ());
                deadlines.insert(next_id, when);
                keys.push((key, next_id));
                next_id += 1;
            }
            Op::Cancel(i) if !keys.is_empty() => {
                let (key, id) = keys.swap_remove(i % keys.len());
                let live = deadlines.remove(&id);
                assert_eq!(wheel.remove(key), live.map(|_| id));
                if let Some(when) = live {
                    model.remove(&(when, id));
                }
            }
            Op::Reset(i, offset) if !keys.is_empty() => {
                let (key, id) = keys[i % keys.len()];
                let when = offset.at(now).max(wheel.elapsed());
                let live = deadlines.get(&id).copied();
                assert_eq!(wheel.reset(key, offset.at(now)), live.is_some());
                if let Some(old) = live {
                    model.remove(&(old, id));
                    model.insert((when, id), ());
                    deadlines.insert(id, when);
                }
            }
            Op::Advance(by) => {
                now = now.saturating_add(by);
                advance(&mut wheel, &mut model, &mut deadlines, now);
            }
            Op::AdvanceToNext => {
                if let Some(next) = wheel.next_expiration() {
                    now = now.max(next);
                    advance(&mut wheel, &mut model, &mut deadlines, now);
                }
            }
            Op::Cancel(_) | Op::Reset(..) => {}
        }
        assert_eq!(wheel.len(), model.len());
        let first = model.keys().next().map(|&(when, _)| when);
        let next = wheel.next_expiration();
        assert_eq!(next.is_some(), first.is_some());
        if let (Some(next), Some(first)) = (next, first) {
            assert!(
                next <= first,
                "next expiration {next} after a deadline {first}"
            );
            assert!(next >= wheel.elapsed());
        }
    }
    // Everything left fires, in order, by driving to each next expiration.
    let mut last = 0;
    while let Some(next) = wheel.next_expiration() {
        for (_, when, id) in wheel.advance(next) {
            assert!(when <= next && when >= last);
            last = when;
            assert!(model.remove(&(when, id)).is_some());
        }
    }
    assert!(model.is_empty());
}

fn advance(
    wheel: &mut Wheel<u32>,
    model: &mut BTreeMap<(u64, u32), ()>,
    deadlines: &mut BTreeMap<u32, u64>,
    now: u64,
) {
    let fired: Vec<(u64, u32)> = wheel.advance(now).map(|(_, w, id)| (w, id)).collect();
    assert!(fired.windows(2).all(|w| w[0].0 <= w[1].0), "out of order");
    let mut expected: Vec<(u64, u32)> = model.range(..=(now, u32::MAX)).map(|(&k, _)| k).collect();
    let mut got = fired.clone();
    got.sort_unstable();
    expected.sort_unstable();
    assert_eq!(got, expected, "fired at {now}");
    for (when, id) in fired {
        model.remove(&(when, id));
        deadlines.remove(&id);
    }
    assert_eq!(wheel.elapsed(), now.max(wheel.elapsed()));
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn matches_the_model_from_zero(ops in prop::collection::vec(op(), 1..200)) {
        check(0, &ops);
    }

    #[test]
    fn matches_the_model_13_days_in(ops in prop::collection::vec(op(), 1..200)) {
        check(13 * DAY + 17, &ops);
    }

    #[test]
    fn matches_the_model_3_years_in(ops in prop::collection::vec(op(), 1..200)) {
        check(3 * YEAR + 12_345, &ops);
    }

    #[test]
    fn matches_the_model_near_the_end_of_time(ops in prop::collection::vec(op(), 1..200)) {
        check(u64::MAX - 3 * YEAR, &ops);
    }
}
