//! `Interrupter`: makes a `Poll` return without an event.
//!
//! A thread that sleeps in `Poll::poll` may have other work than events: a runtime's
//! driving thread also runs tasks, and must return when another thread schedules
//! one, or when a timer is filed earlier than the timeout it sleeps with. A
//! registration could carry that wake-up, but each would then be an event for the
//! `Poll` to queue, deliver and for the caller to throw away. An interrupt is a flag
//! of the readiness queue instead, outside the inbox lock that `set_readiness`
//! takes: the interrupter sets it and, after a fence, looks whether the poller
//! sleeps; only then does it take the lock and wake the poller, by the handshake a
//! push uses, at most once per sleep. The poller looks for the flag before it
//! sleeps, and takes it whenever it could return, so an interrupt made while the
//! poller is awake ends its next poll (sticky), several coalesce into one early
//! return, and none is lost, whether the poller parks or blocks in the kernel
//! (`readiness_queue.rs`, "Interrupts"). The contract is SPEC I1–I3; SPEC P2 holds
//! for every `Poll` that is not interrupted.

use std::fmt;
use std::sync::Arc;

use crate::readiness_queue::ReadinessQueue;
use crate::Poll;

/// Makes a [`Poll`]'s current poll return, or its next one if none is in progress,
/// even with no event (SPEC I1–I3). Cheap to clone; `Send` and `Sync`.
///
/// ```
/// use runtime_reactor::Interrupter;
/// use runtime_reactor::{Events, Poll};
///
/// let poll = Poll::new()?;
/// let interrupter = Interrupter::new(&poll);
/// let mut events = Events::with_capacity(8);
/// std::thread::spawn(move || interrupter.interrupt());
/// // Returns once interrupted, with no event.
/// assert_eq!(poll.poll(&mut events, None)?, 0);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct Interrupter {
    queue: Arc<ReadinessQueue>,
}

impl Interrupter {
    /// An interrupter for `poll`. It does not keep the `Poll` alive: once the `Poll`
    /// is dropped, interrupting does nothing.
    ///
    /// ```
    /// let poll = runtime_reactor::Poll::new()?;
    /// let interrupter = runtime_reactor::Interrupter::new(&poll);
    /// drop(poll);
    /// interrupter.interrupt(); // does nothing
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(poll: &Poll) -> Interrupter {
        Interrupter {
            queue: poll.readiness_queue().clone(),
        }
    }

    /// Interrupts the poll (see the type's docs). Makes at most one wake-up
    /// syscall, and none if the poller is awake or already woken.
    ///
    /// ```
    /// use runtime_reactor::{Events, Interrupter, Poll};
    /// use std::time::Duration;
    ///
    /// let poll = Poll::new()?;
    /// let interrupter = Interrupter::new(&poll);
    /// interrupter.interrupt();
    /// interrupter.interrupt(); // coalesces with the first (SPEC I2)
    /// let mut events = Events::with_capacity(8);
    /// assert_eq!(poll.poll(&mut events, None)?, 0); // sticky: returns at once
    /// // Taken: the next poll waits its whole timeout.
    /// assert_eq!(poll.poll(&mut events, Some(Duration::from_millis(1)))?, 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn interrupt(&self) {
        self.queue.interrupt();
    }
}

impl fmt::Debug for Interrupter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interrupter").finish_non_exhaustive()
    }
}
