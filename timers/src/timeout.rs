//! `Timeout`: a future raced against a [`Sleep`].
//!
//! The inner future is polled first, so one that is ready at once never touches
//! the wheel (the `Sleep` is lazy), and one that completes before its deadline costs
//! one wheel insert and remove.

use std::error::Error;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use pin_project_lite::pin_project;

use crate::clock::saturating_add;
use crate::{Driver, Sleep};

pin_project! {
    /// A future that gives up on its inner future at a deadline; see [`timeout`].
    ///
    /// # Panics
    ///
    /// Polling it panics if the inner future is not ready and the deadline has
    /// not come on a [shut-down](Driver::shutdown) driver (its runtime was
    /// dropped): see [`Sleep`].
    ///
    /// ```
    /// use runtime_timers::{timeout, Elapsed};
    /// use std::time::Duration;
    ///
    /// let never = std::future::pending::<()>();
    /// let result = futures::executor::block_on(timeout(Duration::from_millis(5), never));
    /// assert_eq!(result, Err(Elapsed::new()));
    /// ```
    #[derive(Debug)]
    #[must_use = "futures do nothing unless polled"]
    pub struct Timeout<F> {
        #[pin]
        future: F,
        sleep: Sleep,
    }
}

/// Runs `future` for at most `duration` on the [current driver](Driver::current);
/// `Duration::MAX` saturates to about 30 years.
///
/// ```
/// use runtime_timers::timeout;
/// use std::time::Duration;
///
/// let ready = async { 7 };
/// assert_eq!(futures::executor::block_on(timeout(Duration::from_secs(1), ready)), Ok(7));
/// ```
pub fn timeout<F: IntoFuture>(duration: Duration, future: F) -> Timeout<F::IntoFuture> {
    let driver = Driver::current();
    let deadline = saturating_add(driver.now(), duration);
    Timeout::owning(driver, deadline, future.into_future())
}

/// Runs `future` until `deadline` at most, on the [current driver](Driver::current).
///
/// ```
/// use runtime_timers::timeout_at;
/// use std::time::Instant;
///
/// let result = futures::executor::block_on(timeout_at(Instant::now(), std::future::pending::<()>()));
/// assert!(result.is_err());
/// ```
pub fn timeout_at<F: IntoFuture>(deadline: Instant, future: F) -> Timeout<F::IntoFuture> {
    Timeout::owning(Driver::current(), deadline, future.into_future())
}

impl<F> Timeout<F> {
    /// `future`, given up on at `deadline` on `driver`.
    ///
    /// ```
    /// use runtime_timers::{Driver, Timeout};
    /// use std::time::Duration;
    ///
    /// let driver = Driver::new();
    /// let timeout = Timeout::new_in(&driver, driver.now() + Duration::from_secs(1), async { 1 });
    /// assert_eq!(futures::executor::block_on(timeout), Ok(1));
    /// ```
    pub fn new_in(driver: &Driver, deadline: Instant, future: F) -> Timeout<F> {
        Timeout::owning(driver.clone(), deadline, future)
    }

    /// [`Timeout::new_in`] with a driver handle of its own.
    fn owning(driver: Driver, deadline: Instant, future: F) -> Timeout<F> {
        Timeout {
            future,
            sleep: Sleep::owning(driver, deadline),
        }
    }

    /// The inner future.
    pub fn get_ref(&self) -> &F {
        &self.future
    }

    /// The inner future.
    pub fn get_mut(&mut self) -> &mut F {
        &mut self.future
    }

    /// The inner future, unpinned.
    pub fn into_inner(self) -> F {
        self.future
    }

    /// When it gives up.
    pub fn deadline(&self) -> Instant {
        self.sleep.deadline()
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.future.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        match Pin::new(this.sleep).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Elapsed::new())),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The error of a [`Timeout`] whose deadline passed first.
///
/// ```
/// use runtime_timers::Elapsed;
///
/// let error = Elapsed::new();
/// assert_eq!(error.to_string(), "deadline has elapsed");
/// let io: std::io::Error = error.into();
/// assert_eq!(io.kind(), std::io::ErrorKind::TimedOut);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Elapsed(());

impl Elapsed {
    /// The error value (there is only one).
    pub const fn new() -> Elapsed {
        Elapsed(())
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl Error for Elapsed {}

impl From<Elapsed> for io::Error {
    fn from(elapsed: Elapsed) -> io::Error {
        io::Error::new(io::ErrorKind::TimedOut, elapsed)
    }
}
