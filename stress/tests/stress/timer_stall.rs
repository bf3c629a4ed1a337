//! The churn that made timers stop firing on the multi-thread runtime (issue 12,
//! §1.1: about 5 runs in 22, debug build, 2 workers): tasks creating and dropping
//! `Async<Registration>`s and short sleeps, for 5 s with 2 tasks (the wheel often
//! empties, so the reactor often parks without a deadline just as a task files
//! its next sleep) and 5 s with 16, under a watchdog that fails the test if no
//! sleep completes for 2 s (more when scaled down: `StallWatchdog::new`). Every
//! iteration's sleep and probe are counted, so the totals are exact.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use runtime::time::sleep;
use runtime::timers::Deadline;
use runtime::{Async, Ready, Registration};
use runtime_stress::{flavors, scaled_duration, seed, Rng, StallWatchdog, Watchdog};

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn registrations_and_short_sleeps_keep_firing() {
    let run_for = scaled_duration(Duration::from_secs(5));
    let seed = seed("registrations_and_short_sleeps_keep_firing");
    for (tasks, (flavor, rt)) in [2u64, 16]
        .into_iter()
        .flat_map(|tasks| flavors(2).into_iter().map(move |rt| (tasks, rt)))
    {
        let _watchdog = Watchdog::new(
            Duration::from_secs(600),
            format!("timer stall, {flavor}, {tasks} tasks"),
        );
        let handle = rt.handle().clone();
        let stall = StallWatchdog::new(
            Duration::from_secs(2),
            format!("timer stall, {flavor}, {tasks} tasks: no sleep completed"),
            move || format!("metrics: {:?}", handle.metrics()),
        );
        let progress = stall.progress();
        let stop = Arc::new(AtomicBool::new(false));
        let (sleeps, probes) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let iterations: u64 = rt.block_on(async {
            let handles: Vec<_> = (0..tasks)
                .map(|t| {
                    let (stop, progress) = (stop.clone(), progress.clone());
                    let (sleeps, probes) = (sleeps.clone(), probes.clone());
                    runtime::spawn(async move {
                        let mut rng = Rng::new(seed, t);
                        let mut iterations = 0u64;
                        while !stop.load(Ordering::Relaxed) {
                            let (registration, set) = Registration::new2();
                            let source = Async::new(registration).unwrap();
                            if rng.below(2) == 0 {
                                set.set_readiness(Ready::readable()).unwrap();
                                source.readable().await.unwrap();
                                probes.fetch_add(1, Ordering::Relaxed);
                            }
                            drop(source);
                            sleep(Duration::from_millis(rng.below(3))).await;
                            sleeps.fetch_add(1, Ordering::Relaxed);
                            progress.fetch_add(1, Ordering::Relaxed);
                            iterations += 1;
                        }
                        iterations
                    })
                })
                .collect();
            sleep(run_for).await;
            stop.store(true, Ordering::Relaxed);
            let mut iterations = 0;
            for handle in handles {
                iterations += handle.await.unwrap();
            }
            iterations
        });
        drop(stall);
        assert_eq!(
            sleeps.load(Ordering::SeqCst),
            iterations,
            "{flavor}, {tasks} tasks"
        );
        assert!(
            probes.load(Ordering::SeqCst) <= iterations,
            "{flavor}, {tasks} tasks"
        );
        let metrics = rt.handle().metrics();
        assert_eq!(
            (metrics.timers_pending, metrics.registrations),
            (0, 0),
            "{flavor}, {tasks} tasks"
        );
        eprintln!(
            "timer stall, {flavor}, {tasks} tasks: {iterations} iterations, {} probes",
            probes.load(Ordering::SeqCst)
        );
    }
}

/// The same hazard, aimed at: a blocking-pool thread (which files timers in the
/// runtime's wheel) makes and drops deadlines as fast as it can, so the reactor
/// keeps being woken to re-arm and keeps going back to sleep, while tasks sleep
/// 0–2 ms in a loop. A timer filed just as the reactor decides to sleep must still
/// wake it; the stall watchdog (2 s at scale 1) fails the test otherwise.
#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn deadlines_filed_from_a_blocking_thread_keep_the_wheel_firing() {
    let run_for = scaled_duration(Duration::from_secs(5));
    let seed = seed("deadlines_filed_from_a_blocking_thread_keep_the_wheel_firing");
    for (flavor, rt) in flavors(2) {
        let _watchdog = Watchdog::new(Duration::from_secs(600), format!("timer spam, {flavor}"));
        let handle = rt.handle().clone();
        let stall = StallWatchdog::new(
            Duration::from_secs(2),
            format!("timer spam, {flavor}: no sleep completed"),
            move || format!("metrics: {:?}", handle.metrics()),
        );
        let progress = stall.progress();
        let stop = Arc::new(AtomicBool::new(false));
        let spammer = {
            let stop = stop.clone();
            rt.spawn_blocking(move || {
                let mut filed = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let deadline = Deadline::new(Instant::now() + Duration::from_millis(1));
                    drop(deadline);
                    filed += 1;
                }
                filed
            })
        };
        let (sleeps, filed) = rt.block_on(async {
            let handles: Vec<_> = (0..2u64)
                .map(|t| {
                    let (stop, progress) = (stop.clone(), progress.clone());
                    runtime::spawn(async move {
                        let mut rng = Rng::new(seed, t);
                        let mut sleeps = 0u64;
                        while !stop.load(Ordering::Relaxed) {
                            sleep(Duration::from_millis(rng.below(3))).await;
                            sleeps += 1;
                            progress.fetch_add(1, Ordering::Relaxed);
                        }
                        sleeps
                    })
                })
                .collect();
            sleep(run_for).await;
            stop.store(true, Ordering::Relaxed);
            let mut sleeps = 0;
            for handle in handles {
                sleeps += handle.await.unwrap();
            }
            (sleeps, spammer.await.unwrap())
        });
        drop(stall);
        assert_eq!(rt.handle().metrics().timers_pending, 0, "{flavor}");
        eprintln!(
            "timer spam, {flavor}: {sleeps} sleeps completed, {filed} deadlines filed and dropped"
        );
    }
}
