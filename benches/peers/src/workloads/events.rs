//! `events-K` (K = 1, 10, 100, 1000): user-space event throughput.
//!
//! One producer thread calls `set_readiness(Ready::readable())` round-robin on K
//! registrations, registered edge-triggered for readable on one `Poll`, until told to
//! stop. The main thread polls that `Poll` (`Events` capacity 1024, `poll(None)`) for
//! the run's duration (`--secs`, 2 s by default) and counts the events `poll`
//! returns. With edge semantics each `set_readiness` that overlaps the interest
//! produces an event in both systems; calls made before the poller gets to a
//! registration coalesce into one event (SPEC O1, mio 0.6 alike), so the figure is the
//! rate at which the poller can turn queued registrations into events while a
//! producer keeps feeding it.
//!
//! Metrics: `events_per_sec` = events returned by `poll` / elapsed seconds (wall
//! clock between the start barrier and the poller's last `poll`); the target is on
//! this one. `sets_per_sec` = the producer's `set_readiness` calls per second, as
//! context (a cheaper `set_readiness` also means more coalescing).
//! `poller_sleeps_per_sec` and `producer_blocks_per_sec` (voluntary context
//! switches of each thread, from `getrusage(RUSAGE_THREAD)`) are diagnostics: the
//! throughput is bimodal, high while the poller never runs dry and low once it
//! sleeps in the kernel and every wake-up costs a syscall, and these say which
//! regime a run was in.
//!
//! Fairness: two threads for every system; the same loop, monomorphised per system
//! through [`UserPoll`]. mio 0.6 may return `Ok(0)` from `poll(None)`: the loop just
//! polls again. Every event is checked (token in range, readable) so a system cannot
//! win by delivering garbage.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Instant;

use crate::report::{Measure, Target};
use crate::systems::mio06::Mio06;
use crate::systems::runtime::Runtime;
use crate::systems::UserPoll;
use crate::workloads::{Config, SystemRun, Workload};

const EVENTS_CAPACITY: usize = 1024;

/// `events-1`, `events-10`, `events-100`, `events-1000`.
pub fn workloads() -> Vec<Workload> {
    [1usize, 10, 100, 1000]
        .into_iter()
        .map(|k| Workload {
            name: format!("events-{k}"),
            systems: vec![system::<Runtime>(k), system::<Mio06>(k)],
            targets: if k >= 100 {
                vec![Target {
                    metric: "events_per_sec",
                    peer: Mio06::NAME,
                    min_ratio: Some(2.0),
                    max_ratio: None,
                    ours: None,
                }]
            } else {
                Vec::new()
            },
            isolated: false,
        })
        .collect()
}

fn system<S: UserPoll>(k: usize) -> SystemRun {
    SystemRun {
        system: S::NAME,
        run: Box::new(move |config: &Config| run::<S>(k, config)),
    }
}

/// One run: K registrations, one producer, the calling thread polls.
fn run<S: UserPoll>(k: usize, config: &Config) -> Vec<Measure> {
    let poll = S::new_poll();
    let mut registrations = Vec::with_capacity(k);
    let mut setters = Vec::with_capacity(k);
    for token in 0..k {
        let (registration, set) = S::new_registration();
        S::register_edge_readable(&poll, &registration, token);
        registrations.push(registration);
        setters.push(set);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(2));
    let producer = {
        let stop = stop.clone();
        let start = start.clone();
        thread::spawn(move || {
            start.wait();
            let began = Instant::now();
            let blocked_before = crate::affinity::voluntary_switches();
            let mut calls = 0u64;
            'outer: loop {
                for set in &setters {
                    S::set_readable(set);
                    calls += 1;
                }
                // Checked once per sweep (and every 64 calls when K is small) so
                // the flag costs nothing next to `set_readiness`.
                if calls % 64 < k as u64 && stop.load(Ordering::Relaxed) {
                    break 'outer;
                }
            }
            // The producer never waits for the poller, and the poller (which owns
            // the clock) stops first, so neither can hang the other. Keeping
            // `setters` alive to here keeps every registration live until then.
            drop(setters);
            let blocked = crate::affinity::voluntary_switches() - blocked_before;
            (calls, blocked, began.elapsed())
        })
    };

    let mut events = S::events(EVENTS_CAPACITY);
    let mut delivered = 0u64;
    start.wait();
    let began = Instant::now();
    let slept_before = crate::affinity::voluntary_switches();
    let mut elapsed;
    loop {
        // mio 0.6 may return Ok(0) spuriously: the loop simply polls again.
        let n = S::poll(&poll, &mut events, None);
        let mut seen = 0;
        S::for_each_event(&events, |token, readable| {
            assert!(token < k && readable, "{}: bad event {token}", S::NAME);
            seen += 1;
        });
        debug_assert_eq!(seen, n);
        delivered += seen as u64;
        elapsed = began.elapsed();
        if elapsed >= config.duration {
            break;
        }
    }
    let slept = crate::affinity::voluntary_switches() - slept_before;
    stop.store(true, Ordering::Relaxed);
    let (calls, blocked, produced_for) = producer.join().expect("producer panicked");
    assert!(delivered <= calls, "{}: more events than calls", S::NAME);
    drop(registrations);

    vec![
        Measure {
            metric: "events_per_sec",
            unit: "events/s",
            higher_is_better: true,
            value: delivered as f64 / elapsed.as_secs_f64(),
        },
        // Context, not a target: how fast the producer's `set_readiness` ran.
        Measure {
            metric: "sets_per_sec",
            unit: "calls/s",
            higher_is_better: true,
            value: calls as f64 / produced_for.as_secs_f64(),
        },
        // Diagnostics: how often the poller slept in the kernel (each costs the
        // producer a wake-up syscall) and how often the producer blocked (e.g. on
        // an allocator lock). Lower is better; they explain bimodal throughput.
        Measure {
            metric: "poller_sleeps_per_sec",
            unit: "switches/s",
            higher_is_better: false,
            value: slept as f64 / elapsed.as_secs_f64(),
        },
        Measure {
            metric: "producer_blocks_per_sec",
            unit: "switches/s",
            higher_is_better: false,
            value: blocked as f64 / produced_for.as_secs_f64(),
        },
    ]
}
