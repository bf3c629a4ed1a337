//! The synchronisation primitives of the loom-checked protocols, swapped for loom's
//! under `cfg(loom)`.
//!
//! Only the files whose protocol a loom model checks use these: `park.rs`,
//! `scheduler/multi_thread/{idle,queue}.rs`, `driver/scheduled_io.rs` and the abort
//! flags of `task/meta.rs`. Everything else uses std and parking_lot directly.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{fence, AtomicU32, AtomicU8, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};

#[cfg(not(loom))]
pub(crate) use parking_lot::{Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{fence, AtomicU32, AtomicU8, AtomicUsize, Ordering};

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

/// Waits on `condvar`, giving back the re-acquired guard.
#[cfg(loom)]
pub(crate) fn wait<'a, T>(condvar: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    condvar.wait(guard).unwrap()
}

/// Waits on `condvar`, giving back the re-acquired guard.
#[cfg(not(loom))]
pub(crate) fn wait<'a, T>(condvar: &Condvar, mut guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    condvar.wait(&mut guard);
    guard
}
