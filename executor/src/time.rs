//! Time in a runtime: each runtime owns a timer driver (`runtime_timers::Driver`)
//! that its driving thread runs, and [`ReactorWaker`].
//!
//! | call on the timer driver | made by | when |
//! |---|---|---|
//! | `park_timeout` | the driving thread (reactor thread, or the current-thread `block_on`) | before every poll, to bound its timeout |
//! | `fire_due` | the same thread; each multi-thread worker | after every poll; every `EVENT_INTERVAL` (61) tasks a worker runs, so timers fire on time while every core runs tasks |
//! | `is_paused` | a worker parking last, a `block_on` caller parking (multi-thread) | to decide whether to ask the reactor thread for an idle check |
//! | `advance_to_next` | the driving thread | when the runtime is idle under a paused clock: every worker parked (or the current-thread core has nothing to run), queues empty, no blocking task in flight, and a non-blocking poll found nothing |
//!
//! The timer driver's unpark hook is the runtime's `Poll` interrupter: a timer filed
//! earlier than the timeout the driving thread sleeps with makes its poll return,
//! and the interrupt is sticky, so one filed while the thread computes its timeout
//! ends the poll it is about to begin (`driver/mod.rs`). The driver is entered
//! (`runtime_timers::Driver::enter`) wherever the runtime is current
//! (`context.rs`), so `sleep`, `timeout`, `interval` and `Deadline::new` use it on
//! every thread of the runtime.

use std::fmt;

use runtime_reactor::Interrupter;

/// Wakes the thread driving a runtime's `Poll`.
///
/// Cloned from [`Handle::reactor_waker`](crate::Handle::reactor_waker). It does not
/// keep the runtime alive; waking a runtime that is gone does nothing.
///
/// ```
/// let rt = runtime_executor::Builder::new_current_thread().build()?;
/// let waker = rt.handle().reactor_waker();
/// std::thread::spawn(move || waker.wake()).join().unwrap();
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct ReactorWaker {
    /// Interrupts the runtime's `Poll` (sticky: see `driver/mod.rs`).
    pub(crate) interrupter: Interrupter,
}

impl ReactorWaker {
    /// Makes the driving thread's poll return, or its next one if it is not
    /// sleeping (the wake-up is kept until a poll takes it). No system call when
    /// the thread is awake; when it sleeps, one unpark (or one wake-up write, for a
    /// poll blocked in the kernel) per sleep, however many wake it.
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// rt.handle().reactor_waker().wake(); // harmless when nothing waits
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn wake(&self) {
        self.interrupter.interrupt();
    }
}

impl fmt::Debug for ReactorWaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReactorWaker").finish_non_exhaustive()
    }
}
