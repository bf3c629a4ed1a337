//! What a timer does when it fires, and the batch in which the driver does it.
//!
//! The driver takes due timers out of the wheel under its lock but notifies them
//! after releasing it, at most [`BATCH`] at a time: a `Waker` may run arbitrary code
//! (even poll a `Sleep`, which takes the lock), and `set_readiness` may wake a
//! `Poll`. Taking out and notifying are separate steps, so a timer cancelled between
//! them is simply notified once more than needed (its key is already stale, so its
//! owner sees it as fired): never lost, never twice from the wheel.

use std::fmt;
use std::task::Waker;

use runtime_reactor::{Ready, SetReadiness};

/// How many due timers are taken out under one lock.
pub(crate) const BATCH: usize = 32;

/// The action of a fired timer.
pub(crate) enum Notify {
    /// A future's task (`Sleep`, `Timeout`, `Interval`).
    Waker(Waker),
    /// A [`Deadline`](crate::Deadline)'s registration: made readable.
    Readiness(SetReadiness),
}

impl Notify {
    /// Wakes the task or sets the readiness.
    pub(crate) fn notify(self) {
        match self {
            Notify::Waker(waker) => waker.wake(),
            Notify::Readiness(set_readiness) => {
                // Never fails: `Ok` even once the registration is gone (SPEC R6).
                let _ = set_readiness.set_readiness(Ready::readable());
            }
        }
    }

    /// Tells the owner that its driver shut down before the timer was due: wakes
    /// the task (whose next poll sees the shutdown) or makes the deadline
    /// `readable | hup` (the driver hung up), so that no one waits for ever.
    pub(crate) fn shut_down(self) {
        match self {
            Notify::Waker(waker) => waker.wake(),
            Notify::Readiness(set_readiness) => {
                // Never fails: see `notify`.
                let _ = set_readiness.set_readiness(Ready::readable() | Ready::hup());
            }
        }
    }
}

impl fmt::Debug for Notify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notify::Waker(_) => f.write_str("Notify::Waker"),
            Notify::Readiness(_) => f.write_str("Notify::Readiness"),
        }
    }
}

/// Up to [`BATCH`] notifications, on the stack.
pub(crate) struct Batch {
    items: [Option<Notify>; BATCH],
    len: usize,
}

impl Batch {
    pub(crate) fn new() -> Batch {
        Batch {
            items: [const { None }; BATCH],
            len: 0,
        }
    }

    pub(crate) fn is_full(&self) -> bool {
        self.len == BATCH
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, notify: Notify) {
        self.items[self.len] = Some(notify);
        self.len += 1;
    }

    /// Runs every notification; call without holding the driver's lock.
    pub(crate) fn notify_all(mut self) {
        for item in &mut self.items[..self.len] {
            if let Some(notify) = item.take() {
                notify.notify();
            }
        }
    }
}
