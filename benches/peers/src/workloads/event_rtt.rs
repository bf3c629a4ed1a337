//! `event-rtt` and `event-rtt-pinned`: cross-thread round-trip latency of one
//! user-space event each way.
//!
//! Two `Poll`s, two registrations (edge, readable). Thread A sets R1, which thread B
//! polls; B then sets R2, which A polls. A times each round trip with `Instant`
//! (from just before its `set_readiness` to the return of the `poll` that delivers
//! R2's event); `--rtt-iters` round trips per run (100,000 by default). Both pollers
//! use `poll(None)` and wait however their system waits when nothing is queued (mio
//! 0.6 blocks in the kernel; `runtime` first spins over an adaptive window, then
//! blocks), so this measures the wake-up path (`set_readiness` -> queue -> waker ->
//! `poll` returns). `cpu_per_rtt` (process CPU µs per round trip, both threads)
//! shows what each way of waiting costs in CPU.
//!
//! - `event-rtt`: the OS places the two threads.
//! - `event-rtt-pinned`: both threads pinned to CPU 0 (`sched_setaffinity` from
//!   inside the process, like `taskset -c 0`), so every hand-off is a context switch.
//!
//! Metrics per run: `median` and `p99` of that run's round trips, in µs, and
//! `cpu_per_rtt`; the figure
//! is the median of those over runs. Fairness: the same two threads and loop for
//! every system, monomorphised through [`UserPoll`]; mio 0.6's spurious `Ok(0)` is
//! absorbed by polling until the expected event arrives.

use std::sync::Barrier;
use std::thread;
use std::time::Instant;

use crate::report::{quantile, Measure, Target};
use crate::systems::mio06::Mio06;
use crate::systems::runtime::Runtime;
use crate::systems::UserPoll;
use crate::workloads::{Config, SystemRun, Workload};

const TOKEN: usize = 7;

/// `event-rtt` and `event-rtt-pinned`.
pub fn workloads() -> Vec<Workload> {
    [("event-rtt", None), ("event-rtt-pinned", Some(0usize))]
        .into_iter()
        .map(|(name, cpu)| Workload {
            name: name.to_string(),
            systems: vec![system::<Runtime>(cpu), system::<Mio06>(cpu)],
            targets: vec![Target {
                metric: "median",
                peer: Mio06::NAME,
                min_ratio: None,
                max_ratio: Some(1.0),
                ours: None,
            }],
            isolated: false,
        })
        .collect()
}

fn system<S: UserPoll>(cpu: Option<usize>) -> SystemRun {
    SystemRun {
        system: S::NAME,
        run: Box::new(move |config: &Config| run::<S>(cpu, config)),
    }
}

/// Polls until the event of `TOKEN` arrives.
#[inline]
fn wait_for<S: UserPoll>(poll: &S::Poll, events: &mut S::Events) {
    loop {
        S::poll(poll, events, None);
        let mut got = false;
        S::for_each_event(events, |token, readable| {
            assert!(token == TOKEN && readable, "{}: bad event", S::NAME);
            got = true;
        });
        if got {
            return;
        }
    }
}

fn run<S: UserPoll>(cpu: Option<usize>, config: &Config) -> Vec<Measure> {
    let iters = config.rtt_iters;
    // R1: set by A, polled by B. R2: set by B, polled by A.
    let (poll_a, poll_b) = (S::new_poll(), S::new_poll());
    let (r1, set1) = S::new_registration();
    let (r2, set2) = S::new_registration();
    S::register_edge_readable(&poll_b, &r1, TOKEN);
    S::register_edge_readable(&poll_a, &r2, TOKEN);
    let start = Barrier::new(2);
    let cpu_before = crate::affinity::process_cpu_us();

    let mut samples = thread::scope(|scope| {
        scope.spawn(|| {
            let _pinned = cpu.map(crate::affinity::pin_current_thread);
            let mut events = S::events(16);
            start.wait();
            for _ in 0..iters {
                wait_for::<S>(&poll_b, &mut events);
                S::set_readable(&set2);
            }
        });

        let pinned = cpu.map(crate::affinity::pin_current_thread);
        let mut events = S::events(16);
        let mut samples = Vec::with_capacity(iters);
        start.wait();
        for _ in 0..iters {
            let t0 = Instant::now();
            S::set_readable(&set1);
            wait_for::<S>(&poll_a, &mut events);
            samples.push(t0.elapsed().as_secs_f64() * 1e6);
        }
        drop(pinned);
        samples
    });
    let cpu = crate::affinity::cpu_per_rtt(cpu_before, iters);
    drop((r1, r2, set1, set2, poll_a, poll_b));

    samples.sort_by(f64::total_cmp);
    vec![
        Measure {
            metric: "median",
            unit: "us",
            higher_is_better: false,
            value: quantile(&samples, 0.5),
        },
        Measure {
            metric: "p99",
            unit: "us",
            higher_is_better: false,
            value: quantile(&samples, 0.99),
        },
        cpu,
    ]
}
