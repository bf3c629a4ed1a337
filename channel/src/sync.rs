//! The synchronisation primitives of the crate, swapped for loom's under `cfg(loom)`.
//!
//! The wake and close protocols (`chan.rs`, `waiters.rs`) use only what this file
//! exports, so a loom model runs them unchanged. The queue storage has its own seam
//! (`queue.rs`). Reference counts stay `std::sync::Arc` under loom too: the protocol
//! under test is in the atomics and locks, not in the counts.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{fence, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};
#[cfg(loom)]
pub(crate) use loom::thread::{current, park, Thread};

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{fence, AtomicUsize, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::{Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::thread::{current, park, Thread};

/// Locks `mutex`. Nothing panics while holding one of the crate's locks, so a
/// poisoned lock still guards consistent data and is simply taken.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A yield to loom's scheduler inside the stand-in queue's wait for another thread
/// to finish a step it has already begun.
#[cfg(loom)]
pub(crate) fn spin() {
    loom::thread::yield_now();
}

/// Waits for another thread to finish a step of a few instructions it has
/// already begun: spins with a growing count, then yields the thread (the other
/// one may have been preempted); under loom, yields to its scheduler.
#[derive(Debug, Default)]
pub(crate) struct Backoff {
    /// Spins done so far, as a power of two (unused under loom).
    #[cfg_attr(loom, allow(dead_code))]
    step: u32,
}

impl Backoff {
    pub(crate) fn new() -> Backoff {
        Backoff::default()
    }

    pub(crate) fn wait(&mut self) {
        #[cfg(loom)]
        loom::thread::yield_now();
        #[cfg(not(loom))]
        {
            if self.step < 7 {
                for _ in 0..1u32 << self.step {
                    std::hint::spin_loop();
                }
                self.step += 1;
            } else {
                std::thread::yield_now();
            }
        }
    }
}

/// `UnsafeCell` with loom's closure API, so accesses are checked under loom.
#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;

/// `UnsafeCell` with loom's closure API, so accesses are checked under loom.
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    pub(crate) const fn new(value: T) -> UnsafeCell<T> {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }

    /// Runs `f` with a pointer to the value; the caller upholds exclusivity.
    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}
