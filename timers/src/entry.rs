//! The wheel's entries: a slab of slots threaded into per-slot doubly-linked lists.
//!
//! An entry lives in one `Vec` slot for its whole life and is linked into the list
//! of the wheel slot it is due in by `prev`/`next` slab indices, so inserting,
//! moving and removing it never allocates (beyond the `Vec` growing) and is O(1).
//! Free slots form a LIFO list, so a timer that is cancelled and replaced at once
//! (the usual life of a timeout) reuses the same, cache-warm slot.
//!
//! A [`TimerKey`] names an entry by slab index *and* by the insertion number the
//! entry was given, which is unique for the life of the wheel (a `u64` counter).
//! A key whose entry fired or was removed is therefore stale for ever, even after
//! its slot is reused: no ABA.
//!
//! | slot state | `generation`            | linked into                        |
//! |------------|-------------------------|------------------------------------|
//! | `Vacant`   | —                       | the free list (`next_free`)        |
//! | `Occupied` | the key's insertion no. | `levels[level].heads[slot_for(when, level)]` |

use crate::level::NIL;

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
    pub(crate) generation: u64,
}

/// A live timer.
#[derive(Debug)]
pub(crate) struct Entry<T> {
    /// When it is due, in wheel milliseconds, never before the wheel's time at insertion.
    pub(crate) when: u64,
    pub(crate) generation: u64,
    pub(crate) prev: u32,
    pub(crate) next: u32,
    /// The level whose list holds it.
    pub(crate) level: u8,
    pub(crate) value: T,
}

/// One slab slot.
#[derive(Debug)]
pub(crate) enum Slot<T> {
    Occupied(Entry<T>),
    Vacant { next_free: u32 },
}

/// The slab of entries and its free list.
#[derive(Debug)]
pub(crate) struct Slab<T> {
    slots: Vec<Slot<T>>,
    free_head: u32,
    next_generation: u64,
    len: usize,
}

impl<T> Slab<T> {
    pub(crate) const fn new() -> Slab<T> {
        Slab {
            slots: Vec::new(),
            free_head: NIL,
            next_generation: 0,
            len: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Stores a new, unlinked entry and returns its key.
    pub(crate) fn insert(&mut self, when: u64, value: T) -> TimerKey {
        let generation = self.next_generation;
        self.next_generation += 1;
        let entry = Slot::Occupied(Entry {
            when,
            generation,
            prev: NIL,
            next: NIL,
            level: 0,
            value,
        });
        let index = if self.free_head != NIL {
            let index = self.free_head;
            match std::mem::replace(&mut self.slots[index as usize], entry) {
                Slot::Vacant { next_free } => self.free_head = next_free,
                Slot::Occupied(_) => unreachable!("the free list holds only vacant slots"),
            }
            index
        } else {
            // Index NIL is the list terminator, so the slab stops one short of it.
            assert!(
                self.slots.len() < NIL as usize,
                "more than 4 billion live timers"
            );
            self.slots.push(entry);
            (self.slots.len() - 1) as u32
        };
        self.len += 1;
        TimerKey { index, generation }
    }

    /// Frees the entry at `index` (which must be occupied and already unlinked).
    pub(crate) fn free(&mut self, index: u32) -> Entry<T> {
        let vacant = Slot::Vacant {
            next_free: self.free_head,
        };
        match std::mem::replace(&mut self.slots[index as usize], vacant) {
            Slot::Occupied(entry) => {
                self.free_head = index;
                self.len -= 1;
                entry
            }
            Slot::Vacant { .. } => unreachable!("freeing a vacant slot"),
        }
    }

    /// The entry `key` names, if it is still live.
    pub(crate) fn get(&self, key: TimerKey) -> Option<&Entry<T>> {
        match self.slots.get(key.index as usize) {
            Some(Slot::Occupied(entry)) if entry.generation == key.generation => Some(entry),
            _ => None,
        }
    }

    /// The entry `key` names, if it is still live.
    pub(crate) fn get_mut(&mut self, key: TimerKey) -> Option<&mut Entry<T>> {
        match self.slots.get_mut(key.index as usize) {
            Some(Slot::Occupied(entry)) if entry.generation == key.generation => Some(entry),
            _ => None,
        }
    }

    /// The occupied entry at `index`; the lists hold only occupied slots.
    pub(crate) fn at(&self, index: u32) -> &Entry<T> {
        match &self.slots[index as usize] {
            Slot::Occupied(entry) => entry,
            Slot::Vacant { .. } => unreachable!("a list links a vacant slot"),
        }
    }

    /// The occupied entry at `index`; the lists hold only occupied slots.
    pub(crate) fn at_mut(&mut self, index: u32) -> &mut Entry<T> {
        match &mut self.slots[index as usize] {
            Slot::Occupied(entry) => entry,
            Slot::Vacant { .. } => unreachable!("a list links a vacant slot"),
        }
    }
}
