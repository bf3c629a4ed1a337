//! One level of the wheel: 64 slots and the bitmap saying which are occupied.
//!
//! Level `k` has slots of `64^k` ms. A timer due at `when` is kept, relative to the
//! wheel's current time `elapsed`, at the level of the highest 6-bit group in which
//! `when` and `elapsed` differ (see [`level_for`]), in the slot numbered by that
//! group of `when` (see [`slot_for`]). Eleven levels cover all 64 bits of a `u64`
//! millisecond count, so no deadline is ever clamped or wrapped onto an earlier
//! slot: the top level (bits 60–63, 16 of its 64 slots used) spans 584 million years.
//!
//! Invariant, for every level `k > 0`: each occupied slot is *after* the slot that
//! holds `elapsed` at that level (a timer in `elapsed`'s own slot would have a lower
//! level). At level 0 the current slot may be occupied: it holds the timers due at
//! exactly `elapsed`. The lowest occupied slot of the lowest occupied level is
//! therefore the wheel's next piece of work, found with two `trailing_zeros`.

/// Bits of the time consumed by one level.
pub(crate) const LEVEL_BITS: u32 = 6;
/// Slots per level.
pub(crate) const SLOTS: usize = 1 << LEVEL_BITS;
/// Levels needed to cover every `u64` millisecond count: `ceil(64 / 6)`.
pub(crate) const NUM_LEVELS: usize = 11;
/// The end of a list, in the slab's index space.
pub(crate) const NIL: u32 = u32::MAX;

/// The level at which a timer due at `when` is kept while the wheel is at `elapsed`.
pub(crate) fn level_for(elapsed: u64, when: u64) -> usize {
    let differing = elapsed ^ when;
    if differing == 0 {
        return 0;
    }
    let highest_bit = 63 - differing.leading_zeros();
    (highest_bit / LEVEL_BITS) as usize
}

/// The slot of `when` at `level`.
pub(crate) fn slot_for(when: u64, level: usize) -> usize {
    ((when >> (level as u32 * LEVEL_BITS)) & (SLOTS as u64 - 1)) as usize
}

/// The time at which `slot` of `level` starts, seen from `elapsed`: `elapsed` with
/// the bits of levels `0..=level` replaced by `slot` at `level` and zeros below.
pub(crate) fn slot_start(elapsed: u64, level: usize, slot: usize) -> u64 {
    let shift = level as u32 * LEVEL_BITS;
    let span_bits = shift + LEVEL_BITS;
    let upper = if span_bits >= 64 {
        0
    } else {
        elapsed & !((1u64 << span_bits) - 1)
    };
    upper | ((slot as u64) << shift)
}

/// A level number, `0..NUM_LEVELS`: an enum so that the byte values it never
/// takes are a niche (a vacant slab slot is told apart by one; see `entry.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum LevelIndex {
    L0 = 0,
    L1,
    L2,
    L3,
    L4,
    L5,
    L6,
    L7,
    L8,
    L9,
    L10,
}

impl LevelIndex {
    const ALL: [LevelIndex; NUM_LEVELS] = [
        LevelIndex::L0,
        LevelIndex::L1,
        LevelIndex::L2,
        LevelIndex::L3,
        LevelIndex::L4,
        LevelIndex::L5,
        LevelIndex::L6,
        LevelIndex::L7,
        LevelIndex::L8,
        LevelIndex::L9,
        LevelIndex::L10,
    ];

    /// The index of `level`, which must be below [`NUM_LEVELS`].
    #[inline]
    pub(crate) fn new(level: usize) -> LevelIndex {
        LevelIndex::ALL[level]
    }

    #[inline]
    pub(crate) fn get(self) -> usize {
        self as usize
    }
}

/// The heads of one level's 64 lists and their occupancy bitmap.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    /// Bit `s` is set iff `heads[s] != NIL`.
    pub(crate) occupied: u64,
    /// The first entry of each slot's doubly-linked list (slab indices).
    pub(crate) heads: [u32; SLOTS],
}

impl Level {
    pub(crate) const fn new() -> Level {
        Level {
            occupied: 0,
            heads: [NIL; SLOTS],
        }
    }

    /// The lowest occupied slot, if any.
    pub(crate) fn first_occupied(&self) -> Option<usize> {
        if self.occupied == 0 {
            None
        } else {
            Some(self.occupied.trailing_zeros() as usize)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_cover_the_whole_range() {
        assert_eq!(level_for(0, 0), 0);
        assert_eq!(level_for(0, 63), 0);
        assert_eq!(level_for(0, 64), 1);
        assert_eq!(level_for(0, u64::MAX), NUM_LEVELS - 1);
        assert_eq!(slot_for(u64::MAX, NUM_LEVELS - 1), 15);
        assert_eq!(slot_start(u64::MAX, NUM_LEVELS - 1, 3), 3 << 60);
        assert_eq!(slot_start(130, 0, 5), 133);
        assert_eq!(slot_start(130, 1, 3), 192);
    }
}
