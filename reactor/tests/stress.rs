//! Cross-thread ping-pong with exact counts: SPEC P6 under load, no timeouts.

mod util;

use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
use std::thread;

/// Each side sets the other's registration, then waits for its own event; every
/// event must arrive (no timeout is used, so a lost event hangs the test) and
/// carry the value most recently set.
#[test]
fn one_million_events_in_ping_pong() {
    const ROUND_TRIPS: usize = util::scaled(500_000, 300); // two events each
    let (reg_a, set_a) = Registration::new2();
    let (reg_b, set_b) = Registration::new2();
    let poll_a = Poll::new().unwrap();
    let poll_b = Poll::new().unwrap();
    poll_a
        .register(&reg_a, Token(1), Ready::readable(), PollOpt::edge())
        .unwrap();
    poll_b
        .register(&reg_b, Token(2), Ready::readable(), PollOpt::edge())
        .unwrap();

    let b = thread::spawn(move || {
        let mut events = Events::with_capacity(4);
        let mut received = 0usize;
        while received < ROUND_TRIPS {
            poll_b.poll(&mut events, None).unwrap();
            for event in &events {
                assert_eq!(event.token(), Token(2));
                assert_eq!(event.readiness(), Ready::readable());
                received += 1;
                set_a.set_readiness(Ready::readable()).unwrap();
            }
        }
        received
    });

    let mut events = Events::with_capacity(4);
    let mut received = 0usize;
    set_b.set_readiness(Ready::readable()).unwrap();
    while received < ROUND_TRIPS {
        poll_a.poll(&mut events, None).unwrap();
        for event in &events {
            assert_eq!(event.token(), Token(1));
            received += 1;
            if received < ROUND_TRIPS {
                set_b.set_readiness(Ready::readable()).unwrap();
            }
        }
    }
    assert_eq!(received, ROUND_TRIPS);
    assert_eq!(b.join().unwrap(), ROUND_TRIPS);
}

/// Many producers hammer a few registrations; the consumer must see each
/// producer's final value, and every event it gets is within the interest.
#[test]
fn producers_final_values_are_always_observed() {
    const PRODUCERS: usize = 4;
    const SETS: usize = util::scaled(50_000, 100);
    let poll = Poll::new().unwrap();
    let pairs: Vec<_> = (0..PRODUCERS).map(|_| Registration::new2()).collect();
    for (i, (reg, _)) in pairs.iter().enumerate() {
        poll.register(
            reg,
            Token(i),
            Ready::readable() | Ready::writable(),
            PollOpt::edge(),
        )
        .unwrap();
    }
    let handles: Vec<_> = pairs
        .iter()
        .map(|(_, set)| {
            let set = set.clone();
            thread::spawn(move || {
                for i in 0..SETS {
                    let ready = if i % 2 == 0 {
                        Ready::readable()
                    } else {
                        Ready::writable()
                    };
                    set.set_readiness(ready).unwrap();
                }
                // Final state: both bits.
                set.set_readiness(Ready::readable() | Ready::writable())
                    .unwrap();
            })
        })
        .collect();
    let mut last = [Ready::empty(); PRODUCERS];
    let mut events = Events::with_capacity(64);
    let both = Ready::readable() | Ready::writable();
    while last.iter().any(|r| *r != both) {
        poll.poll(&mut events, None).unwrap();
        for event in &events {
            assert!(!event.readiness().is_empty());
            last[event.token().0] = event.readiness();
        }
    }
    for h in handles {
        h.join().unwrap();
    }
}
