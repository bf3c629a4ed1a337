//! 10^6 sleeps created, filed in the wheel (polled once) and dropped from many
//! tasks, one in a thousand awaited to completion, on both flavors: every awaited
//! sleep completes and the wheel is empty at the end.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use runtime::time::sleep;
use runtime_stress::{flavors, scaled, seed, Rng, Watchdog};

const TASKS: u64 = 100;

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn a_million_sleeps_created_and_dropped() {
    let per_task = scaled(10_000);
    let seed = seed("a_million_sleeps_created_and_dropped");
    for (flavor, rt) in flavors(2) {
        let _watchdog = Watchdog::new(Duration::from_secs(600), format!("timer churn, {flavor}"));
        let filed = Arc::new(AtomicU64::new(0));
        let completed = Arc::new(AtomicU64::new(0));
        rt.block_on(async {
            let tasks: Vec<_> = (0..TASKS)
                .map(|t| {
                    let (filed, completed) = (filed.clone(), completed.clone());
                    runtime::spawn(async move {
                        let mut rng = Rng::new(seed, t);
                        for i in 0..per_task {
                            if i % 1_000 == 999 {
                                sleep(Duration::from_millis(1)).await;
                                completed.fetch_add(1, Ordering::SeqCst);
                                continue;
                            }
                            // At least a second ahead, so never due by its first
                            // poll, however long this thread was descheduled
                            // between the two (valgrind runs one thread at a time).
                            let mut timer = sleep(Duration::from_millis(1_000 + rng.below(5_000)));
                            poll_fn(|cx| {
                                assert!(Pin::new(&mut timer).poll(cx).is_pending());
                                Poll::Ready(())
                            })
                            .await;
                            filed.fetch_add(1, Ordering::SeqCst);
                            drop(timer);
                            if i % 64 == 0 {
                                runtime::yield_now().await;
                            }
                        }
                    })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
        });
        let awaited = TASKS * (per_task / 1_000);
        assert_eq!(completed.load(Ordering::SeqCst), awaited, "{flavor}");
        assert_eq!(
            filed.load(Ordering::SeqCst),
            TASKS * per_task - awaited,
            "{flavor}"
        );
        assert_eq!(rt.handle().metrics().timers_pending, 0, "{flavor}");
        eprintln!(
            "timer churn, {flavor}: {} sleeps filed and dropped, {awaited} awaited",
            TASKS * per_task - awaited
        );
    }
}
