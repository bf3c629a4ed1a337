//! `Notify`: a registration bound to a callback instead of a `Poll`.
//!
//! A `Poll` turns `set_readiness` into an event that its poller finds later: the
//! setter queues the registration, and wakes the poller if it sleeps. When the one
//! who waits is a task, that poller is only a relay: it takes the event and calls
//! the task's waker. [`Registration::bind_notify`](crate::Registration::bind_notify)
//! removes the relay: `set_readiness` calls the bound [`Notify`] itself, on the
//! setting thread, before it returns. The executor's `Async<Registration>` uses it,
//! so a foreign thread's `set_readiness` wakes the awaiting task with one hop
//! instead of two (setter → poller thread → worker).
//!
//! ## Semantics (tested in `tests/notify.rs`, loom-checked in `loom_tests.rs`)
//!
//! - **N1** A registration is bound to at most one thing at a time: a `Poll` or a
//!   `Notify`. `bind_notify` on a bound registration, and `Poll::register` of a
//!   notify-bound one, fail with `ErrorKind::AlreadyExists`; `unbind_notify` of one
//!   that is not notify-bound fails with `NotFound` (as SPEC R7, R8 do for `Poll`s).
//! - **N2** While bound, every `set_readiness` calls `notify` once, with the
//!   readiness *as it is when the call is made* (the latest value, as a `poll`
//!   decides delivery from the latest value), unless that readiness is empty: no
//!   call ever carries empty readiness (SPEC E3). There is no interest mask and no
//!   coalescing: it behaves as an edge registration interested in every bit.
//! - **N3** Binding a registration whose readiness is not empty calls `notify` at
//!   once, on the binding thread (as SPEC R3/R4 queue an event on `register`).
//! - **N4** No call is lost: a `set_readiness` that returns while the registration is
//!   bound has called `notify`, or another call made after its store has.
//! - **N5** After `unbind_notify` returns, or the `Registration` is dropped, no new
//!   call begins. A call that had already begun may still be running, on its setting
//!   thread: the callback must tolerate being called once more after it is unbound.
//!
//! ## Why the call runs outside every lock
//!
//! The node's lock is held only to clone the `Arc<dyn Notify>`. A callback
//! that wakes a task may drop that task's future (a runtime that is shutting down
//! drops what it is asked to schedule), and the future may own this very
//! `Registration`, whose drop takes the node's lock. Calling under it would
//! deadlock; calling outside costs N5's "one more call" and a reference count.

use crate::Ready;

/// A callback that a notify-bound [`Registration`](crate::Registration)'s
/// `set_readiness` runs; see the module docs for when.
///
/// ```
/// use runtime_reactor::{Notify, Ready, Registration};
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
///
/// /// Counts readable notifications.
/// #[derive(Default)]
/// struct Counter(AtomicUsize);
///
/// impl Notify for Counter {
///     fn notify(&self, ready: Ready) {
///         if ready.is_readable() {
///             self.0.fetch_add(1, Ordering::Relaxed);
///         }
///     }
/// }
///
/// let counter = Arc::new(Counter::default());
/// let (registration, set_readiness) = Registration::new2();
/// registration.bind_notify(counter.clone())?;
/// set_readiness.set_readiness(Ready::readable())?;
/// set_readiness.set_readiness(Ready::readable())?;
/// assert_eq!(counter.0.load(Ordering::Relaxed), 2);
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait Notify: Send + Sync {
    /// Called by `set_readiness` (or `bind_notify`) with the current, non-empty
    /// readiness. It runs on the setting thread, so it should be short: record the
    /// readiness and wake whoever waits.
    fn notify(&self, ready: Ready);
}
