//! What a `Poll` and its registrations hold: SPEC R1, R11, P5 (one wake-up fd).
//! One test in this binary, so no other test opens descriptors meanwhile.

mod util;

use runtime_reactor::{Poll, PollOpt, Ready, Registration, Token};
use util::open_fds;

#[test]
#[cfg_attr(
    miri,
    ignore = "counts descriptors in /proc, which Miri does not model"
)]
fn descriptors_belong_to_the_poll_alone() {
    // SPEC R1: registrations open nothing.
    let base = open_fds();
    let regs: Vec<_> = (0..1000).map(|_| Registration::new2()).collect();
    assert_eq!(open_fds(), base);
    for (_, set) in &regs {
        assert_eq!(set.readiness(), Ready::empty(), "readiness starts empty");
    }

    // A Poll: its epoll descriptor, one registry clone, one wake-up descriptor.
    let poll = Poll::new().unwrap();
    let with_poll = open_fds();
    assert_eq!(with_poll, base + 3);

    // SPEC P5: however many registrations, still one wake-up descriptor.
    for (i, (reg, set)) in regs.iter().enumerate() {
        poll.register(reg, Token(i), Ready::readable(), PollOpt::edge())
            .unwrap();
        set.set_readiness(Ready::readable()).unwrap();
    }
    assert_eq!(open_fds(), with_poll);

    // SPEC R11: dropping the Poll closes its descriptors at once, though every
    // registration and SetReadiness is still alive and bound to it.
    drop(poll);
    assert_eq!(open_fds(), base);
    for (_, set) in &regs {
        set.set_readiness(Ready::readable()).unwrap();
    }
    drop(regs);
    assert_eq!(open_fds(), base);
}
