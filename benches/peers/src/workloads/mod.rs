//! Workload families: one file each. A family contributes [`Workload`]s through a
//! `workloads()` function listed in [`all`].
//!
//! A [`Workload`] is a name, the systems it runs on (each a closure doing one run and
//! returning that run's [`Measure`]s), and the targets the issue sets for it. The
//! driver in `main.rs` interleaves the systems' runs and reports the figures.
//!
//! To add a workload family: write `workloads/NAME.rs` with a `workloads` function
//! and add it to [`all`]. To add a system to a workload: one more [`SystemRun`] in
//! that family's list.

/// One [`SystemRun`] per [`Executor`] system, each doing
/// `$run::<ThatSystem>`, in the order their runs interleave.
macro_rules! every_executor {
    ($run:ident) => {{
        use crate::systems::futures_pool::FuturesPool;
        use crate::systems::runtime::RuntimeExecutor;
        use crate::systems::smol::AsyncExecutor;
        use crate::systems::tokio_rt::Tokio;
        vec![
            crate::workloads::executor::<RuntimeExecutor<false>>($run::<RuntimeExecutor<false>>),
            crate::workloads::executor::<RuntimeExecutor<true>>($run::<RuntimeExecutor<true>>),
            crate::workloads::executor::<Tokio<false>>($run::<Tokio<false>>),
            crate::workloads::executor::<Tokio<true>>($run::<Tokio<true>>),
            crate::workloads::executor::<AsyncExecutor>($run::<AsyncExecutor>),
            crate::workloads::executor::<FuturesPool>($run::<FuturesPool>),
        ]
    }};
}

/// One [`SystemRun`] per [`Timers`](crate::systems::Timers) system, each doing
/// `$run::<ThatSystem>`, in the order their runs interleave.
macro_rules! every_timer {
    ($run:ident) => {{
        use crate::systems::async_io::AsyncIo;
        use crate::systems::runtime::RuntimeTime;
        use crate::systems::tokio_rt::Tokio;
        vec![
            crate::workloads::executor::<RuntimeTime<false>>($run::<RuntimeTime<false>>),
            crate::workloads::executor::<RuntimeTime<true>>($run::<RuntimeTime<true>>),
            crate::workloads::executor::<Tokio<false>>($run::<Tokio<false>>),
            crate::workloads::executor::<Tokio<true>>($run::<Tokio<true>>),
            crate::workloads::executor::<AsyncIo>($run::<AsyncIo>),
        ]
    }};
}

pub mod channel;
pub mod deadlines;
pub mod event_rtt;
pub mod event_task_rtt;
pub mod events;
pub mod http_hello;
pub mod sleeps;
pub mod tasks;
pub mod tcp_echo;
pub mod timer_cancel;

use std::time::Duration;

use crate::report::{Measure, Target};
use crate::systems::Executor;

/// Knobs shared by every workload, from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a throughput run lasts.
    pub duration: Duration,
    /// Round trips per latency run.
    pub rtt_iters: usize,
}

/// One run of one workload on one system.
pub type RunFn = Box<dyn Fn(&Config) -> Vec<Measure>>;

/// A system taking part in a workload.
pub struct SystemRun {
    /// The system's name in the output (`runtime`, `mio06`, ...).
    pub system: &'static str,
    /// Does one run.
    pub run: RunFn,
}

/// A named workload and the systems it runs on.
pub struct Workload {
    /// e.g. `events-100`.
    pub name: String,
    /// The systems, in the order their runs interleave.
    pub systems: Vec<SystemRun>,
    /// What the issue asks of `runtime` against the peers.
    pub targets: Vec<Target>,
    /// Whether each run is a child process of its own (`child.rs`).
    pub isolated: bool,
}

/// Like-for-like targets: each flavor of ours against tokio's same flavor, at most
/// `max` times its `metric`. Used wherever an issue names a tokio figure: the
/// developers' guide asks for the same thread count on both sides, so the
/// current-thread runtime (one thread) is held to `tokio-ct` and the multi-thread
/// one ([`WORKERS`](crate::systems::WORKERS) workers) to `tokio-mt`. The cross
/// ratios (`runtime-ct / tokio-mt`, ...) are still printed.
pub fn tokio_per_flavor(metric: &'static str, max: f64) -> Vec<Target> {
    use crate::systems::runtime::RuntimeExecutor;
    use crate::systems::tokio_rt::Tokio;
    vec![
        Target {
            metric,
            peer: Tokio::<false>::NAME,
            min_ratio: None,
            max_ratio: Some(max),
            ours: Some(RuntimeExecutor::<false>::NAME),
        },
        Target {
            metric,
            peer: Tokio::<true>::NAME,
            min_ratio: None,
            max_ratio: Some(max),
            ours: Some(RuntimeExecutor::<true>::NAME),
        },
    ]
}

/// The [`SystemRun`] of executor `S` doing `run`.
pub fn executor<S: Executor>(run: fn(&Config) -> Vec<Measure>) -> SystemRun {
    SystemRun {
        system: S::NAME,
        run: Box::new(run),
    }
}

/// Every workload of every family.
pub fn all() -> Vec<Workload> {
    let mut all = Vec::new();
    all.extend(events::workloads());
    all.extend(event_rtt::workloads());
    all.extend(tasks::workloads());
    all.extend(event_task_rtt::workloads());
    all.extend(sleeps::workloads());
    all.extend(timer_cancel::workloads());
    all.extend(deadlines::workloads());
    all.extend(channel::workloads());
    all.extend(tcp_echo::workloads());
    all.extend(http_hello::workloads());
    all
}

/// `n` durations drawn uniformly from `0..max` (nanosecond grain) by a fixed-seed
/// generator (SplitMix64): the same sequence for every system and every run.
pub fn random_durations(n: usize, seed: u64, max: Duration) -> Vec<Duration> {
    let mut state = seed;
    let max_ns = max.as_nanos() as u64;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            // Multiply-shift: uniform in 0..max_ns without modulo bias worth naming.
            Duration::from_nanos(((u128::from(z) * u128::from(max_ns)) >> 64) as u64)
        })
        .collect()
}

/// `a - b` in milliseconds, negative when `a` is before `b`.
pub fn signed_ms(a: std::time::Instant, b: std::time::Instant) -> f64 {
    match a.checked_duration_since(b) {
        Some(d) => d.as_secs_f64() * 1e3,
        None => -(b - a).as_secs_f64() * 1e3,
    }
}
