//! Register / reregister / deregister / drop churn on a plain `Poll` while other
//! threads keep setting readiness on the handles of registrations old and new:
//! every probe is delivered (P6) with the token of the moment (R5), nothing is
//! ever delivered for a deregistered or dropped registration (R6), and every
//! `set_readiness` returns `Ok`, dead handle or not.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use runtime::reactor::{Events, Poll, PollOpt, Ready, Registration, SetReadiness, Token};
use runtime_stress::{scaled, seed, Rng, Watchdog};

const SETTERS: u64 = 4;
const RING: usize = 64;

/// Values the setters use: each overlaps every interest the churn uses, so a probe
/// is never turned into an empty (undelivered, E3) readiness by a racing set.
fn overlapping(rng: &mut Rng) -> Ready {
    match rng.below(4) {
        0 => Ready::readable(),
        1 => Ready::readable() | Ready::writable(),
        2 => Ready::readable() | Ready::hup(),
        _ => Ready::all(),
    }
}

/// Polls until an event for `want` arrives; every event must be for `want`, the
/// only live registration. Returns how many events it took.
fn wait_for(poll: &Poll, events: &mut Events, want: Token, phase: &str) -> u64 {
    let mut seen = 0;
    loop {
        poll.poll(events, None).unwrap();
        let mut found = false;
        for event in events.iter() {
            assert_eq!(event.token(), want, "{phase}: an event for a stale token");
            assert!(!event.readiness().is_empty());
            seen += 1;
            found = true;
        }
        if found {
            return seen;
        }
    }
}

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn churn_on_a_plain_poll() {
    let _watchdog = Watchdog::new(Duration::from_secs(600), "Poll churn");
    let rounds = scaled(20_000);
    let seed = seed("churn_on_a_plain_poll");
    let ring: Arc<Mutex<Vec<SetReadiness>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let sets_done = Arc::new(AtomicU64::new(0));
    let setters: Vec<_> = (0..SETTERS)
        .map(|s| {
            let (ring, stop, sets_done) = (ring.clone(), stop.clone(), sets_done.clone());
            thread::spawn(move || {
                let mut rng = Rng::new(seed, s);
                while !stop.load(Ordering::Relaxed) {
                    let handle = {
                        let ring = ring.lock().unwrap();
                        if ring.is_empty() {
                            None
                        } else {
                            Some(ring[rng.below(ring.len() as u64) as usize].clone())
                        }
                    };
                    if let Some(handle) = handle {
                        handle.set_readiness(overlapping(&mut rng)).unwrap();
                        sets_done.fetch_add(1, Ordering::Relaxed);
                    } else {
                        thread::yield_now();
                    }
                }
            })
        })
        .collect();

    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(16);
    let mut probes = 0u64;
    let mut delivered = 0u64;
    for round in 0..rounds {
        let (registration, set) = Registration::new2();
        {
            let mut ring = ring.lock().unwrap();
            if ring.len() == RING {
                ring.swap_remove((round as usize) % RING);
            }
            ring.push(set.clone());
        }
        let first = Token(2 * round as usize);
        let second = Token(2 * round as usize + 1);
        poll.register(&registration, first, Ready::readable(), PollOpt::edge())
            .unwrap();
        set.set_readiness(Ready::readable()).unwrap();
        delivered += wait_for(&poll, &mut events, first, "edge");
        probes += 1;

        // From here on only `second` may be delivered, even for readiness set
        // before this call (R5).
        poll.reregister(
            &registration,
            second,
            Ready::readable() | Ready::writable(),
            if round % 2 == 0 {
                PollOpt::level()
            } else {
                PollOpt::edge() | PollOpt::oneshot()
            },
        )
        .unwrap();
        set.set_readiness(Ready::writable() | Ready::readable())
            .unwrap();
        delivered += wait_for(&poll, &mut events, second, "reregistered");
        probes += 1;

        if round % 2 == 0 {
            poll.deregister(&registration).unwrap();
        }
        // Deregistered, or dropped just below: nothing more for either token
        // (R6), however the setters go on.
        drop(registration);
        for _ in 0..2 {
            poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
            assert!(
                events.is_empty(),
                "round {round}: an event after deregister/drop: {:?}",
                events.iter().collect::<Vec<_>>()
            );
        }
    }
    stop.store(true, Ordering::Relaxed);
    for setter in setters {
        setter.join().unwrap();
    }
    assert_eq!(probes, 2 * rounds);
    eprintln!(
        "Poll churn: {rounds} rounds, {probes} probes delivered in {delivered} events, {} foreign sets",
        sets_done.load(Ordering::Relaxed)
    );
}
