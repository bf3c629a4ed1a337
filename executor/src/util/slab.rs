//! A minimal slab: a `Vec` of slots and a free list, so keys stay small and stable.
//!
//! Used for the task registry (key → the task's `Waker`), the I/O slots of the driver
//! (token index → readiness slot) and the waiter list of one readiness slot.

/// One slot: occupied, or the next free key.
#[derive(Debug)]
enum Slot<T> {
    Full(T),
    Free(usize),
}

/// A vector of values addressed by stable `usize` keys.
#[derive(Debug)]
pub(crate) struct Slab<T> {
    slots: Vec<Slot<T>>,
    /// Head of the free list; `slots.len()` when it is empty.
    next_free: usize,
    len: usize,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Slab::new()
    }
}

impl<T> Slab<T> {
    /// An empty slab; allocates nothing.
    pub(crate) const fn new() -> Slab<T> {
        Slab {
            slots: Vec::new(),
            next_free: 0,
            len: 0,
        }
    }

    /// How many values are stored.
    #[cfg(any(feature = "metrics", test))]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The key the next [`insert`](Self::insert) will return.
    pub(crate) fn vacant_key(&self) -> usize {
        self.next_free
    }

    /// Stores `value` and returns its key.
    pub(crate) fn insert(&mut self, value: T) -> usize {
        let key = self.next_free;
        if key == self.slots.len() {
            self.slots.push(Slot::Full(value));
            self.next_free = key + 1;
        } else {
            match std::mem::replace(&mut self.slots[key], Slot::Full(value)) {
                Slot::Free(next) => self.next_free = next,
                Slot::Full(_) => unreachable!("the free list points at a full slot"),
            }
        }
        self.len += 1;
        key
    }

    /// The value at `key`, if any.
    pub(crate) fn get(&self, key: usize) -> Option<&T> {
        match self.slots.get(key) {
            Some(Slot::Full(value)) => Some(value),
            _ => None,
        }
    }

    /// The value at `key`, if any, mutably.
    pub(crate) fn get_mut(&mut self, key: usize) -> Option<&mut T> {
        match self.slots.get_mut(key) {
            Some(Slot::Full(value)) => Some(value),
            _ => None,
        }
    }

    /// Removes and returns the value at `key`, if any.
    pub(crate) fn remove(&mut self, key: usize) -> Option<T> {
        match self.slots.get(key) {
            Some(Slot::Full(_)) => {}
            _ => return None,
        }
        let old = std::mem::replace(&mut self.slots[key], Slot::Free(self.next_free));
        self.next_free = key;
        self.len -= 1;
        match old {
            Slot::Full(value) => Some(value),
            Slot::Free(_) => unreachable!(),
        }
    }

    /// Iterates over the stored values mutably.
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.slots.iter_mut().filter_map(|slot| match slot {
            Slot::Full(value) => Some(value),
            Slot::Free(_) => None,
        })
    }

    /// Removes every value.
    pub(crate) fn drain(&mut self) -> Vec<T> {
        let slots = std::mem::take(&mut self.slots);
        self.next_free = 0;
        self.len = 0;
        slots
            .into_iter()
            .filter_map(|slot| match slot {
                Slot::Full(value) => Some(value),
                Slot::Free(_) => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Slab;

    #[test]
    fn keys_are_reused_last_freed_first() {
        let mut slab = Slab::new();
        assert_eq!(slab.vacant_key(), 0);
        let a = slab.insert("a");
        let b = slab.insert("b");
        let c = slab.insert("c");
        assert_eq!((a, b, c), (0, 1, 2));
        assert_eq!(slab.remove(b), Some("b"));
        assert_eq!(slab.remove(b), None);
        assert_eq!(slab.vacant_key(), 1);
        assert_eq!(slab.insert("d"), 1);
        assert_eq!(slab.len(), 3);
        assert_eq!(slab.get(2), Some(&"c"));
        let mut all = slab.drain();
        all.sort();
        assert_eq!(all, ["a", "c", "d"]);
        assert_eq!(slab.len(), 0);
    }
}
