//! Registrations: SPEC R2–R10.

mod util;

use runtime_reactor::event::Evented;
use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
use std::io::ErrorKind;
use util::{poll_now, r, w};

#[test]
fn set_readiness_replaces_and_is_unmasked() {
    // SPEC R2
    let poll = Poll::new().unwrap();
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r() | w()).unwrap();
    assert_eq!(set.readiness(), r() | w());
    set.set_readiness(w()).unwrap();
    assert_eq!(
        set.readiness(),
        w(),
        "set_readiness replaces, it does not OR"
    );
    set.set_readiness(Ready::hup() | Ready::error()).unwrap();
    assert_eq!(set.readiness(), Ready::hup() | Ready::error());
}

#[test]
fn readiness_before_register_is_kept_and_delivered_on_register() {
    // SPEC R3
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    poll.register(&reg, Token(4), r() | w(), PollOpt::edge())
        .unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(4), r())]);
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

#[test]
fn register_without_overlap_queues_nothing() {
    // SPEC R3
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    set.set_readiness(w()).unwrap();
    poll.register(&reg, Token(4), r(), PollOpt::edge()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

#[test]
fn every_overlapping_register_and_reregister_queues_an_event() {
    // SPEC R4
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    set.set_readiness(r()).unwrap();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(1), r())]);
    for _ in 0..3 {
        poll.reregister(&reg, Token(1), r(), PollOpt::edge())
            .unwrap();
        assert_eq!(poll_now(&poll, &mut events), vec![(Token(1), r())]);
    }
    poll.deregister(&reg).unwrap();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(1), r())]);
}

#[test]
fn reregister_delivers_a_queued_event_with_the_new_token_and_mask() {
    // SPEC R5
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r() | w(), PollOpt::edge())
        .unwrap();
    set.set_readiness(r() | w()).unwrap();
    poll.reregister(&reg, Token(2), w(), PollOpt::edge())
        .unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(2), w())]);
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

#[test]
fn reregister_drops_a_queued_event_that_no_longer_overlaps() {
    // SPEC R5
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r()).unwrap();
    poll.reregister(&reg, Token(2), w(), PollOpt::edge())
        .unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    set.set_readiness(w()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(2), w())]);
}

#[test]
fn deregister_drops_queued_events_and_later_sets() {
    // SPEC R6
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    set.set_readiness(r()).unwrap();
    poll.deregister(&reg).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    assert!(set.set_readiness(r()).is_ok());
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    assert_eq!(set.readiness(), r());
}

#[test]
fn dropping_the_registration_drops_queued_events_and_later_sets() {
    // SPEC R6
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::level())
        .unwrap();
    set.set_readiness(r()).unwrap();
    drop(reg);
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    assert!(set.set_readiness(w()).is_ok());
    assert_eq!(set.readiness(), w());
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

#[test]
fn a_registration_belongs_to_one_poll_at_a_time() {
    // SPEC R7
    let a = Poll::new().unwrap();
    let b = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    a.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    let err = b
        .register(&reg, Token(1), r(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert!(err.to_string().contains("another Poll"), "{err}");
    // `a` is untouched by the failed call.
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&a, &mut events), vec![(Token(1), r())]);
    assert_eq!(poll_now(&b, &mut events), vec![]);

    a.deregister(&reg).unwrap();
    b.register(&reg, Token(9), r(), PollOpt::edge()).unwrap();
    assert_eq!(poll_now(&b, &mut events), vec![(Token(9), r())]);
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&a, &mut events), vec![]);
    assert_eq!(poll_now(&b, &mut events), vec![(Token(9), r())]);
}

#[test]
fn reregister_or_deregister_on_another_poll_is_not_found() {
    // SPEC R7, R8
    let a = Poll::new().unwrap();
    let b = Poll::new().unwrap();
    let (reg, _set) = Registration::new2();
    a.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    let err = b
        .reregister(&reg, Token(1), r(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = b.deregister(&reg).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    a.deregister(&reg).unwrap();
}

#[test]
fn double_register_and_unregistered_changes_are_errors() {
    // SPEC R8
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    assert_eq!(
        poll.reregister(&reg, Token(1), r(), PollOpt::edge())
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        poll.deregister(&reg).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    let err = poll
        .register(&reg, Token(2), w(), PollOpt::level())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert!(err.to_string().contains("reregister"), "{err}");
    // The failed register changed nothing: token 1, readable, edge.
    set.set_readiness(r() | w()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(1), r())]);
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    poll.deregister(&reg).unwrap();
    assert_eq!(
        poll.deregister(&reg).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn concurrent_registration_changes_all_take_effect() {
    // SPEC R9: every call either succeeds or fails for a reason that the order of
    // the others explains; none is silently dropped.
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let poll = Arc::new(Poll::new().unwrap());
    let (reg, set) = Registration::new2();
    let reg = Arc::new(reg);
    let registered = Arc::new(AtomicUsize::new(0));
    let deregistered = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let (poll, reg) = (poll.clone(), reg.clone());
            let (registered, deregistered) = (registered.clone(), deregistered.clone());
            std::thread::spawn(move || {
                for _ in 0..util::scaled(2000, 40) {
                    match poll.register(&*reg, Token(i), r(), PollOpt::edge()) {
                        Ok(()) => registered.fetch_add(1, Ordering::SeqCst),
                        Err(e) => {
                            assert_eq!(e.kind(), ErrorKind::AlreadyExists);
                            0
                        }
                    };
                    match poll.reregister(&*reg, Token(i), r(), PollOpt::edge()) {
                        Ok(()) => {}
                        Err(e) => assert_eq!(e.kind(), ErrorKind::NotFound),
                    }
                    match poll.deregister(&*reg) {
                        Ok(()) => deregistered.fetch_add(1, Ordering::SeqCst),
                        Err(e) => {
                            assert_eq!(e.kind(), ErrorKind::NotFound);
                            0
                        }
                    };
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let (reg_ok, dereg_ok) = (
        registered.load(Ordering::SeqCst),
        deregistered.load(Ordering::SeqCst),
    );
    assert!(reg_ok > 0);
    assert_eq!(
        reg_ok, dereg_ok,
        "each successful register was undone exactly once"
    );
    // The registration ends unregistered and works normally afterwards.
    assert_eq!(
        poll.deregister(&*reg).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let mut events = Events::with_capacity(8);
    poll_now(&poll, &mut events);
    poll.register(&*reg, Token(77), r(), PollOpt::edge())
        .unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(77), r())]);
}

#[test]
fn the_wake_token_is_refused_everywhere() {
    // SPEC R10
    let poll = Poll::new().unwrap();
    let (reg, _set) = Registration::new2();
    let max = Token(usize::MAX);
    let err = poll.register(&reg, max, r(), PollOpt::edge()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("reserved"), "{err}");
    assert_eq!(
        reg.register(&poll, max, r(), PollOpt::edge())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    poll.register(&reg, Token(0), r(), PollOpt::edge()).unwrap();
    assert_eq!(
        poll.reregister(&reg, max, r(), PollOpt::edge())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        reg.reregister(&poll, max, r(), PollOpt::edge())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn edge_with_level_is_refused_and_changes_nothing() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    let err = poll
        .register(&reg, Token(0), r(), PollOpt::edge() | PollOpt::level())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    poll.register(&reg, Token(0), r(), PollOpt::edge()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(0), r())]);
}

#[test]
fn dropping_every_set_readiness_leaves_the_registration_as_it_is() {
    // SPEC R11
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    let set2 = set.clone();
    poll.register(&reg, Token(3), r(), PollOpt::level())
        .unwrap();
    set.set_readiness(r()).unwrap();
    drop(set);
    drop(set2);
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(3), r())]);
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(3), r())]);
    poll.deregister(&reg).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}
