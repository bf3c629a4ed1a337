//! The synchronisation primitives of the crate, swapped for loom's under `cfg(loom)`.
//!
//! Only the user-space readiness protocol (`readiness.rs`, `readiness_queue.rs`) uses
//! these; everything that touches the operating system uses std and mio directly.
//! Reference counts stay `std::sync::Arc` under loom too: loom has no `Weak`, and
//! the protocol under test is in the atomics and locks, not in the counts.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};

#[cfg(not(loom))]
pub(crate) use parking_lot::{Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};

/// Locks `mutex`; loom's mutex returns a `Result`, parking_lot's does not.
#[cfg(loom)]
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap()
}

/// Locks `mutex`; loom's mutex returns a `Result`, parking_lot's does not.
#[cfg(not(loom))]
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock()
}

/// Blocks on `cond` until notified or `deadline`; may return spuriously.
#[cfg(not(loom))]
pub(crate) fn wait_until<'a, T>(
    cond: &Condvar,
    mut guard: MutexGuard<'a, T>,
    deadline: Option<std::time::Instant>,
) -> MutexGuard<'a, T> {
    match deadline {
        Some(deadline) => {
            cond.wait_until(&mut guard, deadline);
        }
        None => cond.wait(&mut guard),
    }
    guard
}

/// Blocks on `cond` until notified; loom models never time out.
#[cfg(loom)]
pub(crate) fn wait_until<'a, T>(
    cond: &Condvar,
    guard: MutexGuard<'a, T>,
    _deadline: Option<std::time::Instant>,
) -> MutexGuard<'a, T> {
    cond.wait(guard).unwrap()
}
