//! The wheel, deterministically: ordering, cancel, reset, far deadlines, clocks
//! started late (tokio#8334 hung with a clock 13 days in).

use runtime_timers::wheel::Wheel;

const DAY: u64 = 24 * 3_600_000;
const YEAR: u64 = 365 * DAY;

fn drain<T>(wheel: &mut Wheel<T>, now: u64) -> Vec<(u64, T)> {
    wheel
        .advance(now)
        .map(|(_, when, value)| (when, value))
        .collect()
}

#[test]
fn fires_in_deadline_order_and_never_early() {
    let mut wheel = Wheel::new();
    for when in [700u64, 3, 64, 63, 4096, 65, 1] {
        wheel.insert(when, when);
    }
    assert!(drain(&mut wheel, 0).is_empty());
    assert_eq!(drain(&mut wheel, 63), [(1, 1), (3, 3), (63, 63)]);
    assert_eq!(drain(&mut wheel, 699), [(64, 64), (65, 65)]);
    assert_eq!(drain(&mut wheel, 700), [(700, 700)]);
    assert_eq!(wheel.next_expiration().map(|t| t <= 4096), Some(true));
    assert!(drain(&mut wheel, 4095).is_empty());
    assert_eq!(drain(&mut wheel, 4096), [(4096, 4096)]);
    assert!(wheel.is_empty());
    assert_eq!(wheel.next_expiration(), None);
}

#[test]
fn past_deadlines_are_due_at_once() {
    let mut wheel = Wheel::starting_at(1_000);
    let key = wheel.insert(5, ());
    assert_eq!(wheel.deadline(key), Some(1_000));
    assert_eq!(wheel.next_expiration(), Some(1_000));
    assert_eq!(drain(&mut wheel, 1_000), [(1_000, ())]);
}

#[test]
fn cancel_and_reset_are_exact() {
    let mut wheel = Wheel::new();
    let a = wheel.insert(10, 'a');
    let b = wheel.insert(10, 'b');
    let c = wheel.insert(10, 'c');
    assert_eq!(wheel.remove(b), Some('b'));
    assert_eq!(wheel.remove(b), None);
    assert!(wheel.reset(c, 5_000));
    assert_eq!(wheel.deadline(c), Some(5_000));
    assert_eq!(drain(&mut wheel, 4_999), [(10, 'a')]);
    assert!(!wheel.reset(a, 1), "a fired: its key is stale");
    assert_eq!(drain(&mut wheel, 5_000), [(5_000, 'c')]);
    assert_eq!(wheel.remove(c), None);
}

#[test]
fn stale_keys_stay_stale_when_slots_are_reused() {
    let mut wheel = Wheel::new();
    let old = wheel.insert(1, 1);
    assert_eq!(wheel.remove(old), Some(1));
    let new = wheel.insert(1, 2);
    assert_ne!(old, new);
    assert_eq!(wheel.get(old), None);
    assert_eq!(wheel.get(new), Some(&2));
}

#[test]
fn far_deadlines_cascade_down_and_fire_on_time() {
    for start in [0, 13 * DAY, 3 * YEAR, u64::MAX / 3] {
        let mut wheel = Wheel::starting_at(start);
        let deadlines = [start + 1, start + DAY, start + 2 * YEAR, start + 40 * YEAR];
        for when in deadlines {
            wheel.insert(when, when);
        }
        let mut fired = Vec::new();
        // Drive the wheel the way a driver does: to each next expiration.
        let mut wakeups = 0;
        while let Some(next) = wheel.next_expiration() {
            assert!(next >= wheel.elapsed());
            fired.extend(drain(&mut wheel, next).into_iter().map(|(when, _)| {
                assert!(when <= next, "never early");
                when
            }));
            wakeups += 1;
            assert!(wakeups < 100, "a few cascades per timer at most");
        }
        assert_eq!(fired, deadlines, "start {start}");
    }
}

#[test]
fn the_top_level_spans_the_whole_range() {
    let mut wheel = Wheel::starting_at(u64::MAX - 5);
    wheel.insert(u64::MAX, "max");
    wheel.insert(u64::MAX - 1, "max-1");
    assert!(drain(&mut wheel, u64::MAX - 2).is_empty());
    assert_eq!(
        drain(&mut wheel, u64::MAX),
        [(u64::MAX - 1, "max-1"), (u64::MAX, "max")]
    );

    let mut wheel = Wheel::new();
    wheel.insert(u64::MAX, ());
    assert!(drain(&mut wheel, u64::MAX - 1).is_empty());
    assert_eq!(drain(&mut wheel, u64::MAX).len(), 1);
}

#[test]
fn a_jump_far_ahead_fires_everything_due() {
    let mut wheel = Wheel::starting_at(13 * DAY);
    let count = if cfg!(miri) { 100 } else { 1_000 };
    for i in 0..count {
        wheel.insert(13 * DAY + i * 7_919, i);
    }
    let fired = drain(&mut wheel, 3 * YEAR);
    assert_eq!(fired.len() as u64, count);
    assert!(fired.windows(2).all(|w| w[0].0 <= w[1].0));
    assert_eq!(wheel.elapsed(), 3 * YEAR);
}

#[test]
fn cancel_heavy_use_reuses_one_slot() {
    let mut wheel = Wheel::new();
    for i in 0..if cfg!(miri) { 1_000 } else { 100_000u64 } {
        let key = wheel.insert(3_600_000 + i, i);
        assert_eq!(wheel.remove(key), Some(i));
    }
    assert!(wheel.is_empty());
    assert_eq!(wheel.next_expiration(), None);
}
