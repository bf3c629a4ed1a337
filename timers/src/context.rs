//! Which driver a timer created without one uses: the current runtime's, or the
//! process-wide one.
//!
//! A runtime makes its driver *current* with [`Driver::enter`] wherever the runtime
//! itself is current (its threads, its `block_on` callers, an entered handle);
//! [`Driver::current`] returns that driver there. Anywhere else it returns the
//! process-wide driver, driven by one thread (named `runtime-timers`) that its
//! unpark hook starts when a timer is filed and that exits when no timer is left: a
//! plain `reactor::Poll` loop gets working [`Deadline`]s with one extra thread at
//! most, however many deadlines it makes.
//!
//! [`Deadline`]: crate::Deadline

use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::{self, Thread};

use crate::Driver;

thread_local! {
    static CURRENT: RefCell<Option<Driver>> = const { RefCell::new(None) };
}

static GLOBAL: OnceLock<Driver> = OnceLock::new();

impl Driver {
    /// Makes this driver the current one on this thread until the guard is dropped
    /// (guards nest: dropping one restores the driver current before it).
    ///
    /// ```
    /// use runtime_timers::Driver;
    ///
    /// let driver = Driver::new();
    /// {
    ///     let _guard = driver.enter();
    ///     assert!(Driver::current().same_driver(&driver));
    /// }
    /// assert!(!Driver::current().same_driver(&driver)); // the process-wide one
    /// ```
    pub fn enter(&self) -> EnterGuard {
        let previous = CURRENT.with(|current| current.replace(Some(self.clone())));
        EnterGuard {
            previous,
            _not_send: PhantomData,
        }
    }

    /// The driver entered on this thread, or else the process-wide driver (whose
    /// thread runs while it has timers).
    ///
    /// ```
    /// use runtime_timers::Driver;
    ///
    /// let process_wide = Driver::current();
    /// assert!(Driver::current().same_driver(&process_wide));
    /// ```
    pub fn current() -> Driver {
        CURRENT
            .with(|current| current.borrow().clone())
            .unwrap_or_else(|| global().clone())
    }

    /// Whether a driver is entered on this thread (a runtime's, usually): `false`
    /// where [`Driver::current`] would return the process-wide one.
    ///
    /// ```
    /// use runtime_timers::Driver;
    ///
    /// assert!(!Driver::is_entered());
    /// let driver = Driver::new();
    /// let _guard = driver.enter();
    /// assert!(Driver::is_entered());
    /// ```
    pub fn is_entered() -> bool {
        CURRENT.with(|current| current.borrow().is_some())
    }
}

/// Restores the previously current driver when dropped; see [`Driver::enter`].
#[must_use = "the driver is current only until the guard is dropped"]
pub struct EnterGuard {
    previous: Option<Driver>,
    /// The guard restores a thread-local: it must be dropped on its own thread.
    _not_send: PhantomData<*const ()>,
}

impl Drop for EnterGuard {
    fn drop(&mut self) {
        let previous = self.previous.take();
        // `try_with`: a guard dropped during thread teardown has nothing to restore.
        let _ = CURRENT.try_with(|current| *current.borrow_mut() = previous);
    }
}

impl fmt::Debug for EnterGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnterGuard").finish_non_exhaustive()
    }
}

/// The thread driving the process-wide driver, while one runs.
static THREAD: Mutex<Option<Thread>> = Mutex::new(None);

/// The process-wide driver. Its thread is started by the first timer filed in it.
fn global() -> &'static Driver {
    GLOBAL.get_or_init(|| Driver::process_wide(unpark_global))
}

/// The process-wide driver's unpark hook: wakes its thread, or starts one.
fn unpark_global() {
    let mut thread = THREAD.lock().unwrap_or_else(PoisonError::into_inner);
    match &*thread {
        Some(running) => running.unpark(),
        None => {
            let handle = thread::Builder::new()
                .name("runtime-timers".into())
                .spawn(drive)
                .expect("failed to start the runtime-timers thread");
            *thread = Some(handle.thread().clone());
        }
    }
}

/// The process-wide timer thread: block until the next deadline or an unpark, fire;
/// exit once no timer is left.
///
/// Exiting is decided under `THREAD`'s lock, after `park_timeout` found the wheel
/// empty (which arms the driver so that the next insertion calls the unpark hook):
/// an insertion either happens before the re-check below, which then sees it, or
/// calls the hook after this thread has cleared `THREAD`, which starts a new one.
/// So at most one thread runs, and a filed timer always has one. A cancel that
/// empties the wheel unparks the thread (see `Driver::process_wide`), so it does
/// not sleep on until the deadline of a timer that is gone.
///
/// Before exiting it lingers for [`IDLE_GRACE`]: a program that drops its last
/// deadline and makes a new one right after keeps the same thread instead of
/// starting another while the first is still tearing down.
fn drive() {
    let driver = global();
    let mut idle_since: Option<std::time::Instant> = None;
    loop {
        match driver.park_timeout() {
            Some(timeout) => {
                idle_since = None;
                thread::park_timeout(timeout);
                driver.fire_due();
            }
            None => {
                let since = *idle_since.get_or_insert_with(std::time::Instant::now);
                let lingered = since.elapsed();
                if lingered < IDLE_GRACE {
                    thread::park_timeout(IDLE_GRACE - lingered);
                    continue;
                }
                let mut thread = THREAD.lock().unwrap_or_else(PoisonError::into_inner);
                if driver.pending_timers() == 0 {
                    *thread = None;
                    return;
                }
            }
        }
    }
}

/// How long the process-wide timer thread waits, idle, before exiting. Zero under
/// Miri, which interprets every instant of it.
const IDLE_GRACE: std::time::Duration = if cfg!(miri) {
    std::time::Duration::ZERO
} else {
    std::time::Duration::from_millis(250)
};
