//! The readiness slot of one `Async`: cached readiness, the tick, and the wakers
//! waiting on it.
//!
//! The slot is written when an event arrives ([`ScheduledIo::dispatch`]): by the
//! driving thread after a poll, for an OS source, or by `set_readiness` itself, on
//! the setting thread, for a user-space source ([`ScheduledIo::dispatch_now`], the
//! callback the runtime's dispatching `Poll` binds). Tasks read it when they await ([`ScheduledIo::poll_ready`]) and clear it when
//! they find the resource drained ([`ScheduledIo::clear_readiness`]). The word:
//!
//! | bits   | field     | meaning                                                 |
//! |--------|-----------|---------------------------------------------------------|
//! | 0..4   | readiness | `Ready` bits received and not cleared since             |
//! | 4      | `SHUTDOWN`| the runtime is gone: awaits fail                        |
//! | 8..    | tick      | bumped by every dispatched event, even a repeated one   |
//!
//! Invariants (checked by loom, `loom_scheduled_io_*` in `src/loom_tests.rs`):
//!
//! - **No lost wake-up.** `dispatch` stores the readiness *then* takes the waiter
//!   lock to wake; `poll_ready` registers its waker under that lock *then* reloads
//!   the readiness. Whichever takes the lock second sees the other's write.
//! - **Clearing never loses an event (SPEC A2).** A guard remembers the tick of the
//!   readiness it saw; `clear_readiness` clears only if the tick is unchanged, in one
//!   compare-exchange. An event dispatched after the guard was made bumped the tick,
//!   so its bits survive the clear.
//! - **Any number of waiters (SPEC A4).** Futures keep an entry in `waiters.list` for
//!   as long as they live; the `poll_readable`/`poll_writable` API uses the two
//!   dedicated `reader`/`writer` slots (one task per direction, as in tokio).
//!   `dispatch` takes the waker of every entry whose interest overlaps the event.
//! - `error` and `hup` count as ready for every interest, so that a waiter learns
//!   of them (they appear in `ReadyGuard::ready`).

use std::task::{Context, Poll, Waker};

use runtime_reactor::Ready;

use crate::sync::{lock, AtomicUsize, Mutex, Ordering};
use crate::util::slab::Slab;

const READY_MASK: usize = 0b1111;
const SHUTDOWN: usize = 1 << 4;
const TICK_SHIFT: usize = 8;

/// What one successful wait observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReadyEvent {
    /// The readiness bits that matched (interest, error and hup).
    pub(crate) ready: Ready,
    /// The tick of the word when they were seen.
    pub(crate) tick: usize,
}

/// Which slot a waiter uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The `poll_readable` slot.
    Reader,
    /// The `poll_writable` slot.
    Writer,
    /// An entry of the waiter list, owned by one future.
    Entry(usize),
}

/// Wakers collected by one dispatch: the common one or two without allocating.
#[derive(Default)]
struct WakeList {
    first: [Option<Waker>; 2],
    rest: Vec<Waker>,
}

impl Extend<Waker> for WakeList {
    fn extend<I: IntoIterator<Item = Waker>>(&mut self, wakers: I) {
        for waker in wakers {
            match self.first.iter_mut().find(|slot| slot.is_none()) {
                Some(slot) => *slot = Some(waker),
                None => self.rest.push(waker),
            }
        }
    }
}

impl WakeList {
    fn wake_all(self) {
        let WakeList {
            first: [a, b],
            rest,
        } = self;
        // Plain `if let`s, not a chained, flattening iterator, whose bookkeeping
        // was a sizable share of this path: every `set_readiness` of an awaited
        // registration runs it.
        if let Some(waker) = a {
            waker.wake();
        }
        if let Some(waker) = b {
            waker.wake();
        }
        for waker in rest {
            waker.wake();
        }
    }
}

#[derive(Debug, Default)]
struct Waiters {
    reader: Option<Waker>,
    writer: Option<Waker>,
    list: Slab<Waiter>,
}

#[derive(Debug)]
struct Waiter {
    interest: Ready,
    waker: Option<Waker>,
}

/// The readiness slot; see the module docs.
#[derive(Debug, Default)]
pub(crate) struct ScheduledIo {
    word: AtomicUsize,
    waiters: Mutex<Waiters>,
}

/// The bits that make a waiter with `interest` ready.
fn mask(interest: Ready) -> Ready {
    interest | Ready::error() | Ready::hup()
}

fn readiness(word: usize) -> Ready {
    Ready::from_usize(word & READY_MASK)
}

impl ScheduledIo {
    /// Records an event and collects the wakers to call into `wake`.
    pub(crate) fn dispatch(&self, ready: Ready, wake: &mut impl Extend<Waker>) {
        // ORDERING: Release publishes the readiness to the waiter that the wake below
        // reaches (it reloads with Acquire); AcqRel keeps successive ticks ordered.
        let _ = self
            .word
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |cur| {
                let tick = (cur >> TICK_SHIFT).wrapping_add(1);
                Some((tick << TICK_SHIFT) | (cur & (READY_MASK | SHUTDOWN)) | ready.as_usize())
            });
        let mut waiters = lock(&self.waiters);
        let readable = !(ready & mask(Ready::readable())).is_empty();
        let writable = !(ready & mask(Ready::writable())).is_empty();
        if readable {
            wake.extend(waiters.reader.take());
        }
        if writable {
            wake.extend(waiters.writer.take());
        }
        for waiter in waiters.list.iter_mut() {
            if !(ready & mask(waiter.interest)).is_empty() {
                wake.extend(waiter.waker.take());
            }
        }
    }

    /// Records an event and wakes its waiters at once, after releasing the lock;
    /// the direct wake path (`Notify`), which has no batch to collect into.
    pub(crate) fn dispatch_now(&self, ready: Ready) {
        let mut wake = WakeList::default();
        self.dispatch(ready, &mut wake);
        wake.wake_all();
    }

    /// Marks the slot dead (the runtime shut down) and collects every waker.
    pub(crate) fn shutdown(&self, wake: &mut Vec<Waker>) {
        // ORDERING: as in `dispatch`.
        self.word.fetch_or(SHUTDOWN, Ordering::AcqRel);
        let mut waiters = lock(&self.waiters);
        wake.extend(waiters.reader.take());
        wake.extend(waiters.writer.take());
        for waiter in waiters.list.iter_mut() {
            wake.extend(waiter.waker.take());
        }
    }

    /// The readiness cached now, unmasked.
    pub(crate) fn readiness(&self) -> Ready {
        // ORDERING: Acquire pairs with `dispatch`'s Release, as in `check`; the
        // value is a snapshot.
        readiness(self.word.load(Ordering::Acquire))
    }

    /// Checks the word for `interest`: `Some(Ok)` if ready, `Some(Err)` if shut down.
    fn check(&self, interest: Ready) -> Option<Result<ReadyEvent, ()>> {
        // ORDERING: Acquire pairs with `dispatch`'s Release.
        let word = self.word.load(Ordering::Acquire);
        if word & SHUTDOWN != 0 {
            return Some(Err(()));
        }
        let ready = readiness(word) & mask(interest);
        (!ready.is_empty()).then_some(Ok(ReadyEvent {
            ready,
            tick: word >> TICK_SHIFT,
        }))
    }

    /// Resolves once the cached readiness overlaps `interest` (or error/hup);
    /// otherwise stores `cx`'s waker in `slot` (`None`: a new list entry, whose key
    /// is written back). `Err(())` once shut down.
    pub(crate) fn poll_ready(
        &self,
        cx: &mut Context<'_>,
        interest: Ready,
        slot: &mut Option<Slot>,
    ) -> Poll<Result<ReadyEvent, ()>> {
        if let Some(result) = self.check(interest) {
            return Poll::Ready(result);
        }
        let mut waiters = lock(&self.waiters);
        let waiters = &mut *waiters;
        let stored = match *slot {
            Some(Slot::Reader) => &mut waiters.reader,
            Some(Slot::Writer) => &mut waiters.writer,
            Some(Slot::Entry(key)) => match waiters.list.get_mut(key) {
                Some(waiter) => &mut waiter.waker,
                None => unreachable!("a waiter entry lives as long as its future"),
            },
            None => {
                let key = waiters.list.insert(Waiter {
                    interest,
                    waker: None,
                });
                *slot = Some(Slot::Entry(key));
                &mut waiters.list.get_mut(key).expect("just inserted").waker
            }
        };
        match stored {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            _ => *stored = Some(cx.waker().clone()),
        }
        // Under the lock: a dispatch that stored readiness before we registered has
        // not woken yet, or woke before; either way the reload sees its write.
        match self.check(interest) {
            Some(result) => Poll::Ready(result),
            None => Poll::Pending,
        }
    }

    /// Forgets the waiter entry of a future that is dropped.
    pub(crate) fn drop_waiter(&self, slot: Slot) {
        if let Slot::Entry(key) = slot {
            let removed = lock(&self.waiters).list.remove(key);
            drop(removed);
        }
    }

    /// Clears `event.ready` unless an event was dispatched since `event` was seen
    /// (SPEC A2).
    pub(crate) fn clear_readiness(&self, event: ReadyEvent) {
        // ORDERING: the load seeds the loop; the compare-exchange decides.
        let mut cur = self.word.load(Ordering::Acquire);
        loop {
            if cur >> TICK_SHIFT != event.tick {
                return;
            }
            let next = cur & !event.ready.as_usize();
            // ORDERING: AcqRel orders the clear with the dispatches around it; a
            // failure re-reads the tick.
            match self
                .word
                .compare_exchange_weak(cur, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return,
                Err(actual) => cur = actual,
            }
        }
    }
}
