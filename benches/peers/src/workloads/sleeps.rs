//! `sleeps-100k` and `sleeps-1m`: many sleeping tasks at once (issue 4, section 6).
//!
//! A root task spawns N tasks back to back, each sleeping a uniform random duration
//! in 0..1000 ms (the same fixed-seed sequence for every system and run,
//! [`random_durations`]). For each task the root reads the real clock, makes the
//! system's sleep of that duration (`runtime::time::sleep`, `tokio::time::sleep`,
//! `async_io::Timer::after`: each reads its clock when made, as it is here) and
//! spawns a task that awaits it and reads the real clock again on wake-up. The
//! deadline is that first clock reading + the duration, the same for every system,
//! so a sleep that fired early against the real clock would show a negative lateness.
//!
//! Metrics:
//! - `wall`: from the first spawn to the last wake-up (s);
//! - `mean_lateness`, `max_lateness`, `min_lateness`: wake-up minus deadline (ms),
//!   over all tasks; it includes the time a woken task waits for a thread;
//! - `peak_rss`: the child process's `VmHWM` (MiB): the runtime, N tasks, their
//!   sleeps and handles, the harness's `Vec`s (equal for all).
//!
//! Systems: `runtime-ct`, `runtime-mt` (the facade's `runtime::Builder`, 2 workers),
//! `tokio-ct`, `tokio-mt` (2 workers), `async-io` (`Timer` on async-executor, 2
//! threads in `async_io::block_on`). Each run is a fresh child process.

use std::time::{Duration, Instant};

use crate::report::{Measure, Target, ABSOLUTE};
use crate::systems::async_io::AsyncIo;
use crate::systems::{Executor, Timers};
use crate::workloads::{random_durations, signed_ms, Config, Workload};

/// The durations' seed (any constant: the same for every system).
const SEED: u64 = 0x5EED_0004;
/// Durations are uniform in `0..MAX_SLEEP`.
const MAX_SLEEP: Duration = Duration::from_millis(1000);

/// `sleeps-100k` and `sleeps-1m`.
pub fn workloads() -> Vec<Workload> {
    // Like for like: each flavor of ours against tokio's same flavor.
    let per_flavor = crate::workloads::tokio_per_flavor;
    let mut targets_100k = vec![
        Target {
            metric: "mean_lateness",
            peer: ABSOLUTE,
            min_ratio: None,
            max_ratio: Some(1.2),
            ours: None,
        },
        Target {
            metric: "peak_rss",
            peer: AsyncIo::NAME,
            min_ratio: None,
            max_ratio: Some(1.0),
            ours: None,
        },
    ];
    targets_100k.extend(per_flavor("max_lateness", 1.0));
    let mut targets_1m = per_flavor("wall", 1.0);
    targets_1m.extend(per_flavor("peak_rss", 0.5));
    vec![
        Workload {
            name: "sleeps-100k".to_string(),
            systems: every_timer!(run_100k),
            targets: targets_100k,
            isolated: true,
        },
        Workload {
            name: "sleeps-1m".to_string(),
            systems: every_timer!(run_1m),
            targets: targets_1m,
            isolated: true,
        },
    ]
}

fn run_100k<S: Timers>(_: &Config) -> Vec<Measure> {
    run_sleeps::<S>(100_000)
}

fn run_1m<S: Timers>(_: &Config) -> Vec<Measure> {
    run_sleeps::<S>(1_000_000)
}

fn run_sleeps<S: Timers>(n: usize) -> Vec<Measure> {
    let durations = random_durations(n, SEED, MAX_SLEEP);
    let runtime = S::build();
    let (wall, mean, max, min) = S::run(&runtime, move |spawner| async move {
        let mut handles = Vec::with_capacity(n);
        let first = Instant::now();
        for duration in durations {
            let deadline = Instant::now() + duration;
            let sleep = S::sleep(duration);
            handles.push(S::spawn(&spawner, async move {
                sleep.await;
                let woke = Instant::now();
                // Lateness (ms) and wake-up time since the first spawn (s).
                (
                    signed_ms(woke, deadline),
                    woke.duration_since(first).as_secs_f64(),
                )
            }));
        }
        let (mut sum, mut max, mut min, mut last) = (0.0, f64::MIN, f64::MAX, 0.0f64);
        for handle in handles {
            let (late, woke) = S::join(handle).await;
            sum += late;
            max = f64::max(max, late);
            min = f64::min(min, late);
            last = last.max(woke);
        }
        (last, sum / n as f64, max, min)
    });
    drop(runtime);
    let ms = |metric, value| Measure {
        metric,
        unit: "ms",
        higher_is_better: false,
        value,
    };
    vec![
        Measure {
            metric: "wall",
            unit: "s",
            higher_is_better: false,
            value: wall,
        },
        ms("mean_lateness", mean),
        ms("max_lateness", max),
        ms("min_lateness", min),
        Measure {
            metric: "peak_rss",
            unit: "MiB",
            higher_is_better: false,
            value: crate::child::peak_rss_mib(),
        },
    ]
}
