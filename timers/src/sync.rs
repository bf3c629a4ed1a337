//! The lock and the atomics of the crate, swapped for loom's under `cfg(loom)`.
//!
//! Only the driver's shared state (the wheel and the clock) is behind the lock; the
//! wheel itself is plain data. The atomics are the clock's "ever adjusted" flag and
//! the driver's latest clock reading (`seen_ms`). Reference counts stay
//! `std::sync::Arc`, as in the reactor.
//!
//! ## The lock
//!
//! Outside loom the lock is a spin lock that yields: every critical section of the
//! crate is a few wheel operations (a firing pass takes out at most
//! `notify::BATCH` entries per hold, a cascade one wheel slot's list), and
//! the common case, a `Sleep` filed and cancelled on one thread, is uncontended. So
//! release is a plain store, where a parking lock (parking_lot's, std's) needs a
//! read-modify-write to find parked waiters: one atomic fewer per lock, two per
//! timer (measured ~8% of `timer-cancel`). A waiter spins briefly, then yields its
//! core (the holder may be preempted on a busy machine), and never parks.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Locks `mutex`; loom's mutex returns a `Result`, ours does not.
#[cfg(loom)]
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap()
}

/// Locks `mutex`.
#[cfg(not(loom))]
#[inline]
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock()
}

#[cfg(not(loom))]
pub(crate) use spin::{Mutex, MutexGuard};

#[cfg(not(loom))]
mod spin {
    use std::cell::UnsafeCell;
    use std::ops::{Deref, DerefMut};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// A spin-then-yield lock; see the module documentation.
    pub(crate) struct Mutex<T> {
        locked: AtomicBool,
        value: UnsafeCell<T>,
    }

    // SAFETY: the lock hands out `&mut T` to one thread at a time, so sharing the
    // mutex moves `T` between threads, which `T: Send` allows (as for std's Mutex).
    unsafe impl<T: Send> Send for Mutex<T> {}
    // SAFETY: as above.
    unsafe impl<T: Send> Sync for Mutex<T> {}

    /// Spins before yielding, in a contended `lock`.
    const SPINS: u32 = 64;

    impl<T> Mutex<T> {
        pub(crate) const fn new(value: T) -> Mutex<T> {
            Mutex {
                locked: AtomicBool::new(false),
                value: UnsafeCell::new(value),
            }
        }

        #[inline]
        pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
            // ORDERING: Acquire pairs with the Release store of the guard's drop, so
            // this holder sees every write of the previous one.
            if self
                .locked
                .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
            {
                self.lock_contended();
            }
            MutexGuard { mutex: self }
        }

        #[cold]
        fn lock_contended(&self) {
            let mut spins = 0;
            loop {
                // ORDERING: Relaxed: only a hint to retry; the CAS below acquires.
                while self.locked.load(Ordering::Relaxed) {
                    if spins < SPINS {
                        spins += 1;
                        std::hint::spin_loop();
                    } else {
                        std::thread::yield_now();
                    }
                }
                // ORDERING: as in `lock`.
                if self
                    .locked
                    .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return;
                }
            }
        }
    }

    /// Access to a locked [`Mutex`]'s value; unlocks when dropped.
    pub(crate) struct MutexGuard<'a, T> {
        mutex: &'a Mutex<T>,
    }

    impl<T> Deref for MutexGuard<'_, T> {
        type Target = T;

        #[inline]
        fn deref(&self) -> &T {
            // SAFETY: the guard exists only while this thread holds the lock, so
            // no `&mut T` exists elsewhere.
            unsafe { &*self.mutex.value.get() }
        }
    }

    impl<T> DerefMut for MutexGuard<'_, T> {
        #[inline]
        fn deref_mut(&mut self) -> &mut T {
            // SAFETY: the guard exists only while this thread holds the lock, and
            // `&mut self` makes this the only reference through it.
            unsafe { &mut *self.mutex.value.get() }
        }
    }

    impl<T> Drop for MutexGuard<'_, T> {
        #[inline]
        fn drop(&mut self) {
            // ORDERING: Release pairs with the Acquire of the next `lock`.
            self.mutex.locked.store(false, Ordering::Release);
        }
    }
}
