//! `Poll::poll`: SPEC P1–P5.

mod util;

use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
use std::io::ErrorKind;
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};
use util::{collect, poll_now, poll_wait, r};

#[test]
fn poll_clears_events_first() {
    // SPEC P1
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(poll.poll(&mut events, Some(Duration::ZERO)).unwrap(), 1);
    assert_eq!(poll.poll(&mut events, Some(Duration::ZERO)).unwrap(), 0);
    assert!(events.is_empty());
    // Even when the call fails.
    let mut none = Events::with_capacity(0);
    assert!(poll.poll(&mut none, Some(Duration::ZERO)).is_err());
    assert!(none.is_empty());
}

#[test]
fn poll_none_does_not_return_after_a_set_then_clear() {
    // SPEC P2 (mio 0.6 returned Ok(0) here)
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (a, set_a) = Registration::new2();
    let (b, set_b) = Registration::new2();
    poll.register(&a, Token(1), r(), PollOpt::edge()).unwrap();
    poll.register(&b, Token(2), r(), PollOpt::edge()).unwrap();
    // The set-then-clear queues an entry that must not end `poll(None)`.
    set_a.set_readiness(r()).unwrap();
    set_a.set_readiness(Ready::empty()).unwrap();
    let producer = thread::spawn(move || set_b.set_readiness(r()).unwrap());
    assert_eq!(poll_wait(&poll, &mut events), vec![(Token(2), r())]);
    producer.join().unwrap();
    drop(set_a);
}

#[test]
fn poll_none_does_not_return_after_a_registration_is_dropped() {
    // SPEC P2
    let poll = Arc::new(Poll::new().unwrap());
    let mut events = Events::with_capacity(8);
    let (a, set_a) = Registration::new2();
    let (b, set_b) = Registration::new2();
    poll.register(&a, Token(1), r(), PollOpt::edge()).unwrap();
    poll.register(&b, Token(2), r(), PollOpt::edge()).unwrap();
    set_a.set_readiness(r()).unwrap();
    drop(a);
    let producer = thread::spawn(move || set_b.set_readiness(r()).unwrap());
    assert_eq!(poll_wait(&poll, &mut events), vec![(Token(2), r())]);
    producer.join().unwrap();
}

#[test]
fn poll_with_a_timeout_returns_zero_only_after_the_timeout() {
    // SPEC P2
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r()).unwrap();
    set.set_readiness(Ready::empty()).unwrap();
    for ms in [1, 5, 20] {
        let timeout = Duration::from_millis(ms);
        let start = Instant::now();
        assert_eq!(poll.poll(&mut events, Some(timeout)).unwrap(), 0);
        assert!(start.elapsed() >= timeout, "returned before its timeout");
    }
}

#[test]
fn zero_timeout_never_blocks_and_huge_timeouts_are_accepted() {
    // SPEC P2
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    for _ in 0..util::scaled(1000, 20) {
        assert_eq!(poll.poll(&mut events, Some(Duration::ZERO)).unwrap(), 0);
    }
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r()).unwrap();
    // Too large for `Instant`: treated as no timeout, and returns with the event.
    assert_eq!(poll.poll(&mut events, Some(Duration::MAX)).unwrap(), 1);
}

#[test]
fn events_beyond_capacity_wait_in_fifo_order() {
    // SPEC P3
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(3);
    let regs: Vec<_> = (0..10).map(|_| Registration::new2()).collect();
    for (i, (reg, _)) in regs.iter().enumerate() {
        poll.register(reg, Token(i), r(), PollOpt::edge()).unwrap();
    }
    for i in [4, 2, 9, 0, 1, 3, 5, 8, 7, 6] {
        regs[i].1.set_readiness(r()).unwrap();
    }
    let mut order = Vec::new();
    let mut sizes = Vec::new();
    loop {
        let got = poll_now(&poll, &mut events);
        if got.is_empty() {
            break;
        }
        sizes.push(got.len());
        order.extend(got.into_iter().map(|(t, _)| t.0));
    }
    assert_eq!(sizes, vec![3, 3, 3, 1]);
    assert_eq!(order, vec![4, 2, 9, 0, 1, 3, 5, 8, 7, 6]);
}

#[test]
fn level_registrations_take_turns() {
    // SPEC P3
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(2);
    let regs: Vec<_> = (0..5).map(|_| Registration::new2()).collect();
    for (i, (reg, set)) in regs.iter().enumerate() {
        poll.register(reg, Token(i), r(), PollOpt::level()).unwrap();
        set.set_readiness(r()).unwrap();
    }
    let mut counts = [0usize; 5];
    for _ in 0..10 {
        for (t, _) in poll_now(&poll, &mut events) {
            counts[t.0] += 1;
        }
    }
    assert_eq!(counts, [4, 4, 4, 4, 4]);
}

#[test]
fn zero_capacity_is_invalid_input() {
    // SPEC P3
    let poll = Poll::new().unwrap();
    let err = poll
        .poll(&mut Events::with_capacity(0), Some(Duration::ZERO))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("capacity"), "{err}");
    // The poll stays usable.
    assert_eq!(
        poll.poll(&mut Events::with_capacity(1), Some(Duration::ZERO))
            .unwrap(),
        0
    );
}

#[test]
fn a_second_poller_waits_at_most_its_own_timeout_and_gets_cleared_events() {
    // SPEC P4 (mio 0.6 returned Ok(0) at once and left stale events in place)
    let poll = Arc::new(Poll::new().unwrap());
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    let (started_tx, started_rx) = mpsc::channel();
    let blocked = {
        let poll = poll.clone();
        thread::spawn(move || {
            let mut events = Events::with_capacity(8);
            started_tx.send(()).unwrap();
            poll.poll(&mut events, None).unwrap();
            collect(&events)
        })
    };
    started_rx.recv().unwrap();
    // Whether or not the other thread already holds the poll, these never block
    // beyond their own timeout and always clear `events`.
    let mut events = Events::with_capacity(8);
    let (other, other_set) = Registration::new2();
    let second = Poll::new().unwrap();
    second
        .register(&other, Token(5), r(), PollOpt::edge())
        .unwrap();
    other_set.set_readiness(r()).unwrap();
    assert_eq!(second.poll(&mut events, Some(Duration::ZERO)).unwrap(), 1);
    for _ in 0..100 {
        let n = poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
        assert_eq!(n, events.len());
        assert!(events.iter().all(|e| e.token() == Token(1)));
        if n == 1 {
            // We won the race for the event; hand the blocked thread another one.
            set.set_readiness(r()).unwrap();
            break;
        }
    }
    set.set_readiness(r()).unwrap();
    assert_eq!(blocked.join().unwrap(), vec![(Token(1), r())]);
}

#[test]
fn set_readiness_from_another_thread_wakes_a_blocked_poll() {
    // SPEC P5
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(9), r(), PollOpt::edge()).unwrap();
    for _ in 0..util::scaled(200, 5) {
        let set = set.clone();
        let t = thread::spawn(move || set.set_readiness(r()).unwrap());
        assert_eq!(poll_wait(&poll, &mut events), vec![(Token(9), r())]);
        t.join().unwrap();
    }
}

#[test]
fn poll_is_send_and_sync_and_handles_are_too() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Poll>();
    assert_send_sync::<Registration>();
    assert_send_sync::<runtime_reactor::SetReadiness>();
    assert_send_sync::<Events>();
}
