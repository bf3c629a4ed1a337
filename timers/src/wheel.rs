//! The hierarchical timer wheel: a plain data structure on an injected clock.
//!
//! Time is a `u64` count of milliseconds since an origin the user chooses; the wheel
//! never reads a clock. [`Wheel::insert`] files a timer, [`Wheel::remove`] and
//! [`Wheel::reset`] cancel or move it, [`Wheel::next_expiration`] says when the
//! wheel next has work (the poll timeout), and [`Wheel::advance`] yields the timers
//! due by a given time.
//!
//! ## Design
//!
//! Eleven levels (`level.rs`) of 64 slots; level `k` has slots of `64^k` ms, so
//! the levels cover the whole `u64` range and nothing is clamped or wrapped. A timer
//! is filed by the highest 6-bit group in which its deadline differs from the
//! wheel's time (`elapsed`); when `elapsed` reaches the start of the slot holding it
//! at level `k > 0`, the slot's timers are *cascaded*: re-filed, each at a lower
//! level. At level 0 a slot is one millisecond, so every timer in the level-0 slot
//! of `elapsed` is due. Each timer is cascaded at most once per level, ten times in
//! its life at worst, and only if it is still alive then: a cancelled timer costs one
//! insert and one unlink, both O(1).
//!
//! Per level, a 64-bit occupancy bitmap says which slots hold timers, and a 16-bit
//! map says which levels do, so the next piece of work is found with two
//! `trailing_zeros` and nothing is scanned per tick.
//!
//! ## Invariants
//!
//! - Every live timer has `when >= elapsed` and sits at level
//!   `level_for(elapsed, when)`, slot `slot_for(when, level)`. (When `elapsed`
//!   grows without reaching a slot's start, no timer's level changes: every number
//!   between `elapsed` and `when` shares their common high bits.)
//! - `levels[k].occupied` bit `s` is set iff that slot's list is non-empty;
//!   `occupied_levels` bit `k` is set iff `levels[k].occupied != 0`.
//! - `elapsed` never decreases.
//!
//! Deadlines are never fired early: a timer is yielded by `advance(now)` only when
//! `when <= now`. A timer inserted with `when < elapsed` is due at `elapsed`.

use std::fmt;

use crate::entry::{Slab, TimerKey};
use crate::level::{level_for, slot_for, slot_start, Level, LevelIndex, NIL, NUM_LEVELS};

/// A hierarchical timer wheel holding values of type `T`, on an injected clock.
///
/// Times are milliseconds since an origin of the caller's choosing. The wheel is not
/// thread-safe by itself; [`Driver`](crate::Driver) wraps it for use across threads.
///
/// ```
/// use runtime_timers::wheel::Wheel;
///
/// let mut wheel = Wheel::new();
/// let _a = wheel.insert(5, 'a');
/// let b = wheel.insert(3_600_000, 'b'); // an hour
/// let _c = wheel.insert(7, 'c');
/// wheel.remove(b); // most timeouts are cancelled
///
/// assert_eq!(wheel.next_expiration(), Some(5));
/// let fired: Vec<char> = wheel.advance(10).map(|(_key, _when, value)| value).collect();
/// assert_eq!(fired, ['a', 'c']);
/// assert!(wheel.is_empty());
/// ```
pub struct Wheel<T> {
    elapsed: u64,
    occupied_levels: u16,
    levels: [Level; NUM_LEVELS],
    slab: Slab<T>,
}

impl<T> Wheel<T> {
    /// An empty wheel at time 0.
    pub const fn new() -> Wheel<T> {
        Wheel::starting_at(0)
    }

    /// An empty wheel whose clock starts at `now` ms.
    ///
    /// ```
    /// use runtime_timers::wheel::Wheel;
    ///
    /// let three_years = 3 * 365 * 24 * 3_600_000;
    /// let mut wheel = Wheel::starting_at(three_years);
    /// wheel.insert(three_years + 1, ());
    /// assert_eq!(wheel.next_expiration(), Some(three_years + 1));
    /// ```
    pub const fn starting_at(now: u64) -> Wheel<T> {
        Wheel {
            elapsed: now,
            occupied_levels: 0,
            levels: [const { Level::new() }; NUM_LEVELS],
            slab: Slab::new(),
        }
    }

    /// The wheel's time: the latest `now` given to [`advance`](Wheel::advance) (or
    /// the start), or the time of the work it last did, whichever is later.
    pub fn elapsed(&self) -> u64 {
        self.elapsed
    }

    /// How many timers are live.
    pub fn len(&self) -> usize {
        self.slab.len()
    }

    /// Whether no timer is live.
    pub fn is_empty(&self) -> bool {
        self.slab.len() == 0
    }

    /// Files `value` to be due at `when` ms (at [`elapsed`](Wheel::elapsed) if
    /// earlier). O(1).
    pub fn insert(&mut self, when: u64, value: T) -> TimerKey {
        let when = when.max(self.elapsed);
        let key = self.slab.insert(when, value);
        self.link(key.index);
        key
    }

    /// Cancels the timer `key` names and returns its value; `None` if it already
    /// fired or was removed. O(1).
    pub fn remove(&mut self, key: TimerKey) -> Option<T> {
        self.slab.get(key)?;
        self.unlink(key.index);
        Some(self.slab.free(key.index).value)
    }

    /// Moves the timer `key` names to `when` (at [`elapsed`](Wheel::elapsed) if
    /// earlier), keeping its key and value; `false` if it already fired or was
    /// removed. O(1).
    pub fn reset(&mut self, key: TimerKey, when: u64) -> bool {
        let when = when.max(self.elapsed);
        match self.slab.get_mut(key) {
            Some(entry) if entry.when == when => return true,
            Some(_) => {}
            None => return false,
        }
        self.unlink(key.index);
        self.slab.at_mut(key.index).when = when;
        self.link(key.index);
        true
    }

    /// When the timer `key` names is due, if it is still live.
    pub fn deadline(&self, key: TimerKey) -> Option<u64> {
        self.slab.get(key).map(|entry| entry.when)
    }

    /// The value of the timer `key` names, if it is still live.
    pub fn get(&self, key: TimerKey) -> Option<&T> {
        self.slab.get(key).map(|entry| &entry.value)
    }

    /// The value of the timer `key` names, if it is still live.
    pub fn get_mut(&mut self, key: TimerKey) -> Option<&mut T> {
        self.slab.get_mut(key).map(|entry| &mut entry.value)
    }

    /// The earliest time at which [`advance`](Wheel::advance) has work to do, or
    /// `None` if the wheel is empty. O(1).
    ///
    /// No timer is due before it, so it is the right poll timeout; it may be earlier
    /// than every deadline (the start of a slot to cascade), never later than the
    /// first. It is never before [`elapsed`](Wheel::elapsed).
    pub fn next_expiration(&self) -> Option<u64> {
        self.next_slot().map(|(_, _, start)| start)
    }

    /// The due timers, one at a time: each `(key, when, value)` with `when <= now`,
    /// removed from the wheel as it is yielded. Advances the wheel's time to `now`
    /// (if later) once every due timer has been yielded; timers the iterator did not
    /// get to stay due for the next call.
    pub fn advance(&mut self, now: u64) -> Advance<'_, T> {
        Advance { wheel: self, now }
    }

    /// Removes and returns one timer due by `now`, or moves the time to `now`.
    pub fn poll_expired(&mut self, now: u64) -> Option<(TimerKey, u64, T)> {
        loop {
            let Some((level, slot, start)) = self.next_slot() else {
                self.elapsed = self.elapsed.max(now);
                return None;
            };
            if start > now {
                // Every live timer is due at or after `start`, so none changes level.
                self.elapsed = self.elapsed.max(now);
                return None;
            }
            self.elapsed = start;
            let head = self.levels[level].heads[slot];
            if level == 0 {
                self.unlink(head);
                let entry = self.slab.free(head);
                let key = TimerKey {
                    index: head,
                    generation: entry.generation,
                };
                return Some((key, entry.when, entry.value));
            }
            self.cascade(level, slot, head);
        }
    }

    /// Re-files every timer of `levels[level].heads[slot]`, now that `elapsed` is
    /// the slot's start: each goes to a lower level.
    fn cascade(&mut self, level: usize, slot: usize, head: u32) {
        self.levels[level].heads[slot] = NIL;
        self.levels[level].occupied &= !(1 << slot);
        if self.levels[level].occupied == 0 {
            self.occupied_levels &= !(1 << level);
        }
        let mut index = head;
        while index != NIL {
            let next = self.slab.at(index).next;
            self.link(index);
            debug_assert!(self.slab.at(index).level.get() < level);
            index = next;
        }
    }

    /// The lowest occupied slot of the lowest occupied level, and when it starts.
    fn next_slot(&self) -> Option<(usize, usize, u64)> {
        if self.occupied_levels == 0 {
            return None;
        }
        let level = self.occupied_levels.trailing_zeros() as usize;
        let slot = self.levels[level].first_occupied()?;
        debug_assert!(
            slot >= slot_for(self.elapsed, level),
            "a slot behind the wheel's time is occupied"
        );
        Some((level, slot, slot_start(self.elapsed, level, slot)))
    }

    /// Pushes the (unlinked) entry at `index` on the list its `when` belongs to.
    fn link(&mut self, index: u32) {
        let when = self.slab.at(index).when;
        let level = level_for(self.elapsed, when);
        let slot = slot_for(when, level);
        let head = self.levels[level].heads[slot];
        if head != NIL {
            self.slab.at_mut(head).prev = index;
        }
        let entry = self.slab.at_mut(index);
        entry.level = LevelIndex::new(level);
        entry.prev = NIL;
        entry.next = head;
        self.levels[level].heads[slot] = index;
        self.levels[level].occupied |= 1 << slot;
        self.occupied_levels |= 1 << level;
    }

    /// Takes the entry at `index` off its list, keeping the bitmaps exact.
    fn unlink(&mut self, index: u32) {
        let entry = self.slab.at(index);
        let (prev, next, level) = (entry.prev, entry.next, entry.level.get());
        let slot = slot_for(entry.when, level);
        if prev == NIL {
            self.levels[level].heads[slot] = next;
            if next == NIL {
                self.levels[level].occupied &= !(1 << slot);
                if self.levels[level].occupied == 0 {
                    self.occupied_levels &= !(1 << level);
                }
            }
        } else {
            self.slab.at_mut(prev).next = next;
        }
        if next != NIL {
            self.slab.at_mut(next).prev = prev;
        }
    }
}

impl<T> Default for Wheel<T> {
    fn default() -> Wheel<T> {
        Wheel::new()
    }
}

impl<T> fmt::Debug for Wheel<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wheel")
            .field("elapsed", &self.elapsed)
            .field("len", &self.len())
            .field("next_expiration", &self.next_expiration())
            .finish_non_exhaustive()
    }
}

/// The timers due by some time, yielded by [`Wheel::advance`].
///
/// ```
/// use runtime_timers::wheel::Wheel;
///
/// let mut wheel = Wheel::new();
/// wheel.insert(1, "one");
/// let mut due = wheel.advance(1);
/// assert_eq!(due.next().map(|(_, when, value)| (when, value)), Some((1, "one")));
/// assert!(due.next().is_none());
/// ```
pub struct Advance<'a, T> {
    wheel: &'a mut Wheel<T>,
    now: u64,
}

impl<T> Iterator for Advance<'_, T> {
    type Item = (TimerKey, u64, T);

    fn next(&mut self) -> Option<Self::Item> {
        self.wheel.poll_expired(self.now)
    }
}

impl<T> fmt::Debug for Advance<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Advance")
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}
