//! Where the driving thread sleeps, and how a waker reaches it.
//!
//! The thread that drives a runtime's `Poll` (the multi-thread reactor thread, or a
//! current-thread `block_on`) sleeps, when it has nothing to do, in one of two
//! places:
//!
//! - **in the `Poll`** (`POLLING`) when something is registered there (an OS
//!   source, or a source that cannot bind to a callback): a waker interrupts the
//!   poll (`runtime_reactor::__private::Interrupter`);
//! - **on its own thread** (`PARKED`) when nothing is: then no event can come,
//!   and a waker unparks the thread directly. An `Async<Registration>` is bound to
//!   its callback and never registered with the `Poll` (`driver/mod.rs`), so a
//!   runtime that awaits only user-space events always sleeps this way.
//!
//! Why the second place: going through the `Poll` costs the driving thread a turn
//! (the turn lock, the poll lock, a drain of the empty queue, the inbox lock twice
//! around the park, the thread handle) for nothing to report. Measured with
//! callgrind on `event-task-rtt-pinned` current-thread: 2,059 instructions per
//! round trip through the `Poll`, 1,743 parked directly; and on the driving thread,
//! whose work sits on the round trip's critical path.
//!
//! ## Protocol (loom: `loom_driver_sleep_*`)
//!
//! `state` is `AWAKE`, `POLLING` or `PARKED`. The driving thread stores where it
//! is going to sleep (after recording its thread, for `PARKED`), issues a SeqCst
//! fence, then checks for work; a waker publishes its work, issues a SeqCst fence,
//! then reads `state` and, if the thread sleeps, swaps `AWAKE` in and wakes it the
//! way the old value says. Store, fence, load on both sides: either the sleeper sees
//! the work or the waker sees the sleeper. The swap makes one waker per sleep the
//! one that pays the wake-up. A parked thread sleeps until `state` is no longer
//! `PARKED`, so a stray unpark of its thread only makes it look again.
//!
//! A source registered with the `Poll` while the thread is `PARKED` must be
//! watched: the registrar counts it first, and its [`DriverSleep::wake_parked`] pulls
//! the thread out of the direct park (and only that: a `POLLING` thread already
//! watches every registration).

use std::time::Instant;

use crate::sync::thread::{self, Thread};
use crate::sync::{fence, lock, AtomicU8, Mutex, Ordering};

const AWAKE: u8 = 0;
const POLLING: u8 = 1;
const PARKED: u8 = 2;

/// The driving thread's sleep state; see the module docs.
#[derive(Debug, Default)]
pub(crate) struct DriverSleep {
    state: AtomicU8,
    /// The thread that parks directly; set before it first stores `PARKED`.
    thread: Mutex<Option<Thread>>,
}

impl DriverSleep {
    /// The driving thread is about to block in the `Poll`. The caller checks for
    /// work after this returns, and calls [`awake`](Self::awake) after the poll.
    pub(crate) fn prepare_poll(&self) {
        // ORDERING: the fence orders this store before the caller's check for work
        // (see the module docs); the store itself may be relaxed.
        self.state.store(POLLING, Ordering::Relaxed);
        fence(Ordering::SeqCst);
    }

    /// The driving thread `me` is about to park directly. The caller checks for
    /// work after this returns, then calls [`park`](Self::park), or
    /// [`awake`](Self::awake) if there was work.
    pub(crate) fn prepare_park(&self, me: &Thread) {
        {
            let mut thread = lock(&self.thread);
            if thread.as_ref().map(Thread::id) != Some(me.id()) {
                *thread = Some(me.clone());
            }
        }
        // ORDERING: as in `prepare_poll`; the lock above published the thread to
        // the waker that will read it after seeing `PARKED`.
        self.state.store(PARKED, Ordering::Relaxed);
        fence(Ordering::SeqCst);
    }

    /// Parks until woken or until `deadline`; the state is `AWAKE` on return.
    pub(crate) fn park(&self, deadline: Option<Instant>) {
        loop {
            match deadline {
                None => thread::park(),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        break;
                    }
                    thread::park_timeout(deadline - now);
                }
            }
            // ORDERING: Acquire pairs with the waker's swap: its work is visible.
            if self.state.load(Ordering::Acquire) != PARKED {
                break;
            }
        }
        self.awake();
    }

    /// The driving thread is awake (it found work, or its poll returned).
    pub(crate) fn awake(&self) {
        // ORDERING: Relaxed: a waker that still reads the old state only wakes a
        // thread that is not sleeping, which then returns early once; harmless.
        self.state.store(AWAKE, Ordering::Relaxed);
    }

    /// Wakes the driving thread if it sleeps: `interrupt` if in the `Poll`, an
    /// unpark if parked. Costs a fence and a load when it is awake.
    pub(crate) fn wake(&self, interrupt: impl FnOnce()) {
        // ORDERING: see the module docs: the fence pairs with the sleeper's, the
        // swap (Release) publishes the caller's work to the parked thread's load.
        fence(Ordering::SeqCst);
        if self.state.load(Ordering::SeqCst) == AWAKE {
            return;
        }
        match self.state.swap(AWAKE, Ordering::SeqCst) {
            POLLING => interrupt(),
            PARKED => self.unpark(),
            _ => {}
        }
    }

    /// Wakes the driving thread only if it is parked directly (a source was just
    /// registered with the `Poll`, which it must now watch).
    pub(crate) fn wake_parked(&self) {
        // ORDERING: as in `wake`.
        fence(Ordering::SeqCst);
        if self.state.load(Ordering::SeqCst) == PARKED
            && self
                .state
                .compare_exchange(PARKED, AWAKE, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        {
            self.unpark();
        }
    }

    fn unpark(&self) {
        // Cloned out of the lock before the unpark: the woken thread may run at
        // once on this CPU and take the lock for its next park.
        let thread = lock(&self.thread).clone();
        if let Some(thread) = thread {
            thread.unpark();
        }
    }
}
