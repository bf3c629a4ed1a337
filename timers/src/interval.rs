//! `Interval`: ticks at a fixed period, with tokio's three policies for missed ticks.
//!
//! An interval is a [`Sleep`] reset to the next tick each time it completes; between
//! ticks it holds no wheel entry until polled. A tick counts as *missed* when it
//! completes more than 5 ms after it was due (tokio's slack, so that the normal
//! lateness of a wake-up does not make `Delay` drift); the [`MissedTickBehavior`]
//! then chooses the next one.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_core::Stream;

use crate::clock::saturating_add;
use crate::{Driver, Sleep};

/// How late a tick may complete before it counts as missed.
const MISSED_SLACK: Duration = Duration::from_millis(5);

/// What an [`Interval`] does after missing ticks (a tick completed late).
///
/// With a period of 100 ms, ticks due at 100, 200, 300... and a tick that completes
/// at 350 (due at 100):
///
/// | behavior | next ticks due at     |
/// |----------|-----------------------|
/// | `Burst`  | 200, 300 at once, 400 |
/// | `Delay`  | 450, 550...           |
/// | `Skip`   | 400, 500...           |
///
/// ```
/// use runtime_timers::{interval, MissedTickBehavior};
/// use std::time::Duration;
///
/// let mut interval = interval(Duration::from_millis(100));
/// interval.set_missed_tick_behavior(MissedTickBehavior::Skip);
/// assert_eq!(interval.missed_tick_behavior(), MissedTickBehavior::Skip);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MissedTickBehavior {
    /// Ticks as fast as possible until caught up: the schedule is kept.
    #[default]
    Burst,
    /// The next tick is a period after the late one completed: the schedule moves.
    Delay,
    /// The missed ticks are dropped; the next is the next one on the schedule.
    Skip,
}

impl MissedTickBehavior {
    /// The tick after one due at `due` that completed, late, at `now`.
    fn next(self, due: Instant, now: Instant, period: Duration) -> Instant {
        match self {
            MissedTickBehavior::Burst => saturating_add(due, period),
            MissedTickBehavior::Delay => saturating_add(now, period),
            MissedTickBehavior::Skip => {
                let late = now.saturating_duration_since(due).as_nanos();
                let into_period = late % period.as_nanos();
                // `into_period < period`, so it fits in the `Duration` `period` is.
                let remaining = period.saturating_sub(Duration::from_nanos(
                    u64::try_from(into_period).unwrap_or(u64::MAX),
                ));
                saturating_add(now, remaining)
            }
        }
    }
}

/// A stream of ticks a period apart; see [`interval`] and [`interval_at`].
///
/// # Panics
///
/// Waiting for a tick panics if its driver was [shut down](Driver::shutdown) (its
/// runtime was dropped) before the tick is due: see [`Sleep`].
///
/// ```
/// use runtime_timers::interval;
/// use std::time::{Duration, Instant};
///
/// futures::executor::block_on(async {
///     let start = Instant::now();
///     let mut interval = interval(Duration::from_millis(10));
///     interval.tick().await; // the first tick completes at once
///     interval.tick().await;
///     interval.tick().await;
///     assert!(start.elapsed() >= Duration::from_millis(20));
/// });
/// ```
pub struct Interval {
    sleep: Sleep,
    period: Duration,
    missed_tick_behavior: MissedTickBehavior,
}

/// An [`Interval`] on the [current driver](Driver::current) whose first tick is now.
///
/// A zero `period` is taken as 1 ms, the wheel's resolution.
pub fn interval(period: Duration) -> Interval {
    let driver = Driver::current();
    let start = driver.now();
    Interval::new_in(&driver, start, period)
}

/// An [`Interval`] on the [current driver](Driver::current) whose first tick is at
/// `start`.
///
/// ```
/// use runtime_timers::interval_at;
/// use std::time::{Duration, Instant};
///
/// let start = Instant::now();
/// let mut interval = interval_at(start, Duration::from_secs(1));
/// assert_eq!(futures::executor::block_on(interval.tick()), start);
/// ```
pub fn interval_at(start: Instant, period: Duration) -> Interval {
    Interval::new_in(&Driver::current(), start, period)
}

impl Interval {
    /// An interval on `driver` whose first tick is at `start`. A zero `period` is
    /// taken as 1 ms.
    ///
    /// ```
    /// use runtime_timers::{Driver, Interval};
    /// use std::time::Duration;
    ///
    /// let driver = Driver::new();
    /// driver.pause();
    /// let start = driver.now();
    /// let mut interval = Interval::new_in(&driver, start, Duration::from_secs(1));
    /// futures::executor::block_on(async {
    ///     assert_eq!(interval.tick().await, start);
    ///     driver.advance(Duration::from_secs(1));
    ///     assert_eq!(interval.tick().await, start + Duration::from_secs(1));
    /// });
    /// ```
    pub fn new_in(driver: &Driver, start: Instant, period: Duration) -> Interval {
        Interval {
            sleep: Sleep::new_in(driver, start),
            period: period.max(Duration::from_millis(1)),
            missed_tick_behavior: MissedTickBehavior::default(),
        }
    }

    /// Waits for the next tick and returns when it was due.
    pub async fn tick(&mut self) -> Instant {
        poll_fn(|cx| self.poll_tick(cx)).await
    }

    /// Polls for the next tick: `Ready(when it was due)` once it is.
    pub fn poll_tick(&mut self, cx: &mut Context<'_>) -> Poll<Instant> {
        if Pin::new(&mut self.sleep).poll(cx).is_pending() {
            return Poll::Pending;
        }
        let due = self.sleep.deadline();
        let now = self.sleep.driver().now();
        let next = if now > saturating_add(due, MISSED_SLACK) {
            self.missed_tick_behavior.next(due, now, self.period)
        } else {
            saturating_add(due, self.period)
        };
        self.sleep.reset(next);
        Poll::Ready(due)
    }

    /// Restarts the schedule: the next tick is a period from now.
    pub fn reset(&mut self) {
        let now = self.sleep.driver().now();
        self.sleep.reset(saturating_add(now, self.period));
    }

    /// Restarts the schedule: the next tick is at `deadline`.
    pub fn reset_at(&mut self, deadline: Instant) {
        self.sleep.reset(deadline);
    }

    /// The policy for missed ticks.
    pub fn missed_tick_behavior(&self) -> MissedTickBehavior {
        self.missed_tick_behavior
    }

    /// Sets the policy for missed ticks.
    pub fn set_missed_tick_behavior(&mut self, behavior: MissedTickBehavior) {
        self.missed_tick_behavior = behavior;
    }

    /// The period between ticks.
    pub fn period(&self) -> Duration {
        self.period
    }
}

impl Stream for Interval {
    type Item = Instant;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Instant>> {
        self.get_mut().poll_tick(cx).map(Some)
    }
}

impl fmt::Debug for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interval")
            .field("next_tick", &self.sleep.deadline())
            .field("period", &self.period)
            .field("missed_tick_behavior", &self.missed_tick_behavior)
            .finish()
    }
}
