//! `Runtime` and `Builder`: the executor's runtime with a timer wheel plugged into
//! its reactor.
//!
//! The executor knows nothing of timers and the timers crate nothing of tasks; this
//! is where they meet. Each runtime gets its own [`Driver`](runtime_timers::Driver),
//! handed to the executor as its `TimeDriver`, and the driver's unpark hook is the
//! runtime's `ReactorWaker`, so a timer inserted earlier than the reactor's current
//! timeout wakes it to recompute.

use std::fmt;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use runtime_timers::Driver;

use crate::time::{new_driver, Timers};
use crate::{Handle, JoinHandle};

/// A runtime: workers (or the caller's thread), a reactor and a timer wheel.
///
/// `Send + Sync`. Dropping it cancels every task, runs their destructors and joins
/// its threads, then shuts its timers down: a `Sleep`, `Timeout` or `Interval` that
/// outlived it panics when awaited (naming the shutdown), a `Deadline` becomes
/// readable and hup, rather than waiting for ever.
///
/// ```
/// let rt = runtime::Runtime::new()?;
/// let answer = rt.block_on(async {
///     runtime::spawn(async { 6 * 7 }).await.unwrap()
/// });
/// assert_eq!(answer, 42);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Runtime {
    /// `None` only once shut down (in `drop` or `shutdown_timeout`).
    inner: Option<runtime_executor::Runtime>,
    /// The runtime's timer driver, entered on the threads that run its tasks, so
    /// `Driver::current` finds it in a thread-local rather than through the hook.
    driver: Driver,
}

impl Runtime {
    /// A multi-thread runtime with one worker per core.
    pub fn new() -> io::Result<Runtime> {
        Builder::new_multi_thread().build()
    }

    /// Runs `future` to completion on the calling thread, with this runtime as the
    /// current one. A panic in `future` reaches the caller.
    ///
    /// ```
    /// let rt = runtime::Builder::new_current_thread().build()?;
    /// assert_eq!(rt.block_on(async { 1 + 1 }), 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        let _timers = self.driver.enter();
        self.inner().block_on(future)
    }

    /// Spawns a task on this runtime.
    ///
    /// ```
    /// let rt = runtime::Runtime::new()?;
    /// let task = rt.spawn(async { "done" });
    /// assert_eq!(rt.block_on(task).unwrap(), "done");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.inner().spawn(future)
    }

    /// Runs `f` on the blocking pool.
    ///
    /// ```
    /// let rt = runtime::Runtime::new()?;
    /// let task = rt.spawn_blocking(|| std::fs::metadata("."));
    /// assert!(rt.block_on(task).unwrap().is_ok());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn_blocking<F, R>(&self, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.inner().spawn_blocking(f)
    }

    /// A handle that spawns onto this runtime from anywhere.
    ///
    /// ```
    /// let rt = runtime::Runtime::new()?;
    /// let handle = rt.handle().clone();
    /// let task = std::thread::spawn(move || handle.spawn(async { 5 })).join().unwrap();
    /// assert_eq!(rt.block_on(task).unwrap(), 5);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn handle(&self) -> &Handle {
        self.inner().handle()
    }

    /// Shuts down, waiting at most `timeout` for blocking tasks; every async task is
    /// cancelled and its destructor run.
    ///
    /// ```
    /// let rt = runtime::Runtime::new()?;
    /// rt.spawn(std::future::pending::<()>());
    /// rt.shutdown_timeout(std::time::Duration::from_millis(100));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn shutdown_timeout(mut self, timeout: Duration) {
        if let Some(inner) = self.inner.take() {
            inner.shutdown_timeout(timeout);
        }
        self.driver.shutdown();
    }

    fn inner(&self) -> &runtime_executor::Runtime {
        self.inner.as_ref().expect("present until shut down")
    }
}

impl Drop for Runtime {
    /// Shuts the executor down (cancelling every task, so their timers are
    /// cancelled), then the timer driver: a timer that outlived the runtime is woken
    /// and refuses to wait for a wheel nobody drives any more.
    fn drop(&mut self) {
        drop(self.inner.take());
        self.driver.shutdown();
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("inner", &self.inner)
            .finish()
    }
}

/// Configures and builds a [`Runtime`].
///
/// ```
/// let rt = runtime::Builder::new_multi_thread()
///     .worker_threads(2)
///     .thread_name("my-worker")
///     .build()?;
/// assert_eq!(rt.block_on(async { 3 }), 3);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Builder {
    inner: runtime_executor::Builder,
    start_paused: bool,
}

impl Builder {
    /// A work-stealing runtime, one worker per core unless told otherwise.
    pub fn new_multi_thread() -> Builder {
        Builder {
            inner: runtime_executor::Builder::new_multi_thread(),
            start_paused: false,
        }
    }

    /// A runtime that runs everything on the thread calling `block_on`.
    pub fn new_current_thread() -> Builder {
        Builder {
            inner: runtime_executor::Builder::new_current_thread(),
            start_paused: false,
        }
    }

    /// The number of workers (multi-thread only).
    pub fn worker_threads(&mut self, n: usize) -> &mut Builder {
        self.inner.worker_threads(n);
        self
    }

    /// The name of the runtime's threads.
    pub fn thread_name(&mut self, name: impl Into<String>) -> &mut Builder {
        self.inner.thread_name(name);
        self
    }

    /// The most threads the blocking pool may run at once.
    pub fn max_blocking_threads(&mut self, n: usize) -> &mut Builder {
        self.inner.max_blocking_threads(n);
        self
    }

    /// Starts with the clock paused (see [`time`](crate::time)): for tests.
    ///
    /// ```
    /// let rt = runtime::Builder::new_multi_thread().worker_threads(2).start_paused(true).build()?;
    /// rt.block_on(async {
    ///     runtime::time::sleep(std::time::Duration::from_secs(86_400)).await; // instant
    /// });
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start_paused(&mut self, paused: bool) -> &mut Builder {
        self.start_paused = paused;
        self
    }

    /// Builds the runtime: threads, reactor and timer wheel.
    pub fn build(&mut self) -> io::Result<Runtime> {
        let (driver, reactor_waker) = new_driver(self.start_paused);
        let thread_driver = driver.clone();
        let inner = self
            .inner
            .time_driver(Arc::new(Timers {
                driver: driver.clone(),
            }))
            // The runtime's threads belong to it for life: its driver stays current
            // there (the thread-local is dropped when the thread exits).
            .on_thread_start(move || std::mem::forget(thread_driver.enter()))
            .build()?;
        // Only fails if already set, which it cannot be: the cell is new.
        let _ = reactor_waker.set(inner.handle().reactor_waker());
        Ok(Runtime {
            inner: Some(inner),
            driver,
        })
    }
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("inner", &self.inner)
            .field("start_paused", &self.start_paused)
            .finish()
    }
}

/// Runs `future` to completion on a new current-thread runtime.
///
/// ```
/// let n = runtime::block_on(async {
///     runtime::time::sleep(std::time::Duration::from_millis(1)).await;
///     7
/// });
/// assert_eq!(n, 7);
/// ```
pub fn block_on<F: Future>(future: F) -> F::Output {
    Builder::new_current_thread()
        .build()
        .expect("runtime::block_on: could not create the runtime's Poll (out of file descriptors?)")
        .block_on(future)
}
