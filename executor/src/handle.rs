//! `Handle`: a cheap, clonable reference to a runtime, usable from any thread.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::blocking::BlockingPool;
use crate::driver::Driver;
use crate::scheduler::Scheduler;
use crate::task::{self, JoinHandle, OwnedTasks, Runnable};
use crate::time::ReactorWaker;

/// A reference to a runtime: spawns onto it from any thread.
///
/// `Clone + Send + Sync`. Holding a `Handle` does not keep the runtime's threads
/// alive; once the `Runtime` is dropped, spawning through a handle gives a task that
/// is cancelled at once.
///
/// ```
/// let rt = runtime_executor::Builder::new_multi_thread().worker_threads(2).build()?;
/// let handle = rt.handle().clone();
/// let from_thread = std::thread::spawn(move || handle.spawn(async { 1 + 1 }))
///     .join()
///     .unwrap();
/// assert_eq!(rt.block_on(from_thread).unwrap(), 2);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct Handle {
    pub(crate) inner: Arc<Inner>,
}

/// Everything the threads of one runtime share.
pub(crate) struct Inner {
    pub(crate) scheduler: Scheduler,
    pub(crate) driver: Driver,
    pub(crate) blocking: BlockingPool,
    pub(crate) tasks: OwnedTasks,
    /// Set first thing at shutdown: schedulers drop what they are handed from then on.
    pub(crate) closed: AtomicBool,
}

impl Handle {
    /// The handle of the runtime this thread is in.
    ///
    /// # Panics
    ///
    /// Outside a runtime; see [`try_current`](Self::try_current).
    ///
    /// ```
    /// runtime_executor::block_on(async {
    ///     let handle = runtime_executor::Handle::current();
    ///     assert_eq!(handle.spawn(async { 3 }).await.unwrap(), 3);
    /// });
    /// ```
    #[track_caller]
    pub fn current() -> Handle {
        match Handle::try_current() {
            Ok(handle) => handle,
            Err(err) => panic!("{err}"),
        }
    }

    /// The handle of the runtime this thread is in, or an error outside one.
    ///
    /// ```
    /// assert!(runtime_executor::Handle::try_current().is_err());
    /// ```
    pub fn try_current() -> Result<Handle, TryCurrentError> {
        crate::context::with_current(Handle::clone)
    }

    /// Spawns a task onto this runtime, from any thread.
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// let handle = rt.handle().spawn(async { "done" });
    /// assert_eq!(rt.block_on(handle).unwrap(), "done");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        // SAFETY: the future is `Send`, so it may run on any thread.
        unsafe { self.spawn_inner(future, false) }
    }

    /// Runs `f` on the blocking pool of this runtime.
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// let sum = rt.block_on(rt.handle().spawn_blocking(|| (1..=10).sum::<u32>()));
    /// assert_eq!(sum.unwrap(), 55);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn_blocking<F, R>(&self, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.inner.blocking.spawn(self, f)
    }

    /// This runtime's timer driver: the wheel `sleep`, `timeout`, `interval` and
    /// `Deadline::new` use inside the runtime, and its clock (paused by
    /// [`Builder::start_paused`](crate::Builder::start_paused)).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let rt = runtime_executor::Builder::new_current_thread().start_paused(true).build()?;
    /// let timers = rt.handle().time_driver();
    /// let before = timers.now();
    /// timers.advance(Duration::from_secs(5));
    /// assert_eq!(timers.now() - before, Duration::from_secs(5));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn time_driver(&self) -> &runtime_timers::Driver {
        self.inner.driver.time()
    }

    /// A handle that makes this runtime's driving thread return from its poll (see
    /// [`ReactorWaker`]).
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// rt.handle().reactor_waker().wake(); // harmless when nothing waits
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn reactor_waker(&self) -> ReactorWaker {
        self.inner.driver.reactor_waker()
    }

    /// Makes this runtime the current one on this thread until the guard is
    /// dropped: `spawn`, `Handle::current`, `Async::new` and the timers find it.
    /// Guards nest; each must be dropped on its thread, in reverse order.
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// let handle = rt.handle().clone();
    /// std::thread::spawn(move || {
    ///     let _guard = handle.enter();
    ///     runtime_executor::spawn(async {}) // finds the runtime
    /// })
    /// .join()
    /// .unwrap();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn enter(&self) -> EnterGuard<'_> {
        EnterGuard {
            _current: crate::context::set_current(self),
            _runtime: PhantomData,
        }
    }

    /// Runs `future` to completion on this thread, like
    /// [`Runtime::block_on`](crate::Runtime::block_on): current-thread, it runs the
    /// runtime's tasks meanwhile if no other thread does; multi-thread, the workers
    /// run them.
    ///
    /// # Panics
    ///
    /// Inside a runtime (a task or another `block_on`), with a message saying how
    /// to fix it; a panic of `future` reaches the caller.
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// let handle = rt.handle().clone();
    /// let n = std::thread::spawn(move || handle.block_on(async { 6 * 7 }))
    ///     .join()
    ///     .unwrap();
    /// assert_eq!(n, 42);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        match &self.inner.scheduler {
            Scheduler::CurrentThread(shared) => {
                crate::scheduler::current_thread::block_on(self, shared, future)
            }
            Scheduler::MultiThread(shared) => {
                let _runtime = crate::context::enter_runtime();
                let _current = crate::context::set_current(self);
                crate::runtime::park_on(self, shared, future)
            }
        }
    }

    /// A snapshot of this runtime's counters (feature `metrics`, on by default).
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_multi_thread().worker_threads(2).build()?;
    /// assert_eq!(rt.handle().metrics().workers, 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[cfg(feature = "metrics")]
    pub fn metrics(&self) -> crate::RuntimeMetrics {
        let inner = &*self.inner;
        crate::RuntimeMetrics {
            workers: inner.scheduler.workers(),
            alive_tasks: inner.tasks.alive(),
            injector_depth: inner.scheduler.injector_depth(),
            local_queue_depths: inner.scheduler.local_depths(),
            registrations: inner.driver.registrations(),
            events_dispatched: inner.driver.events_dispatched(),
            blocking_threads: inner.blocking.threads(),
            timers_pending: inner.driver.time().pending_timers(),
        }
    }

    /// Spawns on this runtime; `local` keeps the task on this thread.
    ///
    /// # Safety
    ///
    /// A `!Send` future needs `local` and a current-thread core held by this thread.
    pub(crate) unsafe fn spawn_inner<F>(&self, future: F, local: bool) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        // SAFETY: forwarded from our caller.
        let (runnable, join) = unsafe { task::spawn_registered(self, future, local) };
        // On a closed runtime, `schedule` drops it: the handle resolves to cancelled.
        runnable.schedule();
        join
    }
}

/// Routes a woken task to its runtime's scheduler, or drops it after shutdown; the
/// schedule function of every registered task (`task/mod.rs`).
///
/// The runtime is reached through the runnable's metadata, which the runnable's
/// allocation owns; once the runnable is queued, another thread may run it to
/// completion and free that allocation, and with it maybe the last reference to the
/// runtime. So: on a thread that runs this runtime's scheduler (which holds a
/// `Handle` of its own) the runnable is pushed as is; anywhere else, a waker of the
/// task is held across the call (async-task would hold one around every call of a
/// non-zero-sized schedule function; here only the remote path pays for it).
pub(crate) fn schedule(runnable: Runnable) {
    let Some(inner) = runnable.metadata().inner_ptr() else {
        unreachable!("only registered tasks use this schedule function");
    };
    let identity = inner as usize;
    if let Some(payload) = crate::context::scheduler_payload(identity) {
        // SAFETY: this thread runs the scheduler of the runtime at `inner`, and so
        // holds a `Handle` to it for as long as the payload is set (`worker.rs`,
        // `current_thread.rs`): it outlives this call.
        let inner = unsafe { &*inner };
        inner.schedule_local(payload, runnable);
    } else {
        let keep = runnable.waker();
        // SAFETY: `keep` holds the task's allocation, hence its `Meta`, hence a
        // `Handle` to the runtime at `inner`, until after this call.
        let inner = unsafe { &*inner };
        inner.schedule_remote(runnable);
        drop(keep);
    }
}

impl Inner {
    /// Queues a task woken on a thread that runs this runtime's scheduler.
    fn schedule_local(&self, payload: crate::context::Payload, runnable: Runnable) {
        // ORDERING: Acquire pairs with the SeqCst store of `closed` in
        // `Runtime::shutdown`; a late runnable that slips past is caught by the
        // re-check in the schedulers.
        if self.closed.load(Ordering::Acquire) {
            drop(runnable);
            return;
        }
        match &self.scheduler {
            Scheduler::CurrentThread(s) => s.schedule_local(payload, runnable),
            Scheduler::MultiThread(s) => s.schedule_local(payload, runnable),
        }
    }

    /// Queues a task woken anywhere else, and wakes the scheduler if it sleeps.
    fn schedule_remote(&self, runnable: Runnable) {
        // ORDERING: as in `schedule_local`.
        if self.closed.load(Ordering::Acquire) {
            drop(runnable);
            return;
        }
        match &self.scheduler {
            Scheduler::CurrentThread(s) => s.schedule_remote(self, runnable),
            Scheduler::MultiThread(s) => s.schedule_remote(self, runnable),
        }
    }

    /// The identity of this runtime in thread-locals.
    pub(crate) fn identity(&self) -> usize {
        self as *const Inner as usize
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("flavor", &self.inner.scheduler.flavor())
            .finish_non_exhaustive()
    }
}

/// Keeps a runtime current on this thread; see [`Handle::enter`] and
/// [`Runtime::enter`](crate::Runtime::enter).
#[must_use = "the runtime is current only until the guard is dropped"]
pub struct EnterGuard<'a> {
    _current: crate::context::SetCurrentGuard,
    /// Borrows the runtime (or handle) it was made from.
    _runtime: PhantomData<&'a Handle>,
}

impl fmt::Debug for EnterGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnterGuard").finish_non_exhaustive()
    }
}

/// Returned by [`Handle::try_current`] outside a runtime.
///
/// ```
/// let err = runtime_executor::Handle::try_current().unwrap_err();
/// assert!(err.to_string().contains("outside a runtime"));
/// ```
#[derive(Debug, Clone)]
pub struct TryCurrentError {
    _private: (),
}

impl TryCurrentError {
    pub(crate) fn new() -> TryCurrentError {
        TryCurrentError { _private: () }
    }
}

impl fmt::Display for TryCurrentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "there is no runtime: called outside a runtime; call it from within \
             `Runtime::block_on` or a spawned task, or use a `Handle`",
        )
    }
}

impl std::error::Error for TryCurrentError {}
