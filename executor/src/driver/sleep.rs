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
//!
//! ## Spinning first
//!
//! A thread that may run on several CPUs spins before it parks, over the reactor's
//! adaptive window (`runtime_reactor`'s `spin.rs`: 1 to 100 µs, grown to cover the
//! gaps that wake-ups recently ended), watching `state`: the `Poll` does the same
//! before it sleeps, and a direct park must not lose that (waking a thread whose
//! CPU went idle costs tens of µs on this VM: `event-task-rtt` current-thread). A
//! waker that finds the thread spinning swaps `AWAKE` in and unparks a thread that
//! is not asleep: no syscall, and the token it leaves only makes a later park look
//! again. Confined to one CPU (the affinity mask when the runtime was built), the
//! thread does not spin: its waker cannot run meanwhile. Measured (`event-task-rtt`
//! current-thread, 3 runs): 102 µs median round trip parked without spinning, 27
//! µs with the spin (31 µs before the direct park, spinning in the `Poll`).

use std::time::{Duration, Instant};

use runtime_spin::Spin;

use crate::sync::thread::{self, Thread};
use crate::sync::{fence, lock, AtomicU8, Mutex, Ordering};

const AWAKE: u8 = 0;
const POLLING: u8 = 1;
const PARKED: u8 = 2;

/// The driving thread's sleep state; see the module docs.
#[derive(Debug, Default)]
pub(crate) struct DriverSleep {
    state: AtomicU8,
    parked: Mutex<ParkedThread>,
    /// Whether the process may run on several CPUs: spin before parking.
    spread: bool,
}

/// The parking thread's side, under the lock.
#[derive(Debug, Default)]
struct ParkedThread {
    /// The thread that parks directly; set before it first stores `PARKED`.
    thread: Option<Thread>,
    /// The adaptive spin window.
    spin: Spin,
}

impl DriverSleep {
    /// A sleep state whose thread spins before parking if `spread` (see the module
    /// docs).
    pub(crate) fn new(spread: bool) -> DriverSleep {
        DriverSleep {
            spread,
            ..DriverSleep::default()
        }
    }

    /// The driving thread is about to block in the `Poll`. The caller checks for
    /// work after this returns, and calls [`awake`](Self::awake) after the poll.
    pub(crate) fn prepare_poll(&self) {
        // ORDERING: the fence orders this store before the caller's check for work
        // (see the module docs); the store itself may be relaxed.
        self.state.store(POLLING, Ordering::Relaxed);
        fence(Ordering::SeqCst);
    }

    /// The driving thread `me` is about to park directly. The caller checks for
    /// work after this returns, then calls [`park`](Self::park) with the returned
    /// spin window, or [`awake`](Self::awake) if there was work.
    pub(crate) fn prepare_park(&self, me: &Thread) -> Duration {
        let window = {
            let mut parked = lock(&self.parked);
            if parked.thread.as_ref().map(Thread::id) != Some(me.id()) {
                parked.thread = Some(me.clone());
            }
            if self.spread {
                parked.spin.window()
            } else {
                Duration::ZERO
            }
        };
        // ORDERING: as in `prepare_poll`; the lock above published the thread to
        // the waker that will read it after seeing `PARKED`.
        self.state.store(PARKED, Ordering::Relaxed);
        fence(Ordering::SeqCst);
        window
    }

    /// Spins over `window`, then parks, until woken or until `deadline`; the state
    /// is `AWAKE` on return.
    pub(crate) fn park(&self, deadline: Option<Instant>, window: Duration) {
        if window.is_zero() {
            self.sleep(deadline);
            return;
        }
        let start = Instant::now();
        let limit = deadline.map_or(window, |d| window.min(d.saturating_duration_since(start)));
        // ORDERING: Acquire pairs with the waker's swap, as in `sleep` (a plain
        // load on x86, so spinning on it costs nothing more).
        let woken = || self.state.load(Ordering::Acquire) != PARKED;
        if !Spin::spin(start, limit, woken) {
            self.sleep(deadline);
        }
        let now = Instant::now();
        let by_waker = deadline.map_or(true, |d| now < d);
        lock(&self.parked).spin.slept(now - start, by_waker);
        self.awake();
    }

    /// Parks until woken or until `deadline`; the state is `AWAKE` on return.
    fn sleep(&self, deadline: Option<Instant>) {
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
        let thread = lock(&self.parked).thread.clone();
        if let Some(thread) = thread {
            thread.unpark();
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Wakes from another thread, each arriving after the driver announced its
    /// sleep, while it spins or parks (or before it began either): every park
    /// ends, awake.
    #[test]
    fn every_wake_ends_a_spinning_or_parked_sleep() {
        let sleep = Arc::new(DriverSleep::new(true));
        let me = thread::current();
        let rounds = if cfg!(miri) { 3 } else { 200 };
        let (go, went) = std::sync::mpsc::channel::<()>();
        let waker = {
            let sleep = sleep.clone();
            std::thread::spawn(move || {
                while went.recv().is_ok() {
                    sleep.wake(|| panic!("nothing polls here"));
                }
            })
        };
        for _ in 0..rounds {
            let window = sleep.prepare_park(&me);
            go.send(()).unwrap();
            sleep.park(None, window);
            assert_eq!(sleep.state.load(Ordering::Relaxed), AWAKE);
        }
        drop(go);
        waker.join().unwrap();
    }

    /// With nobody to wake it, a park ends at its deadline, spinning or not.
    #[test]
    fn a_park_ends_at_its_deadline() {
        for spread in [false, true] {
            let sleep = DriverSleep::new(spread);
            let window = sleep.prepare_park(&thread::current());
            let deadline = Instant::now() + Duration::from_millis(1);
            sleep.park(Some(deadline), window);
            assert!(Instant::now() >= deadline);
            assert_eq!(sleep.state.load(Ordering::Relaxed), AWAKE);
        }
    }
}
