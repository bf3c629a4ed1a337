//! `Interrupter`: a poll returns once interrupted, with what is queued
//! (`Ok(0)` if nothing is); interrupts coalesce; no interrupt is lost, whether the
//! poller sleeps parked or in the kernel; a dropped `Poll` makes it a no-op.

mod util;

use runtime_reactor::net::UnixStream;
use runtime_reactor::Interrupter;
use runtime_reactor::{Events, Poll, PollOpt, Registration, Token};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use util::{collect, poll_now, r, scaled};

#[test]
fn an_interrupt_before_the_poll_makes_it_return_empty() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(4);
    Interrupter::new(&poll).interrupt();
    assert_eq!(poll.poll(&mut events, None).unwrap(), 0);
    assert!(events.is_empty());
}

#[test]
fn an_interrupt_returns_what_is_queued_with_it() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(4);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(7), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r()).unwrap();
    Interrupter::new(&poll).interrupt();
    assert_eq!(poll.poll(&mut events, None).unwrap(), 1);
    assert_eq!(collect(&events), vec![(Token(7), r())]);
    // Both were taken by that poll.
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

#[test]
fn interrupts_coalesce_into_one_early_return() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(4);
    let interrupter = Interrupter::new(&poll);
    for _ in 0..3 {
        interrupter.interrupt();
    }
    assert_eq!(poll.poll(&mut events, None).unwrap(), 0);
    // The next blocking poll waits for a real event: were an interrupt left over,
    // it would return `Ok(0)` before the setter runs.
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    let (go, went) = mpsc::channel();
    let setter = thread::spawn(move || {
        went.recv().unwrap();
        set.set_readiness(r()).unwrap();
    });
    go.send(()).unwrap();
    assert_eq!(poll.poll(&mut events, None).unwrap(), 1);
    assert_eq!(collect(&events), vec![(Token(1), r())]);
    setter.join().unwrap();
}

/// Interrupts from another thread, each made while the poller is on its way to
/// sleep or asleep: every one makes exactly one poll return (a lost one hangs).
fn interrupts_wake_a_sleeping_poller(poll: &Poll, timeout: Option<Duration>) {
    let mut events = Events::with_capacity(4);
    let interrupter = Interrupter::new(poll);
    let (go, went) = mpsc::channel::<()>();
    let (done, finished) = mpsc::channel::<()>();
    let rounds = scaled(200, 5);
    let other = thread::spawn(move || {
        for _ in 0..rounds {
            went.recv().unwrap();
            interrupter.interrupt();
            finished.recv().unwrap();
        }
    });
    for _ in 0..rounds {
        go.send(()).unwrap();
        assert_eq!(poll.poll(&mut events, timeout).unwrap(), 0);
        done.send(()).unwrap();
    }
    other.join().unwrap();
}

#[test]
fn an_interrupt_wakes_a_poller_parked_in_user_space() {
    // Only user-space registrations and a deadline: the poller parks. (The
    // deadline is never reached: a lost interrupt hangs the test.)
    let poll = Poll::new().unwrap();
    let (reg, _set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    interrupts_wake_a_sleeping_poller(&poll, Some(Duration::from_secs(3600)));
}

#[test]
#[cfg_attr(miri, ignore = "real sockets: Miri has no socket support")]
fn an_interrupt_wakes_a_poller_blocked_in_the_kernel() {
    // An OS source registered: the poller blocks in the kernel.
    let poll = Poll::new().unwrap();
    let (a, _b) = UnixStream::pair().unwrap();
    poll.register(&a, Token(2), r(), PollOpt::edge()).unwrap();
    let mut events = Events::with_capacity(4);
    // The socket's first (writable-only, filtered out) report, if any, is gone.
    poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
    interrupts_wake_a_sleeping_poller(&poll, None);
}

#[test]
fn interrupting_a_dropped_poll_does_nothing() {
    let poll = Poll::new().unwrap();
    let interrupter = Interrupter::new(&poll);
    drop(poll);
    interrupter.interrupt();
    let clone = interrupter.clone();
    clone.interrupt();
}
