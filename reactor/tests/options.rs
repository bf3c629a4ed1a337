//! Edge, level and oneshot: SPEC O1–O3 (O4, for OS sources, is in `os_sources.rs`).

mod util;

use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
use util::{poll_now, r, w};

#[test]
fn edge_coalesces_sets_before_a_poll_into_one_event_with_the_latest_value() {
    // SPEC O1
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r() | w(), PollOpt::edge())
        .unwrap();
    set.set_readiness(r()).unwrap();
    set.set_readiness(w()).unwrap();
    set.set_readiness(r() | w()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(1), r() | w())]);
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

#[test]
fn edge_delivers_one_event_per_later_set_even_with_the_same_value() {
    // SPEC O1
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    for _ in 0..5 {
        set.set_readiness(r()).unwrap();
        assert_eq!(poll_now(&poll, &mut events), vec![(Token(1), r())]);
        assert_eq!(poll_now(&poll, &mut events), vec![]);
    }
}

#[test]
fn edge_ignores_sets_outside_the_interest() {
    // SPEC O1 ("whose value overlaps the interest")
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    set.set_readiness(w()).unwrap();
    set.set_readiness(Ready::hup()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

#[test]
fn level_fires_at_every_poll_until_cleared() {
    // SPEC O2
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(2), r(), PollOpt::level())
        .unwrap();
    set.set_readiness(r() | w()).unwrap();
    for _ in 0..4 {
        assert_eq!(poll_now(&poll, &mut events), vec![(Token(2), r())]);
    }
    set.set_readiness(w()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    set.set_readiness(Ready::empty()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(2), r())]);
    set.set_readiness(Ready::empty()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
}

#[test]
fn level_gives_at_most_one_event_per_registration_per_poll() {
    // SPEC O2
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(64);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(2), r(), PollOpt::level())
        .unwrap();
    for _ in 0..10 {
        set.set_readiness(r()).unwrap();
    }
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(2), r())]);
}

#[test]
fn empty_options_mean_level() {
    // SPEC O2
    assert!(PollOpt::empty().is_level());
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(2), r(), PollOpt::empty())
        .unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(2), r())]);
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(2), r())]);
}

#[test]
fn oneshot_edge_fires_once_until_reregistered() {
    // SPEC O3
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    let opts = PollOpt::edge() | PollOpt::oneshot();
    poll.register(&reg, Token(3), r(), opts).unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(3), r())]);
    set.set_readiness(r()).unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    // Re-arming while ready fires at once (SPEC R4).
    poll.reregister(&reg, Token(3), r(), opts).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(3), r())]);
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    // Re-arming while not ready waits for the next set.
    set.set_readiness(Ready::empty()).unwrap();
    poll.reregister(&reg, Token(3), r(), opts).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(3), r())]);
}

#[test]
fn oneshot_level_fires_once_until_reregistered() {
    // SPEC O3 (mio 0.6 ignored oneshot without edge)
    for opts in [PollOpt::level() | PollOpt::oneshot(), PollOpt::oneshot()] {
        let poll = Poll::new().unwrap();
        let mut events = Events::with_capacity(8);
        let (reg, set) = Registration::new2();
        poll.register(&reg, Token(3), r(), opts).unwrap();
        set.set_readiness(r()).unwrap();
        assert_eq!(poll_now(&poll, &mut events), vec![(Token(3), r())]);
        assert_eq!(poll_now(&poll, &mut events), vec![]);
        set.set_readiness(r()).unwrap();
        assert_eq!(poll_now(&poll, &mut events), vec![]);
        poll.reregister(&reg, Token(3), r(), opts).unwrap();
        assert_eq!(poll_now(&poll, &mut events), vec![(Token(3), r())]);
        assert_eq!(poll_now(&poll, &mut events), vec![]);
    }
}
