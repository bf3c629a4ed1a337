//! `sleep`, `timeout` and `interval` on the runtime's timer wheel.
//!
//! Run: `cargo run --release --example timers`.

use std::time::{Duration, Instant};

use runtime::time::{interval, sleep, timeout, MissedTickBehavior};

/// Sleeps, timeouts and an interval, printed as they happen.
#[runtime::main(flavor = "current_thread")]
pub async fn main() {
    let start = Instant::now();

    // Sleeps run concurrently: three tasks, 30 + 20 + 10 ms, done in about 30 ms.
    let sleepers: Vec<_> = [30u64, 20, 10]
        .into_iter()
        .map(|ms| {
            runtime::spawn(async move {
                sleep(Duration::from_millis(ms)).await;
                ms
            })
        })
        .collect();
    for sleeper in sleepers {
        let ms = sleeper.await.unwrap();
        println!("slept {ms} ms (at {:?})", start.elapsed());
    }

    // A timeout: a slow operation is cut short, a fast one finishes.
    let slow = timeout(Duration::from_millis(10), sleep(Duration::from_secs(60))).await;
    println!("60 s sleep under a 10 ms timeout: {slow:?}");
    assert!(slow.is_err());
    let fast = timeout(Duration::from_millis(100), async { 42 }).await;
    println!("instant work under a 100 ms timeout: {fast:?}");
    assert_eq!(fast, Ok(42));

    // An interval that skips ticks it missed instead of bursting.
    let mut ticker = interval(Duration::from_millis(5));
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    for n in 0..5 {
        let at = ticker.tick().await;
        println!("tick {n} at {:?}", at.duration_since(start));
    }
    println!("timers: done in {:?}", start.elapsed());
}
