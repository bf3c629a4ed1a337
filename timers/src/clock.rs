//! The driver's clock: `Instant`s, which may be paused, resumed and advanced.
//!
//! The clock reads `base + (Instant::now() - unfrozen)` while running and `base`
//! while paused: pausing freezes it, resuming lets it run on from where it stood,
//! and advancing adds to `base`. It never goes backwards.
//!
//! Until the clock is first paused or advanced it reads `Instant::now()` exactly
//! (`base == unfrozen == origin`), so `now` skips the lock while the `adjusted` flag
//! is clear: the common case, a runtime that never pauses, pays no lock for time.
//!
//! The wheel counts milliseconds since the clock's `origin` (its creation). A
//! deadline is rounded *up* to the next millisecond and the present *down*, so a
//! timer is due only once the clock has reached its deadline: never early. Pausing
//! rounds the frozen time up to a whole millisecond since `origin`, so that on a
//! paused clock `sleep(d)` followed by a jump to the next timer lands exactly `d`
//! later (for whole-millisecond `d`).

use std::fmt;
use std::time::{Duration, Instant};

use crate::sync::{AtomicBool, Mutex, Ordering};

/// How far [`saturating_add`] goes when the sum cannot be represented: 30 years.
const FAR_FUTURE: Duration = Duration::from_secs(30 * 365 * 24 * 3600);

/// `now + duration`, or about 30 years from `now` if that overflows `Instant`.
pub(crate) fn saturating_add(now: Instant, duration: Duration) -> Instant {
    now.checked_add(duration)
        .or_else(|| now.checked_add(FAR_FUTURE))
        .unwrap_or(now)
}

/// A pausable clock and its millisecond origin.
pub(crate) struct Clock {
    origin: Instant,
    /// Set (for good) by the first `pause` or `advance`; until then `now` is the
    /// real time and needs no lock.
    adjusted: AtomicBool,
    state: Mutex<State>,
}

struct State {
    base: Instant,
    /// When the clock last started running; `None` while paused.
    unfrozen: Option<Instant>,
}

impl Clock {
    pub(crate) fn new() -> Clock {
        let origin = Instant::now();
        Clock {
            origin,
            adjusted: AtomicBool::new(false),
            state: Mutex::new(State {
                base: origin,
                unfrozen: Some(origin),
            }),
        }
    }

    pub(crate) fn now(&self) -> Instant {
        // The real time is read *before* the flag: a first `pause` sets the flag
        // before it reads the time it freezes at, so a reader that saw the flag
        // clear read a time no later than the frozen one, and the clock never
        // goes back for it.
        let real = Instant::now();
        // ORDERING: Acquire pairs with the Release store in `adjust` (made under the
        // lock, before the state changes), so a reader that sees the flag set and
        // then takes the lock finds the adjusted state; see above for one that sees
        // it clear.
        if !self.adjusted.load(Ordering::Acquire) {
            return real;
        }
        let state = self.state.lock();
        match state.unfrozen {
            Some(unfrozen) => saturating_add(state.base, unfrozen.elapsed()),
            None => state.base,
        }
    }

    pub(crate) fn is_paused(&self) -> bool {
        self.state.lock().unfrozen.is_none()
    }

    /// Freezes the clock at the present, rounded up to a whole millisecond.
    pub(crate) fn pause(&self) {
        let mut state = self.adjust();
        if let Some(unfrozen) = state.unfrozen.take() {
            let now = saturating_add(state.base, unfrozen.elapsed());
            state.base = self.instant_at(self.deadline_ms(now));
        }
    }

    /// Lets the clock run on from where it stands.
    pub(crate) fn resume(&self) {
        let mut state = self.state.lock();
        if state.unfrozen.is_none() {
            state.unfrozen = Some(Instant::now());
        }
    }

    /// Moves the clock `duration` forward, paused or not.
    pub(crate) fn advance(&self, duration: Duration) {
        let mut state = self.adjust();
        state.base = saturating_add(state.base, duration);
    }

    /// If paused, moves the clock forward to `target` (not back); `false` if running.
    pub(crate) fn advance_paused_to(&self, target: Instant) -> bool {
        let mut state = self.state.lock();
        if state.unfrozen.is_some() {
            return false;
        }
        state.base = state.base.max(target);
        true
    }

    /// Locks the state for a change that makes it differ from the real time.
    fn adjust(&self) -> crate::sync::MutexGuard<'_, State> {
        let state = self.state.lock();
        // ORDERING: Release, under the lock, before the caller changes the state:
        // see `now`.
        self.adjusted.store(true, Ordering::Release);
        state
    }

    /// The wheel time of a deadline: milliseconds since `origin`, rounded up.
    #[inline]
    pub(crate) fn deadline_ms(&self, when: Instant) -> u64 {
        let since = when.saturating_duration_since(self.origin);
        // u64 arithmetic (a `u128` division costs more than the rest of an insert).
        let sub_ms = u64::from(since.subsec_nanos().div_ceil(1_000_000));
        since
            .as_secs()
            .checked_mul(1_000)
            .and_then(|ms| ms.checked_add(sub_ms))
            .unwrap_or(u64::MAX)
    }

    /// The wheel time of the present `now`: milliseconds since `origin`, rounded down.
    #[inline]
    pub(crate) fn now_ms(&self, now: Instant) -> u64 {
        let since = now.saturating_duration_since(self.origin);
        let sub_ms = u64::from(since.subsec_millis());
        since
            .as_secs()
            .checked_mul(1_000)
            .and_then(|ms| ms.checked_add(sub_ms))
            .unwrap_or(u64::MAX)
    }

    /// The instant of wheel time `ms`.
    pub(crate) fn instant_at(&self, ms: u64) -> Instant {
        saturating_add(self.origin, Duration::from_millis(ms))
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clock")
            .field("now", &self.now())
            .field("paused", &self.is_paused())
            .finish_non_exhaustive()
    }
}
