//! The synchronisation primitives of the crate, swapped for loom's under `cfg(loom)`.
//!
//! Only the user-space readiness protocol (`readiness.rs`, `readiness_queue.rs`) uses
//! these; everything that touches the operating system uses std and mio directly.
//! Reference counts stay `std::sync::Arc` under loom too: loom has no `Weak`, and
//! the protocol under test is in the atomics and locks, not in the counts.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{
    fence, AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering,
};

#[cfg(loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};
#[cfg(loom)]
pub(crate) use loom::thread::{current, Thread};

#[cfg(not(loom))]
pub(crate) use parking_lot::{Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{
    fence, AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering,
};

#[cfg(not(loom))]
pub(crate) use std::thread::{current, Thread};

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

/// Parks the calling thread until unparked or `deadline`; may return spuriously.
#[cfg(not(loom))]
pub(crate) fn park_until(deadline: Option<std::time::Instant>) {
    match deadline {
        Some(deadline) => {
            let now = std::time::Instant::now();
            if deadline > now {
                std::thread::park_timeout(deadline - now);
            }
        }
        None => std::thread::park(),
    }
}

/// Parks the calling thread until unparked; loom models never time out.
#[cfg(loom)]
pub(crate) fn park_until(_deadline: Option<std::time::Instant>) {
    loom::thread::park();
}

/// Whether `deadline` has passed; loom models have none.
pub(crate) fn passed(deadline: Option<std::time::Instant>) -> bool {
    deadline.is_some_and(|deadline| std::time::Instant::now() >= deadline)
}
