//! The hook through which a timer implementation (the facade's, over the timers
//! crate) plugs into the reactor, without this crate knowing timers or that crate
//! knowing tasks.
//!
//! ## Who calls what
//!
//! | method          | called by                 | when                                         |
//! |-----------------|---------------------------|----------------------------------------------|
//! | `next_deadline` | the thread driving the `Poll` (reactor thread, or the current-thread `block_on`) | before every blocking poll, to bound its timeout |
//! | `fire_due`      | the same thread; each multi-thread worker | after every poll, blocking or not; every `EVENT_INTERVAL` (61) tasks a worker runs |
//! | `is_paused`     | a worker parking last (multi-thread) | to decide whether to wake the reactor for an idle check |
//! | `on_idle`       | the driving thread        | when the runtime is idle: every worker parked (or the current-thread core has nothing to run), queues empty, no blocking task in flight, and a non-blocking poll found no event |
//!
//! Firing a timer is expected to be a `SetReadiness::set_readiness` on a registration
//! that an `Async` in some task awaits; from the driving thread that costs no
//! syscall, and the event is dispatched by the next poll, which does not block since
//! the event is queued.
//!
//! ## Moving a deadline earlier
//!
//! The reactor computes its timeout from `next_deadline` *before* blocking. A timer
//! inserted from a task with a deadline earlier than that must wake the reactor so
//! it recomputes: keep a [`ReactorWaker`] (from
//! [`Handle::reactor_waker`](crate::Handle::reactor_waker)) and call
//! [`ReactorWaker::wake`] when the earliest deadline moves earlier. It is a fence and a
//! load when the reactor is awake.

use std::any::Any;
use std::fmt;
use std::time::Instant;

use runtime_reactor::Interrupter;

/// A timer implementation the reactor drives; see the module docs for the contract.
///
/// ```
/// use runtime_executor::{Builder, TimeDriver};
/// use std::any::Any;
/// use std::sync::Arc;
/// use std::time::Instant;
///
/// /// A driver with no timers at all.
/// struct NoTimers;
///
/// impl TimeDriver for NoTimers {
///     fn next_deadline(&self) -> Option<Instant> { None }
///     fn fire_due(&self) {}
///     fn on_idle(&self) -> bool { false }
///     fn as_any(&self) -> &dyn Any { self }
/// }
///
/// let rt = Builder::new_current_thread().time_driver(Arc::new(NoTimers)).build()?;
/// let driver = rt.handle().time_driver().unwrap();
/// assert!(driver.as_any().downcast_ref::<NoTimers>().is_some());
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait TimeDriver: Send + Sync + 'static {
    /// The earliest instant something is due, compared with the real
    /// `Instant::now()` to compute the reactor's poll timeout; `None` = nothing
    /// (block until an event). While the clock is paused, return `None` unless
    /// something is due by the paused clock (then return any past instant).
    fn next_deadline(&self) -> Option<Instant>;

    /// Fires everything due now. Called by the driving thread after every poll, and
    /// by each worker of a multi-thread runtime every 61 tasks it runs (so timers
    /// fire on time while every core runs tasks and the reactor thread waits for
    /// one); it may run on several threads at once.
    fn fire_due(&self);

    /// Called when every task is idle (all workers parked, queues empty, nothing
    /// ready, no blocking task in flight): if the clock is paused, jump it to the
    /// next timer, fire it, and return `true` (the reactor then polls without
    /// blocking); otherwise return `false`.
    fn on_idle(&self) -> bool;

    /// Whether the clock is paused now. The multi-thread scheduler wakes its reactor
    /// thread for an idle check (and so calls `on_idle`) only when this is `true`;
    /// the default `true` is always correct, merely slower.
    fn is_paused(&self) -> bool {
        true
    }

    /// How many timers are filed and not yet fired or cancelled, for
    /// `Handle::metrics` (feature `metrics`; the method stays without it, so
    /// implementors compile either way); 0 if the driver does not count.
    fn pending_timers(&self) -> usize {
        0
    }

    /// For the facade to downcast to its concrete driver.
    fn as_any(&self) -> &dyn Any;
}

/// Wakes the thread driving a runtime's `Poll` if it sleeps there.
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
    /// sleeping (the wake-up is kept until a poll takes it). No syscall when the
    /// thread is awake; when it sleeps, one futex wake (or one descriptor write,
    /// for a poll blocked in the kernel).
    pub fn wake(&self) {
        self.interrupter.interrupt();
    }
}

impl fmt::Debug for ReactorWaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReactorWaker").finish_non_exhaustive()
    }
}
