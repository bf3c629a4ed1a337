//! `Receiver` as an [`Evented`]: a plain `Poll` loop waits on it like on a socket,
//! as mio-extras' channel let mio 0.6 loops do.
//!
//! The first `register` makes a `Registration` of the receiver's own and registers
//! it. From then on an `Empty` answer of `try_recv` *arms* the receiver: it clears
//! the readiness, parks with that registration's `SetReadiness` as its waiter, and
//! looks at the queue again (`chan.rs`). The next push or the close sets the
//! readiness to readable, once: senders signal the registration only when the
//! receiver is armed, never while it is draining. Hence:
//!
//! - readable while a value waits or the channel is closed; cleared by the
//!   `try_recv` that finds the queue empty (and open). Between taking the last
//!   value and that `Empty`, it may still read readable: a level registration
//!   then reports one event more, whose `try_recv` answers `Empty`;
//! - edge: one event per arming, so drain until `Empty` as with a socket (a
//!   race between arming and a push may add one spurious event, never lose one);
//! - oneshot: one event, then nothing until `reregister` (which, by SPEC R4,
//!   reports at once if a value already waits);
//! - `deregister` stops the events; the queue is untouched.
//!
//! A receiver registered with a `Poll` can still be awaited; whichever waits last
//! is the one woken (a task's `recv` parks with its waker instead of the
//! registration). A registered receiver should be drained with `try_recv`.

use std::io;

use runtime_reactor::{Evented, Poll, PollOpt, Ready, Registration, SetReadiness, Token};

use crate::chan::{Chan, Park, Waiter};
use crate::Receiver;

/// The registration behind a receiver's `Evented` side.
pub(crate) struct PollMode {
    registration: Registration,
    set: SetReadiness,
    /// Whether registered with a `Poll` now (`try_recv` arms only then).
    pub(crate) registered: bool,
}

impl PollMode {
    fn new() -> PollMode {
        let (registration, set) = Registration::new2();
        PollMode {
            registration,
            set,
            registered: false,
        }
    }

    /// The queue is empty: clear the readiness and park with the registration.
    /// `Retry` if a value or the close arrived meanwhile (the readiness is then
    /// readable again).
    pub(crate) fn arm<T>(&self, chan: &Chan<T>) -> Park {
        let make = |old: Option<Waiter>| match old {
            Some(Waiter::Poll(set)) => Waiter::Poll(set),
            _ => Waiter::Poll(self.set.clone()),
        };
        // `Ok` always (SPEC R6); the `Result` is mio 0.6's signature.
        let clear = || drop(self.set.set_readiness(Ready::empty()));
        let park = chan.park(make, clear);
        if park == Park::Retry {
            // A sender owning the slot sets it too; both set the same value. The
            // receiver never clears it except while it owns the slot.
            drop(self.set.set_readiness(Ready::readable()));
        }
        park
    }
}

#[cfg(all(test, loom))]
impl<T> Receiver<T> {
    /// For the loom models: `Poll` mode without a `Poll` (loom has no kernel).
    /// Returns the registration's `SetReadiness`, whose `readiness()` the model
    /// checks.
    pub(crate) fn poll_mode_for_model(&mut self) -> SetReadiness {
        let mut mode = PollMode::new();
        mode.registered = true;
        let set = mode.set.clone();
        *self.poll.get_mut().unwrap() = Some(mode);
        set
    }
}

impl<T> Receiver<T> {
    /// The `Poll`-mode state, locked. Nothing panics under this lock, so a
    /// poisoned one still guards valid data.
    fn poll_mode(&self) -> std::sync::MutexGuard<'_, Option<PollMode>> {
        self.poll
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn not_registered() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        "the channel receiver is not registered with a Poll",
    )
}

impl<T> Evented for Receiver<T> {
    fn register(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        let mut guard = self.poll_mode();
        let mode = guard.get_or_insert_with(PollMode::new);
        mode.registration.register(poll, token, interest, opts)?;
        mode.registered = true;
        // Under the lock, so `&self` callers never arm at once; `&mut self` ones
        // (`try_recv`, `recv`) cannot run meanwhile.
        mode.arm(&self.chan);
        Ok(())
    }

    fn reregister(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        let guard = self.poll_mode();
        let mode = guard.as_ref().ok_or_else(not_registered)?;
        mode.registration.reregister(poll, token, interest, opts)
    }

    fn deregister(&self, poll: &Poll) -> io::Result<()> {
        let mut guard = self.poll_mode();
        let mode = guard.as_mut().ok_or_else(not_registered)?;
        mode.registration.deregister(poll)?;
        mode.registered = false;
        Ok(())
    }
}
