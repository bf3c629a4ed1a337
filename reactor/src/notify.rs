//! `Notify`: a registration bound to a callback instead of a `Poll`.
//!
//! A `Poll` turns `set_readiness` into an event that its poller finds later: the
//! setter queues the registration, and wakes the poller if it sleeps. When the one
//! who waits is a task, that poller is only a relay: it takes the event and calls
//! the task's waker. [`Registration::bind_notify`](crate::Registration::bind_notify)
//! removes the relay: `set_readiness` calls the bound [`Notify`] itself, on the
//! setting thread, before it returns, so a foreign thread's `set_readiness` can wake
//! an awaiting task with one hop instead of two (setter → poller thread → worker).
//! A dispatching `Poll` (`dispatch.rs`) binds its registrations the same way, one
//! callback per token, while keeping them registered with it.
//!
//! ## Semantics
//!
//! SPEC N1–N5 (`SPEC.md` at the repository root) state them; `tests/notify.rs`
//! tests them and `loom_tests.rs` checks the races. In short: a registration is
//! bound to a `Poll` or to a callback, never both (SPEC N1); while bound, each
//! `set_readiness` with non-empty readiness calls `notify` once with the current
//! value, with no interest mask and no coalescing (SPEC N2, N4); binding a ready
//! registration calls it at once (SPEC N3); after unbinding or dropping, no new call
//! begins, though one already under way may still run (SPEC N5).
//!
//! ## Why the call runs outside every lock
//!
//! The node's lock is held only to clone the `Arc<dyn Notify>`. A callback
//! that wakes a task may drop that task's future (a runtime that is shutting down
//! drops what it is asked to schedule), and the future may own this very
//! `Registration`, whose drop takes the node's lock. Calling under it would
//! deadlock; calling outside costs SPEC N5's "one more call" and a reference count.

use crate::Ready;

/// A callback that a notify-bound [`Registration`](crate::Registration)'s
/// `set_readiness` runs; [`Registration::bind_notify`](crate::Registration::bind_notify)
/// says when (SPEC N1–N5).
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
