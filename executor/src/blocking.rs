//! The blocking pool: threads for `spawn_blocking`, grown on demand, capped, and
//! reaped after a while idle.
//!
//! A blocking call is an async-task task too, whose future runs the closure on its
//! first poll, so it gets the same `JoinHandle` (abort cancels it if it has not
//! started). Its runnable goes to the pool's queue:
//!
//! - an idle thread is woken if there is one (`idle > 0`), else a thread is started
//!   if fewer than `max_threads` run, else the call waits in the queue;
//! - a thread idle for `keep_alive` with an empty queue exits;
//! - shutdown drops the queued calls (they were never started: their handles
//!   resolve to `cancelled`), wakes every idle thread, and waits for the running
//!   calls, without bound on drop, up to its timeout in `shutdown_timeout`. It
//!   never waits for the thread it runs on: a blocking call may drop its own
//!   runtime (the pool's threads know their pool through a thread-local), and that
//!   thread exits once the call returns.
//!
//! `in_flight` counts calls spawned and not finished; the paused-clock idle check
//! (`time.rs`) treats the runtime as busy while it is non-zero. A call that ran
//! is uncounted by its pool thread once `task::run` has returned, that is, after
//! its output is stored and whoever awaits it woken (and so counted busy in turn):
//! uncounting it from the future's destructor, which async-task runs before it
//! wakes the awaiter, would let the clock jump in between. The call that ends
//! the last one in flight under a paused clock interrupts the thread parked in
//! the driver, which checks again: the runtime may be idle now, and the ended
//! call may have woken nobody (its handle dropped).

use std::cell::Cell;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::driver::Driver;
use crate::handle::Handle;
use crate::sync::{AtomicUsize, Ordering};
use crate::task::{self, JoinHandle, Runnable};
use crate::threads::ThreadConfig;

thread_local! {
    /// The pool whose thread this is (null on every other thread); compared, never
    /// dereferenced.
    static OWN_POOL: Cell<*const BlockingPool> = const { Cell::new(std::ptr::null()) };
    /// A blocking call started on this thread during the current `task::run`; the
    /// pool's loop uncounts it once that returns (see the module docs).
    static CALL_STARTED: Cell<bool> = const { Cell::new(false) };
}

/// The pool of one runtime.
pub(crate) struct BlockingPool {
    state: Mutex<State>,
    /// Idle threads wait here for work.
    work: Condvar,
    /// Shutdown waits here for the last thread.
    done: Condvar,
    in_flight: AtomicUsize,
    max_threads: usize,
    keep_alive: Duration,
    threads: ThreadConfig,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Runnable>,
    /// Threads that take calls: what spawning a new one is decided by.
    threads: usize,
    /// Threads started and not yet gone, stop hook included: what shutdown waits
    /// for (a thread leaves `threads` when it stops taking calls, and `live` after
    /// its stop hook has run).
    live: usize,
    idle: usize,
    shutdown: bool,
}

impl BlockingPool {
    pub(crate) fn new(max_threads: usize, keep_alive: Duration, threads: ThreadConfig) -> Self {
        BlockingPool {
            state: Mutex::new(State::default()),
            work: Condvar::new(),
            done: Condvar::new(),
            in_flight: AtomicUsize::new(0),
            max_threads: max_threads.max(1),
            keep_alive,
            threads,
        }
    }

    /// Runs `f` on a pool thread.
    pub(crate) fn spawn<F, R>(&self, handle: &Handle, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.call_spawned();
        let future = BlockingTask {
            f: Some(f),
            handle: handle.clone(),
        };
        let schedule = {
            let handle = handle.clone();
            move |runnable: Runnable| handle.inner.blocking.schedule(&handle, runnable)
        };
        let (runnable, join) = task::spawn_unregistered(future, schedule);
        runnable.schedule();
        join
    }

    fn schedule(&self, handle: &Handle, runnable: Runnable) {
        let mut state = self.state.lock();
        if state.shutdown {
            drop(state);
            drop(runnable);
            return;
        }
        state.queue.push_back(runnable);
        if state.idle > 0 {
            drop(state);
            self.work.notify_one();
            return;
        }
        if state.threads >= self.max_threads {
            return;
        }
        state.threads += 1;
        state.live += 1;
        drop(state);
        let (runs, goes) = (handle.clone(), handle.clone());
        let spawned = self.threads.spawn_then(
            move || runs.inner.blocking.run(&runs),
            move || goes.inner.blocking.gone(),
        );
        if spawned.is_err() {
            // The queued call waits for a running thread; if none runs, it stays
            // queued until shutdown cancels it.
            self.state.lock().threads -= 1;
            self.gone();
        }
    }

    /// One pool thread's loop.
    fn run(&self, handle: &Handle) {
        let _current = crate::context::set_current(handle);
        OWN_POOL.with(|own| own.set(self));
        let mut state = self.state.lock();
        loop {
            if let Some(runnable) = state.queue.pop_front() {
                drop(state);
                task::run(runnable);
                if CALL_STARTED.with(|started| started.replace(false)) {
                    self.call_ended(&handle.inner.driver);
                }
                state = self.state.lock();
                continue;
            }
            if state.shutdown {
                break;
            }
            state.idle += 1;
            let deadline = Instant::now() + self.keep_alive;
            let timed_out = self.work.wait_until(&mut state, deadline).timed_out();
            state.idle -= 1;
            if timed_out && state.queue.is_empty() && !state.shutdown {
                break;
            }
        }
        state.threads -= 1;
    }

    /// A pool thread is gone: its loop and its stop hook are over.
    fn gone(&self) {
        let mut state = self.state.lock();
        state.live -= 1;
        // Shutdown may wait for one thread (its own) rather than none.
        if state.live <= 1 && state.shutdown {
            self.done.notify_all();
        }
    }

    /// Cancels queued calls and waits for the running ones, up to `timeout`; never
    /// for the calling thread, if it is one of this pool's.
    pub(crate) fn shutdown(&self, timeout: Option<Duration>) {
        // `try_with`: a runtime may be dropped by a thread-local's destructor.
        let on_own_thread = OWN_POOL
            .try_with(|own| std::ptr::eq(own.get(), self))
            .unwrap_or(false);
        let not_waited_for = usize::from(on_own_thread);
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        let queued = {
            let mut state = self.state.lock();
            state.shutdown = true;
            std::mem::take(&mut state.queue)
        };
        drop(queued);
        self.work.notify_all();
        let mut state = self.state.lock();
        while state.live > not_waited_for {
            match deadline {
                Some(deadline) => {
                    if self.done.wait_until(&mut state, deadline).timed_out() {
                        return;
                    }
                }
                None => self.done.wait(&mut state),
            }
        }
    }

    /// Counts a call in flight.
    pub(crate) fn call_spawned(&self) {
        // ORDERING: SeqCst, like the other counts the paused-clock idle check reads
        // (`multi_thread::Shared::is_idle`). What the check needs is that a call
        // spawned by a task is counted before that task's thread can count as
        // idle; program order and the idle counts' own SeqCst updates give that.
        self.in_flight.fetch_add(1, Ordering::SeqCst);
    }

    /// Uncounts a call that ended or was dropped unstarted; the last one in flight
    /// under a paused clock asks for the idle check (see the module docs).
    pub(crate) fn call_ended(&self, driver: &Driver) {
        // ORDERING: see `call_spawned`. The interrupt after it is sticky (SPEC I2): a
        // driving thread that read the count before this and then sleeps is woken
        // (`loom_blocking_last_call_ends_while_the_driver_parks`).
        let before = self.in_flight.fetch_sub(1, Ordering::SeqCst);
        if before == 1 && driver.time().is_paused() {
            driver.unpark();
        }
    }

    /// No blocking call in flight.
    pub(crate) fn is_idle(&self) -> bool {
        // ORDERING: see `call_spawned`.
        self.in_flight.load(Ordering::SeqCst) == 0
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn threads(&self) -> usize {
        self.state.lock().threads
    }
}

impl fmt::Debug for BlockingPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingPool")
            .field("max_threads", &self.max_threads)
            .finish_non_exhaustive()
    }
}

/// Runs the closure on its first poll. Counted in `in_flight` from its spawn:
/// dropped unstarted (aborted, or cancelled by shutdown), it uncounts itself;
/// started, it leaves that to the pool's loop (see the module docs).
struct BlockingTask<F> {
    f: Option<F>,
    handle: Handle,
}

impl<F> Drop for BlockingTask<F> {
    fn drop(&mut self) {
        if self.f.is_some() {
            let inner = &self.handle.inner;
            inner.blocking.call_ended(&inner.driver);
        }
    }
}

impl<F> Unpin for BlockingTask<F> {}

impl<F: FnOnce() -> R, R> Future for BlockingTask<F> {
    type Output = R;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<R> {
        let f = self.f.take().expect("a blocking task is polled once");
        // Only pool threads poll blocking tasks (`BlockingPool::run`); theirs
        // uncounts the call after `task::run` returns, even if `f` panics.
        CALL_STARTED.with(|started| started.set(true));
        Poll::Ready(f())
    }
}
