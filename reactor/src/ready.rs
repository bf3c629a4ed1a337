//! `Ready`: a set of readiness bits, with mio 0.6's values on Linux.

use std::fmt;
use std::ops;

const READABLE: usize = 0b0001;
const WRITABLE: usize = 0b0010;
const ERROR: usize = 0b0100;
const HUP: usize = 0b1000;
const ALL: usize = READABLE | WRITABLE | ERROR | HUP;

/// A set of readiness bits: readable, writable, error and hang-up.
///
/// Used both as the *interest* of a registration and as the *readiness* of an event.
/// The numeric values are mio 0.6's on Linux (`readable = 1`, `writable = 2`,
/// `error = 4`, `hup = 8`); [`Ready::from_usize`] drops any other bit (SPEC E4).
///
/// ```
/// use runtime_reactor::Ready;
///
/// let mut ready = Ready::readable() | Ready::writable();
/// assert!(ready.is_readable() && ready.is_writable());
/// ready.remove(Ready::writable());
/// assert_eq!(ready, Ready::readable());
/// assert_eq!(Ready::from_usize(0xC001), Ready::readable());
/// assert_eq!(format!("{:?}", Ready::readable() | Ready::hup()), "Readable | Hup");
/// ```
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Ready(usize);

impl Ready {
    /// No readiness.
    ///
    /// As an *interest*, it mutes a user-space registration: `register` and
    /// `reregister` accept it (as mio 0.6 did) and no event is ever delivered for it
    /// (SPEC E1, E3) until a `reregister` with a non-empty interest, which fires at
    /// once if the readiness overlaps (R4). OS sources refuse it with `InvalidInput`:
    /// mio 1.x's `Interest` cannot be empty.
    pub const fn empty() -> Ready {
        Ready(0)
    }

    /// Readable readiness.
    pub const fn readable() -> Ready {
        Ready(READABLE)
    }

    /// Writable readiness.
    pub const fn writable() -> Ready {
        Ready(WRITABLE)
    }

    /// Error readiness.
    pub const fn error() -> Ready {
        Ready(ERROR)
    }

    /// Hang-up readiness.
    pub const fn hup() -> Ready {
        Ready(HUP)
    }

    /// Every readiness bit.
    pub const fn all() -> Ready {
        Ready(ALL)
    }

    /// Whether no bit is set.
    pub const fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// Whether the readable bit is set.
    pub const fn is_readable(&self) -> bool {
        self.0 & READABLE != 0
    }

    /// Whether the writable bit is set.
    pub const fn is_writable(&self) -> bool {
        self.0 & WRITABLE != 0
    }

    /// Whether the error bit is set.
    pub const fn is_error(&self) -> bool {
        self.0 & ERROR != 0
    }

    /// Whether the hang-up bit is set.
    pub const fn is_hup(&self) -> bool {
        self.0 & HUP != 0
    }

    /// Whether every bit of `other` is set in `self`.
    pub const fn contains(&self, other: Ready) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets every bit of `other`.
    pub fn insert(&mut self, other: Ready) {
        self.0 |= other.0;
    }

    /// Clears every bit of `other`.
    pub fn remove(&mut self, other: Ready) {
        self.0 &= !other.0;
    }

    /// The bits as a number (mio 0.6's values).
    pub const fn as_usize(&self) -> usize {
        self.0
    }

    /// The set from a number, keeping only the four known bits.
    pub const fn from_usize(val: usize) -> Ready {
        Ready(val & ALL)
    }
}

impl ops::BitOr for Ready {
    type Output = Ready;
    fn bitor(self, other: Ready) -> Ready {
        Ready(self.0 | other.0)
    }
}

impl ops::BitOrAssign for Ready {
    fn bitor_assign(&mut self, other: Ready) {
        self.0 |= other.0;
    }
}

impl ops::BitAnd for Ready {
    type Output = Ready;
    fn bitand(self, other: Ready) -> Ready {
        Ready(self.0 & other.0)
    }
}

impl ops::BitAndAssign for Ready {
    fn bitand_assign(&mut self, other: Ready) {
        self.0 &= other.0;
    }
}

impl ops::Sub for Ready {
    type Output = Ready;
    fn sub(self, other: Ready) -> Ready {
        Ready(self.0 & !other.0)
    }
}

impl ops::SubAssign for Ready {
    fn sub_assign(&mut self, other: Ready) {
        self.0 &= !other.0;
    }
}

impl ops::BitXor for Ready {
    type Output = Ready;
    fn bitxor(self, other: Ready) -> Ready {
        Ready(self.0 ^ other.0)
    }
}

impl ops::BitXorAssign for Ready {
    fn bitxor_assign(&mut self, other: Ready) {
        self.0 ^= other.0;
    }
}

impl fmt::Debug for Ready {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [(Ready, &str); 4] = [
            (Ready::readable(), "Readable"),
            (Ready::writable(), "Writable"),
            (Ready::error(), "Error"),
            (Ready::hup(), "Hup"),
        ];
        if self.is_empty() {
            return f.write_str("(empty)");
        }
        let mut first = true;
        for (bit, name) in NAMES {
            if self.contains(bit) {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}
