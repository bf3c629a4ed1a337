//! The slots behind user-space registrations (`slots.rs`): many registrations per
//! `Poll`, slots reused after registrations are freed, and registrations that move
//! between `Poll`s.

mod util;

use runtime_reactor::{Events, Poll, PollOpt, Registration, SetReadiness, Token};
use util::{poll_now, r, scaled};

fn tokens(got: &[(Token, runtime_reactor::Ready)]) -> Vec<usize> {
    got.iter().map(|(t, _)| t.0).collect()
}

/// Enough registrations to span several segments of slots (64, 128, 256, ...);
/// events come out in the order of the sets, whatever the slots (SPEC P3).
#[test]
fn many_registrations_deliver_in_set_order() {
    let n = scaled(1000, 200);
    let poll = Poll::new().unwrap();
    let regs: Vec<(Registration, SetReadiness)> = (0..n).map(|_| Registration::new2()).collect();
    for (i, (reg, _)) in regs.iter().enumerate() {
        poll.register(reg, Token(i), r(), PollOpt::edge()).unwrap();
    }
    let mut events = Events::with_capacity(n + 1);
    for (_, set) in regs.iter().rev() {
        set.set_readiness(r()).unwrap();
    }
    assert_eq!(
        tokens(&poll_now(&poll, &mut events)),
        (0..n).rev().collect::<Vec<_>>()
    );
    for (_, set) in regs.iter().step_by(3) {
        set.set_readiness(r()).unwrap();
    }
    assert_eq!(
        tokens(&poll_now(&poll, &mut events)),
        (0..n).step_by(3).collect::<Vec<_>>()
    );
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

/// Registrations dropped with an event still queued free their slots; the new
/// registrations that reuse them get exactly their own events, and the dropped ones
/// none (SPEC R6, O1).
#[test]
fn slots_of_dropped_registrations_are_reused_without_stale_events() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(256);
    let mut regs: Vec<_> = (0..100).map(|_| Registration::new2()).collect();
    for (i, (reg, set)) in regs.iter().enumerate() {
        poll.register(reg, Token(i), r(), PollOpt::edge()).unwrap();
        set.set_readiness(r()).unwrap();
    }
    // Drop every other one with its event queued.
    let mut kept = Vec::new();
    for (i, pair) in regs.drain(..).enumerate() {
        if i % 2 == 0 {
            kept.push(pair);
        }
    }
    assert_eq!(
        tokens(&poll_now(&poll, &mut events)),
        (0..100).step_by(2).collect::<Vec<_>>()
    );
    // New registrations, some of them in the freed slots, already ready.
    let fresh: Vec<_> = (0..60)
        .map(|i| {
            let (reg, set) = Registration::new2();
            set.set_readiness(r()).unwrap();
            poll.register(&reg, Token(1000 + i), r(), PollOpt::edge())
                .unwrap();
            (reg, set)
        })
        .collect();
    assert_eq!(
        tokens(&poll_now(&poll, &mut events)),
        (1000..1060).collect::<Vec<_>>()
    );
    for (_, set) in kept.iter().chain(&fresh) {
        set.set_readiness(r()).unwrap();
    }
    let mut expected: Vec<usize> = (0..100).step_by(2).collect();
    expected.extend(1000..1060);
    assert_eq!(tokens(&poll_now(&poll, &mut events)), expected);
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

/// A registration moved from one `Poll` to another and back keeps working in each,
/// with nothing delivered where it is no longer registered (SPEC R6, R7), and may
/// move on without a deregistration once its `Poll` is gone.
#[test]
fn a_registration_moves_between_polls() {
    let a = Poll::new().unwrap();
    let b = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    a.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r()).unwrap();
    a.deregister(&reg).unwrap();
    b.register(&reg, Token(2), r(), PollOpt::edge()).unwrap();
    assert_eq!(poll_now(&a, &mut events), vec![]);
    assert_eq!(poll_now(&b, &mut events), vec![(Token(2), r())]);
    b.deregister(&reg).unwrap();
    a.register(&reg, Token(3), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&b, &mut events), vec![]);
    assert_eq!(poll_now(&a, &mut events), vec![(Token(3), r())]);
    // Once its `Poll` is gone, a registration may register elsewhere without a
    // deregistration (there is nothing left to deregister from).
    drop(a);
    set.set_readiness(r()).unwrap();
    b.register(&reg, Token(4), r(), PollOpt::edge()).unwrap();
    assert_eq!(poll_now(&b, &mut events), vec![(Token(4), r())]);
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&b, &mut events), vec![(Token(4), r())]);
}
