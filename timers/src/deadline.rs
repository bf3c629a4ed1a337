//! `Deadline`: a user-space registration made readable at an instant.
//!
//! mio 0.6's documentation built `Deadline` with one thread per deadline. Here a
//! deadline is one wheel entry whose action is `set_readiness(Ready::readable())` on
//! its own [`Registration`]: inside a runtime it uses the runtime's driver, elsewhere
//! the process-wide one (see `context.rs`). A deadline already past is made readable
//! at once and never touches the wheel; dropping a deadline cancels its entry.
//!
//! If its driver shuts down first (its runtime was dropped), the deadline is made
//! `readable | hup` at once, and one made on a shut-down driver is made so at
//! creation: a `Poll` waiting for it never waits for ever. A `readable` interest
//! sees readable; `hup` in the interest tells it apart from a fired deadline, as
//! does [`Deadline::is_elapsed`], which stays `false` until the instant comes.

use std::fmt;
use std::io;
use std::time::Instant;

use runtime_reactor::{Evented, Poll, PollOpt, Ready, Registration, Token};

use crate::driver::Refused;
use crate::notify::Notify;
use crate::{Driver, TimerKey};

/// A readiness source that becomes readable at an instant, as in mio 0.6's docs.
///
/// ```
/// use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};
/// use runtime_timers::Deadline;
/// use std::time::{Duration, Instant};
///
/// let poll = Poll::new()?;
/// let deadline = Deadline::new(Instant::now() + Duration::from_millis(10));
/// poll.register(&deadline, Token(0), Ready::readable(), PollOpt::edge())?;
///
/// let mut events = Events::with_capacity(8);
/// poll.poll(&mut events, None)?; // no runtime: the process-wide timer thread fires it
/// assert_eq!(events.iter().next().unwrap().token(), Token(0));
/// assert!(deadline.is_elapsed());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Deadline {
    when: Instant,
    registration: Registration,
    driver: Driver,
    /// The wheel entry, until dropped; `None` if `when` had passed at creation.
    key: Option<TimerKey>,
}

impl Deadline {
    /// A deadline at `when` on the [current driver](Driver::current): the runtime's
    /// inside one, the process-wide one elsewhere.
    pub fn new(when: Instant) -> Deadline {
        Deadline::owning(Driver::current(), when)
    }

    /// A deadline at `when` on `driver`.
    ///
    /// ```
    /// use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};
    /// use runtime_timers::{Deadline, Driver};
    /// use std::time::Duration;
    ///
    /// let driver = Driver::new();
    /// driver.pause();
    /// let deadline = Deadline::new_in(&driver, driver.now() + Duration::from_secs(5));
    /// let poll = Poll::new()?;
    /// poll.register(&deadline, Token(7), Ready::readable(), PollOpt::edge())?;
    ///
    /// let mut events = Events::with_capacity(8);
    /// poll.poll(&mut events, Some(Duration::ZERO))?;
    /// assert!(events.is_empty());
    /// driver.advance(Duration::from_secs(5));
    /// poll.poll(&mut events, Some(Duration::ZERO))?;
    /// assert_eq!(events.iter().next().unwrap().token(), Token(7));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new_in(driver: &Driver, when: Instant) -> Deadline {
        Deadline::owning(driver.clone(), when)
    }

    /// [`Deadline::new_in`] with a driver handle of its own.
    fn owning(driver: Driver, when: Instant) -> Deadline {
        let (registration, set_readiness) = Registration::new2();
        // A deadline already past is made readable here, before it is even
        // registered (SPEC R3), and never touches the wheel.
        let key = if driver.now() >= when {
            Err(Refused::Due(Notify::Readiness(set_readiness)))
        } else {
            driver.register(when, Notify::Readiness(set_readiness))
        };
        let key = match key {
            Ok(key) => Some(key),
            Err(Refused::Due(due)) => {
                due.notify();
                None
            }
            Err(Refused::ShutDown(notify)) => {
                notify.shut_down();
                None
            }
        };
        Deadline {
            when,
            registration,
            driver,
            key,
        }
    }

    /// Whether the deadline has passed, on its driver's clock.
    pub fn is_elapsed(&self) -> bool {
        self.driver.now() >= self.when
    }

    /// The instant the deadline is at.
    pub fn when(&self) -> Instant {
        self.when
    }
}

impl Evented for Deadline {
    fn register(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        self.registration.register(poll, token, interest, opts)
    }

    fn reregister(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        self.registration.reregister(poll, token, interest, opts)
    }

    fn deregister(&self, poll: &Poll) -> io::Result<()> {
        self.registration.deregister(poll)
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            self.driver.cancel(key);
        }
    }
}

impl fmt::Debug for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deadline")
            .field("when", &self.when)
            .field("registration", &self.registration)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_deadline_is_40_bytes() {
        // The instant, the registration, the driver handle and the key (whose
        // generation's niche makes `Option<TimerKey>` 8 bytes).
        assert_eq!(std::mem::size_of::<super::Deadline>(), 40);
    }
}
