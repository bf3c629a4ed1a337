//! `Runtime` and its `Builder`.
//!
//! ## Shutdown (drop, or `shutdown_timeout`)
//!
//! 1. `closed` is stored (SeqCst): from now on every scheduler drops the runnables
//!    it is handed, and spawns are refused (their handles resolve to `cancelled`).
//! 2. Workers are woken (the one parked in the driver by an interrupt of the
//!    `Poll`) and joined; a task being polled
//!    finishes that poll first.
//! 3. Queued runnables are dropped, which cancels their tasks and drops their
//!    futures, on this thread.
//! 4. The task registry is closed and every registered task (every task idle
//!    since its first `Pending`; the others were queued or running) is woken: the
//!    closed scheduler drops it too. So every task's destructor has run when `drop`
//!    returns (except a `spawn_local` future on another thread, leaked instead).
//! 5. `Async` waits fail from now on, and so do the runtime's timers (a `Sleep`
//!    awaited after this panics naming the shutdown, a `Deadline` becomes
//!    readable and hup); the blocking pool drops its queue and waits for the
//!    running calls (without bound on drop, like tokio; up to the timeout
//!    in `shutdown_timeout`).
//!
//! Steps 2–4 run with this runtime as the current one, so destructors that spawn
//! get a cancelled handle rather than a panic.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::pin;
use std::sync::atomic::{fence, AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

use crate::blocking::BlockingPool;
use crate::driver::Driver;
use crate::handle::EnterGuard;
use crate::handle::{Handle, Inner};
use crate::park::{Parker, Unparker};
use crate::scheduler::{current_thread, multi_thread, Scheduler};
use crate::task::{JoinHandle, OwnedTasks};
use crate::threads::ThreadConfig;

/// A runtime: schedulers, a reactor, a blocking pool. `Send + Sync`.
///
/// ```
/// let rt = runtime_executor::Runtime::new()?;
/// let handle = rt.spawn(async { "from a worker" });
/// assert_eq!(rt.block_on(handle).unwrap(), "from a worker");
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Runtime {
    handle: Handle,
    threads: Vec<thread::JoinHandle<()>>,
    shut_down: bool,
}

impl Runtime {
    /// A multi-thread runtime with one worker per core.
    pub fn new() -> io::Result<Runtime> {
        Builder::new_multi_thread().build()
    }

    /// Runs `future` to completion on this thread, running tasks meanwhile
    /// (current-thread) or letting the workers run them (multi-thread). A panic in
    /// `future` reaches the caller.
    ///
    /// # Panics
    ///
    /// If this thread is already inside a runtime (in `block_on` or a task).
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_current_thread().build()?;
    /// assert_eq!(rt.block_on(async { 1 + 2 }), 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.handle.block_on(future)
    }

    /// Makes this runtime the current one on this thread until the guard is
    /// dropped (see [`Handle::enter`]).
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// let _guard = rt.enter();
    /// let task = runtime_executor::spawn(async { 1 }); // no block_on needed
    /// # drop(_guard);
    /// assert_eq!(rt.block_on(task).unwrap(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn enter(&self) -> EnterGuard<'_> {
        self.handle.enter()
    }

    /// Spawns a task on this runtime.
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// let handle = rt.spawn(async { 7 });
    /// assert_eq!(rt.block_on(handle).unwrap(), 7);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.handle.spawn(future)
    }

    /// Runs `f` on this runtime's blocking pool.
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// assert_eq!(rt.block_on(rt.spawn_blocking(|| 5)).unwrap(), 5);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn spawn_blocking<F, R>(&self, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.handle.spawn_blocking(f)
    }

    /// The handle of this runtime.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Shuts down like `drop`, but waits for running blocking calls at most
    /// `timeout` (they keep running detached after it).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let rt = runtime_executor::Runtime::new()?;
    /// rt.spawn(std::future::pending::<()>());
    /// rt.shutdown_timeout(Duration::from_secs(1));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn shutdown_timeout(mut self, timeout: Duration) {
        self.shutdown(Some(timeout));
    }

    /// Shuts down like `drop`, without waiting for running blocking calls (they
    /// keep running detached). Every async task is cancelled and its destructor
    /// run before this returns.
    ///
    /// ```
    /// let rt = runtime_executor::Runtime::new()?;
    /// rt.spawn_blocking(|| std::thread::sleep(std::time::Duration::from_millis(50)));
    /// rt.shutdown_background(); // does not wait for the blocking call
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn shutdown_background(mut self) {
        self.shutdown(Some(Duration::ZERO));
    }

    fn shutdown(&mut self, timeout: Option<Duration>) {
        if self.shut_down {
            return;
        }
        self.shut_down = true;
        let inner = &*self.handle.inner;
        // ORDERING: the SeqCst store and fence pair with the SeqCst fence that
        // follows every remote push (`schedule_remote` of both schedulers): either
        // the pusher's re-check sees `closed`, or the drain below sees its push.
        inner.closed.store(true, Ordering::SeqCst);
        fence(Ordering::SeqCst);
        if let Scheduler::MultiThread(shared) = &inner.scheduler {
            shared.unpark_all();
        }
        inner.driver.unpark();
        let me = thread::current().id();
        for thread in self.threads.drain(..) {
            if thread.thread().id() == me {
                // Dropped from one of its own threads: that thread exits when the
                // task that dropped it returns.
                continue;
            }
            // A panic there was a bug in this crate, already reported on stderr.
            let _ = thread.join();
        }
        let _current = crate::context::set_current(&self.handle);
        inner.scheduler.drain();
        inner.tasks.close_and_wake_all();
        inner.scheduler.drain();
        inner.driver.shutdown();
        // Nobody drives the wheel from now on: timers that outlived the runtime
        // are woken and refuse to wait (`runtime_timers::Driver::shutdown`).
        inner.driver.time().shutdown();
        inner.blocking.shutdown(timeout);
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.shutdown(None);
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("handle", &self.handle)
            .finish_non_exhaustive()
    }
}

/// Wakes a thread blocked in [`park_on`].
///
/// The multi-thread flavor counts `block_on` callers that are not parked, so the
/// paused clock never jumps while one has work (see `multi_thread::Shared::is_idle`).
/// The count goes up *when the wake is sent*, not when the thread resumes, for the
/// same reason a worker's does: between the two, the worker in the driver must already
/// see the runtime as busy.
struct ThreadWaker {
    unparker: Unparker,
    /// The caller is parked (or about to be) and not yet counted as running.
    parked: AtomicBool,
    /// Weak: a waker kept by a timer or a source must not keep the runtime alive.
    runtime: std::sync::Weak<Inner>,
}

impl ThreadWaker {
    fn unpark(&self) {
        // ORDERING: SeqCst, like the worker idle counts it joins: the reactor's
        // idle check must see the caller running as soon as this wake is sent.
        if self.parked.swap(false, Ordering::SeqCst) {
            if let Some(inner) = self.runtime.upgrade() {
                if let Scheduler::MultiThread(shared) = &inner.scheduler {
                    shared.block_on_resumed();
                }
            }
        }
        self.unparker.unpark();
    }
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.unpark();
    }
}

/// Polls `future` on this thread (a multi-thread runtime's `block_on`), parking
/// between wake-ups.
pub(crate) fn park_on<F: Future>(
    handle: &Handle,
    shared: &multi_thread::Shared,
    future: F,
) -> F::Output {
    let mut future = pin!(future);
    let parker = Parker::new();
    let thread_waker = Arc::new(ThreadWaker {
        unparker: parker.unparker(),
        parked: AtomicBool::new(false),
        runtime: Arc::downgrade(&handle.inner),
    });
    let waker = Waker::from(thread_waker.clone());
    let mut cx = Context::from_waker(&waker);
    shared.block_on_resumed();
    // Counted as running until we return, whichever way (panics included).
    let _running = BlockOnGuard(shared);
    loop {
        if let Poll::Ready(out) = crate::coop::with_budget(|| future.as_mut().poll(&mut cx)) {
            return out;
        }
        // ORDERING: see `ThreadWaker::unpark`.
        thread_waker.parked.store(true, Ordering::SeqCst);
        shared.block_on_parked();
        if shared.is_idle() && handle.inner.driver.time().is_paused() {
            // The runtime may be idle now: let the worker in the driver check.
            shared.request_idle_check(&handle.inner.driver);
        }
        parker.park();
        // A wake-up that was not ours (or a spurious one): count ourselves back.
        if thread_waker.parked.swap(false, Ordering::SeqCst) {
            shared.block_on_resumed();
        }
    }
}

/// Uncounts a `block_on` caller when it returns or unwinds.
struct BlockOnGuard<'a>(&'a multi_thread::Shared);

impl Drop for BlockOnGuard<'_> {
    fn drop(&mut self) {
        self.0.block_on_parked();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    CurrentThread,
    MultiThread,
}

/// Configures and builds a [`Runtime`].
///
/// ```
/// let rt = runtime_executor::Builder::new_multi_thread()
///     .worker_threads(2)
///     .thread_name("my-runtime")
///     .build()?;
/// let name = rt.block_on(rt.spawn(async { std::thread::current().name().map(str::to_owned) }));
/// assert_eq!(name.unwrap().as_deref(), Some("my-runtime"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Builder {
    kind: Kind,
    worker_threads: Option<usize>,
    max_blocking_threads: usize,
    thread_keep_alive: Duration,
    start_paused: bool,
    threads: ThreadConfig,
}

impl Builder {
    /// A builder for the multi-thread flavor (one worker per core by default).
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_multi_thread().build()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new_multi_thread() -> Builder {
        Builder::new(Kind::MultiThread)
    }

    /// A builder for the current-thread flavor: tasks run inside `block_on`.
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_current_thread().build()?;
    /// assert_eq!(rt.block_on(async { 5 }), 5);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new_current_thread() -> Builder {
        Builder::new(Kind::CurrentThread)
    }

    fn new(kind: Kind) -> Builder {
        Builder {
            kind,
            worker_threads: None,
            max_blocking_threads: 512,
            thread_keep_alive: Duration::from_secs(10),
            start_paused: false,
            threads: ThreadConfig {
                name: "runtime-worker".to_owned(),
                ..ThreadConfig::default()
            },
        }
    }

    /// How many workers the multi-thread flavor starts (ignored by current-thread).
    ///
    /// # Panics
    ///
    /// If `n` is 0.
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_multi_thread().worker_threads(3).build()?;
    /// assert_eq!(rt.handle().metrics().workers, 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[track_caller]
    pub fn worker_threads(&mut self, n: usize) -> &mut Builder {
        assert!(n > 0, "worker_threads must be at least 1");
        self.worker_threads = Some(n);
        self
    }

    /// The name of every thread the runtime starts (default `runtime-worker`).
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_multi_thread().thread_name("io").build()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn thread_name(&mut self, name: impl Into<String>) -> &mut Builder {
        self.threads.name = name.into();
        self
    }

    /// The stack size of every thread the runtime starts (default: std's).
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_multi_thread()
    ///     .thread_stack_size(4 << 20)
    ///     .build()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn thread_stack_size(&mut self, bytes: usize) -> &mut Builder {
        self.threads.stack_size = Some(bytes);
        self
    }

    /// The cap on blocking-pool threads (default 512).
    ///
    /// # Panics
    ///
    /// If `n` is 0.
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_current_thread().max_blocking_threads(4).build()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[track_caller]
    pub fn max_blocking_threads(&mut self, n: usize) -> &mut Builder {
        assert!(n > 0, "max_blocking_threads must be at least 1");
        self.max_blocking_threads = n;
        self
    }

    /// How long an idle blocking-pool thread waits for work before exiting
    /// (default 10 s).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let rt = runtime_executor::Builder::new_multi_thread()
    ///     .thread_keep_alive(Duration::from_millis(100))
    ///     .build()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn thread_keep_alive(&mut self, keep_alive: Duration) -> &mut Builder {
        self.thread_keep_alive = keep_alive;
        self
    }

    /// Starts the runtime's clock paused: time moves only when advanced, or, when
    /// every task is idle, jumps to the next timer (for tests).
    ///
    /// "Idle" counts the runtime's own threads and its `block_on` callers, not
    /// other threads: on the multi-thread flavor, tasks spawned one by one from
    /// outside the runtime may start after the clock has already jumped for the
    /// first of them. Spawn a test's tasks from inside `block_on`, which counts as
    /// busy until it awaits.
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_current_thread().start_paused(true).build()?;
    /// assert!(rt.handle().time_driver().is_paused());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start_paused(&mut self, paused: bool) -> &mut Builder {
        self.start_paused = paused;
        self
    }

    /// Runs `f` first on every thread the runtime starts (workers, blocking-pool
    /// threads), e.g. to set thread-locals.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let started = Arc::new(AtomicUsize::new(0));
    /// let counter = started.clone();
    /// let rt = runtime_executor::Builder::new_multi_thread()
    ///     .worker_threads(2)
    ///     .on_thread_start(move || {
    ///         counter.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()?;
    /// rt.block_on(rt.spawn_blocking(|| ())).unwrap();
    /// drop(rt);
    /// assert_eq!(started.load(Ordering::SeqCst), 3); // 2 workers, 1 blocking thread
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn on_thread_start<F>(&mut self, f: F) -> &mut Builder
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.threads.on_start = Some(Arc::new(f));
        self
    }

    /// Runs `f` last on every thread the runtime starts, when it exits (a worker
    /// at shutdown, a blocking-pool thread when idle for
    /// [`thread_keep_alive`](Self::thread_keep_alive) or at shutdown).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let stopped = Arc::new(AtomicUsize::new(0));
    /// let counter = stopped.clone();
    /// let rt = runtime_executor::Builder::new_multi_thread()
    ///     .worker_threads(2)
    ///     .on_thread_stop(move || {
    ///         counter.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()?;
    /// drop(rt); // joins the workers
    /// assert_eq!(stopped.load(Ordering::SeqCst), 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn on_thread_stop<F>(&mut self, f: F) -> &mut Builder
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.threads.on_stop = Some(Arc::new(f));
        self
    }

    /// Builds the runtime: its reactor, timer driver and blocking pool, and its
    /// threads (multi-thread flavor).
    ///
    /// ```
    /// let rt = runtime_executor::Builder::new_current_thread().build()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn build(&mut self) -> io::Result<Runtime> {
        let driver = Driver::new(self.start_paused)?;
        let scheduler = match self.kind {
            Kind::CurrentThread => Scheduler::CurrentThread(current_thread::Shared::new()),
            Kind::MultiThread => {
                let n = self
                    .worker_threads
                    .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()));
                Scheduler::MultiThread(multi_thread::Shared::new(n, &driver.interrupter()))
            }
        };
        let handle = Handle {
            inner: Arc::new(Inner {
                scheduler,
                driver,
                blocking: BlockingPool::new(
                    self.max_blocking_threads,
                    self.thread_keep_alive,
                    self.threads.clone(),
                ),
                tasks: OwnedTasks::new(),
                closed: AtomicBool::new(false),
            }),
        };
        let mut runtime = Runtime {
            handle,
            threads: Vec::new(),
            shut_down: false,
        };
        if let Scheduler::MultiThread(shared) = &runtime.handle.inner.scheduler {
            for index in 0..shared.num_workers() {
                let handle = runtime.handle.clone();
                let thread = self.threads.spawn(move || {
                    if let Scheduler::MultiThread(shared) = &handle.inner.scheduler {
                        shared.run_worker(&handle, index);
                    }
                })?;
                runtime.threads.push(thread);
            }
        }
        Ok(runtime)
    }
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("kind", &self.kind)
            .field("worker_threads", &self.worker_threads)
            .field("start_paused", &self.start_paused)
            .field("threads", &self.threads)
            .finish_non_exhaustive()
    }
}
