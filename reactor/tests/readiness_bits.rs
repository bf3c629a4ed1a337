//! What events carry: SPEC E1–E4, and the `Ready` / `PollOpt` value types.

mod util;

use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
use util::{poll_now, r, w};

#[test]
fn events_carry_readiness_masked_by_interest() {
    // SPEC E1
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), w() | Ready::hup(), PollOpt::edge())
        .unwrap();
    set.set_readiness(Ready::all()).unwrap();
    assert_eq!(
        poll_now(&poll, &mut events),
        vec![(Token(1), w() | Ready::hup())]
    );
}

#[test]
fn error_and_hup_are_delivered() {
    // SPEC E2
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(1), Ready::all(), PollOpt::edge())
        .unwrap();
    set.set_readiness(Ready::error()).unwrap();
    assert_eq!(
        poll_now(&poll, &mut events),
        vec![(Token(1), Ready::error())]
    );
    set.set_readiness(Ready::hup()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(1), Ready::hup())]);
    set.set_readiness(Ready::hup() | Ready::error() | r())
        .unwrap();
    assert_eq!(
        poll_now(&poll, &mut events),
        vec![(Token(1), Ready::hup() | Ready::error() | r())]
    );
}

#[test]
fn no_event_has_empty_readiness() {
    // SPEC E3: a set that is cleared before the poll delivers nothing.
    for opts in [PollOpt::edge(), PollOpt::level(), PollOpt::oneshot()] {
        let poll = Poll::new().unwrap();
        let mut events = Events::with_capacity(8);
        let (reg, set) = Registration::new2();
        poll.register(&reg, Token(1), r(), opts).unwrap();
        set.set_readiness(r()).unwrap();
        set.set_readiness(Ready::empty()).unwrap();
        assert_eq!(poll_now(&poll, &mut events), vec![], "{opts:?}");
        set.set_readiness(r()).unwrap();
        set.set_readiness(w()).unwrap();
        assert_eq!(poll_now(&poll, &mut events), vec![], "{opts:?}");
    }
}

#[test]
fn unknown_bits_are_dropped_and_never_hurt_the_poll() {
    // SPEC E4 (mio 0.6 panicked at the next poll after from_usize(0xC001))
    assert_eq!(Ready::from_usize(0xC001), r());
    assert_eq!(Ready::from_usize(usize::MAX), Ready::all());
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (reg, set) = Registration::new2();
    poll.register(
        &reg,
        Token(1),
        Ready::from_usize(usize::MAX),
        PollOpt::edge(),
    )
    .unwrap();
    for raw in [0xC001, usize::MAX, 0x10, 0xF0, 1 << 40] {
        set.set_readiness(Ready::from_usize(raw)).unwrap();
        let got = poll_now(&poll, &mut events);
        let expect = Ready::from_usize(raw);
        if expect.is_empty() {
            assert_eq!(got, vec![]);
        } else {
            assert_eq!(got, vec![(Token(1), expect)]);
        }
    }
    // Still usable.
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![(Token(1), r())]);
}

#[test]
fn ready_has_mio_06_values_and_set_operations() {
    assert_eq!(Ready::readable().as_usize(), 1);
    assert_eq!(Ready::writable().as_usize(), 2);
    assert_eq!(Ready::error().as_usize(), 4);
    assert_eq!(Ready::hup().as_usize(), 8);
    assert_eq!(Ready::all().as_usize(), 15);
    let mut x = r() | w();
    assert!(x.contains(r()) && x.contains(r() | w()) && !x.contains(Ready::hup()));
    x -= w();
    assert_eq!(x, r());
    x |= Ready::hup();
    x &= Ready::hup() | w();
    assert_eq!(x, Ready::hup());
    x.insert(Ready::error());
    x.remove(Ready::hup());
    assert_eq!(x, Ready::error());
    assert_eq!(r() & w(), Ready::empty());
    assert_eq!((r() | w()) - r(), w());
    assert_eq!(format!("{:?}", r() | w()), "Readable | Writable");
    assert_eq!(format!("{:?}", Ready::empty()), "(empty)");
    assert!(Ready::error().is_error() && Ready::hup().is_hup());
}

#[test]
fn poll_opt_combines() {
    let o = PollOpt::edge() | PollOpt::oneshot();
    assert!(o.is_edge() && o.is_oneshot() && !o.is_level());
    assert!(PollOpt::level().is_level() && !PollOpt::level().is_edge());
    assert!(o.contains(PollOpt::edge()));
    assert_eq!(o - PollOpt::oneshot(), PollOpt::edge());
    assert_eq!(format!("{:?}", o), "Edge | Oneshot");
}
