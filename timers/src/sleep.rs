//! `Sleep`: a future that completes at a deadline.
//!
//! A `Sleep` is a deadline and a [`Driver`] handle until it is first polled: then, if
//! the deadline has not passed, it files one wheel entry holding the task's `Waker`
//! (see the entry state table in `driver.rs`). A `Sleep` dropped or completed
//! before its deadline, as most timeouts are, costs one insert and one remove;
//! one never polled costs nothing. It holds no pinned state, so it is `Unpin`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::clock::saturating_add;
use crate::driver::{Refused, SHUT_DOWN};
use crate::notify::Notify;
use crate::{Driver, TimerKey};

/// A future that completes at its deadline; see [`sleep`] and [`sleep_until`].
///
/// `Send + Sync + Unpin`. Created with [`Sleep::new_in`] for an explicit driver.
///
/// # Panics
///
/// Polling it panics if its driver was [shut down](Driver::shutdown) (its runtime
/// was dropped) before the deadline: it would never complete. The panic names the
/// shutdown; a deadline already reached still completes.
///
/// ```
/// use runtime_timers::sleep;
/// use std::time::{Duration, Instant};
///
/// let start = Instant::now();
/// futures::executor::block_on(sleep(Duration::from_millis(20)));
/// assert!(start.elapsed() >= Duration::from_millis(20)); // never early
/// ```
pub struct Sleep {
    driver: Driver,
    deadline: Instant,
    state: State,
}

/// Where the `Sleep` stands with the wheel.
#[derive(Debug, Clone, Copy)]
enum State {
    /// Not in the wheel (never polled, or reset since it completed).
    Unregistered,
    /// In the wheel under this key (stale once fired).
    Registered(TimerKey),
    /// Completed: the deadline was reached.
    Elapsed,
}

/// A [`Sleep`] that completes `duration` from now on the [current
/// driver](Driver::current); `Duration::MAX` saturates to about 30 years.
pub fn sleep(duration: Duration) -> Sleep {
    let driver = Driver::current();
    let deadline = saturating_add(driver.now(), duration);
    Sleep::owning(driver, deadline)
}

/// A [`Sleep`] that completes at `deadline` on the [current driver](Driver::current).
///
/// ```
/// use runtime_timers::sleep_until;
/// use std::time::Instant;
///
/// futures::executor::block_on(sleep_until(Instant::now())); // already due
/// ```
pub fn sleep_until(deadline: Instant) -> Sleep {
    Sleep::owning(Driver::current(), deadline)
}

impl Sleep {
    /// A `Sleep` that completes at `deadline` on `driver`. Touches nothing until
    /// polled.
    ///
    /// ```
    /// use runtime_timers::{Driver, Sleep};
    /// use std::time::Duration;
    ///
    /// let driver = Driver::new();
    /// driver.pause();
    /// let sleep = Sleep::new_in(&driver, driver.now() + Duration::from_millis(5));
    /// assert!(!sleep.is_elapsed());
    /// driver.advance(Duration::from_millis(5));
    /// assert!(sleep.is_elapsed());
    /// ```
    pub fn new_in(driver: &Driver, deadline: Instant) -> Sleep {
        Sleep::owning(driver.clone(), deadline)
    }

    /// [`Sleep::new_in`] with a handle of its own: no reference-count round trip
    /// for the handle `Driver::current` just made.
    pub(crate) fn owning(driver: Driver, deadline: Instant) -> Sleep {
        Sleep {
            driver,
            deadline,
            state: State::Unregistered,
        }
    }

    /// When it completes.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Whether the deadline has passed on the driver's clock.
    pub fn is_elapsed(&self) -> bool {
        matches!(self.state, State::Elapsed) || self.driver.now() >= self.deadline
    }

    /// Moves the deadline to `deadline`, earlier or later, even after completion (it
    /// then completes again at the new deadline). Keeps its wheel entry and waker
    /// if it has one.
    ///
    /// ```
    /// use runtime_timers::sleep;
    /// use std::time::{Duration, Instant};
    ///
    /// let mut sleep = sleep(Duration::from_secs(3600));
    /// sleep.reset(Instant::now() + Duration::from_millis(1));
    /// futures::executor::block_on(&mut sleep);
    /// ```
    pub fn reset(&mut self, deadline: Instant) {
        self.deadline = deadline;
        self.state = match self.state {
            State::Registered(key) if self.driver.reschedule(key, deadline) => {
                State::Registered(key)
            }
            _ => State::Unregistered,
        };
    }

    /// The driver it runs on.
    pub(crate) fn driver(&self) -> &Driver {
        &self.driver
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        match this.state {
            State::Elapsed => Poll::Ready(()),
            State::Unregistered => {
                // `register` tells a due deadline, mostly without reading the clock.
                let notify = Notify::Waker(cx.waker().clone());
                match this.driver.register(this.deadline, notify) {
                    Ok(key) => {
                        this.state = State::Registered(key);
                        Poll::Pending
                    }
                    Err(Refused::Due(_)) => {
                        this.state = State::Elapsed;
                        Poll::Ready(())
                    }
                    Err(Refused::ShutDown(_)) => panic!("{SHUT_DOWN}"),
                }
            }
            State::Registered(key) => {
                if this.driver.update_waker(key, cx.waker()) {
                    Poll::Pending
                } else if this.driver.is_shut_down() && this.driver.now() < this.deadline {
                    // Taken out by the shutdown, not fired (the clock says so).
                    this.state = State::Unregistered;
                    panic!("{SHUT_DOWN}");
                } else {
                    this.state = State::Elapsed;
                    Poll::Ready(())
                }
            }
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let State::Registered(key) = self.state {
            self.driver.cancel(key);
        }
    }
}

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sleep")
            .field("deadline", &self.deadline)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}
