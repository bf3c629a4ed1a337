//! Tasks, schedulers and the mapping from registration readiness to `Waker`s: the
//! executor of the `runtime` crate.
//!
//! ```
//! use runtime_executor::{Async, Ready, Registration, Runtime};
//!
//! let rt = Runtime::new()?;
//! let got = rt.block_on(async {
//!     let (registration, set_readiness) = Registration::new2();
//!     let doorbell = Async::new(registration)?;
//!     // Any thread, even one the runtime knows nothing of, may ring.
//!     std::thread::spawn(move || set_readiness.set_readiness(Ready::readable()));
//!     let task = runtime_executor::spawn(async move {
//!         doorbell.readable().await.map(|guard| guard.ready())
//!     });
//!     task.await.unwrap()
//! })?;
//! assert!(got.is_readable());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! ## Map of the crate
//!
//! | file                     | what it holds                                           |
//! |--------------------------|---------------------------------------------------------|
//! | `task/`                  | tasks on async-task: abort, panics, `JoinHandle`, the registry that shutdown cancels |
//! | `scheduler/`             | current-thread and multi-thread (`queue.rs`, `idle.rs`, `worker.rs`) |
//! | `driver/`                | the runtime's dispatching `Poll` and timer driver, token → readiness slots (`scheduled_io.rs`) |
//! | `async_io.rs`            | `Async<E>`, its futures and `ReadyGuard` (SPEC A0–A5)    |
//! | `io_ops.rs`              | `Async::{read_with, write_with}` and their `_mut`/`poll_` forms |
//! | `time.rs`                | how the runtime drives its timer driver; `ReactorWaker`  |
//! | `metrics.rs`             | `RuntimeMetrics` and where each value is read from (feature `metrics`) |
//! | `park.rs`                | `Parker`: how a worker or a waiting `block_on` caller sleeps |
//! | `blocking.rs`            | the `spawn_blocking` pool                                |
//! | `coop.rs`                | the cooperative budget                                   |
//! | `yield_now.rs`           | `yield_now`                                              |
//! | `context.rs`             | thread-locals: current runtime, running scheduler        |
//! | `runtime.rs`, `handle.rs`| `Runtime`, `Builder`, `Handle`, shutdown                 |
//! | `threads.rs`             | the name, stack size and start/stop hooks of every runtime thread |
//! | `sync.rs`                | the atomics and locks of the loom-checked protocols, loom's under `cfg(loom)` |
//! | `util/`                  | a small slab                                             |
//! | `loom_tests.rs`          | the loom models (`cfg(loom)`)                            |
//!
//! Where each thread sleeps and who wakes it is `docs/design.md` at the root of the
//! repository.
//!
//! ## Proofs
//!
//! - loom models of the protocols (park/unpark, the run queues with stealing and the
//!   searching count, the readiness slot and its clear tick, abort, and the real
//!   `Driver::park` racing a timer filed earlier or a remote wake-up):
//!   `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 cargo test -p runtime-executor --release --lib loom`
//!   (as CI runs them; `LOOM_MAX_PREEMPTIONS=2` is a quicker local check)
//! - Miri on the unit and integration tests: `cargo +nightly miri test -p runtime-executor`
//!   (tests that need epoll are ignored under Miri).
//!
//! ## Features
//!
//! - `metrics` (default): `Handle::metrics` and `RuntimeMetrics`. Every metric but
//!   one (events dispatched: a relaxed add per reactor turn that dispatched events,
//!   and one per callback from `set_readiness`) is read from structures
//!   that exist anyway, so the hot paths of spawn and yield contain no metrics code;
//!   turned off, all of it is compiled out, which `benches/peers/metrics-cost` uses to
//!   measure the difference (see `metrics.rs`).

#![deny(missing_docs)]

mod async_io;
mod blocking;
mod context;
mod coop;
mod driver;
mod handle;
mod io_ops;
#[cfg(feature = "metrics")]
mod metrics;
mod park;
mod runtime;
mod scheduler;
mod sync;
mod task;
mod threads;
mod time;
mod util;
mod yield_now;

#[cfg(all(test, loom))]
mod loom_tests;

use std::future::Future;

pub use crate::async_io::{Async, Readiness, ReadyGuard};
pub use crate::handle::{EnterGuard, Handle, TryCurrentError};
#[cfg(feature = "metrics")]
pub use crate::metrics::RuntimeMetrics;
pub use crate::runtime::{Builder, Runtime};
pub use crate::task::{JoinError, JoinHandle};
pub use crate::time::ReactorWaker;
pub use crate::yield_now::{yield_now, YieldNow};
pub use runtime_reactor::{Evented, Ready, Registration, SetReadiness};

/// Spawns a task on the current runtime.
///
/// # Panics
///
/// Outside a runtime, with a message saying how to fix it.
///
/// ```
/// let rt = runtime_executor::Runtime::new()?;
/// let out = rt.block_on(async { runtime_executor::spawn(async { 40 + 2 }).await });
/// assert_eq!(out.unwrap(), 42);
/// # Ok::<(), std::io::Error>(())
/// ```
#[track_caller]
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match context::with_current(|handle| handle.spawn(future)) {
        Ok(join) => join,
        Err(_) => panic!(
            "spawn called outside a runtime: call it from within Runtime::block_on \
             or a spawned task, or use Handle::spawn"
        ),
    }
}

/// Spawns a `!Send` task on the current-thread runtime whose `block_on` runs on
/// this thread; the task only ever runs on this thread.
///
/// # Panics
///
/// Outside the `block_on` of a current-thread runtime.
///
/// ```
/// use std::rc::Rc;
///
/// runtime_executor::block_on(async {
///     let shared = Rc::new(5);
///     let local = shared.clone();
///     let handle = runtime_executor::spawn_local(async move { *local + 1 });
///     assert_eq!(handle.await.unwrap(), 6);
///     assert_eq!(Rc::strong_count(&shared), 1);
/// });
/// ```
#[track_caller]
pub fn spawn_local<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let result = context::with_current(|handle| match &handle.inner.scheduler {
        scheduler::Scheduler::CurrentThread(shared) if shared.bind_local(&handle.inner) => {
            // SAFETY: `bind_local` checked that this thread holds the core, and bound
            // the core to this thread: the task is only ever run here.
            Some(unsafe { handle.spawn_inner(future, true) })
        }
        _ => None,
    });
    match result {
        Ok(Some(join)) => join,
        _ => panic!(
            "spawn_local called outside the block_on of a current-thread runtime: \
             build one with Builder::new_current_thread and call spawn_local from \
             within its block_on"
        ),
    }
}

/// Runs `f` on the current runtime's blocking pool.
///
/// # Panics
///
/// Outside a runtime.
///
/// ```
/// runtime_executor::block_on(async {
///     // A blocking call (file I/O, a heavy computation...) off the task threads.
///     let n = runtime_executor::spawn_blocking(|| (1..=20u64).product::<u64>() % 7);
///     assert_eq!(n.await.unwrap(), 0);
/// });
/// ```
#[track_caller]
pub fn spawn_blocking<F, R>(f: F) -> JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    match context::with_current(|handle| handle.spawn_blocking(f)) {
        Ok(join) => join,
        Err(_) => panic!(
            "spawn_blocking called outside a runtime: call it from within \
             Runtime::block_on or a spawned task, or use Handle::spawn_blocking"
        ),
    }
}

/// Runs `future` to completion on a new current-thread runtime, dropped after.
///
/// # Panics
///
/// If the runtime cannot be built, or inside a runtime; a panic of `future` reaches
/// the caller.
///
/// ```
/// assert_eq!(runtime_executor::block_on(async { 2 + 2 }), 4);
/// ```
#[track_caller]
pub fn block_on<F: Future>(future: F) -> F::Output {
    match Builder::new_current_thread().build() {
        Ok(runtime) => runtime.block_on(future),
        Err(err) => panic!(
            "runtime::block_on: could not create the runtime's Poll (out of file \
             descriptors?): {err}"
        ),
    }
}
