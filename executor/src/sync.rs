//! The synchronisation primitives of the loom-checked protocols, swapped for loom's
//! under `cfg(loom)`.
//!
//! Only the files whose protocol a loom model checks use these: `park.rs`,
//! `scheduler/multi_thread/{idle,queue}.rs`, `driver/scheduled_io.rs` and the abort
//! flags of `task/meta.rs`. Everything else uses std and parking_lot directly (the
//! loom models of `Driver::park` check the reactor's `Poll`, which has its own).
//!
//! [`UnsafeCell`] has loom's closure API (`with`, `with_mut`) on both sides, so
//! that loom checks every access against the protocol that is meant to order it;
//! [`thread`] is the thread's own park token (`park.rs`).

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{fence, AtomicU32, AtomicU8, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};

#[cfg(not(loom))]
pub(crate) use parking_lot::{Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{fence, AtomicU32, AtomicU8, AtomicUsize, Ordering};

/// `current`, `park` and `Thread` (whose `unpark` wakes a `park`),
/// from std or loom.
pub(crate) mod thread {
    #[cfg(loom)]
    pub(crate) use loom::thread::{current, park, Thread};
    #[cfg(not(loom))]
    pub(crate) use std::thread::{current, park, Thread};
}

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

/// `std::cell::UnsafeCell` with loom's API: the pointer is handed to a closure.
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    pub(crate) const fn new(value: T) -> UnsafeCell<T> {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }

    /// Calls `f` with a pointer for reading the value.
    #[inline]
    pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Calls `f` with a pointer for writing the value.
    #[inline]
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}
