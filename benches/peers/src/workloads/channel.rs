//! `channel-foreign`, `channel-foreign-4`, `channel-bounded`, `channel-bounded-4`,
//! `channel-poll`: values from plain threads to a task, or to a plain `Poll` loop
//! (issue 15, section 3).
//!
//! - `channel-foreign[-4]`: 1 (or 4) plain threads send 10^7 `u64`s in all into an
//!   unbounded channel (`try_send` and the like: a callback's call), and a task sums
//!   them until the channel closes.
//! - `channel-bounded[-4]`: the same into a channel of capacity 1024, with the
//!   blocking send of each library.
//! - `channel-poll`: one thread `try_send`s 10^7 values into an unbounded channel
//!   whose receiver is registered (edge) with a plain `Poll`; the polling thread
//!   drains it with `try_recv` until `Empty` on each event. Ours against
//!   mio-extras' channel on mio 0.6.
//!
//! Systems (`systems/channels.rs`): ours on both flavors of our executor, tokio's
//! `mpsc` on both of tokio's, async-channel and flume on async-executor, futures'
//! `mpsc` on its `ThreadPool`; and `crossbeam-channel`, whose receiver is a plain
//! thread blocked in `recv` (the floor without async: no task, no waker). And,
//! in the unbounded workloads and with no target, `queue-spin`: the `SegQueue`
//! our unbounded channel stores its values in, its receiver a plain thread
//! spinning on `pop`: the ceiling of the queue itself, that no channel built on it
//! passes; `channel-poll` shows it too (the same 10^7 values from one thread). (A
//! bounded queue has no such ceiling to show: producers spinning on a full queue
//! take the CPU its receiver needs.)
//!
//! Metrics per run: `values_per_sec` (10^7 / the wall time from the first producer
//! started to the receiver seeing the channel closed) and `cpu_ns_per_value`
//! (process CPU time over the same span, every thread, / 10^7): a system that
//! spins buys its rate with CPU. Each run is a fresh child process (`child.rs`).
//! The sum is checked, so no system can drop values.

use std::thread;
use std::time::{Duration, Instant};

use crate::report::{Measure, Target};
use crate::systems::channels::{AsyncChannel, Flume, FuturesMpsc, Ours, TokioMpsc, ValueChannel};
use crate::systems::futures_pool::FuturesPool;
use crate::systems::runtime::RuntimeExecutor;
use crate::systems::smol::AsyncExecutor;
use crate::systems::tokio_rt::Tokio;
use crate::systems::Executor;
use crate::workloads::{Config, SystemRun, Workload};

/// Values per run, across all producers.
const VALUES: u64 = 10_000_000;
/// Capacity of the bounded workloads.
const CAPACITY: usize = 1024;
/// The floor without async.
const CROSSBEAM: &str = "crossbeam-channel";
/// The async peers (not `crossbeam-channel`), by name.
const ASYNC_PEERS: [&str; 5] = [
    "tokio-ct",
    "tokio-mt",
    "async-channel",
    "flume",
    "futures-mpsc",
];

/// The five workloads.
pub fn workloads() -> Vec<Workload> {
    let mut all: Vec<Workload> = [
        ("channel-foreign", 1, None),
        ("channel-foreign-4", 4, None),
        ("channel-bounded", 1, Some(CAPACITY)),
        ("channel-bounded-4", 4, Some(CAPACITY)),
    ]
    .into_iter()
    .map(|(name, producers, cap)| Workload {
        name: name.to_string(),
        systems: vec![
            task::<RuntimeExecutor<false>, Ours>(RuntimeExecutor::<false>::NAME, producers, cap),
            task::<RuntimeExecutor<true>, Ours>(RuntimeExecutor::<true>::NAME, producers, cap),
            task::<Tokio<false>, TokioMpsc>(Tokio::<false>::NAME, producers, cap),
            task::<Tokio<true>, TokioMpsc>(Tokio::<true>::NAME, producers, cap),
            task::<AsyncExecutor, AsyncChannel>("async-channel", producers, cap),
            task::<AsyncExecutor, Flume>("flume", producers, cap),
            task::<FuturesPool, FuturesMpsc>("futures-mpsc", producers, cap),
            crossbeam(producers, cap),
        ]
        .into_iter()
        .chain(cap.is_none().then(|| queue_spin(producers)))
        .collect(),
        targets: task_targets(),
        isolated: true,
    })
    .collect();
    all.push(Workload {
        name: "channel-poll".to_string(),
        systems: vec![
            SystemRun {
                system: "runtime",
                run: Box::new(|_: &Config| poll_ours()),
            },
            SystemRun {
                system: "mio-extras",
                run: Box::new(|_: &Config| poll_mio_extras()),
            },
            queue_spin(1),
        ],
        targets: vec![Target {
            metric: "values_per_sec",
            peer: "mio-extras",
            min_ratio: Some(2.0),
            max_ratio: None,
            ours: None,
        }],
        isolated: true,
    });
    all
}

/// The targets: values/s at least twice every async peer's and at least
/// crossbeam-channel's; CPU per value at most every peer's. Each flavor of ours
/// is held to them (tokio's flavors against the same flavor of ours).
fn task_targets() -> Vec<Target> {
    let mut targets = Vec::new();
    for peer in ASYNC_PEERS.into_iter().chain([CROSSBEAM]) {
        let ours = match peer {
            "tokio-ct" => Some(RuntimeExecutor::<false>::NAME),
            "tokio-mt" => Some(RuntimeExecutor::<true>::NAME),
            _ => None,
        };
        targets.push(Target {
            metric: "values_per_sec",
            peer,
            min_ratio: Some(if peer == CROSSBEAM { 1.0 } else { 2.0 }),
            max_ratio: None,
            ours,
        });
        targets.push(Target {
            metric: "cpu_ns_per_value",
            peer,
            min_ratio: None,
            max_ratio: Some(1.0),
            ours,
        });
    }
    targets
}

/// `producers` threads of `VALUES / producers` values each: 0, 1, 2, ...
fn per_producer(producers: usize) -> u64 {
    VALUES / producers as u64
}

/// The sum the receiver must see.
fn expected_sum(producers: usize) -> u64 {
    let n = per_producer(producers);
    producers as u64 * (n * (n - 1) / 2)
}

fn task<S: Executor, C: ValueChannel>(
    system: &'static str,
    producers: usize,
    cap: Option<usize>,
) -> SystemRun {
    SystemRun {
        system,
        run: Box::new(move |_: &Config| run_task::<S, C>(producers, cap)),
    }
}

/// One run: the root task makes the channel, starts the producers, sums.
fn run_task<S: Executor, C: ValueChannel>(producers: usize, cap: Option<usize>) -> Vec<Measure> {
    let runtime = S::build();
    let (elapsed, cpu_us, sum) = S::run(&runtime, move |_| async move {
        let (tx, mut rx) = C::new(cap);
        let cpu_before = crate::affinity::process_cpu_us();
        let began = Instant::now();
        let threads: Vec<_> = (0..producers)
            .map(|_| {
                let mut tx = tx.clone();
                thread::spawn(move || {
                    for value in 0..per_producer(producers) {
                        C::send(&mut tx, value);
                    }
                })
            })
            .collect();
        drop(tx);
        let mut sum = 0u64;
        while let Some(value) = C::recv(&mut rx).await {
            sum = sum.wrapping_add(value);
        }
        let elapsed = began.elapsed();
        let cpu_us = crate::affinity::process_cpu_us() - cpu_before;
        // Closed: every producer has dropped its sender and is exiting.
        for thread in threads {
            thread.join().expect("producer panicked");
        }
        (elapsed, cpu_us, sum)
    });
    drop(runtime);
    assert_eq!(sum, expected_sum(producers), "values lost or duplicated");
    measures(elapsed, cpu_us)
}

fn crossbeam(producers: usize, cap: Option<usize>) -> SystemRun {
    SystemRun {
        system: CROSSBEAM,
        run: Box::new(move |_: &Config| {
            let (tx, rx) = match cap {
                Some(cap) => crossbeam_channel::bounded(cap),
                None => crossbeam_channel::unbounded(),
            };
            let sender = move || {
                let tx = tx.clone();
                move |value| tx.send(value).expect("crossbeam: receiver alive")
            };
            // The receiver: this plain thread, blocked in `recv`.
            plain_threads(producers, sender, move || {
                rx.iter().fold(0u64, u64::wrapping_add)
            })
        }),
    }
}

/// `queue-spin`: the bare `SegQueue`, its receiver spinning (see the module docs).
fn queue_spin(producers: usize) -> SystemRun {
    use crossbeam_queue::SegQueue;
    use std::sync::Arc;

    SystemRun {
        system: "queue-spin",
        run: Box::new(move |_: &Config| {
            let queue = Arc::new(SegQueue::new());
            let sender = {
                let queue = queue.clone();
                move || {
                    let queue = queue.clone();
                    move |value| queue.push(value)
                }
            };
            plain_threads(producers, sender, move || {
                let total = per_producer(producers) * producers as u64;
                let (mut sum, mut seen) = (0u64, 0u64);
                while seen < total {
                    match queue.pop() {
                        Some(value) => {
                            sum = sum.wrapping_add(value);
                            seen += 1;
                        }
                        None => std::hint::spin_loop(),
                    }
                }
                sum
            })
        }),
    }
}

/// One run with no async: `producers` plain threads each send their values
/// through a sender `sender` makes (dropped, with `sender`, once they are
/// started), while this thread runs `receive` to the sum of them all.
fn plain_threads<S: FnMut(u64) + Send + 'static>(
    producers: usize,
    sender: impl Fn() -> S,
    receive: impl FnOnce() -> u64,
) -> Vec<Measure> {
    let cpu_before = crate::affinity::process_cpu_us();
    let began = Instant::now();
    let threads: Vec<_> = (0..producers)
        .map(|_| {
            let mut send = sender();
            thread::spawn(move || {
                for value in 0..per_producer(producers) {
                    send(value);
                }
            })
        })
        .collect();
    drop(sender);
    let sum = receive();
    let elapsed = began.elapsed();
    let cpu_us = crate::affinity::process_cpu_us() - cpu_before;
    for thread in threads {
        thread.join().expect("producer panicked");
    }
    assert_eq!(sum, expected_sum(producers), "values lost or duplicated");
    measures(elapsed, cpu_us)
}

/// `channel-poll`, ours: `runtime_reactor::Poll` and `runtime_channel`.
fn poll_ours() -> Vec<Measure> {
    use runtime_channel::TryRecvError;
    use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};

    let poll = Poll::new().expect("runtime: Poll::new");
    let mut events = Events::with_capacity(1024);
    let (tx, mut rx) = runtime_channel::unbounded::<u64>();
    poll.register(&rx, Token(0), Ready::readable(), PollOpt::edge())
        .expect("runtime: register");
    let send = move |value| tx.try_send(value).expect("runtime: receiver alive");
    poll_loop(send, |sum| {
        poll.poll(&mut events, None).expect("runtime: poll");
        for _ in &events {
            loop {
                match rx.try_recv() {
                    Ok(value) => *sum = sum.wrapping_add(value),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Closed) => return false,
                }
            }
        }
        true
    })
}

/// `channel-poll`, the peer: mio 0.6's `Poll` and mio-extras' `channel()`, as its
/// docs show (register the receiver, drain with `try_recv` on each event).
fn poll_mio_extras() -> Vec<Measure> {
    use mio06::{Events, Poll, PollOpt, Ready, Token};
    use std::sync::mpsc::TryRecvError;

    let poll = Poll::new().expect("mio06: Poll::new");
    let mut events = Events::with_capacity(1024);
    let (tx, rx) = mio_extras::channel::channel::<u64>();
    poll.register(&rx, Token(0), Ready::readable(), PollOpt::edge())
        .expect("mio06: register");
    let send = move |value| tx.send(value).expect("mio-extras: receiver alive");
    poll_loop(send, |sum| {
        // mio 0.6 may return Ok(0) spuriously: the caller simply polls again.
        poll.poll(&mut events, None).expect("mio06: poll");
        for _ in &events {
            loop {
                match rx.try_recv() {
                    Ok(value) => *sum = sum.wrapping_add(value),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => return false,
                }
            }
        }
        true
    })
}

/// One `channel-poll` run: a producer thread calls `send` for every value while
/// this thread calls `poll_and_drain` (one `poll`, then drain each event into the
/// sum) until it reports the channel closed.
fn poll_loop(
    send: impl Fn(u64) + Send + 'static,
    mut poll_and_drain: impl FnMut(&mut u64) -> bool,
) -> Vec<Measure> {
    let cpu_before = crate::affinity::process_cpu_us();
    let began = Instant::now();
    let producer = thread::spawn(move || (0..VALUES).for_each(send));
    let mut sum = 0u64;
    while poll_and_drain(&mut sum) {}
    let elapsed = began.elapsed();
    let cpu_us = crate::affinity::process_cpu_us() - cpu_before;
    producer.join().expect("producer panicked");
    assert_eq!(sum, expected_sum(1), "values lost or duplicated");
    measures(elapsed, cpu_us)
}

fn measures(elapsed: Duration, cpu_us: f64) -> Vec<Measure> {
    vec![
        Measure {
            metric: "values_per_sec",
            unit: "values/s",
            higher_is_better: true,
            value: VALUES as f64 / elapsed.as_secs_f64(),
        },
        Measure {
            metric: "cpu_ns_per_value",
            unit: "ns",
            higher_is_better: false,
            value: cpu_us * 1e3 / VALUES as f64,
        },
    ]
}
