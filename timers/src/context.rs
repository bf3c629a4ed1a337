//! Which driver a timer created without one uses: the current runtime's, or the
//! process-wide one.
//!
//! A runtime makes its driver *current* on its threads with [`Driver::enter`];
//! [`Driver::current`] returns it there. Anywhere else it returns the process-wide
//! driver, created on first use together with the one thread that drives it (named
//! `runtime-timers`): a plain `reactor::Poll` loop gets working [`Deadline`]s with
//! one extra thread in all, however many deadlines it makes.
//!
//! [`Deadline`]: crate::Deadline

use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, OnceLock};
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

    /// The driver entered on this thread, or else the process-wide driver (started,
    /// with its thread, on first use).
    pub fn current() -> Driver {
        CURRENT
            .with(|current| current.borrow().clone())
            .unwrap_or_else(|| global().clone())
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

/// The process-wide driver; the first call starts its thread.
fn global() -> &'static Driver {
    GLOBAL.get_or_init(|| {
        let thread: Arc<OnceLock<Thread>> = Arc::new(OnceLock::new());
        let unpark_thread = thread.clone();
        let driver = Driver::with_unpark(move || {
            // Not yet set: the thread has not computed its first timeout, so it will
            // see the new timer without being woken.
            if let Some(thread) = unpark_thread.get() {
                thread.unpark();
            }
        });
        let driving = driver.clone();
        thread::Builder::new()
            .name("runtime-timers".into())
            .spawn(move || {
                let _ = thread.set(thread::current());
                drive(&driving)
            })
            .expect("failed to start the runtime-timers thread");
        driver
    })
}

/// The process-wide timer thread: block until the next deadline or an unpark, fire.
fn drive(driver: &Driver) -> ! {
    loop {
        match driver.park_timeout() {
            None => thread::park(),
            Some(timeout) => thread::park_timeout(timeout),
        }
        driver.fire_due();
    }
}
