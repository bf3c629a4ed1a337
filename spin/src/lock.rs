//! A spin lock for critical sections of a handful of instructions: a readiness
//! queue's inbox (a `Vec` push, a swap of two `Vec`s, a few flags) and a timer
//! driver's wheel.
//!
//! Why not a parking mutex: a producer that sets readiness in a loop takes the
//! inbox lock once per event, and a parking mutex's release must be a
//! read-modify-write (it has to see whether a waiter parked), a second locked
//! instruction per event that also waits for the stores before it to drain. Here
//! the release is a plain store. The price: a waiter never sleeps, so nothing that
//! can block or run user code may happen under the lock.
//!
//! Invariant: `locked` is `true` exactly while a [`SpinGuard`] exists, and the value
//! is reached only through the guard. The acquiring `swap` is Acquire and the
//! releasing store Release, so each critical section sees everything the previous
//! one wrote. The lock is `Sync` when `T: Send` (like `std::sync::Mutex`); a guard
//! is `Sync` only when `T: Sync` (like `std::sync::MutexGuard`), since sharing a
//! guard shares `&T`.
//!
//! A waiter spins briefly, then yields its CPU, so a holder preempted inside its few
//! instructions gets to run again (on one CPU, or with more threads than CPUs).
//!
//! Proof: the lock is two lines of atomics, checked by a many-thread unit test that
//! Miri's data-race detector also runs (every access to the value is ordered by the
//! Acquire/Release pair, or Miri reports a race). Loom cannot explore a spin loop
//! (it may show a waiting thread a stale value forever), so under `cfg(loom)` the
//! lock is loom's `Mutex` behind the same interface, and the models of the
//! protocols built on it check them with that.

#[cfg(not(loom))]
use std::ops::{Deref, DerefMut};

#[cfg(not(loom))]
use std::cell::UnsafeCell;
#[cfg(not(loom))]
use std::marker::PhantomData;
#[cfg(not(loom))]
use std::sync::atomic::{AtomicBool, Ordering};

#[cfg(loom)]
pub use loom_lock::{SpinGuard, SpinLock};

#[cfg(not(loom))]
/// How many times a waiter spins before it yields.
const SPINS: u32 = 64;

#[cfg(not(loom))]
/// A lock whose waiters spin, then yield; see the module docs.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

#[cfg(not(loom))]
// SAFETY: the value is reached only through a guard, and guards are exclusive
// (module invariant), so sharing the lock shares `T` between threads one at a time:
// `T: Send` suffices, as for `std::sync::Mutex`.
unsafe impl<T: Send> Sync for SpinLock<T> {}
#[cfg(not(loom))]
// SAFETY: moving the lock moves the value.
unsafe impl<T: Send> Send for SpinLock<T> {}

#[cfg(not(loom))]
/// Exclusive access to the value of a [`SpinLock`]; releases it when dropped.
///
/// `Sync` only when `T` is: two threads sharing a guard share `&T`.
///
/// ```compile_fail,E0277
/// use runtime_spin::SpinLock;
/// use std::cell::Cell;
///
/// fn shared_between_threads<T: Sync>(_: &T) {}
///
/// let lock = SpinLock::new(Cell::new(0u64)); // `Cell` is `Send`, not `Sync`
/// let guard = lock.lock();
/// shared_between_threads(&guard); // error: `Cell<u64>` cannot be shared
/// ```
pub struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
    /// Makes the guard `Sync` only for `T: Sync` (the reference to the lock alone
    /// would make it `Sync` for `T: Send`).
    _shares: PhantomData<&'a mut T>,
}

#[cfg(not(loom))]
impl<T: Default> Default for SpinLock<T> {
    fn default() -> SpinLock<T> {
        SpinLock::new(T::default())
    }
}

#[cfg(not(loom))]
impl<T: std::fmt::Debug> std::fmt::Debug for SpinLock<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpinLock").finish_non_exhaustive()
    }
}

#[cfg(not(loom))]
impl<T: std::fmt::Debug> std::fmt::Debug for SpinGuard<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(not(loom))]
impl<T> SpinLock<T> {
    /// An unlocked lock holding `value`.
    pub const fn new(value: T) -> SpinLock<T> {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Waits for the lock and takes it.
    #[inline]
    pub fn lock(&self) -> SpinGuard<'_, T> {
        // ORDERING: Acquire: this critical section sees what the last one wrote.
        if self.locked.swap(true, Ordering::Acquire) {
            self.lock_contended();
        }
        SpinGuard {
            lock: self,
            _shares: PhantomData,
        }
    }

    #[cold]
    fn lock_contended(&self) {
        let mut spins = 0u32;
        loop {
            // ORDERING: Relaxed while waiting; the swap below acquires.
            while self.locked.load(Ordering::Relaxed) {
                if spins < SPINS {
                    spins += 1;
                    std::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            }
            // ORDERING: as in `lock`.
            if !self.locked.swap(true, Ordering::Acquire) {
                return;
            }
        }
    }
}

#[cfg(not(loom))]
impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the guard is the only way to the value while it exists.
        unsafe { &*self.lock.value.get() }
    }
}

#[cfg(not(loom))]
impl<T> DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes this borrow unique.
        unsafe { &mut *self.lock.value.get() }
    }
}

#[cfg(not(loom))]
impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        // ORDERING: Release: the next holder sees this critical section's writes.
        self.lock.locked.store(false, Ordering::Release);
    }
}

/// Loom's `Mutex` behind the spin lock's interface (see the module docs).
#[cfg(loom)]
mod loom_lock {
    /// A blocking lock standing in for the spin lock under loom.
    #[derive(Debug, Default)]
    pub struct SpinLock<T>(loom::sync::Mutex<T>);

    /// The guard of [`SpinLock`] under loom.
    pub type SpinGuard<'a, T> = loom::sync::MutexGuard<'a, T>;

    impl<T> SpinLock<T> {
        /// An unlocked lock holding `value`.
        pub fn new(value: T) -> SpinLock<T> {
            SpinLock(loom::sync::Mutex::new(value))
        }

        /// Waits for the lock and takes it.
        pub fn lock(&self) -> SpinGuard<'_, T> {
            self.0.lock().unwrap()
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::SpinLock;
    use std::sync::Arc;

    /// Four threads increment a plain counter under the lock: no increment is lost,
    /// and under Miri no access races.
    #[test]
    fn spin_lock_excludes() {
        let n = if cfg!(miri) { 50 } else { 100_000 };
        let lock = Arc::new(SpinLock::new(0usize));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let lock = lock.clone();
                std::thread::spawn(move || {
                    for _ in 0..n {
                        *lock.lock() += 1;
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(*lock.lock(), 4 * n);
    }
}
