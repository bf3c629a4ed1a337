//! Spinning before the poller sleeps, for an adaptive window (as KVM polls before it
//! halts a vCPU).
//!
//! ## Why
//!
//! A producer that finds the poller asleep pays a syscall to wake it, and the
//! poller pays more to sleep and come back; when the poller's CPU has gone idle,
//! waking it costs far more again: measured on this 2-vCPU VM, about 45 µs, so a
//! ping-pong between two threads on two CPUs (`event-rtt`, `event-task-rtt`) costs
//! 85–100 µs a round trip when both sleep. If the poller instead watches the queue
//! for a little longer than the gap it has been seeing between sleeping and being
//! woken, the next push finds it awake: no wake-up syscall, no idle CPU to rouse.
//! Two threads doing that to each other settle into round trips of a few µs.
//!
//! ## The window
//!
//! - It starts at [`MIN`] (1 µs: a producer already mid-burst is caught), and the
//!   poller spins at most that long, or until its own deadline, before it sleeps.
//! - When a sleep ends with a push after `idle` (from the start of the spin), and
//!   `idle` is at most [`MAX`], the window grows to cover it: `idle + idle / 2`,
//!   capped at `MAX`. The next gap like it is then caught by spinning.
//! - When a sleep lasts longer than `MAX`, or ends without a push (a timeout, an OS
//!   event), the window drops back to `MIN`: an idle or slow source costs at most
//!   one long spin, then 1 µs per sleep.
//! - A spin that catches a push keeps the window.
//!
//! So the spinning costs CPU only while pushes keep coming within `MAX` of each
//! sleep, and then at most `MAX` per sleep: the trade every spin-then-block design
//! makes (KVM's `halt_poll_ns`, Go's spinning threads, std's channels), bounded.
//!
//! ## When it does not spin past `MIN`
//!
//! - The polling thread is confined to one CPU (`taskset`): the producer cannot run
//!   while the poller spins, so the poller does not spin at all.
//! - OS sources are registered: the spin watches only the user-space queue, and a
//!   socket event arriving meanwhile would wait for the spin to end. Those pollers
//!   keep the 1 µs spin and sleep in `epoll_wait`.
//!
//! The executor's multi-thread workers spin the same way before they park (through
//! the hidden `runtime_reactor::__private`), watching their parker's token.
//!
//! While spinning, the poller yields its CPU every [`YIELD_EVERY`]: with more
//! runnable threads than CPUs, another thread (maybe the producer) runs, rather
//! than waiting for the spinner's time slice to end.

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
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Spins until `ready()` (then `true`) or until `limit` has passed since
    /// `start`. `ready` should be a plain load: it runs every few nanoseconds.
    pub fn spin(start: Instant, limit: Duration, ready: impl Fn() -> bool) -> bool {
        // Miri's clock advances with the instructions it interprets: one look is
        // enough to cover the path, and a 100 µs window would cost minutes there.
        if cfg!(miri) {
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
    pub(crate) fn slept_since(&mut self, start: Option<Instant>, pushed: bool) {
        if let Some(start) = start {
            self.slept(start.elapsed(), pushed);
        }
    }

    /// Adapts the window after a sleep that ended `idle` after the spin began,
    /// `pushed` telling whether a push ended it.
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
            !cfg!(miri)
        );
        assert_eq!(calls.get(), if cfg!(miri) { 1 } else { 40 });
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
