//! The lock and the one atomic of the crate, swapped for loom's under `cfg(loom)`.
//!
//! Only the driver's shared state (the wheel and the clock) is behind the lock; the
//! wheel itself is plain data. The atomics are the clock's "ever adjusted" flag and the driver's latest clock reading (`seen_ms`). Reference counts stay `std::sync::Arc`, as in the reactor.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use parking_lot::{Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

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
