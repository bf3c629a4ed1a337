//! Putting a thread to sleep until another one says there is work: [`Parker`] and
//! [`Unparker`].
//!
//! Workers of the multi-thread scheduler and `block_on` callers that do not drive
//! the reactor (multi-thread; current-thread while another thread holds the core)
//! park here. The thread driving a runtime's `Poll` sleeps in the `Poll` instead. An unpark that comes before the park is not lost: it leaves a token that
//! the next park consumes at once. The state word:
//!
//! | state      | meaning                                     | set by                  |
//! |------------|---------------------------------------------|-------------------------|
//! | `EMPTY`    | no token, nobody asleep                     | `park` on its way out   |
//! | `PARKED`   | the owner is (about to be) asleep           | `park`                  |
//! | `NOTIFIED` | a token is waiting to be consumed           | `unpark`                |
//!
//! ## Sleeping on the thread's own token
//!
//! The owner sleeps in `std::thread::park`, and `unpark` wakes it with
//! `Thread::unpark`. std's thread parker is itself a one-token parker (on Linux, one
//! atomic word and a futex): an unpark swaps its word and, only if the thread
//! sleeps, issues one `FUTEX_WAKE`; the woken thread returns without taking any lock.
//! With a mutex and a condvar instead, the unparker would have to take and release
//! the mutex before notifying (so the notification could not fall between the
//! owner's check and its wait), and the woken thread would re-acquire the mutex
//! inside `wait` before it could look at the state, possibly behind that same
//! unparker: a hand-over on every wake of a sleeping worker or `block_on` caller.
//!
//! No lost wake-up without the lock: the owner moves `EMPTY → PARKED` and then calls
//! `std::thread::park`; `unpark` swaps in `NOTIFIED` and, if it saw `PARKED`, unparks
//! the owner's thread. If that unpark lands before the owner is inside
//! `std::thread::park`, it leaves the *thread's* token, and the park returns at once.
//! So the window a lock would close is closed by the second token.
//!
//! ## Which thread to wake
//!
//! A `Parker` may be created on one thread and parked on another (a worker's parker
//! is made by the runtime's builder and moved to the worker's thread), so the thread
//! is recorded when it first goes to sleep, not by `new`: `park` writes
//! `Inner::thread` once, before `state` first becomes `PARKED`, and `unpark` reads it
//! only after its swap saw `PARKED`, which acquires that write. Written once and never
//! again, it is never written while read.
//!
//! From then on the parker belongs to that thread: parking it on another one panics,
//! because the unparker would wake the wrong thread (a lost wake-up). No caller does:
//! a worker's parker stays on its worker thread, a `block_on`'s on its caller's
//! stack. `Parker` is `!Sync`, so two threads can never park it at once.
//!
//! ## Returns that are not ours
//!
//! `std::thread::park` may return with no token of ours: anything else on the thread
//! may unpark it (std's channels, a foreign library), and so may one of our own late
//! unparkers, whose swap saw `PARKED` but whose `Thread::unpark` comes after the
//! owner, woken by something else, already consumed `NOTIFIED` and went on; the
//! thread's token it leaves makes some later `std::thread::park` on that thread
//! return early. So `park` returns only once it consumed `NOTIFIED`, and loops
//! otherwise; and any other user of `std::thread::park` on these threads must (as std
//! requires anyway) tolerate early returns.
//!
//! The model is checked by loom (`loom_park_*` in `src/loom_tests.rs`, including a
//! parker moved to another thread and a foreign unpark of the owner's thread).

use std::cell::Cell;
use std::marker::PhantomData;
use std::sync::Arc;

use runtime_reactor::Interrupter;

use crate::sync::thread::{self, Thread};
use crate::sync::{AtomicUsize, Ordering, UnsafeCell};

const EMPTY: usize = 0;
const PARKED: usize = 1;
const NOTIFIED: usize = 2;
const PARKED_DRIVER: usize = 3;

#[derive(Debug)]
struct Inner {
    state: AtomicUsize,
    /// The thread that sleeps in `park`: `None` until the first park that sleeps,
    /// then set for good (see the module docs).
    thread: UnsafeCell<Option<Thread>>,
    /// Interrupts the runtime's `Poll`, for an owner parked in the driver.
    driver: Option<Interrupter>,
}

// SAFETY: `thread` is the only field not shareable by itself. It is written once, by
// the owner (one thread at a time: `Parker` is `!Sync`), before `state` is first
// `PARKED`; unparkers read it only after a swap that saw `PARKED`, which acquires
// that write. After that it is only read, from any thread, which `Thread: Sync`
// allows.
unsafe impl Sync for Inner {}

/// The sleeping side; owned by one thread.
#[derive(Debug)]
pub(crate) struct Parker {
    inner: Arc<Inner>,
    /// `!Sync`: only one thread at a time may park (see `Inner`'s `Sync`).
    _not_sync: PhantomData<Cell<()>>,
}

/// The waking side; any number of clones, usable from any thread.
#[derive(Debug, Clone)]
pub(crate) struct Unparker {
    inner: Arc<Inner>,
}

impl Inner {
    /// Consumes a waiting token, if there is one.
    fn take_token(&self) -> bool {
        // ORDERING: SeqCst pairs with `unpark`'s swap: a token seen here makes the
        // unparker's earlier writes (the work it published) visible. (Every access
        // to `state` is SeqCst; on x86 a read-modify-write costs the same either way.)
        self.state
            .compare_exchange(NOTIFIED, EMPTY, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// Moves `EMPTY` to `parked` (`PARKED` or `PARKED_DRIVER`), the owner's
    /// announcement that it is about to sleep. Returns `true`, having consumed it,
    /// if a token arrived since [`Inner::take_token`] instead: the owner must not
    /// sleep.
    fn announce(&self, parked: usize) -> bool {
        // ORDERING: SeqCst, as every access to `state`.
        match self
            .state
            .compare_exchange(EMPTY, parked, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => false,
            Err(NOTIFIED) => {
                // ORDERING: the failed exchange (SeqCst) already acquired the token.
                self.state.swap(EMPTY, Ordering::SeqCst);
                true
            }
            Err(state) => unreachable!("parker in state {state} while parking"),
        }
    }
}

impl Parker {
    /// A parker with no token, which parks on its thread only.
    pub(crate) fn new() -> Parker {
        Parker::build(None)
    }

    /// A parker that may also park in the driver whose `Poll` `driver` interrupts
    /// ([`park_driving`](Self::park_driving)).
    pub(crate) fn with_driver(driver: Interrupter) -> Parker {
        Parker::build(Some(driver))
    }

    fn build(driver: Option<Interrupter>) -> Parker {
        Parker {
            inner: Arc::new(Inner {
                state: AtomicUsize::new(EMPTY),
                thread: UnsafeCell::new(None),
                driver,
            }),
            _not_sync: PhantomData,
        }
    }

    /// Parks in the driver: `drive(has_token)` must sleep in the driver's `Poll`
    /// (`Driver::park`), asking `has_token` after it computed its timeout. Returns
    /// whether the park ended with a token, which it consumed; `false` when the
    /// poll returned for another reason (see the module docs).
    ///
    /// # Panics
    ///
    /// If the parker was made without a driver (`Parker::new`).
    pub(crate) fn park_driving(&self, drive: impl FnOnce(&dyn Fn() -> bool)) -> bool {
        let inner = &*self.inner;
        assert!(
            inner.driver.is_some(),
            "a Parker made with_driver parks in the driver"
        );
        if inner.take_token() || inner.announce(PARKED_DRIVER) {
            return true;
        }
        // An unpark from here on either shows as `NOTIFIED` to the driver's check
        // or interrupts its poll (sticky), so the sleep ends.
        drive(&|| inner.state.load(Ordering::SeqCst) == NOTIFIED);
        // ORDERING: SeqCst, as in `take_token`; takes the token if one came.
        inner.state.swap(EMPTY, Ordering::SeqCst) == NOTIFIED
    }

    /// A handle that wakes this parker.
    pub(crate) fn unparker(&self) -> Unparker {
        Unparker {
            inner: self.inner.clone(),
        }
    }

    /// Blocks until a token is available, and consumes it.
    ///
    /// # Panics
    ///
    /// If this parker already slept on another thread (see the module docs).
    pub(crate) fn park(&self) {
        let inner = &*self.inner;
        if inner.take_token() {
            return;
        }
        self.record_thread();
        // `announce`'s exchange also publishes the `thread` write above to the
        // unparker whose swap sees `PARKED`.
        if inner.announce(PARKED) {
            return;
        }
        loop {
            // An `unpark` since the exchange above left the thread's token: this
            // returns at once.
            thread::park();
            if inner.take_token() {
                return;
            }
            // Woken by somebody else (see the module docs): still `PARKED`.
        }
    }

    /// Like [`park`](Self::park), but first spins for a token for up to `window`
    /// (`runtime_spin::Spin`); returns how long it took, spin included, so
    /// that the caller can adapt its window. An unpark during the spin finds `EMPTY`
    /// and makes no syscall; the spin only loads `state`, so the protocol is
    /// `park`'s. Under loom (which cannot explore a spin loop) it is `park`.
    pub(crate) fn park_after_spin(&self, window: std::time::Duration) -> std::time::Duration {
        #[cfg(not(loom))]
        {
            let inner = &*self.inner;
            let start = std::time::Instant::now();
            // ORDERING: Relaxed: a hint; `park`'s exchange consumes the token and
            // synchronizes with the unparker.
            let notified = || inner.state.load(Ordering::Relaxed) == NOTIFIED;
            runtime_spin::Spin::spin(start, window, notified);
            self.park();
            start.elapsed()
        }
        #[cfg(loom)]
        {
            let _ = window;
            self.park();
            std::time::Duration::ZERO
        }
    }

    /// Records the calling thread as the one to wake, or checks that it is the one
    /// recorded.
    fn record_thread(&self) {
        let current = thread::current();
        let recorded = self.inner.thread.with(|thread| {
            // SAFETY: a shared read by the owner. The only write is the one below,
            // by the owner too, and `Parker` is `!Sync`: it cannot run concurrently.
            unsafe { &*thread }.as_ref().map(Thread::id)
        });
        match recorded {
            Some(id) => assert!(
                id == current.id(),
                "a Parker parks on the thread it first parked on"
            ),
            None => self.inner.thread.with_mut(|thread| {
                // SAFETY: `state` was never `PARKED` (we are about to set it for the
                // first time), so no unparker reads `thread`; the owner's own read
                // above has ended; `Parker` is `!Sync`, so no other owner access.
                unsafe { *thread = Some(current) };
            }),
        }
    }
}

impl Unparker {
    /// Leaves a token and wakes the parker if it sleeps.
    pub(crate) fn unpark(&self) {
        let inner = &*self.inner;
        // ORDERING: SeqCst; releases this thread's earlier writes to the `park` that
        // consumes the token, and, on seeing `PARKED`, acquires the owner's exchange
        // to `PARKED` and with it the `thread` write before it.
        match inner.state.swap(NOTIFIED, Ordering::SeqCst) {
            EMPTY | NOTIFIED => return,
            PARKED => {}
            PARKED_DRIVER => {
                if let Some(driver) = &inner.driver {
                    driver.interrupt();
                }
                return;
            }
            state => unreachable!("parker in state {state} while unparking"),
        }
        inner.thread.with(|thread| {
            // SAFETY: the swap saw `PARKED`, so the one write of `thread` happened
            // before it (see `Inner`'s `Sync`); there is no later write.
            let thread = unsafe { &*thread };
            thread
                .as_ref()
                .expect("a parked parker recorded its thread")
                .unpark();
        });
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    #[test]
    fn an_unpark_before_the_park_is_kept() {
        let parker = Parker::new();
        parker.unparker().unpark();
        parker.unparker().unpark();
        parker.park();
        assert_eq!(parker.inner.state.load(Ordering::SeqCst), EMPTY);
    }

    /// A token left before, or during, a spinning park ends it and is consumed.
    #[test]
    fn a_spinning_park_consumes_one_token() {
        let window = runtime_spin::MAX;
        let parker = Parker::new();
        parker.unparker().unpark();
        parker.park_after_spin(window);
        assert_eq!(parker.inner.state.load(Ordering::SeqCst), EMPTY);
        for _ in 0..100 {
            let unparker = parker.unparker();
            let t = std::thread::spawn(move || unparker.unpark());
            parker.park_after_spin(window);
            assert_eq!(parker.inner.state.load(Ordering::SeqCst), EMPTY);
            t.join().unwrap();
        }
    }

    #[test]
    fn a_foreign_thread_unpark_does_not_end_the_park() {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let owner = std::thread::current();
        let sent = Arc::new(AtomicBool::new(false));
        let s = sent.clone();
        let t = std::thread::spawn(move || {
            owner.unpark();
            owner.unpark();
            s.store(true, Ordering::Relaxed);
            unparker.unpark();
        });
        parker.park();
        assert!(sent.load(Ordering::Relaxed));
        t.join().unwrap();
    }

    #[test]
    fn a_parker_moved_to_another_thread_wakes_there() {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let t = std::thread::spawn(move || parker.park());
        unparker.unpark();
        t.join().unwrap();
    }

    #[test]
    #[should_panic = "a Parker parks on the thread it first parked on"]
    fn a_parker_sleeps_on_one_thread_only() {
        let parker = Parker::new();
        // As the first park that sleeps would, on another thread.
        let parker = std::thread::spawn(move || {
            parker.record_thread();
            parker
        })
        .join()
        .unwrap();
        parker.park();
    }
}
