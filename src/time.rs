//! Time: `sleep`, `timeout`, `interval` and a paused clock, on the current runtime's
//! timer wheel.
//!
//! Inside a runtime every timer goes to that runtime's timer driver
//! ([`Handle::time_driver`]), which its reactor drives (the poll timeout comes from
//! the wheel; due timers fire after each poll). Outside one, timers use a
//! process-wide driver and its one thread.
//!
//! ## The paused clock
//!
//! [`pause`] freezes [`now`] (and every timer's view of time) of the current runtime;
//! [`advance`] moves it forward and fires what came due; [`resume`] lets it run
//! again. While paused, when every task of the runtime is idle, the clock jumps
//! straight to the next timer, so a test with hour-long sleeps takes milliseconds.
//! This works on both flavors (`Builder::start_paused(true)`).
//!
//! ```
//! use std::time::Duration;
//!
//! let rt = runtime::Builder::new_current_thread().start_paused(true).build()?;
//! rt.block_on(async {
//!     let start = runtime::time::now();
//!     runtime::time::sleep(Duration::from_secs(3600)).await;
//!     assert_eq!(runtime::time::now() - start, Duration::from_secs(3600));
//! });
//! # Ok::<(), std::io::Error>(())
//! ```

use std::time::{Duration, Instant};

use runtime_executor::Handle;
use runtime_timers::Driver;
pub use runtime_timers::{
    interval, interval_at, sleep, sleep_until, timeout, timeout_at, Elapsed, Interval,
    MissedTickBehavior, Sleep, Timeout,
};

/// The runtime clock: the current runtime's (virtual while paused), or the real
/// time outside a runtime.
///
/// ```
/// let before = runtime::time::now();
/// assert!(runtime::time::now() >= before);
/// ```
pub fn now() -> Instant {
    Driver::current().now()
}

/// Pauses the clock of the current runtime: [`now`] stops, timers fire only when
/// the clock is [advanced](advance), or, once every task is idle, when it jumps to
/// the next timer.
///
/// # Panics
///
/// Outside a runtime (pausing the process-wide clock would stop every timer of
/// every thread); build one with `Builder::start_paused(true)`, or call this from a
/// task or `block_on`.
///
/// ```
/// let rt = runtime::Builder::new_current_thread().build()?;
/// rt.block_on(async {
///     runtime::time::pause();
///     let t = runtime::time::now();
///     assert_eq!(runtime::time::now(), t);
///     runtime::time::resume();
/// });
/// # Ok::<(), std::io::Error>(())
/// ```
#[track_caller]
pub fn pause() {
    runtime_driver("pause").pause();
}

/// Lets a paused clock run again from where it stands.
///
/// # Panics
///
/// Outside a runtime, as [`pause`].
///
/// ```
/// let rt = runtime::Builder::new_current_thread().start_paused(true).build()?;
/// rt.block_on(async { runtime::time::resume() });
/// # Ok::<(), std::io::Error>(())
/// ```
#[track_caller]
pub fn resume() {
    runtime_driver("resume").resume();
}

/// Moves the current runtime's clock forward by `duration` and fires every timer
/// that came due.
///
/// # Panics
///
/// Outside a runtime, as [`pause`].
///
/// ```
/// use std::time::Duration;
///
/// let rt = runtime::Builder::new_current_thread().start_paused(true).build()?;
/// rt.block_on(async {
///     let t = runtime::time::now();
///     runtime::time::advance(Duration::from_secs(5));
///     assert_eq!(runtime::time::now() - t, Duration::from_secs(5));
/// });
/// # Ok::<(), std::io::Error>(())
/// ```
#[track_caller]
pub fn advance(duration: Duration) {
    runtime_driver("advance").advance(duration);
}

/// The current runtime's timer driver, or a panic naming `what` and the fix.
#[track_caller]
fn runtime_driver(what: &str) -> Driver {
    match Handle::try_current() {
        Ok(handle) => handle.time_driver().clone(),
        Err(_) => panic!(
            "runtime::time::{what} called outside a runtime: it controls a runtime's \
             clock; call it inside Runtime::block_on or a task (or build the runtime \
             with Builder::start_paused(true))"
        ),
    }
}
