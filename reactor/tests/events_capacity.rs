//! `Events::with_capacity`: any capacity is accepted (a bound, allocated lazily
//! past the first 1,024 events), `usize::MAX` included, and a poll into a buffer
//! larger than its eager part still returns every event, each once. A capacity of
//! 0 is refused by `poll` (SPEC P3).

use std::collections::HashSet;
use std::io::ErrorKind;
use std::time::Duration;

use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};

const SOURCES: usize = if cfg!(miri) { 1_100 } else { 3_000 };

#[test]
fn huge_capacities_are_accepted_without_allocating_them() {
    for capacity in [usize::MAX, usize::MAX / 2, usize::MAX / 4, 1_025] {
        let events = Events::with_capacity(capacity);
        assert_eq!(events.capacity(), capacity);
        assert!(events.is_empty());
    }
}

#[test]
fn a_poll_past_the_eager_part_returns_every_event_once() {
    let poll = Poll::new().unwrap();
    let pairs: Vec<_> = (0..SOURCES).map(|_| Registration::new2()).collect();
    for (i, (registration, set_readiness)) in pairs.iter().enumerate() {
        poll.register(registration, Token(i), Ready::readable(), PollOpt::edge())
            .unwrap();
        set_readiness.set_readiness(Ready::readable()).unwrap();
    }
    let mut events = Events::with_capacity(usize::MAX);
    let mut seen = HashSet::new();
    while seen.len() < SOURCES {
        let n = poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
        assert!(n > 0, "events lost: {} of {SOURCES} seen", seen.len());
        assert_eq!(n, events.len());
        for event in &events {
            assert!(seen.insert(event.token().0), "twice: {:?}", event.token());
            assert_eq!(event.readiness(), Ready::readable());
        }
    }
    assert_eq!(poll.poll(&mut events, Some(Duration::ZERO)).unwrap(), 0);
}

#[test]
fn a_zero_capacity_is_refused_by_poll() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(0);
    let err = poll.poll(&mut events, Some(Duration::ZERO)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        "Events::with_capacity(0) cannot hold an event; give it a capacity of at least 1"
    );
}
