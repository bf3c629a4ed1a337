//! `Interrupter`: makes a `Poll` return without an event, for the runtime that
//! drives it.
//!
//! The executor's driving thread sleeps in `Poll::poll`; when another thread
//! schedules a task, it must return so the task runs. A registration could carry
//! that wake-up (mio 1.x's `Waker` is one), but each would then be an event: the
//! setter marks a slot and queues it, the poller takes the inbox, dequeues the slot,
//! reads its node and hands the event to a driver that throws it away. An interrupt
//! is a flag in the inbox, set under the lock a push takes and with the same
//! wake-up handshake (`readiness_queue.rs`), so it is never lost; the poll that
//! takes it returns with what is queued, `Ok(0)` if nothing is.
//!
//! This is a runtime's tool, not API: SPEC P1 says a `poll` without timeout returns
//! only with events, and that holds for every `Poll` no `Interrupter` was made for.
//! Interrupts coalesce: any number before a poll takes them make one early return.

use std::fmt;
use std::sync::Arc;

use crate::readiness_queue::ReadinessQueue;
use crate::Poll;

/// Makes a [`Poll`]'s current poll return, or its next one if none is in progress,
/// even with no event (see the module docs). Cheap to clone; `Send` and `Sync`.
///
/// ```
/// use runtime_reactor::__private::Interrupter;
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
    pub fn new(poll: &Poll) -> Interrupter {
        Interrupter {
            queue: poll.readiness_queue().clone(),
        }
    }

    /// Interrupts the poll (see the type's docs). Makes at most one wake-up
    /// syscall, and none if the poller is awake or already woken.
    pub fn interrupt(&self) {
        self.queue.interrupt();
    }
}

impl fmt::Debug for Interrupter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interrupter").finish_non_exhaustive()
    }
}
