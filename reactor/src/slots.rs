//! The slots of one readiness queue: a dense "pending" bit and an owner per
//! registration.
//!
//! Every registration gets a slot in each `Poll` it is ever registered with, the
//! first time it registers there, and keeps it until the registration is freed. A
//! slot has:
//!
//! - a **pending bit**, packed 64 to a word: set ⇔ exactly one entry for the slot
//!   sits in the queue's inbox or the poller's backlog. `set_readiness` sets it with
//!   one `fetch_or`, and pushes an entry only if it was clear; the poller clears the
//!   bits of a whole batch of entries with one `fetch_and` per word before it looks
//!   at them. So coalescing never writes the registration's own memory, and the
//!   poller and the producers meet on a few dense words instead of on one cache line
//!   per event (see "Why this shape" in `readiness_queue.rs`);
//! - an **owner**: a strong reference to the registration's node while it is
//!   registered here, null otherwise. Only the poller dereferences owners, under the
//!   poll lock; a deregistration hands the reference over to the queue's `retired`
//!   list instead of dropping it, and the poller drops that list at the start of its
//!   next drain, when it holds no owner pointer any more.
//!
//! Slots live in segments of doubling size (64, 128, 256, ...), each allocated on
//! first use, that never move or shrink until the queue is dropped, so a producer
//! that read a slot number may always touch its bit: a registration keeps its slot (and the queue, see
//! `readiness.rs`) alive for as long as anyone can still call `set_readiness` on it.
//! A freed slot is reused; an entry for it still in flight is then read as an entry
//! for the new owner, which at most stands in for the one its registration queues
//! anyway (SPEC R4), so no event is lost or invented.

use std::io;
use std::ptr;

use crate::readiness::Node;
use crate::sync::{lock, AtomicPtr, AtomicU64, AtomicUsize, Mutex, Ordering};

/// Slots in the first segment; segment `i` holds `FIRST << i` slots.
const FIRST: usize = 64;

/// Segments per queue: about two billion registrations per `Poll`.
#[cfg(not(loom))]
const SEGMENTS: usize = 25;
/// Segments per queue (few, for loom).
#[cfg(loom)]
const SEGMENTS: usize = 2;

/// One segment: `len` slots, a multiple of 64, starting at a multiple of 64.
struct Segment {
    pending: Box<[AtomicU64]>,
    owner: Box<[AtomicPtr<Node>]>,
}

impl Segment {
    fn new(len: usize) -> Segment {
        Segment {
            pending: (0..len / 64).map(|_| AtomicU64::new(0)).collect(),
            owner: (0..len).map(|_| AtomicPtr::new(ptr::null_mut())).collect(),
        }
    }
}

/// The segment holding `slot`, and the slot's index in it.
fn locate(slot: u32) -> (usize, usize) {
    let biased = slot as usize + FIRST;
    let segment =
        (usize::BITS - 1 - biased.leading_zeros()) as usize - FIRST.trailing_zeros() as usize;
    (segment, biased - (FIRST << segment))
}

#[derive(Debug, Default)]
struct Alloc {
    /// Slots below this were handed out at least once.
    next: usize,
    /// Freed slots, reused last-in first-out.
    free: Vec<u32>,
}

/// The slots of one queue; see the module docs.
pub(crate) struct Slots {
    segments: Box<[AtomicPtr<Segment>]>,
    /// How many slots have an owner: the registrations of the queue.
    owned: AtomicUsize,
    alloc: Mutex<Alloc>,
}

impl std::fmt::Debug for Slots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slots").finish_non_exhaustive()
    }
}

impl Slots {
    pub(crate) fn new() -> Slots {
        Slots {
            segments: (0..SEGMENTS)
                .map(|_| AtomicPtr::new(ptr::null_mut()))
                .collect(),
            alloc: Mutex::new(Alloc::default()),
            owned: AtomicUsize::new(0),
        }
    }

    /// The segment of `slot` and the slot's index in it.
    fn at(&self, slot: u32) -> (&Segment, usize) {
        let (segment, index) = locate(slot);
        // ORDERING: Acquire pairs with the Release that published the segment; a slot
        // number is only ever handed out after its segment was published.
        let segment = self.segments[segment].load(Ordering::Acquire);
        debug_assert!(!segment.is_null(), "slot {slot} has no segment");
        // SAFETY: segments are published before any slot in them is handed out and
        // are freed only when `self` is dropped.
        (unsafe { &*segment }, index)
    }

    /// Hands out a slot, allocating its page if needed.
    pub(crate) fn alloc(&self) -> io::Result<u32> {
        let mut alloc = lock(&self.alloc);
        if let Some(slot) = alloc.free.pop() {
            return Ok(slot);
        }
        let slot = alloc.next;
        let limit = FIRST * ((1 << SEGMENTS) - 1);
        if slot >= limit {
            return Err(crate::error::too_many_registrations(limit));
        }
        let (segment, index) = locate(slot as u32);
        if index == 0 {
            let new = Box::into_raw(Box::new(Segment::new(FIRST << segment)));
            // ORDERING: Release publishes the segment's initialised atomics to the
            // Acquire load in `at`.
            self.segments[segment].store(new, Ordering::Release);
        }
        alloc.next = slot + 1;
        Ok(slot as u32)
    }

    /// Gives a slot back; its owner must be null already.
    pub(crate) fn free(&self, slot: u32) {
        debug_assert!(self.owner_ptr(slot).is_null(), "freeing an owned slot");
        lock(&self.alloc).free.push(slot);
    }

    /// Sets the pending bit of `slot`; `true` if it was clear, i.e. the caller must
    /// push the slot's one entry.
    pub(crate) fn mark(&self, slot: u32) -> bool {
        let bit = 1u64 << (slot % 64);
        let (segment, index) = self.at(slot);
        let word = &segment.pending[index / 64];
        // ORDERING: AcqRel. Release: the readiness stored before this call is visible
        // to the poller whose clearing `fetch_and` follows it. Acquire: a set that
        // finds the bit already set coalesces into the entry of whoever set it.
        word.fetch_or(bit, Ordering::AcqRel) & bit == 0
    }

    /// [`mark`](Self::mark) for a `set_readiness` that stored nothing (the value
    /// did not change): if the bit is already set, the pending entry will deliver
    /// the very readiness this call would, so it coalesces without writing, and the
    /// word's cache line stays shared with the poller.
    ///
    /// A load is enough here because there is nothing to publish. It cannot see the
    /// bit set after a poll that already delivered the entry and cleared it, if that
    /// poll happened before this call (coherence); a concurrent clearing is ordered
    /// after this call, which then coalesced into the entry being delivered.
    pub(crate) fn mark_unchanged(&self, slot: u32) -> bool {
        let bit = 1u64 << (slot % 64);
        let (segment, index) = self.at(slot);
        // ORDERING: see above; the `fetch_or` in `mark` orders the rest.
        if segment.pending[index / 64].load(Ordering::Acquire) & bit != 0 {
            return false;
        }
        self.mark(slot)
    }

    /// Clears the pending bits in `mask` of the word holding slot `any` (bit `i` of
    /// the mask is slot `any - any % 64 + i`).
    pub(crate) fn clear(&self, any: u32, mask: u64) {
        let (segment, index) = self.at(any);
        let word = &segment.pending[index / 64];
        // ORDERING: AcqRel. Acquire: every set whose `mark` came earlier in this
        // word's order is visible to the node loads that follow. Release: pairs with
        // a later `mark` that finds the bit clear and pushes a fresh entry.
        word.fetch_and(!mask, Ordering::AcqRel);
    }

    fn owner_cell(&self, slot: u32) -> &AtomicPtr<Node> {
        let (segment, index) = self.at(slot);
        &segment.owner[index]
    }

    fn owner_ptr(&self, slot: u32) -> *mut Node {
        // ORDERING: a plain read for the assertion in `free`.
        self.owner_cell(slot).load(Ordering::Relaxed)
    }

    /// The node registered in `slot`, or null; only the poller may dereference it,
    /// under the poll lock, until its next drain.
    pub(crate) fn owner(&self, slot: u32) -> *const Node {
        // ORDERING: Acquire pairs with `set_owner`'s Release: the node is fully
        // initialised.
        self.owner_cell(slot).load(Ordering::Acquire)
    }

    /// Stores the strong reference `node` (from `Arc::into_raw`) as the owner of an
    /// unowned slot.
    pub(crate) fn set_owner(&self, slot: u32, node: *const Node) {
        // ORDERING: Release publishes the node to the poller's Acquire in `owner`;
        // the Acquire half only serves the check of the old value below.
        let old = self
            .owner_cell(slot)
            .swap(node.cast_mut(), Ordering::AcqRel);
        debug_assert!(old.is_null(), "slot {slot} owned twice");
        // ORDERING: a count for sizing batches; it orders nothing.
        self.owned.fetch_add(1, Ordering::Relaxed);
    }

    /// How many registrations the queue has (a snapshot).
    pub(crate) fn owned(&self) -> usize {
        // ORDERING: as in `set_owner`.
        self.owned.load(Ordering::Relaxed)
    }

    /// Takes the owner of `slot` out (null if none): a strong reference the caller
    /// must release (see the module docs for when it may).
    pub(crate) fn take_owner(&self, slot: u32) -> *const Node {
        // ORDERING: AcqRel; exactly one caller gets the reference.
        self.owner_cell(slot)
            .swap(ptr::null_mut(), Ordering::AcqRel)
    }

    /// Every slot handed out so far, for taking all owners out when the `Poll` is
    /// dropped.
    pub(crate) fn allocated(&self) -> std::ops::Range<u32> {
        0..lock(&self.alloc).next as u32
    }
}

impl Drop for Slots {
    fn drop(&mut self) {
        for segment in self.segments.iter() {
            // ORDERING: `&mut self`: no other thread can touch the slots.
            let segment = segment.load(Ordering::Relaxed);
            if !segment.is_null() {
                // SAFETY: allocated by `Box::into_raw` in `alloc`, freed only here.
                drop(unsafe { Box::from_raw(segment) });
            }
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::{locate, FIRST};

    #[test]
    fn segments_double_and_words_never_straddle_them() {
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(63), (0, 63));
        assert_eq!(locate(64), (1, 0));
        assert_eq!(locate(191), (1, 127));
        assert_eq!(locate(192), (2, 0));
        for slot in [0u32, 1, 63, 64, 100, 191, 192, 1000, 100_000, u32::MAX / 2] {
            let (segment, index) = locate(slot);
            assert!(index < FIRST << segment);
            assert_eq!(index % 64, slot as usize % 64);
        }
    }
}
