//! `PollOpt`: how a registration turns readiness into events (edge, level, oneshot).

use std::fmt;
use std::ops;

const EDGE: usize = 0b001;
const LEVEL: usize = 0b010;
const ONESHOT: usize = 0b100;

/// Options of a registration: edge- or level-triggered, optionally oneshot.
///
/// `PollOpt::empty()` means level-triggered (SPEC O2). `edge() | level()` is refused by
/// `register` with [`std::io::ErrorKind::InvalidInput`].
///
/// ```
/// use runtime_reactor::PollOpt;
///
/// let opts = PollOpt::edge() | PollOpt::oneshot();
/// assert!(opts.is_edge() && opts.is_oneshot() && !opts.is_level());
/// assert!(PollOpt::empty().is_level());
/// ```
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PollOpt(usize);

impl PollOpt {
    /// No option set: level-triggered.
    pub const fn empty() -> PollOpt {
        PollOpt(0)
    }

    /// Edge-triggered: one event per change of readiness.
    pub const fn edge() -> PollOpt {
        PollOpt(EDGE)
    }

    /// Level-triggered: an event at every poll while ready.
    pub const fn level() -> PollOpt {
        PollOpt(LEVEL)
    }

    /// Disarm after one event, until `reregister`.
    pub const fn oneshot() -> PollOpt {
        PollOpt(ONESHOT)
    }

    /// Whether the edge bit is set.
    pub const fn is_edge(&self) -> bool {
        self.0 & EDGE != 0
    }

    /// Whether the registration is level-triggered: the level bit is set, or the edge
    /// bit is not.
    pub const fn is_level(&self) -> bool {
        self.0 & LEVEL != 0 || self.0 & EDGE == 0
    }

    /// Whether the oneshot bit is set.
    pub const fn is_oneshot(&self) -> bool {
        self.0 & ONESHOT != 0
    }

    /// Whether every bit of `other` is set in `self`.
    pub const fn contains(&self, other: PollOpt) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets every bit of `other`.
    pub fn insert(&mut self, other: PollOpt) {
        self.0 |= other.0;
    }

    /// Clears every bit of `other`.
    pub fn remove(&mut self, other: PollOpt) {
        self.0 &= !other.0;
    }

    /// Both edge and level were asked for.
    pub(crate) const fn is_contradictory(&self) -> bool {
        self.0 & (EDGE | LEVEL) == EDGE | LEVEL
    }
}

impl ops::BitOr for PollOpt {
    type Output = PollOpt;
    fn bitor(self, other: PollOpt) -> PollOpt {
        PollOpt(self.0 | other.0)
    }
}

impl ops::BitOrAssign for PollOpt {
    fn bitor_assign(&mut self, other: PollOpt) {
        self.0 |= other.0;
    }
}

impl ops::Sub for PollOpt {
    type Output = PollOpt;
    fn sub(self, other: PollOpt) -> PollOpt {
        PollOpt(self.0 & !other.0)
    }
}

impl fmt::Debug for PollOpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.0 & EDGE != 0 {
            parts.push("Edge");
        }
        if self.0 & LEVEL != 0 {
            parts.push("Level");
        }
        if self.0 & ONESHOT != 0 {
            parts.push("Oneshot");
        }
        if parts.is_empty() {
            f.write_str("(empty)")
        } else {
            f.write_str(&parts.join(" | "))
        }
    }
}
