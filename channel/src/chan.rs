//! The state one channel's handles share, and its two protocols: waking the
//! receiver, and closing.
//!
//! ## The state word
//!
//! | bits        | meaning                                                          |
//! |-------------|------------------------------------------------------------------|
//! | `WAIT` (2)  | `IDLE`, `PARKED` or `WAKING`: who owns the receiver's wait slot   |
//! | `TX_CLOSED` | every `Sender` is gone (set once)                                |
//! | `RX_CLOSED` | the receiver closed or dropped: sends fail (set once)            |
//! | `RX_GONE`   | the receiver dropped: nobody will take what is queued (set once) |
//!
//! The *wait slot* holds what wakes the receiver: a task's `Waker`, or the
//! `SetReadiness` of the registration a plain `Poll` waits on.
//!
//! - **IDLE**: the receiver owns the slot (and, in `Poll` mode, the readiness);
//!   senders touch neither.
//! - **PARKED**: the receiver found the queue empty, filled the slot and may sleep.
//!   Nobody owns the slot: the first sender to move `PARKED → WAKING` does, and so
//!   does the receiver if it moves `PARKED → IDLE` first (a second poll, a drop).
//! - **WAKING**: one sender owns the slot: it takes the waiter out, stores `IDLE`,
//!   then wakes it. Only the receiver ever leaves `IDLE`. A receiver that wants
//!   to park meanwhile waits for that store (a take and a store: it spins, then
//!   yields its thread should the sender have been preempted in between).
//!
//! ## No lost wake-up (loom: `loom_tests/wake.rs`)
//!
//! A sender pushes, then loads the word (`SeqCst`). The receiver, finding the queue
//! empty, stores `PARKED` (`SeqCst`), issues a `SeqCst` fence, and looks at the
//! queue again. By Q1 (`queue.rs`) one of them sees the other: the sender sees
//! `PARKED` and wakes, or the receiver sees the value and unparks itself. While the
//! receiver is awake a send costs the push and that load (plus the plain load that
//! checks for a closed receiver first, same line): no read-modify-write
//! of a shared word, no syscall. A sender that sees `WAKING` leaves the wake to the
//! sender that owns it: the receiver then reparks only from `IDLE`, after that
//! sender's store, so its second look finds this sender's value too.
//!
//! ## Closing (loom: `loom_tests/close.rs`)
//!
//! The last `Sender` sets `TX_CLOSED` with a read-modify-write of the same word the
//! receiver parks with, so the two are ordered: either the receiver's park sees the
//! bit (and does not sleep) or the closer sees `PARKED` (and wakes it). Every push
//! happens before its sender's count decrement, and the decrements before the
//! closer's `TX_CLOSED`, so a receiver that sees the bit finds every value in the
//! queue: `recv` returns `None` only after the last one.
//!
//! Dropping the receiver sets `RX_CLOSED | RX_GONE`, takes every queued value and
//! drops it, and wakes every blocked sender (which then fails with its value). A
//! sender whose push raced with that drop sees `RX_GONE` in its post-push load and
//! drops what is left itself, so every value is dropped exactly once, and soon.
//! Such a race needs a sender that had not yet found a bounded channel full: a
//! blocked sender pushes under a lock the drop takes before draining, so it gets
//! its value back (`waiters.rs`).

use std::fmt;
use std::task::Waker;

use crossbeam_utils::CachePadded;
use runtime_reactor::{Ready, SetReadiness};

use crate::queue::Queue;
use crate::sync::{fence, AtomicUsize, Backoff, Ordering, UnsafeCell};
use crate::waiters::{Waiters, Waiting};

/// Mask of the wait-slot state.
pub(crate) const WAIT: usize = 0b11;
/// The receiver owns the wait slot.
pub(crate) const IDLE: usize = 0b00;
/// The slot holds a waiter; the receiver may sleep.
pub(crate) const PARKED: usize = 0b01;
/// A sender owns the slot and is waking the waiter.
pub(crate) const WAKING: usize = 0b10;
/// Every `Sender` is gone.
pub(crate) const TX_CLOSED: usize = 0b0100;
/// Sends fail: the receiver closed or dropped.
pub(crate) const RX_CLOSED: usize = 0b1000;
/// The receiver dropped: queued values have no reader.
pub(crate) const RX_GONE: usize = 0b1_0000;

/// What wakes a parked receiver.
pub(crate) enum Waiter {
    /// A task awaiting `recv`, `recv_many` or the `Stream`.
    Task(Waker),
    /// A plain `Poll`: the receiver's registration becomes readable.
    Poll(SetReadiness),
}

impl Waiter {
    fn wake(self) {
        match self {
            Waiter::Task(waker) => waker.wake(),
            // `Ok` always (SPEC R6): the `Result` is mio 0.6's signature.
            Waiter::Poll(set) => drop(set.set_readiness(Ready::readable())),
        }
    }
}

/// What a park found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Park {
    /// The receiver may sleep: a sender or the closer will wake the waiter.
    Parked,
    /// A value or the close arrived: look again instead of sleeping.
    Retry,
}

/// The state shared by one channel's `Sender`s and its `Receiver`.
pub(crate) struct Chan<T> {
    /// The word every send loads; on its own cache line.
    state: CachePadded<AtomicUsize>,
    pub(crate) queue: Queue<T>,
    /// Owned as the state word says.
    waiter: UnsafeCell<Option<Waiter>>,
    /// Live `Sender`s.
    senders: AtomicUsize,
    /// Senders blocked on a full bounded channel.
    pub(crate) blocked: Waiters,
}

// SAFETY: the values cross threads (a sender's push, the receiver's pop), hence
// `T: Send`; the wait slot is accessed only by its owner per the state word.
unsafe impl<T: Send> Send for Chan<T> {}
// SAFETY: as above; every shared field is atomic, locked, or owned per the word.
unsafe impl<T: Send> Sync for Chan<T> {}

impl<T> Chan<T> {
    pub(crate) fn new(queue: Queue<T>) -> Chan<T> {
        Chan {
            state: CachePadded::new(AtomicUsize::new(IDLE)),
            queue,
            waiter: UnsafeCell::new(None),
            senders: AtomicUsize::new(1),
            blocked: Waiters::new(),
        }
    }

    /// The state word, for the flags (any ordering the caller needs).
    #[inline]
    pub(crate) fn state(&self, order: Ordering) -> usize {
        self.state.load(order)
    }

    // ---- the sending side ------------------------------------------------------

    /// Pushes `value` unless the receiver is closed or the bounded queue is full,
    /// then wakes the receiver if it is parked. Never blocks.
    #[inline]
    pub(crate) fn try_push(&self, value: T) -> Result<(), crate::TrySendError<T>> {
        // ORDERING: advisory; a send racing with the close may still be queued, and
        // is then dropped by whoever drains the queue (module docs).
        if self.state.load(Ordering::Relaxed) & RX_CLOSED != 0 {
            return Err(crate::TrySendError::Closed(value));
        }
        if let Err(value) = self.queue.push(value) {
            return Err(crate::TrySendError::Full(value));
        }
        // ORDERING: SeqCst, after the push's SeqCst claim of its slot (Q1): either
        // this load sees a park, or the parking receiver's look sees the value.
        let state = self.state.load(Ordering::SeqCst);
        if state & (WAIT | RX_GONE) != 0 {
            self.after_push_slow(state);
        }
        Ok(())
    }

    /// `try_push` for a sender that found the channel full: the same push, under
    /// the blocked senders' lock, registered to be woken if there is still no
    /// room (`Waiters::push_or_register` says why the lock). `Err` gives the value
    /// back with the registration's id, to sleep on; `id` is the sender's
    /// registration, if it has one.
    pub(crate) fn push_or_register(
        &self,
        value: T,
        id: Option<u64>,
        waiting: Waiting<'_>,
    ) -> Result<Result<(), crate::SendError<T>>, (T, u64)> {
        let result =
            self.blocked
                .push_or_register(id, waiting, value, |value| match self.push(value) {
                    Ok(()) => Ok(Ok(())),
                    Err(crate::TrySendError::Closed(value)) => Ok(Err(crate::SendError(value))),
                    Err(crate::TrySendError::Full(value)) => Err(value),
                });
        // Outside the lock: the wake-up (or the drain) may run foreign code.
        if let Ok(Ok(())) = result {
            self.after_push();
        }
        result
    }

    /// The push alone: refused if the receiver is closed or the queue full.
    /// (`try_push`, the hot path, spells it out in its own body.)
    #[inline]
    fn push(&self, value: T) -> Result<(), crate::TrySendError<T>> {
        // ORDERING: advisory; a send racing with the close may still be queued, and
        // is then dropped by whoever drains the queue (module docs).
        if self.state.load(Ordering::Relaxed) & RX_CLOSED != 0 {
            return Err(crate::TrySendError::Closed(value));
        }
        self.queue.push(value).map_err(crate::TrySendError::Full)
    }

    /// What follows a push: wakes a parked receiver, or drains for a gone one.
    #[inline]
    fn after_push(&self) {
        // ORDERING: SeqCst, after the push's SeqCst claim of its slot (Q1): either
        // this load sees a park, or the parking receiver's look sees the value.
        let state = self.state.load(Ordering::SeqCst);
        if state & (WAIT | RX_GONE) != 0 {
            self.after_push_slow(state);
        }
    }

    #[cold]
    fn after_push_slow(&self, state: usize) {
        if state & RX_GONE != 0 {
            self.drain();
        } else if state & WAIT == PARKED {
            self.wake_receiver();
        }
    }

    /// Wakes the receiver if it is parked; a no-op when it is awake or another
    /// sender is waking it.
    #[cold]
    pub(crate) fn wake_receiver(&self) {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state & WAIT != PARKED {
                return;
            }
            // ORDERING: Acquire pairs with the receiver's park (a SeqCst, hence
            // Release, read-modify-write) that published the slot's content.
            match self.state.compare_exchange_weak(
                state,
                (state & !WAIT) | WAKING,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(now) => state = now,
            }
        }
        // SAFETY: `PARKED → WAKING` made this thread the slot's only user until the
        // store below.
        let waiter = self.waiter.with_mut(|slot| unsafe { (*slot).take() });
        // ORDERING: Release hands the (now empty) slot back to the receiver, whose
        // Acquire load of `IDLE` precedes its next write to it.
        self.state.fetch_and(!WAKING, Ordering::Release);
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    }

    /// A new `Sender`.
    pub(crate) fn add_sender(&self) {
        // ORDERING: a new handle is made from an existing one, which keeps the
        // count above zero meanwhile; nothing is published through the count.
        let old = self.senders.fetch_add(1, Ordering::Relaxed);
        if old > isize::MAX as usize {
            // As `Arc` does: this many clones means a leak loop; stop it.
            std::process::abort();
        }
    }

    /// A `Sender` dropped; the last one closes the channel and wakes the receiver.
    pub(crate) fn drop_sender(&self) {
        // ORDERING: Release publishes this sender's pushes; the last decrement
        // (AcqRel) acquires every other sender's, and `TX_CLOSED` below releases
        // them all to the receiver that sees the bit.
        if self.senders.fetch_sub(1, Ordering::AcqRel) != 1 {
            return;
        }
        let old = self.state.fetch_or(TX_CLOSED, Ordering::AcqRel);
        if old & WAIT == PARKED {
            self.wake_receiver();
        }
    }

    /// Takes and drops every queued value (the receiver is gone).
    pub(crate) fn drain(&self) {
        while let Some(value) = self.queue.pop() {
            drop(value);
        }
    }

    // ---- the receiving side ------------------------------------------------------

    /// Pops a value; on a bounded channel, wakes a blocked sender for the room.
    #[inline]
    pub(crate) fn pop(&self) -> Option<T> {
        let value = self.queue.pop()?;
        // ORDERING: SeqCst, after the pop's SeqCst claim (Q2): either this load sees
        // the blocked sender, or its retry (after its own SeqCst fence) sees room.
        if self.queue.is_bounded() && self.blocked.count(Ordering::SeqCst) != 0 {
            self.blocked.wake_one();
        }
        Some(value)
    }

    /// Whether every sender is gone (and so every value they sent is visible).
    #[inline]
    pub(crate) fn is_tx_closed(&self) -> bool {
        // ORDERING: Acquire pairs with the closer's AcqRel, which carries every
        // sender's pushes (see `drop_sender`).
        self.state.load(Ordering::Acquire) & TX_CLOSED != 0
    }

    /// The receiver found the queue empty and would sleep: `waiter` is called on
    /// the next push or on the close. Called only by the receiver (`&mut` access to
    /// it, or its lock for `Poll` arming).
    ///
    /// `make_waiter` builds the waiter, given the one left in the slot (reuse it if
    /// it still fits). In `Poll` mode `before_park` clears the readiness; it runs
    /// while the receiver owns it (`IDLE`), so it cannot undo a sender's wake.
    pub(crate) fn park(
        &self,
        make_waiter: impl FnOnce(Option<Waiter>) -> Waiter,
        before_park: impl FnOnce(),
    ) -> Park {
        // ORDERING: Acquire pairs with a waking sender's Release of `IDLE`: its take
        // of the slot happens before the write below.
        let mut state = self.state.load(Ordering::Acquire);
        let mut backoff = Backoff::new();
        loop {
            match state & WAIT {
                IDLE => break,
                WAKING => {
                    // A sender is between its take of the previous waiter and its
                    // store of IDLE: three instructions, unless it was preempted.
                    backoff.wait();
                    state = self.state.load(Ordering::Acquire);
                }
                _ => {
                    // PARKED from an earlier park (a second poll): take the slot back.
                    match self.state.compare_exchange_weak(
                        state,
                        state & !WAIT,
                        Ordering::Acquire,
                        Ordering::Acquire,
                    ) {
                        Ok(_) => break,
                        Err(now) => state = now,
                    }
                }
            }
        }
        if state & TX_CLOSED != 0 {
            return Park::Retry;
        }
        before_park();
        // SAFETY: the state is IDLE: the receiver (this caller) owns the slot.
        self.waiter.with_mut(|slot| unsafe {
            let old = (*slot).take();
            *slot = Some(make_waiter(old));
        });
        // ORDERING: SeqCst, then a SeqCst fence before the second look at the queue:
        // the receiver's half of the pattern in the module docs (a sender's push is
        // then ordered before the fence, or its load after this store). Release
        // also publishes the slot to the sender that will take it.
        let old = self.state.fetch_or(PARKED, Ordering::SeqCst);
        fence(Ordering::SeqCst);
        if old & TX_CLOSED != 0 || !self.queue.is_empty() {
            self.unpark();
            return Park::Retry;
        }
        Park::Parked
    }

    /// Undoes a park whose second look found a value or the close: `PARKED →
    /// IDLE`, unless a sender already took the slot (its wake is then spurious).
    /// Returns whether the receiver took the slot back.
    pub(crate) fn unpark(&self) -> bool {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state & WAIT != PARKED {
                return false;
            }
            match self.state.compare_exchange_weak(
                state,
                state & !WAIT,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(now) => state = now,
            }
        }
    }

    /// Takes the slot back for the receiver: true if it owns it now (`IDLE`, or
    /// `PARKED → IDLE`), false if a sender is waking the waiter (it empties the
    /// slot itself).
    fn reclaim(&self) -> bool {
        // ORDERING: Acquire, as in `park`: a waker's take precedes our use.
        let state = self.state.load(Ordering::Acquire);
        match state & WAIT {
            IDLE => true,
            WAKING => false,
            _ => self.unpark(),
        }
    }

    /// Closes the receiving side: sends fail from now on (queued values stay).
    /// Wakes every blocked sender so it fails too.
    pub(crate) fn close_rx(&self, gone: bool) {
        let bits = if gone { RX_CLOSED | RX_GONE } else { RX_CLOSED };
        // ORDERING: SeqCst orders it before the blocked senders' registrations that
        // `wake_all` does not see (they see the bit: `waiters.rs`).
        self.state.fetch_or(bits, Ordering::SeqCst);
        self.blocked.wake_all();
    }

    /// The receiver drops: takes its waiter back (so a task's waker is not kept
    /// alive by the senders), closes, and drops every queued value.
    pub(crate) fn drop_receiver(&self) {
        if self.reclaim() {
            // SAFETY: `reclaim` says the receiver owns the slot.
            let waiter = self.waiter.with_mut(|slot| unsafe { (*slot).take() });
            drop(waiter);
        }
        self.close_rx(true);
        self.drain();
    }

    /// Live senders (diagnostics).
    pub(crate) fn sender_count(&self) -> usize {
        self.senders.load(Ordering::Relaxed)
    }
}

impl<T> fmt::Debug for Chan<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.load(Ordering::Relaxed);
        f.debug_struct("Chan")
            .field("len", &self.queue.len())
            .field("capacity", &self.queue.capacity())
            .field("senders", &self.sender_count())
            .field("blocked_senders", &self.blocked.count(Ordering::Relaxed))
            .field("receiver_parked", &(state & WAIT == PARKED))
            .field("closed", &(state & (TX_CLOSED | RX_CLOSED) != 0))
            .finish()
    }
}
