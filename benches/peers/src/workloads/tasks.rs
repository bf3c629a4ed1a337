//! `spawn-1m` and `yield`: the cost of tasks themselves.
//!
//! - `spawn-1m`: a root task spawns 1,000,000 trivial tasks (`async {}`), keeping
//!   every handle in a `Vec` made beforehand, then awaits them in spawn order.
//!   Metrics: `tasks_per_sec` (1,000,000 / the root task's wall time, from its first
//!   spawn to its last join) and `peak_rss` (the child process's `VmHWM`: the
//!   runtime, up to a million live tasks and their handles, and the binary's
//!   baseline, equal for all).
//! - `yield`: a root task spawns 1,000 tasks, each awaiting the system's `yield_now`
//!   1,000 times, then awaits them. Metric: `ns_per_yield` (the root task's wall time
//!   / 1,000,000).
//!
//! Fairness: the root task is spawned on the executor and the calling thread blocks
//! on it (see [`Executor`]), so every spawn comes from inside the runtime; the same
//! code for every system, monomorphised; [`WORKERS`] threads for every multi-thread
//! system. Each run is a fresh child process (`child.rs`), so the RSS is the run's.
//!
//! [`WORKERS`]: crate::systems::WORKERS

use std::time::{Duration, Instant};

use crate::report::{Measure, Target};
use crate::systems::smol::AsyncExecutor;
use crate::systems::Executor;
use crate::workloads::{Config, Workload};

const SPAWNS: usize = 1_000_000;
const YIELD_TASKS: usize = 1_000;
const YIELDS_PER_TASK: usize = 1_000;

/// `spawn-1m` and `yield`.
pub fn workloads() -> Vec<Workload> {
    vec![
        Workload {
            name: "spawn-1m".to_string(),
            systems: every_executor!(run_spawn),
            targets: vec![
                Target {
                    metric: "tasks_per_sec",
                    peer: AsyncExecutor::NAME,
                    min_ratio: Some(1.0),
                    max_ratio: None,
                    ours: None,
                },
                Target {
                    metric: "peak_rss",
                    peer: AsyncExecutor::NAME,
                    min_ratio: None,
                    max_ratio: Some(1.0),
                    ours: None,
                },
            ],
            isolated: true,
        },
        Workload {
            name: "yield".to_string(),
            systems: every_executor!(run_yield),
            // The issue names tokio multi-thread; like for like (same thread count),
            // see `tokio_per_flavor`.
            targets: crate::workloads::tokio_per_flavor("ns_per_yield", 1.0),
            isolated: true,
        },
    ]
}

fn run_spawn<S: Executor>(_: &Config) -> Vec<Measure> {
    let runtime = S::build();
    let elapsed: Duration = S::run(&runtime, |spawner| async move {
        let began = Instant::now();
        let mut handles = Vec::with_capacity(SPAWNS);
        for _ in 0..SPAWNS {
            handles.push(S::spawn(&spawner, async {}));
        }
        for handle in handles {
            S::join(handle).await;
        }
        began.elapsed()
    });
    drop(runtime);
    vec![
        Measure {
            metric: "tasks_per_sec",
            unit: "tasks/s",
            higher_is_better: true,
            value: SPAWNS as f64 / elapsed.as_secs_f64(),
        },
        Measure {
            metric: "peak_rss",
            unit: "MiB",
            higher_is_better: false,
            value: crate::child::peak_rss_mib(),
        },
    ]
}

fn run_yield<S: Executor>(_: &Config) -> Vec<Measure> {
    let runtime = S::build();
    let elapsed: Duration = S::run(&runtime, |spawner| async move {
        let began = Instant::now();
        let handles: Vec<_> = (0..YIELD_TASKS)
            .map(|_| {
                S::spawn(&spawner, async {
                    for _ in 0..YIELDS_PER_TASK {
                        S::yield_now().await;
                    }
                })
            })
            .collect();
        for handle in handles {
            S::join(handle).await;
        }
        began.elapsed()
    });
    drop(runtime);
    vec![Measure {
        metric: "ns_per_yield",
        unit: "ns",
        higher_is_better: false,
        value: elapsed.as_nanos() as f64 / (YIELD_TASKS * YIELDS_PER_TASK) as f64,
    }]
}
