//! The paused clock on both flavors: hour-long sleeps take no real time, the clock
//! jumps exactly to each timer, and `advance` fires what came due.

use runtime::time::{self, sleep, timeout, Elapsed};
use runtime::Builder;
use std::time::Duration;

fn flavors() -> Vec<(&'static str, runtime::Runtime)> {
    vec![
        (
            "current_thread",
            Builder::new_current_thread()
                .start_paused(true)
                .build()
                .unwrap(),
        ),
        (
            "multi_thread",
            Builder::new_multi_thread()
                .worker_threads(2)
                .start_paused(true)
                .build()
                .unwrap(),
        ),
    ]
}

#[test]
fn hour_long_sleeps_jump_the_clock_exactly() {
    for (name, rt) in flavors() {
        rt.block_on(async {
            let start = time::now();
            sleep(Duration::from_secs(3600)).await;
            assert_eq!(time::now() - start, Duration::from_secs(3600), "{name}");
            sleep(Duration::from_millis(1500)).await;
            assert_eq!(
                time::now() - start,
                Duration::from_millis(3_601_500),
                "{name}"
            );
        });
    }
}

#[test]
fn spawned_sleepers_wake_in_deadline_order() {
    for (name, rt) in flavors() {
        let order = rt.block_on(async {
            let start = time::now();
            let tasks: Vec<_> = [5u64, 1, 4, 2, 3]
                .into_iter()
                .map(|h| {
                    runtime::spawn(async move {
                        sleep(Duration::from_secs(h * 3600)).await;
                        (h, time::now() - start)
                    })
                })
                .collect();
            let mut done = Vec::new();
            for task in tasks {
                done.push(task.await.unwrap());
            }
            done
        });
        for (h, elapsed) in &order {
            assert_eq!(*elapsed, Duration::from_secs(h * 3600), "{name}");
        }
    }
}

#[test]
fn timeout_elapses_on_the_paused_clock() {
    for (name, rt) in flavors() {
        rt.block_on(async {
            let start = time::now();
            let slow = sleep(Duration::from_secs(7200));
            let got = timeout(Duration::from_secs(60), slow).await;
            assert_eq!(got, Err(Elapsed::new()), "{name}");
            assert_eq!(time::now() - start, Duration::from_secs(60), "{name}");
            let fast = timeout(Duration::from_secs(60), async { 9 }).await;
            assert_eq!(fast, Ok(9), "{name}");
        });
    }
}

#[test]
fn advance_fires_due_timers() {
    let rt = Builder::new_current_thread()
        .start_paused(true)
        .build()
        .unwrap();
    rt.block_on(async {
        let sleeper = runtime::spawn(sleep(Duration::from_secs(10)));
        runtime::yield_now().await; // the sleeper registers its timer
        time::advance(Duration::from_secs(10));
        sleeper.await.unwrap();
    });
}

#[test]
fn interval_ticks_on_the_paused_clock() {
    for (name, rt) in flavors() {
        rt.block_on(async {
            let start = time::now();
            let mut interval = time::interval(Duration::from_secs(60));
            let mut ticks = Vec::new();
            for _ in 0..4 {
                ticks.push(interval.tick().await - start);
            }
            let expect: Vec<_> = (0..4).map(|i| Duration::from_secs(60 * i)).collect();
            assert_eq!(ticks, expect, "{name}");
        });
    }
}
