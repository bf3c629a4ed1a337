//! Spinning before sleeping, over an adaptive window (as KVM polls before it halts
//! a vCPU).
//!
//! ## Why
//!
//! A thread that waits for another one can sleep (a syscall for the waker, another
//! for the sleeper, and, once the sleeper's CPU has gone idle, the time it takes to
//! bring that CPU back), or watch for the work for a little while first. When the
//! gaps between a sleep and the wake-up that ends it are short, watching through
//! them means the waker finds the thread awake: no syscall on either side and no
//! idle CPU to rouse. Two threads trading events then settle into round trips of a
//! few microseconds instead of two wake-ups each.
//!
//! ## The window
//!
//! - It starts at [`MIN`] (1 µs: a producer already mid-burst is caught), and the
//!   waiter spins at most that long, or until its own deadline, before it sleeps.
//! - When a sleep ends with the awaited work after `idle` (counted from the start of
//!   the spin), and `idle` is at most [`MAX`], the window grows to cover it:
//!   `idle + idle / 2`, capped at `MAX`. The next gap like it is caught by spinning.
//! - When a sleep lasts longer than `MAX`, or ends without the awaited work (a
//!   timeout, an OS event), the window drops back to `MIN`: an idle or slow source
//!   costs at most one long spin, then 1 µs per sleep.
//! - A spin that catches the work keeps the window.
//!
//! So spinning costs CPU only while work keeps coming within `MAX` of each sleep,
//! and then at most `MAX` per sleep: the trade every spin-then-block design makes
//! (KVM's `halt_poll_ns`, Go's spinning threads, std's channels), bounded.
//!
//! Callers decide when not to spin at all: a thread confined to one CPU
//! ([`may_use_several_cpus`](crate::may_use_several_cpus)) cannot be joined by its
//! waker while it spins.
//!
//! While spinning, the waiter yields its CPU every [`YIELD_EVERY`]: with more
//! runnable threads than CPUs, another thread (maybe the waker) runs, rather than
//! waiting for the spinner's time slice to end.

use std::time::{Duration, Instant};

/// The shortest window, and the one spun with OS sources registered.
pub const MIN: Duration = Duration::from_micros(1);
/// The longest window: gaps longer than this are slept through.
pub const MAX: Duration = Duration::from_micros(100);
/// How often a spinning poller yields its CPU.
const YIELD_EVERY: Duration = Duration::from_micros(10);

/// The adaptive window; see the module docs.
#[derive(Debug)]
pub struct Spin {
    window: Duration,
}

impl Default for Spin {
    fn default() -> Spin {
        Spin { window: MIN }
    }
}

impl Spin {
    /// The current window.
    ///
    /// ```
    /// assert_eq!(runtime_spin::Spin::default().window(), runtime_spin::MIN);
    /// ```
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Spins until `ready()` (then `true`) or until `limit` has passed since
    /// `start`. `ready` should be a plain load: it runs every few nanoseconds.
    ///
    /// ```
    /// use runtime_spin::Spin;
    /// use std::sync::atomic::{AtomicBool, Ordering};
    /// use std::time::{Duration, Instant};
    ///
    /// let flag = AtomicBool::new(false);
    /// // Nothing sets the flag: the spin gives up once its limit has passed.
    /// let ready = || flag.load(Ordering::Relaxed);
    /// assert!(!Spin::spin(Instant::now(), Duration::from_micros(5), ready));
    /// ```
    pub fn spin(start: Instant, limit: Duration, ready: impl Fn() -> bool) -> bool {
        // Miri's clock advances with the instructions it interprets, and loom cannot
        // explore a clock loop: one look covers the path.
        if cfg!(any(miri, loom)) {
            return ready();
        }
        let mut yielded = Duration::ZERO;
        loop {
            for _ in 0..16 {
                if ready() {
                    return true;
                }
                std::hint::spin_loop();
            }
            let spun = start.elapsed();
            if spun >= limit {
                return false;
            }
            if spun >= yielded + YIELD_EVERY {
                yielded = spun;
                std::thread::yield_now();
            }
        }
    }

    /// [`slept`](Self::slept) for a sleep whose spin began at `start`; nothing if
    /// it did not spin (`None`: confined to one CPU, or no time left).
    ///
    /// ```
    /// let mut spin = runtime_spin::Spin::default();
    /// spin.slept_since(None, true); // did not spin: nothing to learn
    /// assert_eq!(spin.window(), runtime_spin::MIN);
    /// ```
    pub fn slept_since(&mut self, start: Option<Instant>, pushed: bool) {
        if let Some(start) = start {
            self.slept(start.elapsed(), pushed);
        }
    }

    /// Adapts the window after a sleep that ended `idle` after the spin began,
    /// `pushed` telling whether a push ended it.
    ///
    /// ```
    /// use runtime_spin::{Spin, MIN};
    /// use std::time::Duration;
    ///
    /// let mut spin = Spin::default();
    /// spin.slept(Duration::from_micros(20), true); // a short gap, ended by work
    /// assert_eq!(spin.window(), Duration::from_micros(30));
    /// spin.slept(Duration::from_millis(5), true); // a long one: back to the start
    /// assert_eq!(spin.window(), MIN);
    /// ```
    pub fn slept(&mut self, idle: Duration, pushed: bool) {
        self.window = if pushed && idle <= MAX {
            (idle + idle / 2).clamp(MIN, MAX).max(self.window)
        } else {
            MIN
        };
    }
}

#[cfg(test)]
mod tests {
    use super::{Spin, MAX, MIN};
    use std::time::Duration;

    const US: Duration = Duration::from_micros(1);

    /// A spin ends as soon as `ready` says so, and reports it.
    #[test]
    fn a_spin_ends_when_ready() {
        let calls = std::cell::Cell::new(0);
        let ready = || {
            calls.set(calls.get() + 1);
            calls.get() == 40
        };
        let start = std::time::Instant::now();
        // Under Miri: one look, which finds nothing yet.
        assert_eq!(
            Spin::spin(start, Duration::from_secs(60), ready),
            !cfg!(any(miri, loom))
        );
        assert_eq!(calls.get(), if cfg!(any(miri, loom)) { 1 } else { 40 });
    }

    /// A spin that never sees `ready` gives up once `limit` has passed, no sooner.
    #[test]
    #[cfg_attr(miri, ignore = "Miri looks once and returns")]
    fn a_spin_gives_up_after_its_limit() {
        let start = std::time::Instant::now();
        assert!(!Spin::spin(start, 30 * US, || false));
        assert!(start.elapsed() >= 30 * US);
    }

    #[test]
    fn starts_at_the_minimum() {
        assert_eq!(Spin::default().window(), MIN);
    }

    /// A short gap ended by a push is covered next time, with half again to spare.
    #[test]
    fn grows_to_cover_a_short_gap() {
        let mut spin = Spin::default();
        spin.slept(40 * US, true);
        assert_eq!(spin.window(), 60 * US);
        // A shorter gap does not shrink it: the longer one may come again.
        spin.slept(10 * US, true);
        assert_eq!(spin.window(), 60 * US);
        // Capped at MAX.
        spin.slept(90 * US, true);
        assert_eq!(spin.window(), MAX);
    }

    /// A gap longer than MAX, or a sleep no push ended, resets to the minimum.
    #[test]
    fn resets_after_a_long_gap_or_no_push() {
        let mut spin = Spin::default();
        spin.slept(40 * US, true);
        spin.slept(MAX + US, true);
        assert_eq!(spin.window(), MIN);
        spin.slept(40 * US, true);
        spin.slept(5 * US, false);
        assert_eq!(spin.window(), MIN);
    }
}
