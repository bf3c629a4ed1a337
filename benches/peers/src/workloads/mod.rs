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

pub mod event_rtt;
pub mod event_task_rtt;
pub mod events;
pub mod tasks;

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
    all
}
