//! Waking a blocked poller (SPEC P5) from another thread, ping-pong style, on
//! threads that may run on several CPUs (the poller spins first) and on threads
//! confined to one CPU (it does not). Both `Poll`s have user-space registrations
//! only, so both pollers park on their own thread when they sleep (`poll.rs`);
//! a wake-up through the kernel is tested in `interrupt.rs` and by the loom models
//! (`loom_set_wakes_a_poller_sleeping_in_the_kernel`).

mod util;

use runtime_reactor::{Events, Poll, PollOpt, Registration, SetReadiness, Token};
use std::sync::mpsc;
use std::thread;
use util::{poll_wait, r, scaled};

/// One side of the ping-pong: its own `Poll`, answering each event it gets by
/// setting the other side's registration.
fn side(
    token: usize,
    pin: bool,
    starts: bool,
    rounds: usize,
    mine: mpsc::Sender<SetReadiness>,
    theirs: mpsc::Receiver<SetReadiness>,
) {
    if pin {
        pin_to_one_cpu();
    }
    let poll = Poll::new().unwrap();
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(token), r(), PollOpt::edge())
        .unwrap();
    mine.send(set).unwrap();
    let other = theirs.recv().unwrap();
    let mut events = Events::with_capacity(4);
    for _ in 0..rounds {
        if starts {
            other.set_readiness(r()).unwrap();
            assert_eq!(poll_wait(&poll, &mut events), vec![(Token(token), r())]);
        } else {
            assert_eq!(poll_wait(&poll, &mut events), vec![(Token(token), r())]);
            other.set_readiness(r()).unwrap();
        }
    }
}

/// Ping-pong between two threads, each blocked in its own `Poll` in turn: every
/// round trip wakes a sleeping poller twice, and no wake-up is lost (the test
/// would hang).
fn ping_pong(pin: bool) {
    let rounds = scaled(20_000, 50);
    let (a_tx, a_rx) = mpsc::channel();
    let (b_tx, b_rx) = mpsc::channel();
    let b = thread::spawn(move || side(2, pin, false, rounds, b_tx, a_rx));
    side(1, pin, true, rounds, a_tx, b_rx);
    b.join().unwrap();
}

#[test]
fn pollers_that_may_use_several_cpus_wake_through_the_descriptor() {
    // SPEC P5
    ping_pong(false);
}

#[test]
#[cfg_attr(miri, ignore = "sets the CPU affinity, which Miri does not model")]
fn pollers_confined_to_one_cpu_wake_through_a_futex() {
    // SPEC P5
    ping_pong(true);
}

/// Confines the calling thread to the CPU it runs on.
#[cfg(not(miri))]
fn pin_to_one_cpu() {
    // SAFETY: `cpu_set_t` is plain data (zeroed is the empty set); the calls read
    // and write only the set passed, for the calling thread (pid 0).
    unsafe {
        let cpu = libc::sched_getcpu();
        assert!(cpu >= 0, "sched_getcpu");
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu as usize, &mut set);
        let size = std::mem::size_of::<libc::cpu_set_t>();
        assert_eq!(libc::sched_setaffinity(0, size, &set), 0);
    }
}

#[cfg(miri)]
fn pin_to_one_cpu() {}
