//! The current-thread scheduler: the thread in `block_on` runs the tasks and drives
//! the reactor; no other thread is started (except the blocking pool's, on demand).
//!
//! ## The core
//!
//! What runs tasks is the [`Core`]: the local run queue. It sits in
//! `Shared::core` while nobody drives, and a `block_on` takes it out for as long as
//! it runs. Two threads may call `Runtime::block_on` at once (a `Runtime` is `Sync`):
//! one holds the core; the others poll only their own future, and park until it is
//! woken or the core is handed back ([`Shared::core_waiters`]).
//!
//! ## Queues
//!
//! | queue           | pushed by                                   | popped by        |
//! |-----------------|---------------------------------------------|------------------|
//! | `Core::local`   | wake-ups on the thread holding the core     | the core's thread |
//! | `Shared::remote`| wake-ups from any other thread              | the core's thread |
//!
//! A remote push then interrupts the runtime's `Poll` (`driver/mod.rs`): the
//! driving thread's poll returns if it sleeps there, parked or in the kernel, and
//! the interrupt is kept for its next poll if it is awake (sticky, SPEC I2).
//!
//! `Shared::remote` is the multi-thread injector's kind of queue (a `VecDeque`
//! under a lock, its length mirrored in an atomic), so looking at it empty, as the
//! loop does after every task, is one load, and a steady stream of tasks allocates
//! nothing. A segmented lock-free queue would read both of its ends to find it
//! empty, and allocate and free a block every few dozen tasks, on the path of
//! every remote wake-up.
//!
//! ## The loop
//!
//! Poll the `block_on` future if it was woken; run up to [`EVENT_INTERVAL`] tasks
//! (the shared queue first every [`REMOTE_INTERVAL`] ticks); then turn the reactor
//! without blocking if work remains, so that an always-ready task cannot starve I/O
//! or timers, or else, idle: under a paused clock, let the timer driver jump to the
//! next timer (`advance_to_next`) if nothing else is left; then sleep in the `Poll`
//! until an event, an interrupt or the next deadline (`Driver::park`).
//!
//! ## `spawn_local`
//!
//! `!Send` tasks are spawned only by the thread holding the core, which from then on
//! belongs to that thread ([`Shared::local_owner`]): another thread's `block_on`
//! never takes it, so those tasks are only ever run where they were spawned.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::ThreadId;

use parking_lot::Mutex;

use super::multi_thread::SharedQueue;
use super::EVENT_INTERVAL;
use crate::context;
use crate::handle::{Handle, Inner};
use crate::park::{Parker, Unparker};
use crate::task::Runnable;
use crate::time::ReactorWaker;

/// Every this many tasks the shared queue is looked at before the local one.
const REMOTE_INTERVAL: u32 = 31;

/// The shared half of a current-thread scheduler.
pub(crate) struct Shared {
    remote: SharedQueue<Runnable>,
    core: Mutex<Option<Box<Core>>>,
    /// `block_on` callers waiting for the core.
    core_waiters: Mutex<Vec<Unparker>>,
    /// The thread that spawned `!Send` tasks, which alone may hold the core.
    local_owner: Mutex<Option<ThreadId>>,
}

/// The local run queue; held by one `block_on` at a time.
#[derive(Default)]
pub(crate) struct Core {
    local: RefCell<VecDeque<Runnable>>,
    tick: Cell<u32>,
}

impl Shared {
    pub(crate) fn new() -> Shared {
        Shared {
            remote: SharedQueue::new(),
            core: Mutex::new(Some(Box::default())),
            core_waiters: Mutex::new(Vec::new()),
            local_owner: Mutex::new(None),
        }
    }

    /// Queues a task woken on the thread holding the core (see the module docs).
    pub(crate) fn schedule_local(&self, payload: context::Payload, runnable: Runnable) {
        let context::Payload::Core(core) = payload else {
            unreachable!("a current-thread runtime records its core");
        };
        // SAFETY: the payload is the address of the boxed `Core` that `run_core`
        // holds on this very thread; the box lives until `run_core`'s scheduler
        // guard has cleared the payload, and only shared references to it exist
        // meanwhile (mutation goes through its cells; `local` is never borrowed
        // across a task poll).
        let core = unsafe { &*core };
        core.local.borrow_mut().push_back(runnable);
    }

    /// Queues a task woken on any other thread, and wakes the driving thread.
    pub(crate) fn schedule_remote(&self, inner: &Inner, runnable: Runnable) {
        self.remote.push(runnable);
        // Wakes the driving thread. The interrupt's SeqCst fence (the reactor's
        // `ReadinessQueue::interrupt`: store, fence, load) also pairs with the one in
        // `Runtime`'s shutdown: either the shutdown's drain sees this push, or the
        // re-check below sees `closed`.
        inner.driver.unpark();
        // ORDERING: SeqCst, after the fence above (see there).
        if inner.closed.load(Ordering::SeqCst) {
            self.drain_remote();
        }
    }

    /// Whether the calling thread is the one `spawn_local` tasks belong to.
    pub(crate) fn is_local_owner_thread(&self) -> bool {
        *self.local_owner.lock() == Some(std::thread::current().id())
    }

    fn drain_remote(&self) {
        // Dropped after the lock is released: dropping a task may schedule another.
        let all = self.remote.take_all();
        drop(all);
    }

    pub(crate) fn drain(&self) {
        let core = self.core.lock().take();
        if let Some(core) = core {
            let queued: Vec<_> = core.local.borrow_mut().drain(..).collect();
            drop(queued);
        }
        self.drain_remote();
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn remote_depth(&self) -> usize {
        self.remote.len()
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn local_depth(&self) -> usize {
        self.core
            .lock()
            .as_ref()
            .map_or(0, |core| core.local.borrow().len())
    }

    /// Binds the core to the calling thread, which must hold it (`spawn_local`).
    pub(crate) fn bind_local(&self, inner: &Inner) -> bool {
        if context::scheduler_payload(inner.identity()).is_none() {
            return false;
        }
        let mut owner = self.local_owner.lock();
        let me = std::thread::current().id();
        *owner.get_or_insert(me) == me
    }

    fn take_core(&self) -> Option<Box<Core>> {
        let owner = *self.local_owner.lock();
        if owner.is_some_and(|owner| owner != std::thread::current().id()) {
            return None;
        }
        self.core.lock().take()
    }

    /// Whether [`take_core`](Self::take_core) would succeed now on this thread.
    fn core_available(&self) -> bool {
        let owner = *self.local_owner.lock();
        owner.map_or(true, |owner| owner == std::thread::current().id())
            && self.core.lock().is_some()
    }

    fn release_core(&self, core: Box<Core>) {
        *self.core.lock() = Some(core);
        let waiters = std::mem::take(&mut *self.core_waiters.lock());
        for waiter in waiters {
            waiter.unpark();
        }
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CurrentThread")
            .field("remote", &self.remote.len())
            .finish_non_exhaustive()
    }
}

/// Wakes a `block_on` future: on the core's thread, through the driver; elsewhere,
/// through the caller's parker.
struct Signal {
    woken: AtomicBool,
    reactor: ReactorWaker,
    thread: Unparker,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // ORDERING: Release publishes whatever the waker's caller did before waking;
        // the swap in the loop acquires it.
        self.woken.store(true, Ordering::Release);
        self.reactor.wake();
        self.thread.unpark();
    }
}

/// `Runtime::block_on` for the current-thread flavor.
#[track_caller]
pub(crate) fn block_on<F: Future>(handle: &Handle, shared: &Shared, future: F) -> F::Output {
    let _runtime = context::enter_runtime();
    let _current = context::set_current(handle);
    let mut future = pin!(future);
    let parker = Parker::new();
    let signal = Arc::new(Signal {
        woken: AtomicBool::new(true),
        reactor: handle.inner.driver.reactor_waker(),
        thread: parker.unparker(),
    });
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Some(core) = shared.take_core() {
            let held = HeldCore {
                shared,
                core: Some(core),
            };
            return run_core(
                &handle.inner,
                shared,
                &held,
                future.as_mut(),
                &mut cx,
                &signal,
            );
        }
        // Another thread drives the tasks: wait for our future or for the core.
        shared.core_waiters.lock().push(parker.unparker());
        // ORDERING: Acquire pairs with `Signal::wake_by_ref`'s Release.
        if signal.woken.swap(false, Ordering::Acquire) {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
        if !shared.core_available() && !signal.woken.load(Ordering::Acquire) {
            parker.park();
        }
    }
}

/// Gives the core back even if the `block_on` future panics.
struct HeldCore<'a> {
    shared: &'a Shared,
    core: Option<Box<Core>>,
}

impl Drop for HeldCore<'_> {
    fn drop(&mut self) {
        if let Some(core) = self.core.take() {
            self.shared.release_core(core);
        }
    }
}

/// Runs tasks and the reactor until `future` completes.
fn run_core<F: Future>(
    inner: &Inner,
    shared: &Shared,
    held: &HeldCore<'_>,
    mut future: std::pin::Pin<&mut F>,
    cx: &mut Context<'_>,
    signal: &Signal,
) -> F::Output {
    // Only shared references to the core exist while it runs: `schedule` reaches it
    // through the thread-local pointer too, so it is mutated through cells only.
    let core: &Core = held.core.as_deref().expect("core held");
    let _scheduler = context::set_scheduler(inner.identity(), context::Payload::Core(core));
    let driver = &inner.driver;
    // The remote queue's length hint is exact enough here: a pusher stores it, then
    // interrupts the `Poll`. A push this check misses left its interrupt pending
    // (sticky), so the poll `Driver::park` is about to make returns at once, and
    // the next check sees the task. ORDERING: the `woken` load is Acquire, as in
    // the loop below.
    let has_work = |core: &Core| {
        !core.local.borrow().is_empty()
            || !shared.remote.looks_empty()
            || signal.woken.load(Ordering::Acquire)
    };
    loop {
        // ORDERING: Acquire pairs with `Signal::wake_by_ref`'s Release. (A load
        // first: the swap is a locked instruction, and the flag is mostly clear.)
        if signal.woken.load(Ordering::Relaxed) && signal.woken.swap(false, Ordering::Acquire) {
            if let Poll::Ready(out) = crate::coop::with_budget(|| future.as_mut().poll(cx)) {
                return out;
            }
        }
        for _ in 0..EVENT_INTERVAL {
            let tick = core.tick.get().wrapping_add(1);
            core.tick.set(tick);
            let next = if tick % REMOTE_INTERVAL == 0 {
                shared
                    .remote
                    .pop()
                    .or_else(|| core.local.borrow_mut().pop_front())
            } else {
                let local = core.local.borrow_mut().pop_front();
                local.or_else(|| shared.remote.pop())
            };
            match next {
                Some(runnable) => {
                    crate::coop::with_budget(|| crate::task::run(runnable));
                }
                None => break,
            }
        }
        if has_work(core) {
            // Still busy: look at the reactor anyway so I/O and timers keep up.
            driver.turn(Some(std::time::Duration::ZERO));
            continue;
        }
        // A paused clock may jump ahead once everything is idle: look at the
        // reactor without blocking first, so that "idle" is true. A running clock
        // has nothing to do here, and the blocking turn below fires its timers.
        let time = driver.time();
        if time.is_paused() {
            let events = driver.turn(Some(std::time::Duration::ZERO));
            if events > 0 || has_work(core) {
                continue;
            }
            if inner.blocking.is_idle() && time.advance_to_next() {
                continue;
            }
        }
        driver.park(&|| has_work(core));
    }
}
