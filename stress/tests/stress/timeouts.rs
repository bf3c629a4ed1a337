//! Short timeouts that mostly get cancelled, from 16 tasks for 10 s, on both
//! flavors, under a watchdog that fails the test if no timer completes for 2 s,
//! more when scaled down (`StallWatchdog::new`); issue 12, §1.1: timers that
//! stop firing on the multi-thread runtime. Most timeouts race a shorter sleep
//! and are cancelled when it wins; one in eight must time out (its future never
//! completes) and one in eight must not (its future is ready at once). Each
//! outcome is counted and the total is exact.

use std::future::pending;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use runtime::time::{sleep, timeout};
use runtime_stress::{flavors, scaled_duration, seed, Rng, StallWatchdog, Watchdog};

const TASKS: u64 = 16;

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn short_timeouts_from_sixteen_tasks() {
    let run_for = scaled_duration(Duration::from_secs(10));
    let seed = seed("short_timeouts_from_sixteen_tasks");
    for (flavor, rt) in flavors(2) {
        let _watchdog = Watchdog::new(Duration::from_secs(600), format!("timeouts, {flavor}"));
        let handle = rt.handle().clone();
        let stall = StallWatchdog::new(
            Duration::from_secs(2),
            format!("timeouts, {flavor}: no timer completed"),
            move || format!("metrics: {:?}", handle.metrics()),
        );
        let progress = stall.progress();
        let stop = Arc::new(AtomicBool::new(false));
        let (iterations, timed_out, in_time) = (
            Arc::new(AtomicU64::new(0)),
            Arc::new(AtomicU64::new(0)),
            Arc::new(AtomicU64::new(0)),
        );
        let (must_time_out, must_not) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        rt.block_on(async {
            let tasks: Vec<_> = (0..TASKS)
                .map(|t| {
                    let (stop, progress) = (stop.clone(), progress.clone());
                    let (iterations, timed_out, in_time) =
                        (iterations.clone(), timed_out.clone(), in_time.clone());
                    let (must_time_out, must_not) = (must_time_out.clone(), must_not.clone());
                    runtime::spawn(async move {
                        let mut rng = Rng::new(seed, t);
                        let mut i = 0u64;
                        while !stop.load(Ordering::Relaxed) {
                            let outcome = match i % 8 {
                                0 => {
                                    must_time_out.fetch_add(1, Ordering::Relaxed);
                                    let limit = Duration::from_millis(1 + rng.below(3));
                                    let result = timeout(limit, pending::<()>()).await;
                                    assert!(result.is_err());
                                    result.is_ok()
                                }
                                1 => {
                                    must_not.fetch_add(1, Ordering::Relaxed);
                                    let limit = Duration::from_millis(1 + rng.below(3));
                                    let result = timeout(limit, async { 1 }).await;
                                    assert_eq!(result, Ok(1));
                                    result.is_ok()
                                }
                                _ => {
                                    // Mostly shorter than the limit: the timeout's
                                    // timer is filed, then cancelled.
                                    let inner = sleep(Duration::from_millis(1 + rng.below(3)));
                                    let limit = Duration::from_millis(3 + rng.below(6));
                                    timeout(limit, inner).await.is_ok()
                                }
                            };
                            // A timer fired for every iteration but the ready ones.
                            if i % 8 != 1 {
                                progress.fetch_add(1, Ordering::Relaxed);
                            }
                            if outcome {
                                in_time.fetch_add(1, Ordering::Relaxed);
                            } else {
                                timed_out.fetch_add(1, Ordering::Relaxed);
                            }
                            iterations.fetch_add(1, Ordering::Relaxed);
                            i += 1;
                        }
                    })
                })
                .collect();
            // The run's length, measured by a timer of the runtime under test.
            sleep(run_for).await;
            stop.store(true, Ordering::Relaxed);
            for task in tasks {
                task.await.unwrap();
            }
        });
        drop(stall);
        let (n, late, early) = (
            iterations.load(Ordering::SeqCst),
            timed_out.load(Ordering::SeqCst),
            in_time.load(Ordering::SeqCst),
        );
        assert_eq!(late + early, n, "{flavor}");
        assert!(late >= must_time_out.load(Ordering::SeqCst), "{flavor}");
        assert!(early >= must_not.load(Ordering::SeqCst), "{flavor}");
        assert_eq!(rt.handle().metrics().timers_pending, 0, "{flavor}");
        eprintln!("timeouts, {flavor}: {n} timeouts, {late} elapsed, {early} in time");
    }
}
