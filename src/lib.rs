//! `runtime`: an async runtime built on user-space readiness registrations.
//!
//! mio 0.6 had `Registration` / `SetReadiness`: a readiness source that lives in user
//! space, set from any thread and delivered through the same `Poll` as sockets. mio
//! 0.7 removed it. This crate brings it back on mio 1.x ([`reactor`]) and builds a
//! runtime on it: tasks await registrations set by threads the runtime knows nothing
//! of ([`Async`]), timers fire through the same path ([`timers::Deadline`]), and
//! `sleep`/`timeout`/`interval` run on a hierarchical wheel ([`time`]). Values
//! travel from any thread to a task through [`channel`]; Unix signals arrive as
//! user-space readiness through `signal`.
//!
//! ```
//! use runtime::{Async, Ready, Registration};
//!
//! let rt = runtime::Runtime::new()?;
//! rt.block_on(async {
//!     let (registration, set_readiness) = Registration::new2();
//!     let event = Async::new(registration)?;
//!     // A thread the runtime knows nothing of makes it ready.
//!     std::thread::spawn(move || set_readiness.set_readiness(Ready::readable()));
//!     let guard = event.readable().await?;
//!     assert!(guard.ready().is_readable());
//!     Ok::<(), std::io::Error>(())
//! })?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! ## Spawning and joining
//!
//! ```
//! #[runtime::main(worker_threads = 2)]
//! async fn main() {
//!     let tasks: Vec<_> = (0..10u64).map(|i| runtime::spawn(async move { i * i })).collect();
//!     let mut sum = 0;
//!     for task in tasks {
//!         sum += task.await.expect("the task panicked");
//!     }
//!     assert_eq!(sum, 285);
//!
//!     // A task can be aborted; its handle then reports the cancellation.
//!     let forever = runtime::spawn(std::future::pending::<()>());
//!     forever.abort();
//!     assert!(forever.await.unwrap_err().is_cancelled());
//! }
//! ```
//!
//! ## A timeout
//!
//! ```
//! use std::time::Duration;
//!
//! #[runtime::main(flavor = "current_thread")]
//! async fn main() {
//!     let slow = runtime::time::sleep(Duration::from_secs(60));
//!     let result = runtime::time::timeout(Duration::from_millis(10), slow).await;
//!     assert!(result.is_err(), "the 60 s sleep was cut short");
//! }
//! ```
//!
//! The [`guide`] explains the readiness model and what differs from mio 0.6; the
//! contract itself, statement by statement, is `SPEC.md` at the root of the
//! repository.
//!
//! ## Features
//!
//! - `metrics` (default): `Handle::metrics` and `RuntimeMetrics`; forwards to
//!   `runtime-executor/metrics`, whose docs say what turning it off removes.
//! - `hyper` (off by default): `hyper::rt::{Read, Write}` on [`net::TcpStream`] and
//!   `net::UnixStream`, and `runtime::hyper::{Executor, Timer}`, so hyper 1.x servers
//!   and clients run on this runtime.

#![deny(missing_docs)]

pub mod guide;
#[cfg(feature = "hyper")]
pub mod hyper;
#[cfg(unix)]
pub mod net;
#[cfg(unix)]
pub mod signal;
pub mod time;

#[cfg(feature = "metrics")]
pub use runtime_executor::RuntimeMetrics;
pub use runtime_executor::{
    block_on, spawn, spawn_blocking, spawn_local, yield_now, Async, Builder, EnterGuard, Handle,
    JoinError, JoinHandle, ReadyGuard, Runtime, TryCurrentError,
};
pub use runtime_reactor::{Ready, Registration, SetReadiness};

/// Runs an `async fn main` on a runtime (multi-thread by default); see the macros
/// crate for its options.
pub use runtime_macros::main;
/// Runs an `async fn` test on a runtime (current-thread by default).
pub use runtime_macros::test;

/// The reactor: `Poll`, `Registration`, `SetReadiness` and friends (mio 0.6's API).
pub mod reactor {
    pub use runtime_reactor::*;
}

/// The README's code blocks, compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// A multi-producer, single-consumer channel of values: sent from any thread (a
/// callback included) without blocking, received by a task (`recv`, a `Stream`) or
/// by a plain [`reactor::Poll`] loop (the receiver is `Evented`).
///
/// ```
/// #[runtime::main(flavor = "current_thread")]
/// async fn main() {
///     let (tx, mut rx) = runtime::channel::unbounded();
///     std::thread::spawn(move || (0..10u32).for_each(|i| tx.try_send(i).unwrap()));
///     let mut got = Vec::new();
///     while let Some(i) = rx.recv().await {
///         got.push(i);
///     }
///     assert_eq!(got, (0..10).collect::<Vec<_>>());
/// }
/// ```
///
/// See [`runtime_channel`]'s docs for the design, and the [`guide`] for when a bare
/// `Registration` is the better tool.
pub mod channel {
    pub use runtime_channel::*;
}

/// Timers that are readiness sources: [`Deadline`](timers::Deadline), usable in a
/// plain `Poll` loop and through [`Async`] alike.
pub mod timers {
    pub use runtime_timers::Deadline;
}
