//! The seed's `Deadline` in a plain `reactor::Poll` loop, no runtime: each of 100
//! deadlines delivered exactly once, in deadline order; past deadlines readable at
//! once; dropped deadlines never fire.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};
use runtime_timers::{Deadline, Driver};

const MS: Duration = Duration::from_millis(1);

/// Polls until `count` events arrived (or a generous bound of empty polls), and
/// returns their tokens in delivery order.
fn collect(poll: &Poll, count: usize, step: impl Fn()) -> Vec<usize> {
    let mut events = Events::with_capacity(16);
    let mut tokens = Vec::new();
    let mut idle_polls = 0;
    while tokens.len() < count && idle_polls < 10_000 {
        step();
        poll.poll(&mut events, Some(Duration::from_millis(50)))
            .unwrap();
        if events.is_empty() {
            idle_polls += 1;
        }
        for event in &events {
            assert_eq!(event.readiness(), Ready::readable());
            tokens.push(event.token().0);
        }
    }
    tokens
}

#[test]
fn a_hundred_deadlines_on_the_process_wide_driver_arrive_once_in_order() {
    // Far enough ahead that every deadline is registered before any fires; on a
    // machine slow enough to miss that (Miri, a loaded CI), again with twice the lead.
    let mut lead = if cfg!(miri) { 3_000 } else { 50 };
    while !hundred_deadlines_in_order(lead * MS) {
        lead *= 2;
        assert!(
            lead <= 60_000,
            "registering 100 deadlines took over a minute"
        );
    }
}

/// The process-wide run of the test above, with the first deadline `lead` from
/// now; `false` (nothing asserted) if registering took longer than `lead`.
fn hundred_deadlines_in_order(lead: Duration) -> bool {
    let poll = Poll::new().unwrap();
    let start = Instant::now() + lead;
    // Registered in a shuffled order; due 1 ms apart.
    let order: Vec<u32> = (0..100).map(|i| (i * 37) % 100).collect();
    let deadlines: Vec<(u32, Deadline)> = order
        .iter()
        .map(|&i| (i, Deadline::new(start + i * MS)))
        .collect();
    for (i, deadline) in &deadlines {
        poll.register(
            deadline,
            Token(*i as usize),
            Ready::readable(),
            PollOpt::edge(),
        )
        .unwrap();
    }
    if Instant::now() >= start {
        return false;
    }
    let tokens = collect(&poll, 100, || {});
    assert_eq!(
        tokens,
        (0..100).collect::<Vec<_>>(),
        "once each, in deadline order"
    );
    assert!(deadlines.iter().all(|(_, d)| d.is_elapsed()), "never early");
    // Nothing more arrives.
    let mut events = Events::with_capacity(16);
    poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
    assert!(events.is_empty());
    true
}

#[test]
fn a_hundred_deadlines_on_a_paused_driver_arrive_once_in_order() {
    let driver = Driver::new();
    driver.pause();
    let poll = Poll::new().unwrap();
    let start = driver.now();
    let deadlines: Vec<Deadline> = (0..100u32)
        .map(|i| Deadline::new_in(&driver, start + ((i * 37) % 100 + 1) * MS))
        .collect();
    for (n, deadline) in deadlines.iter().enumerate() {
        poll.register(deadline, Token(n), Ready::readable(), PollOpt::edge())
            .unwrap();
    }
    let mut events = Events::with_capacity(128);
    let mut delivered = Vec::new();
    while driver.advance_to_next() {
        poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
        assert_eq!(events.len(), 1, "one deadline per millisecond");
        let token = events.iter().next().unwrap().token().0;
        assert!(deadlines[token].is_elapsed());
        delivered.push(deadlines[token].when());
    }
    assert_eq!(delivered.len(), 100);
    assert!(delivered.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(driver.now() - start, 100 * MS);
}

#[test]
fn a_past_deadline_is_readable_at_once() {
    let poll = Poll::new().unwrap();
    let deadline = Deadline::new(Instant::now() - Duration::from_secs(1));
    poll.register(&deadline, Token(3), Ready::readable(), PollOpt::edge())
        .unwrap();
    let mut events = Events::with_capacity(4);
    poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
    assert_eq!(events.iter().next().map(|e| e.token()), Some(Token(3)));
    assert!(deadline.is_elapsed());
}

#[test]
fn dropping_a_deadline_cancels_it() {
    let driver = Driver::new();
    driver.pause();
    let poll = Poll::new().unwrap();
    let kept = Deadline::new_in(&driver, driver.now() + 10 * MS);
    let dropped = Deadline::new_in(&driver, driver.now() + 5 * MS);
    poll.register(&kept, Token(1), Ready::readable(), PollOpt::edge())
        .unwrap();
    poll.register(&dropped, Token(2), Ready::readable(), PollOpt::edge())
        .unwrap();
    drop(dropped);
    assert_eq!(driver.pending_timers(), 1);
    driver.advance(20 * MS);
    let tokens: HashSet<usize> = collect(&poll, 1, || {}).into_iter().collect();
    assert_eq!(tokens, HashSet::from([1]));
}

#[test]
fn a_fired_deadline_stays_readable_for_a_level_registration() {
    let driver = Driver::new();
    driver.pause();
    let poll = Poll::new().unwrap();
    let deadline = Deadline::new_in(&driver, driver.now() + MS);
    poll.register(&deadline, Token(0), Ready::readable(), PollOpt::level())
        .unwrap();
    driver.advance(MS);
    let mut events = Events::with_capacity(4);
    for _ in 0..3 {
        poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
        assert_eq!(events.len(), 1);
    }
}
