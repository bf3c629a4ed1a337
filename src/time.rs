//! Time: `sleep`, `timeout`, `interval` and a paused clock, on the current runtime's
//! timer wheel.
//!
//! Inside a runtime every timer goes to that runtime's [`Driver`], which its reactor
//! drives (the poll timeout comes from the wheel; due timers fire after each poll).
//! Outside one, timers use the process-wide driver and its one thread.
//!
//! ## The paused clock
//!
//! [`pause`] freezes [`now`] (and every timer's view of time) on the current
//! runtime's driver; [`advance`] moves it forward and fires what came due; [`resume`]
//! lets it run again. Outside a runtime the three panic, naming the fix: the
//! process-wide clock, shared by every plain thread's timers, is never paused. While paused, when every task of the runtime is idle, the clock jumps
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

use std::any::Any;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use runtime_executor::{ReactorWaker, TimeDriver};
use runtime_timers::Driver;
pub use runtime_timers::{
    interval, interval_at, sleep, sleep_until, timeout, timeout_at, Elapsed, Interval,
    MissedTickBehavior, Sleep, Timeout,
};

/// The runtime clock: the real time, or the paused one when the clock is paused.
///
/// ```
/// let before = runtime::time::now();
/// assert!(runtime::time::now() >= before);
/// ```
pub fn now() -> Instant {
    Driver::current().now()
}

/// Pauses the clock of the current runtime.
///
/// # Panics
///
/// Outside a runtime (there is no runtime clock to pause, and pausing the
/// process-wide one would stall every timer of every thread), with a message
/// naming the fix.
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

/// Lets the current runtime's paused clock run again from where it stands.
///
/// # Panics
///
/// Outside a runtime, like [`pause`].
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
/// Outside a runtime, like [`pause`].
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

/// The current runtime's timer driver, for the clock controls; never the
/// process-wide one, which every plain thread's timers share.
#[track_caller]
fn runtime_driver(what: &str) -> Driver {
    match Driver::try_current() {
        Some(driver) => driver,
        None => panic!(
            "runtime::time::{what} called outside a runtime: it controls a runtime's \
             clock; call it inside Runtime::block_on or a task (or build the runtime \
             with Builder::start_paused(true))"
        ),
    }
}

/// The executor's view of a runtime's timer driver.
pub(crate) struct Timers {
    pub(crate) driver: Driver,
}

impl TimeDriver for Timers {
    fn next_deadline(&self) -> Option<Instant> {
        let wait = self.driver.park_timeout()?;
        // A wait too long for `Instant` is as good as none.
        Instant::now().checked_add(wait)
    }

    fn fire_due(&self) {
        self.driver.fire_due();
    }

    fn on_idle(&self) -> bool {
        self.driver.advance_to_next()
    }

    fn is_paused(&self) -> bool {
        self.driver.is_paused()
    }

    fn pending_timers(&self) -> usize {
        self.driver.pending_timers()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A driver for a new runtime, whose unpark hook wakes that runtime's reactor once
/// it exists (set with [`connect`]).
pub(crate) fn new_driver(paused: bool) -> (Driver, Arc<OnceLock<ReactorWaker>>) {
    install_hook();
    let waker: Arc<OnceLock<ReactorWaker>> = Arc::new(OnceLock::new());
    let hook = waker.clone();
    let driver = Driver::with_unpark(move || {
        if let Some(waker) = hook.get() {
            waker.wake();
        }
    });
    if paused {
        driver.pause();
    }
    (driver, waker)
}

/// Makes `Driver::current()` (and so `sleep`, `Deadline::new`, ...) find the
/// current runtime's driver on any of its threads. The runtime's workers, reactor
/// thread and `block_on` callers have the driver entered (a thread-local read, see
/// `runtime.rs`); this hook is the slower fallback for the other threads that run
/// in the runtime (blocking-pool threads, a `Handle` entered by hand).
fn install_hook() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        Driver::set_current_hook(current_runtime_driver);
    });
}

fn current_runtime_driver() -> Option<Driver> {
    let handle = runtime_executor::Handle::try_current().ok()?;
    let timers = handle.time_driver()?.as_any().downcast_ref::<Timers>()?;
    Some(timers.driver.clone())
}
