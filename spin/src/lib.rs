//! The spinning primitives the crates of `runtime` share.
//!
//! - [`SpinLock`]: a lock for critical sections of a handful of instructions, whose
//!   release is a plain store (`lock.rs`).
//! - [`Spin`]: the adaptive window a thread spins over before it sleeps, and the
//!   spin loop itself (`window.rs`). The reactor's `Poll` spins with it before it
//!   sleeps; the executor's workers before they park.
//! - [`may_use_several_cpus`]: whether spinning can pay at all (`cpus.rs`): a
//!   thread confined to one CPU would only keep the thread it waits for from
//!   running.
//!
//! This is an internal crate of the `runtime` workspace: its API follows what the
//! other crates need, and it carries no promise beyond that.
//!
//! ```
//! use runtime_spin::{Spin, SpinLock};
//! use std::time::{Duration, Instant};
//!
//! let counter = SpinLock::new(0u32);
//! *counter.lock() += 1;
//! assert_eq!(*counter.lock(), 1);
//!
//! // Spin until a condition holds or the window has passed.
//! let window = Spin::default().window();
//! assert!(Spin::spin(Instant::now(), window, || *counter.lock() == 1));
//! assert!(window >= Duration::from_micros(1));
//! ```
//!
//! Under `cfg(loom)` the lock is loom's `Mutex` (loom cannot explore a spin loop)
//! and a spin looks once; under Miri a spin looks once too.

#![deny(missing_docs)]

mod cpus;
mod lock;
mod window;

pub use crate::cpus::may_use_several_cpus;
pub use crate::lock::{SpinGuard, SpinLock};
pub use crate::window::{Spin, MAX, MIN};
