//! `unix::SourceFd<T>`: a file descriptor the source owns, registered as it is.
//!
//! [`EventedFd`](crate::unix::EventedFd) borrows a raw descriptor, so whoever
//! registers it must keep the descriptor open and the borrow alive. `SourceFd` owns
//! the value holding the descriptor (an `OwnedFd`, a `File` opened on a pipe or a
//! tty, a C library's socket wrapped in `OwnedFd::from_raw_fd`...), so it can be
//! moved into an `Async` and awaited like mio's own types: the descriptor lives
//! exactly as long as the registration, and is closed when the `SourceFd` is
//! dropped (after the `Async` holding it deregistered it).
//!
//! [`SourceFd::new`] puts the descriptor in non-blocking mode, as every source of an
//! edge-triggered reactor must be: an operation that would block has to say
//! `WouldBlock` instead, which is what tells the awaiting task to sleep until the
//! next event.

use std::io;
use std::os::fd::{AsFd, AsRawFd};

use crate::evented::EventedFd;
use crate::{Evented, Poll, PollOpt, Ready, Token};

/// A value owning a file descriptor (`T: AsFd`), as a readiness source. Unix only.
///
/// Edge-triggered only, like every OS source (SPEC O4).
///
/// ```
/// use runtime_reactor::unix::SourceFd;
/// use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};
/// use std::io::{Read, Write};
/// use std::os::unix::net::UnixStream;
///
/// # if cfg!(miri) { return Ok(()); } // Miri models no polling of descriptors.
/// let (a, mut b) = UnixStream::pair()?;
/// let source = SourceFd::new(a)?; // owns `a`, now non-blocking
/// let poll = Poll::new()?;
/// poll.register(&source, Token(7), Ready::readable(), PollOpt::edge())?;
/// b.write_all(b"ping")?;
/// let mut events = Events::with_capacity(4);
/// poll.poll(&mut events, None)?;
/// assert_eq!(events.iter().next().unwrap().token(), Token(7));
///
/// let mut buf = [0; 8];
/// assert_eq!(source.get_ref().read(&mut buf)?, 4);
/// let err = source.get_ref().read(&mut buf).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock); // non-blocking
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct SourceFd<T: AsFd> {
    inner: T,
}

impl<T: AsFd> SourceFd<T> {
    /// Takes `inner` and puts its descriptor in non-blocking mode.
    ///
    /// Fails with the OS error if the mode cannot be set (e.g. a closed or invalid
    /// descriptor).
    pub fn new(inner: T) -> io::Result<SourceFd<T>> {
        set_nonblocking(inner.as_fd().as_raw_fd())?;
        Ok(SourceFd { inner })
    }

    /// The value holding the descriptor (see the type's example).
    pub fn get_ref(&self) -> &T {
        &self.inner
    }

    /// The value holding the descriptor, mutably.
    ///
    /// ```
    /// use runtime_reactor::unix::SourceFd;
    /// use std::io::Write;
    ///
    /// # if cfg!(miri) { return Ok(()); }
    /// let (a, _b) = std::os::unix::net::UnixStream::pair()?;
    /// let mut source = SourceFd::new(a)?;
    /// source.get_mut().write_all(b"through the source")?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.inner
    }

    /// Gives the value back (its descriptor stays non-blocking). Deregister it
    /// first if it is registered.
    ///
    /// ```
    /// use runtime_reactor::unix::SourceFd;
    ///
    /// # if cfg!(miri) { return Ok(()); }
    /// let (a, _b) = std::os::unix::net::UnixStream::pair()?;
    /// let a = SourceFd::new(a)?.into_inner();
    /// assert!(a.peer_addr()?.is_unnamed());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_inner(self) -> T {
        self.inner
    }
}

/// Sets `O_NONBLOCK` on `fd`, keeping its other status flags.
fn set_nonblocking(fd: std::os::fd::RawFd) -> io::Result<()> {
    // SAFETY: `fcntl(F_GETFL)` reads the status flags of `fd`, which the caller's
    // `AsFd` borrow keeps open; it touches no memory of ours.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    if flags & libc::O_NONBLOCK != 0 {
        return Ok(());
    }
    // SAFETY: as above; `F_SETFL` only changes the status flags of `fd`.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

impl<T: AsFd> Evented for SourceFd<T> {
    fn register(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        EventedFd(&self.inner.as_fd().as_raw_fd()).register(poll, token, interest, opts)
    }

    fn reregister(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        EventedFd(&self.inner.as_fd().as_raw_fd()).reregister(poll, token, interest, opts)
    }

    fn deregister(&self, poll: &Poll) -> io::Result<()> {
        EventedFd(&self.inner.as_fd().as_raw_fd()).deregister(poll)
    }
}
