//! The value storage: `crossbeam_queue::SegQueue` (unbounded) or `ArrayQueue`
//! (bounded), behind the one seam that loom models replace.
//!
//! ## What the wake protocol relies on
//!
//! The protocol in `chan.rs` never inspects the queue's internals; it relies on two
//! properties that both crossbeam queues have (read in their sources: every push
//! claims its slot with a `SeqCst` compare-exchange of the tail, every pop claims
//! its value with a `SeqCst` compare-exchange of the head, and an empty or full
//! verdict reads the other end after a `SeqCst` fence; `is_empty` loads both ends
//! with `SeqCst`):
//!
//! - **Q1** `push` performs a `SeqCst` read-modify-write that makes the value
//!   claimable before it returns `Ok`; a `pop` (or `is_empty`) that reads the tail
//!   after a `SeqCst` fence it is sequenced after, and after which that write is
//!   ordered in the single total order, finds the value (it waits for the slot's
//!   write to land if it must).
//! - **Q2** symmetric for room: `pop` performs a `SeqCst` read-modify-write of the
//!   head before it returns `Some`, and a `push` that fails with "full" decided so
//!   from a head it read after a `SeqCst` fence.
//!
//! Q1 is what lets a sender check the receiver's "parked" flag with a `SeqCst` load
//! right after its push, with no fence of its own (the push's read-modify-write
//! orders it); Q2 lets the receiver check for blocked senders the same way after a
//! pop. Both are the store-buffering (Dekker) pattern: each side writes, then reads
//! the other side's word, with a `SeqCst` operation in between.
//!
//! ## Under loom
//!
//! crossbeam-queue is not loom-aware, so under `cfg(loom)` the storage is a small
//! bounded ring written for the models, with loom atomics and the orderings Q1 and
//! Q2 promise (no lock, which would order everything and hide a missing fence in
//! the protocol). Everything else, the wake and close protocols, is the same code
//! in both builds.
//!
//! One translation: loom gives `SeqCst` its full meaning only on fences (a `SeqCst`
//! load or read-modify-write is modelled as `Acquire`/`AcqRel`), so the ring
//! follows each `SeqCst` claim with a `SeqCst` fence. For the pattern the protocol
//! uses, a claim followed by the caller's `SeqCst` load of the other side's word,
//! that is exactly what the single total order of `SeqCst` operations guarantees:
//! if the load misses the other side's store, the claim precedes that side's
//! fence, and the other side's later loads see the claim.

#[cfg(not(loom))]
use crossbeam_queue::{ArrayQueue, SegQueue};

/// The storage of one channel.
#[cfg(not(loom))]
pub(crate) enum Queue<T> {
    /// `unbounded()`.
    Unbounded(SegQueue<T>),
    /// `bounded(cap)`.
    Bounded(ArrayQueue<T>),
}

#[cfg(not(loom))]
impl<T> Queue<T> {
    pub(crate) fn unbounded() -> Queue<T> {
        Queue::Unbounded(SegQueue::new())
    }

    /// `cap` must not be zero (checked by `bounded()`).
    pub(crate) fn bounded(cap: usize) -> Queue<T> {
        Queue::Bounded(ArrayQueue::new(cap))
    }

    /// Q1. `Err(value)` only when bounded and full (Q2).
    #[inline]
    pub(crate) fn push(&self, value: T) -> Result<(), T> {
        match self {
            Queue::Unbounded(q) => {
                q.push(value);
                Ok(())
            }
            Queue::Bounded(q) => q.push(value),
        }
    }

    #[inline]
    pub(crate) fn pop(&self) -> Option<T> {
        match self {
            Queue::Unbounded(q) => q.pop(),
            Queue::Bounded(q) => q.pop(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Queue::Unbounded(q) => q.is_empty(),
            Queue::Bounded(q) => q.is_empty(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Queue::Unbounded(q) => q.len(),
            Queue::Bounded(q) => q.len(),
        }
    }

    /// The bound, `None` when unbounded.
    pub(crate) fn capacity(&self) -> Option<usize> {
        match self {
            Queue::Unbounded(_) => None,
            Queue::Bounded(q) => Some(q.capacity()),
        }
    }

    #[inline]
    pub(crate) fn is_bounded(&self) -> bool {
        matches!(self, Queue::Bounded(_))
    }
}

#[cfg(loom)]
pub(crate) use self::model::Queue;

/// The loom stand-in: a bounded ring of sequence-stamped slots (many producers,
/// many consumers, as crossbeam's queues are), with Q1/Q2's orderings.
#[cfg(loom)]
mod model {
    use std::mem::MaybeUninit;

    use crate::sync::{fence, spin, AtomicUsize, Ordering, UnsafeCell};

    /// Slots of the stand-in for `unbounded()`: more than any model sends.
    const UNBOUNDED_SLOTS: usize = 8;

    struct Slot<T> {
        /// `2 * position` while writable at `position`, `2 * position + 1` once
        /// written there; a read makes it writable a lap later,
        /// `2 * (position + cap)`.
        stamp: AtomicUsize,
        value: UnsafeCell<MaybeUninit<T>>,
    }

    pub(crate) struct Queue<T> {
        head: AtomicUsize,
        tail: AtomicUsize,
        slots: Box<[Slot<T>]>,
        bounded: bool,
    }

    impl<T> Queue<T> {
        pub(crate) fn unbounded() -> Queue<T> {
            Queue::with(UNBOUNDED_SLOTS, false)
        }

        pub(crate) fn bounded(cap: usize) -> Queue<T> {
            Queue::with(cap, true)
        }

        fn with(cap: usize, bounded: bool) -> Queue<T> {
            let slots = (0..cap)
                .map(|i| Slot {
                    stamp: AtomicUsize::new(2 * i),
                    value: UnsafeCell::new(MaybeUninit::uninit()),
                })
                .collect();
            Queue {
                head: AtomicUsize::new(0),
                tail: AtomicUsize::new(0),
                slots,
                bounded,
            }
        }

        fn cap(&self) -> usize {
            self.slots.len()
        }

        pub(crate) fn push(&self, value: T) -> Result<(), T> {
            let mut tail = self.tail.load(Ordering::Relaxed);
            loop {
                let slot = &self.slots[tail % self.cap()];
                let stamp = slot.stamp.load(Ordering::Acquire);
                if stamp == 2 * tail {
                    // Q1: the claim is a SeqCst read-modify-write.
                    match self.tail.compare_exchange(
                        tail,
                        tail + 1,
                        Ordering::SeqCst,
                        Ordering::Relaxed,
                    ) {
                        Ok(_) => {
                            // The claim's SeqCst, as loom can see it (module docs).
                            fence(Ordering::SeqCst);
                            // SAFETY: the claim of `tail` gives this thread the slot
                            // until the stamp below hands it to a reader.
                            slot.value.with_mut(|p| unsafe { (*p).write(value) });
                            slot.stamp.store(2 * tail + 1, Ordering::Release);
                            return Ok(());
                        }
                        Err(now) => tail = now,
                    }
                } else if stamp < 2 * tail {
                    // Q2: the full verdict reads the head after a SeqCst fence.
                    fence(Ordering::SeqCst);
                    let head = self.head.load(Ordering::Relaxed);
                    if head + self.cap() == tail {
                        assert!(self.bounded, "a loom model overfilled `unbounded()`");
                        return Err(value);
                    }
                    // A pop has claimed the slot and is reading it.
                    spin();
                    tail = self.tail.load(Ordering::Relaxed);
                } else {
                    spin();
                    tail = self.tail.load(Ordering::Relaxed);
                }
            }
        }

        pub(crate) fn pop(&self) -> Option<T> {
            let mut head = self.head.load(Ordering::Relaxed);
            loop {
                let slot = &self.slots[head % self.cap()];
                let stamp = slot.stamp.load(Ordering::Acquire);
                if stamp == 2 * head + 1 {
                    // Q2: the claim is a SeqCst read-modify-write.
                    match self.head.compare_exchange(
                        head,
                        head + 1,
                        Ordering::SeqCst,
                        Ordering::Relaxed,
                    ) {
                        Ok(_) => {
                            // The claim's SeqCst, as loom can see it (module docs).
                            fence(Ordering::SeqCst);
                            // SAFETY: the stamp says the slot was written, and the
                            // claim of `head` makes this thread its only reader.
                            let value = slot.value.with_mut(|p| unsafe { (*p).assume_init_read() });
                            slot.stamp.store(2 * (head + self.cap()), Ordering::Release);
                            return Some(value);
                        }
                        Err(now) => head = now,
                    }
                } else if stamp == 2 * head {
                    // Q1: the empty verdict reads the tail after a SeqCst fence.
                    fence(Ordering::SeqCst);
                    let tail = self.tail.load(Ordering::Relaxed);
                    if tail == head {
                        return None;
                    }
                    // A push has claimed the slot and is writing it.
                    spin();
                    head = self.head.load(Ordering::Relaxed);
                } else {
                    spin();
                    head = self.head.load(Ordering::Relaxed);
                }
            }
        }

        pub(crate) fn is_empty(&self) -> bool {
            let head = self.head.load(Ordering::SeqCst);
            let tail = self.tail.load(Ordering::SeqCst);
            head == tail
        }

        pub(crate) fn len(&self) -> usize {
            let head = self.head.load(Ordering::SeqCst);
            let tail = self.tail.load(Ordering::SeqCst);
            tail.saturating_sub(head)
        }

        pub(crate) fn capacity(&self) -> Option<usize> {
            self.bounded.then(|| self.cap())
        }

        pub(crate) fn is_bounded(&self) -> bool {
            self.bounded
        }
    }

    impl<T> Drop for Queue<T> {
        fn drop(&mut self) {
            while self.pop().is_some() {}
        }
    }
}
