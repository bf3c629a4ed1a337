//! Helpers shared by the reactor's integration tests.
#![allow(dead_code)]

use runtime_reactor::{Events, Poll, Ready, Token};
use std::time::Duration;

/// Polls once without blocking and returns the events as `(token, readiness)` pairs.
pub fn poll_now(poll: &Poll, events: &mut Events) -> Vec<(Token, Ready)> {
    poll.poll(events, Some(Duration::ZERO)).expect("poll");
    collect(events)
}

/// Polls until at least one event arrives and returns them.
pub fn poll_wait(poll: &Poll, events: &mut Events) -> Vec<(Token, Ready)> {
    let n = poll.poll(events, None).expect("poll");
    assert!(n > 0, "poll(None) returned without an event");
    collect(events)
}

pub fn collect(events: &Events) -> Vec<(Token, Ready)> {
    events.iter().map(|e| (e.token(), e.readiness())).collect()
}

/// The number of open file descriptors of this process.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count()
}

pub fn r() -> Ready {
    Ready::readable()
}

pub fn w() -> Ready {
    Ready::writable()
}

/// `n` normally, `under_miri` when interpreted by Miri (which is ~1000× slower).
pub const fn scaled(n: usize, under_miri: usize) -> usize {
    if cfg!(miri) {
        under_miri
    } else {
        n
    }
}
