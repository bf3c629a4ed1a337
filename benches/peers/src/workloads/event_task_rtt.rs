//! `event-task-rtt` and `event-task-rtt-pinned`: round trip between a plain thread and
//! a task, through each system's way to wake a task from a thread it knows nothing of.
//!
//! The root task makes the system's wake-up channel ([`Executor::bell`]: for
//! `runtime` an `Async<Registration>` and its `SetReadiness`; tokio `Notify`;
//! async-channel; futures mpsc), starts a plain std thread, then loops: await the
//! wake-up, answer on a `std::sync::mpsc` channel. The plain thread times each round
//! trip with `Instant`, from just before it rings to the return of its blocking
//! `recv` of the answer; `--rtt-iters` round trips per run (100,000 by default).
//! The answer path (std mpsc, a futex wake of a blocked thread) is the same for every
//! system, so the figures differ only by the wake-up path into the task and the
//! scheduler that runs it.
//!
//! Baseline `std-park`: two plain threads, the same loop, with the wake-up done by
//! `Thread::unpark` of a thread blocked in `thread::park` (an `AtomicBool` tells a
//! real wake-up from a spurious one), the same std mpsc answer: the floor any
//! runtime's wake-up path sits on.
//!
//! - `event-task-rtt`: the OS places the threads.
//! - `event-task-rtt-pinned`: the whole child process pinned to CPU 0 before the
//!   runtime is built (threads inherit it: every runtime thread, the plain thread,
//!   like `taskset -c 0`), so every hand-off is a context switch on one CPU.
//!
//! Metrics per run: `median` and `p99` of the run's round trips, in µs, and
//! `cpu_per_rtt`: process CPU µs per round trip (every thread; runtime start and
//! stop included), since a system that spins buys its latency with CPU; the figure
//! is the median over runs. Each run is a fresh child process (`child.rs`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Instant;

use crate::report::{quantile, Measure, Target};
use crate::systems::Executor;
use crate::workloads::{Config, SystemRun, Workload};

/// The pinned variant's CPU.
const CPU: usize = 0;

/// The baseline's name.
const BASELINE: &str = "std-park";

/// `event-task-rtt` and `event-task-rtt-pinned`.
pub fn workloads() -> Vec<Workload> {
    let mut unpinned = every_executor!(run_unpinned);
    unpinned.push(baseline(false));
    let mut pinned = every_executor!(run_pinned);
    pinned.push(baseline(true));
    vec![
        Workload {
            name: "event-task-rtt".to_string(),
            systems: unpinned,
            // The issue names tokio multi-thread; like for like (same thread count),
            // see `tokio_per_flavor`.
            targets: crate::workloads::tokio_per_flavor("median", 1.0),
            isolated: true,
        },
        Workload {
            name: "event-task-rtt-pinned".to_string(),
            systems: pinned,
            targets: vec![Target {
                metric: "median",
                peer: BASELINE,
                min_ratio: None,
                max_ratio: Some(1.3),
                ours: None,
            }],
            isolated: true,
        },
    ]
}

fn run_unpinned<S: Executor>(config: &Config) -> Vec<Measure> {
    run::<S>(false, config)
}

fn run_pinned<S: Executor>(config: &Config) -> Vec<Measure> {
    run::<S>(true, config)
}

fn run<S: Executor>(pinned: bool, config: &Config) -> Vec<Measure> {
    let iters = config.rtt_iters;
    // Before anything starts a thread: every thread inherits the mask.
    let _pinned = pinned.then(|| crate::affinity::pin_current_thread(CPU));
    let cpu_before = crate::affinity::process_cpu_us();
    let runtime = S::build();
    let pinger = S::run(&runtime, move |_| async move {
        let (mut bell, ringer) = S::bell();
        let (answer, answers) = mpsc::channel::<()>();
        let pinger = thread::spawn(move || {
            let mut samples = Vec::with_capacity(iters);
            for _ in 0..iters {
                let t0 = Instant::now();
                S::ring(&ringer);
                answers.recv().expect("the task answers");
                samples.push(t0.elapsed().as_secs_f64() * 1e6);
            }
            samples
        });
        for _ in 0..iters {
            S::wait(&mut bell).await;
            answer.send(()).expect("the pinger waits");
        }
        pinger
    });
    let samples = pinger.join().expect("pinger panicked");
    drop(runtime);
    let cpu = crate::affinity::cpu_per_rtt(cpu_before, iters);
    measures(samples, cpu)
}

fn baseline(pinned: bool) -> SystemRun {
    SystemRun {
        system: BASELINE,
        run: Box::new(move |config: &Config| run_baseline(pinned, config)),
    }
}

fn run_baseline(pinned: bool, config: &Config) -> Vec<Measure> {
    let iters = config.rtt_iters;
    let _pinned = pinned.then(|| crate::affinity::pin_current_thread(CPU));
    let cpu_before = crate::affinity::process_cpu_us();
    let rung = Arc::new(AtomicBool::new(false));
    let (answer, answers) = mpsc::channel::<()>();
    let task = {
        let rung = rung.clone();
        thread::spawn(move || {
            for _ in 0..iters {
                // ORDERING: pairs with the pinger's store; `park` may return
                // spuriously, the flag says whether this was the real wake-up.
                while !rung.swap(false, Ordering::Acquire) {
                    thread::park();
                }
                answer.send(()).expect("the pinger waits");
            }
        })
    };
    let pinger = {
        let task = task.thread().clone();
        thread::spawn(move || {
            let mut samples = Vec::with_capacity(iters);
            for _ in 0..iters {
                let t0 = Instant::now();
                rung.store(true, Ordering::Release);
                task.unpark();
                answers.recv().expect("the task answers");
                samples.push(t0.elapsed().as_secs_f64() * 1e6);
            }
            samples
        })
    };
    let samples = pinger.join().expect("pinger panicked");
    task.join().expect("task thread panicked");
    let cpu = crate::affinity::cpu_per_rtt(cpu_before, iters);
    measures(samples, cpu)
}

fn measures(mut samples: Vec<f64>, cpu: Measure) -> Vec<Measure> {
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
