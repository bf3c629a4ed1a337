//! The wheel's entries: a slab of slots threaded into per-slot doubly-linked lists.
//!
//! An entry lives in one `Vec` slot for its whole life and is linked into the list
//! of the wheel slot it is due in by `prev`/`next` slab indices, so inserting,
//! moving and removing it never allocates (beyond the `Vec` growing) and is O(1).
//! Free slots form a LIFO list, so a timer that is cancelled and replaced at once
//! (the usual life of a timeout) reuses the same, cache-warm slot.
//!
//! A [`TimerKey`] names an entry by slab index *and* by the slot's generation, a
//! non-zero `u32` bumped each time the slot is reused. A key whose entry fired or
//! was removed is therefore stale even after its slot is reused: no ABA short of the
//! same slot being reused 2^32 - 1 times while the stale key is held. Generations
//! skip 0 so that an `Option<TimerKey>` (a `Deadline`'s) is 8 bytes, like the key.
//!
//! | slot state | `generation`                  | linked into                        |
//! |------------|-------------------------------|------------------------------------|
//! | `Vacant`   | the last occupant's           | the free list (`next_free`)        |
//! | `Occupied` | the key's (last occupant's + 1) | `levels[level].heads[slot_for(when, level)]` |
//!
//! ## Size
//!
//! The wheel holds one slot per pending timer, so its size is most of the wheel's
//! memory: 40 bytes for a `Slot<Notify>` (a 16-byte `Waker`, the `u64` deadline,
//! three `u32`s and the level). The level is a [`LevelIndex`], an enum of 11
//! values, whose unused byte values are the niche that tells a vacant slot from an
//! occupied one, so `Slot` needs no tag of its own.

use std::num::NonZeroU32;

use crate::level::{LevelIndex, NIL};

/// The generation of a slot's first occupant.
const FIRST_GENERATION: NonZeroU32 = NonZeroU32::MIN;

/// The generation after `generation`, skipping 0.
fn next_generation(generation: NonZeroU32) -> NonZeroU32 {
    generation.checked_add(1).unwrap_or(FIRST_GENERATION)
}

/// Names one timer in a [`Wheel`](crate::wheel::Wheel); stale once it fired or was removed.
///
/// ```
/// use runtime_timers::wheel::Wheel;
///
/// let mut wheel = Wheel::new();
/// let key = wheel.insert(10, "ten");
/// assert_eq!(wheel.deadline(key), Some(10));
/// assert_eq!(wheel.remove(key), Some("ten"));
/// assert_eq!(wheel.deadline(key), None); // stale
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimerKey {
    pub(crate) index: u32,
    pub(crate) generation: NonZeroU32,
}

/// A live timer.
#[derive(Debug)]
pub(crate) struct Entry<T> {
    /// When it is due, in wheel milliseconds, never before the wheel's time at insertion.
    pub(crate) when: u64,
    pub(crate) value: T,
    pub(crate) prev: u32,
    pub(crate) next: u32,
    pub(crate) generation: NonZeroU32,
    /// The level whose list holds it.
    pub(crate) level: LevelIndex,
}

/// One slab slot.
#[derive(Debug)]
pub(crate) enum Slot<T> {
    Occupied(Entry<T>),
    Vacant {
        next_free: u32,
        generation: NonZeroU32,
    },
}

/// The slab of entries and its free list.
#[derive(Debug)]
pub(crate) struct Slab<T> {
    slots: Vec<Slot<T>>,
    free_head: u32,
    len: usize,
}

impl<T> Slab<T> {
    pub(crate) const fn new() -> Slab<T> {
        Slab {
            slots: Vec::new(),
            free_head: NIL,
            len: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Stores a new, unlinked entry and returns its key.
    #[inline]
    pub(crate) fn insert(&mut self, when: u64, value: T) -> TimerKey {
        let entry = |generation| {
            Slot::Occupied(Entry {
                when,
                value,
                prev: NIL,
                next: NIL,
                generation,
                level: LevelIndex::L0,
            })
        };
        let key = if self.free_head != NIL {
            let index = self.free_head;
            let slot = &mut self.slots[index as usize];
            let Slot::Vacant {
                next_free,
                generation,
            } = *slot
            else {
                unreachable!("the free list holds only vacant slots")
            };
            let generation = next_generation(generation);
            self.free_head = next_free;
            *slot = entry(generation);
            TimerKey { index, generation }
        } else {
            // Index NIL is the list terminator, so the slab stops one short of it.
            assert!(
                self.slots.len() < NIL as usize,
                "more than 4 billion live timers"
            );
            self.slots.push(entry(FIRST_GENERATION));
            TimerKey {
                index: (self.slots.len() - 1) as u32,
                generation: FIRST_GENERATION,
            }
        };
        self.len += 1;
        key
    }

    /// Frees the entry at `index` (which must be occupied and already unlinked).
    #[inline]
    pub(crate) fn free(&mut self, index: u32) -> Entry<T> {
        let slot = &mut self.slots[index as usize];
        let generation = match slot {
            Slot::Occupied(entry) => entry.generation,
            Slot::Vacant { .. } => unreachable!("freeing a vacant slot"),
        };
        let vacant = Slot::Vacant {
            next_free: self.free_head,
            generation,
        };
        match std::mem::replace(slot, vacant) {
            Slot::Occupied(entry) => {
                self.free_head = index;
                self.len -= 1;
                entry
            }
            Slot::Vacant { .. } => unreachable!("freeing a vacant slot"),
        }
    }

    /// The entry `key` names, if it is still live.
    #[inline]
    pub(crate) fn get(&self, key: TimerKey) -> Option<&Entry<T>> {
        match self.slots.get(key.index as usize) {
            Some(Slot::Occupied(entry)) if entry.generation == key.generation => Some(entry),
            _ => None,
        }
    }

    /// The entry `key` names, if it is still live.
    #[inline]
    pub(crate) fn get_mut(&mut self, key: TimerKey) -> Option<&mut Entry<T>> {
        match self.slots.get_mut(key.index as usize) {
            Some(Slot::Occupied(entry)) if entry.generation == key.generation => Some(entry),
            _ => None,
        }
    }

    /// The occupied entry at `index`; the lists hold only occupied slots.
    #[inline]
    pub(crate) fn at(&self, index: u32) -> &Entry<T> {
        match &self.slots[index as usize] {
            Slot::Occupied(entry) => entry,
            Slot::Vacant { .. } => unreachable!("a list links a vacant slot"),
        }
    }

    /// The occupied entry at `index`; the lists hold only occupied slots.
    #[inline]
    pub(crate) fn at_mut(&mut self, index: u32) -> &mut Entry<T> {
        match &mut self.slots[index as usize] {
            Slot::Occupied(entry) => entry,
            Slot::Vacant { .. } => unreachable!("a list links a vacant slot"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_of_a_waker_is_40_bytes() {
        assert_eq!(std::mem::size_of::<Slot<crate::notify::Notify>>(), 40);
        assert_eq!(std::mem::size_of::<TimerKey>(), 8);
        assert_eq!(std::mem::size_of::<Option<TimerKey>>(), 8);
    }

    #[test]
    fn generations_skip_zero() {
        assert_eq!(next_generation(FIRST_GENERATION).get(), 2);
        assert_eq!(next_generation(NonZeroU32::MAX), FIRST_GENERATION);
    }

    #[test]
    fn a_reused_slot_makes_the_old_key_stale() {
        let mut slab = Slab::new();
        let first = slab.insert(1, 'a');
        slab.free(first.index);
        let second = slab.insert(2, 'b');
        assert_eq!(second.index, first.index);
        assert!(slab.get(first).is_none());
        assert_eq!(slab.get(second).map(|entry| entry.value), Some('b'));
    }
}
