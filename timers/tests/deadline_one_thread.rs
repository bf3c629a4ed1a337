//! However many `Deadline`s a program makes outside a runtime, one thread at most
//! drives them (mio 0.6's documentation spawned one per deadline), and it exits
//! once no deadline is left.

use std::time::{Duration, Instant};

use runtime_timers::Deadline;

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

#[test]
#[cfg_attr(miri, ignore = "reads /proc")]
fn ten_thousand_deadlines_start_one_thread() {
    let before = threads();
    // Ten seconds ahead and more: none fires (and the thread does not go idle)
    // while they are made, however slowly (ThreadSanitizer).
    let now = Instant::now();
    let deadlines: Vec<Deadline> = (0..10_000u64)
        .map(|i| Deadline::new(now + Duration::from_millis(10_000 + i % 1_000)))
        .collect();
    assert_eq!(threads(), before + 1);
    drop(deadlines);
    assert!(threads() <= before + 1);
    // Once idle the thread exits; a new deadline starts one again.
    let again: Vec<Deadline> = (0..100u64)
        .map(|i| Deadline::new(Instant::now() + Duration::from_secs(1 + i)))
        .collect();
    assert!(threads() <= before + 1);
    drop(again);
}
