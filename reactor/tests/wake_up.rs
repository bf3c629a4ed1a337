//! Waking a blocked poller (SPEC P5) from another thread, ping-pong style, on
//! threads that may run on several CPUs (the poller spins first) and on threads
//! confined to one CPU (it does not). With user-space registrations only, a
//! poller parks on its own thread when it sleeps (`poll.rs`); with an OS source
//! registered too (an idle socket), it blocks in the kernel and is woken through
//! the wake-up descriptor.

mod util;

use runtime_reactor::unix::EventedFd;
use runtime_reactor::{Events, Poll, PollOpt, Registration, SetReadiness, Token};
use std::sync::mpsc;
use std::thread;
use util::{poll_wait, r, scaled};

/// One side of the ping-pong: its own `Poll`, answering each event it gets by
/// setting the other side's registration.
fn side(
    token: usize,
    pin: bool,
    kernel: bool,
    starts: bool,
    rounds: usize,
    mine: mpsc::Sender<SetReadiness>,
    theirs: mpsc::Receiver<SetReadiness>,
) {
    if pin {
        pin_to_one_cpu();
    }
    let poll = Poll::new().unwrap();
    // An OS source that never becomes ready: the poller sleeps in the kernel.
    let idle = kernel.then(|| {
        let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&a);
        poll.register(&EventedFd(&fd), Token(99), r(), PollOpt::edge())
            .unwrap();
        (a, b)
    });
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
    drop(idle);
}

/// Ping-pong between two threads, each blocked in its own `Poll` in turn: every
/// round trip wakes a sleeping poller twice, and no wake-up is lost (the test
/// would hang).
fn ping_pong(pin: bool, kernel: bool) {
    let rounds = scaled(20_000, 50);
    let (a_tx, a_rx) = mpsc::channel();
    let (b_tx, b_rx) = mpsc::channel();
    let b = thread::spawn(move || side(2, pin, kernel, false, rounds, b_tx, a_rx));
    side(1, pin, kernel, true, rounds, a_tx, b_rx);
    b.join().unwrap();
}

#[test]
fn parked_pollers_wake_through_their_thread() {
    // SPEC P5
    ping_pong(false, false);
}

#[test]
#[cfg_attr(miri, ignore = "sets the CPU affinity, which Miri does not model")]
fn parked_pollers_confined_to_one_cpu_wake_through_their_thread() {
    // SPEC P5
    ping_pong(true, false);
}

#[test]
#[cfg_attr(miri, ignore = "Miri models no sockets")]
fn pollers_in_the_kernel_wake_through_the_descriptor() {
    // SPEC P5
    ping_pong(false, true);
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
