//! `Evented`: anything that can be registered with a [`Poll`].
//!
//! Implemented for [`Registration`](crate::Registration) (user space), and on Unix
//! for `EventedFd` (any file descriptor) and mio 1.x's `net` types, so OS sockets and
//! user-space sources share one `Poll`. A custom type implements it by forwarding to
//! a field, as `runtime-timers`' `Deadline` does. The trait has mio 0.6's three
//! methods and nothing else.

use crate::{Poll, PollOpt, Ready, Token};
use std::io;
#[cfg(all(unix, not(loom)))]
use std::os::fd::{AsRawFd, RawFd};

/// A value that can be registered with a [`Poll`], with mio 0.6's signatures.
///
/// ```
/// use runtime_reactor::event::Evented;
/// use runtime_reactor::{Poll, PollOpt, Ready, Registration, Token};
/// use std::io;
///
/// /// A user type that is readable when its registration says so.
/// struct Doorbell {
///     registration: Registration,
/// }
///
/// impl Evented for Doorbell {
///     fn register(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt) -> io::Result<()> {
///         self.registration.register(poll, token, interest, opts)
///     }
///     fn reregister(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt) -> io::Result<()> {
///         self.registration.reregister(poll, token, interest, opts)
///     }
///     fn deregister(&self, poll: &Poll) -> io::Result<()> {
///         poll.deregister(&self.registration)
///     }
/// }
///
/// let poll = Poll::new()?;
/// let (registration, _set) = Registration::new2();
/// poll.register(&Doorbell { registration }, Token(0), Ready::readable(), PollOpt::edge())?;
/// # Ok::<(), io::Error>(())
/// ```
pub trait Evented {
    /// Registers `self` with `poll` under `token`.
    fn register(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt)
        -> io::Result<()>;

    /// Replaces the token, interest and options of `self` in `poll`.
    fn reregister(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()>;

    /// Removes `self` from `poll`.
    fn deregister(&self, poll: &Poll) -> io::Result<()>;
}

impl<E: Evented + ?Sized> Evented for &E {
    fn register(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        (**self).register(poll, token, interest, opts)
    }

    fn reregister(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        (**self).reregister(poll, token, interest, opts)
    }

    fn deregister(&self, poll: &Poll) -> io::Result<()> {
        (**self).deregister(poll)
    }
}

/// Registers any file descriptor, as mio 0.6's `EventedFd` did (Unix only).
///
/// Edge-triggered only (SPEC O4). The descriptor must stay open while registered.
///
/// ```
/// use runtime_reactor::unix::EventedFd;
/// use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};
/// use std::io::Write;
/// use std::os::fd::AsRawFd;
/// use std::os::unix::net::UnixStream;
///
/// # if cfg!(miri) { return Ok(()); } // Miri models no socket operations here.
/// let (a, mut b) = UnixStream::pair()?;
/// let poll = Poll::new()?;
/// poll.register(&EventedFd(&a.as_raw_fd()), Token(3), Ready::readable(), PollOpt::edge())?;
/// b.write_all(b"ping")?;
/// let mut events = Events::with_capacity(4);
/// poll.poll(&mut events, None)?;
/// assert_eq!(events.iter().next().unwrap().token(), Token(3));
/// # Ok::<(), std::io::Error>(())
/// ```
#[cfg(all(unix, not(loom)))]
#[derive(Debug, Clone, Copy)]
pub struct EventedFd<'a>(pub &'a RawFd);

#[cfg(all(unix, not(loom)))]
impl Evented for EventedFd<'_> {
    fn register(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        poll.register_fd(*self.0, token, interest, opts, false)
    }

    fn reregister(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        poll.register_fd(*self.0, token, interest, opts, true)
    }

    fn deregister(&self, poll: &Poll) -> io::Result<()> {
        poll.deregister_fd(*self.0)
    }
}

#[cfg(all(unix, not(loom)))]
macro_rules! evented_by_fd {
    ($($ty:ty),* $(,)?) => {$(
        impl Evented for $ty {
            fn register(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt) -> io::Result<()> {
                EventedFd(&self.as_raw_fd()).register(poll, token, interest, opts)
            }

            fn reregister(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt) -> io::Result<()> {
                EventedFd(&self.as_raw_fd()).reregister(poll, token, interest, opts)
            }

            fn deregister(&self, poll: &Poll) -> io::Result<()> {
                EventedFd(&self.as_raw_fd()).deregister(poll)
            }
        }
    )*};
}

#[cfg(all(unix, not(loom)))]
evented_by_fd!(
    mio::net::TcpListener,
    mio::net::TcpStream,
    mio::net::UdpSocket,
    mio::net::UnixListener,
    mio::net::UnixStream,
    mio::net::UnixDatagram,
);
