//! An empty interest: a user-space registration accepts it and it never fires
//! (mio 0.6's behaviour; it mutes a registration without deregistering it); a
//! later `reregister` with a real interest fires at once if the readiness overlaps
//! (SPEC R4), and `reregister` back to empty mutes it again. OS sources refuse it
//! (mio 1.x's `Interest` cannot be empty): see `os_sources.rs`.

use std::time::Duration;

use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};

/// The tokens of one non-blocking poll.
fn tokens(poll: &Poll, events: &mut Events) -> Vec<usize> {
    poll.poll(events, Some(Duration::ZERO)).unwrap();
    events.iter().map(|e| e.token().0).collect()
}

#[test]
fn an_empty_interest_is_accepted_and_never_fires() {
    for opts in [
        PollOpt::edge(),
        PollOpt::level(),
        PollOpt::edge() | PollOpt::oneshot(),
        PollOpt::level() | PollOpt::oneshot(),
        PollOpt::empty(),
    ] {
        let poll = Poll::new().unwrap();
        let mut events = Events::with_capacity(8);
        let (registration, set_readiness) = Registration::new2();
        set_readiness.set_readiness(Ready::all()).unwrap();
        poll.register(&registration, Token(1), Ready::empty(), opts)
            .unwrap();
        for _ in 0..3 {
            set_readiness.set_readiness(Ready::all()).unwrap();
            assert_eq!(tokens(&poll, &mut events), [] as [usize; 0], "{opts:?}");
        }
        // Unmuted: the current readiness overlaps, so it fires at once (R4).
        poll.reregister(&registration, Token(2), Ready::readable(), opts)
            .unwrap();
        assert_eq!(tokens(&poll, &mut events), [2], "{opts:?}");
        assert_eq!(events.iter().next().unwrap().readiness(), Ready::readable());
        // Muted again: nothing more, whatever is set.
        poll.reregister(&registration, Token(3), Ready::empty(), opts)
            .unwrap();
        set_readiness.set_readiness(Ready::readable()).unwrap();
        assert_eq!(tokens(&poll, &mut events), [] as [usize; 0], "{opts:?}");
        assert_eq!(set_readiness.readiness(), Ready::readable());
        poll.deregister(&registration).unwrap();
    }
}

#[test]
fn a_blocking_poll_is_not_woken_by_a_muted_registration() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (muted, set_muted) = Registration::new2();
    let (live, set_live) = Registration::new2();
    poll.register(&muted, Token(1), Ready::empty(), PollOpt::level())
        .unwrap();
    poll.register(&live, Token(2), Ready::readable(), PollOpt::edge())
        .unwrap();
    let setter = std::thread::spawn(move || {
        set_muted.set_readiness(Ready::all()).unwrap();
        set_live.set_readiness(Ready::readable()).unwrap();
    });
    // `poll(None)` returns only with an event (P2): the live one's, never an empty
    // one for the muted registration (E3).
    poll.poll(&mut events, None).unwrap();
    setter.join().unwrap();
    let got: Vec<_> = events
        .iter()
        .map(|e| (e.token().0, e.readiness()))
        .collect();
    assert_eq!(got, [(2, Ready::readable())]);
}
