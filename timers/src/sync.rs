//! The lock and the atomics of the crate, swapped for loom's under `cfg(loom)`.
//!
//! Only the driver's shared state (the wheel and the clock) is behind the lock; the
//! wheel itself is plain data. The atomics are the clock's "ever adjusted" flag, the
//! driver's latest clock reading (`seen_ms`) and its count of filed timers
//! (`filed`). Reference counts stay
//! `std::sync::Arc`, as in the reactor.
//!
//! ## The lock
//!
//! The lock is the workspace's spin lock (`runtime_spin::SpinLock`, documented and
//! tested there; loom's mutex under `cfg(loom)`). Every critical section of the
//! crate is a few wheel operations (a firing pass takes out at most `notify::BATCH`
//! entries per hold, a cascade one wheel slot's list), and the common case, a
//! `Sleep` filed and cancelled on one thread, is uncontended. So release is a plain
//! store, where a parking lock (parking_lot's, std's) needs a read-modify-write to
//! find parked waiters: one atomic fewer per lock, two per timer. A waiter spins
//! briefly, then yields its core (the holder may be preempted on a busy machine),
//! and never parks.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

pub(crate) use runtime_spin::{SpinGuard as MutexGuard, SpinLock as Mutex};
