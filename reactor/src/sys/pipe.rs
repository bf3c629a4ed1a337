//! Linux: the `Poll`'s one wake-up descriptor, a pipe reopened as one read-write
//! descriptor.
//!
//! A poller blocks in the kernel only while OS sources are registered (`poll.rs`);
//! this descriptor is what another thread writes to end that sleep.
//!
//! ## Why a pipe, not an eventfd (mio 1.x's `Waker`) or a futex
//!
//! Waking a thread that sleeps on another CPU costs far more than the system call
//! once that CPU has gone idle: bringing the CPU back dominates. Two threads that
//! bounce events between two `Poll`s, each sleeping in the kernel in turn, pay it
//! twice per round trip. A pipe (or socket)
//! write is a *sync* wake-up: it tells the scheduler that the waker is about to
//! sleep, and the scheduler may then move the woken thread to the waker's CPU, after
//! which both threads take turns on one CPU at the cost of a local context switch.
//! A futex wake (`thread::unpark`) and an eventfd write never give that hint, so
//! with them every such round trip keeps paying for the idle CPU. (mio 0.6 woke its
//! poller with a pipe write, and had the co-located speed for that reason.)
//!
//! The poller first spins over an adaptive window (`runtime_spin::Spin`), so two
//! threads trading events quickly do not sleep at all; the descriptor decides what a
//! wake-up costs once a gap outlasts the window.
//!
//! A pipe needs two descriptors, and SPEC P5 allows one. On Linux a pipe's end,
//! reopened through `/proc/self/fd` with read and write access, is one descriptor
//! that both writes and reads the pipe; the two original ends are then closed.
//! (A Unix datagram socket connected to itself is also one descriptor and also
//! gives sync wake-ups, but it takes a send and two receives per wake-up, which
//! cost more than the pipe's write and read.)
//!
//! The figures behind these choices are in `benches/peers/DESIGN_MEASUREMENTS.md`.
//!
//! ## Without `/proc`
//!
//! In a sandbox or container without `/proc` mounted the reopen fails. `Poll::new`
//! then falls back to an eventfd (still one descriptor, as mio 1.x's `Waker` uses):
//! every protocol guarantee holds, only the scheduler hint is lost, so two
//! ping-ponging threads keep their cross-CPU wake-up cost. Failing `Poll::new`
//! instead would turn a speed hint into an error.
//!
//! ## Protocol
//!
//! A wake-up writes one byte (the eventfd: adds one to its counter); a full pipe
//! (a saturated counter) means a wake-up is already waiting, so `WouldBlock` is
//! success. The poller, seeing the wake-up token,
//! [`drain`](WakeFd::drain)s every byte (mio is edge-triggered: a byte left behind
//! would never be reported again, and a full pipe would swallow later wake-ups).
//! Who writes, and when, is decided by the inbox handshake (`readiness_queue.rs`):
//! at most one write per sleep.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;

use crate::readiness_queue::WakeUp;

/// The descriptor; shared by the `Poll` (which drains it) and its queue (which
/// wakes).
#[derive(Debug)]
pub(crate) struct WakeFd {
    file: File,
    kind: Kind,
}

/// What `file` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A pipe reopened read-write: sync wake-ups.
    Pipe,
    /// An eventfd: the fallback without `/proc`.
    EventFd,
}

impl WakeFd {
    /// The pipe if `/proc` lets us reopen it, or else an eventfd.
    pub(crate) fn new() -> io::Result<WakeFd> {
        WakeFd::pipe().or_else(|_| WakeFd::eventfd())
    }

    /// A fresh pipe, reopened read-write as one descriptor.
    pub(crate) fn pipe() -> io::Result<WakeFd> {
        let (writer, reader) = mio::unix::pipe::new()?;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(format!("/proc/self/fd/{}", reader.as_raw_fd()))?;
        drop(reader);
        drop(writer);
        Ok(WakeFd {
            file,
            kind: Kind::Pipe,
        })
    }

    /// A fresh non-blocking eventfd.
    pub(crate) fn eventfd() -> io::Result<WakeFd> {
        // SAFETY: `eventfd` takes no pointers; a non-negative result is a new
        // descriptor that nothing else owns, so `File` may own it.
        let file = unsafe {
            let fd = libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC);
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            File::from_raw_fd(fd)
        };
        Ok(WakeFd {
            file,
            kind: Kind::EventFd,
        })
    }

    /// Which descriptor this is.
    #[cfg(test)]
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// Consumes every wake-up waiting: one `read` unless more than a buffer's worth
    /// of bytes came (an eventfd's read always resets its counter).
    pub(crate) fn drain(&self) {
        let mut buf = [0u8; 64];
        while let Ok(n) = (&self.file).read(&mut buf) {
            if self.kind == Kind::EventFd || n < buf.len() {
                break;
            }
        }
    }

    /// Makes the descriptor readable.
    pub(crate) fn wake(&self) -> io::Result<()> {
        let written = match self.kind {
            Kind::Pipe => (&self.file).write(&[1]),
            Kind::EventFd => (&self.file).write(&1u64.to_ne_bytes()),
        };
        match written {
            Ok(_) => Ok(()),
            // A full pipe or a saturated counter: the poller is due to wake.
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => Ok(()),
            Err(err) => Err(err),
        }
    }
}

impl AsRawFd for WakeFd {
    fn as_raw_fd(&self) -> RawFd {
        self.file.as_raw_fd()
    }
}

impl WakeUp for std::sync::Arc<WakeFd> {
    fn wake(&self) -> io::Result<()> {
        WakeFd::wake(self)
    }
}

/// The poller's side: the same descriptor, drained when the kernel reports it.
pub(super) type Drain = std::sync::Arc<WakeFd>;

/// A new descriptor registered on `token`, and its two sides.
pub(super) fn wake_up(
    registry: &mio::Registry,
    token: mio::Token,
) -> io::Result<(Box<dyn WakeUp>, Drain)> {
    let fd = std::sync::Arc::new(WakeFd::new()?);
    registry.register(
        &mut mio::unix::SourceFd(&fd.as_raw_fd()),
        token,
        mio::Interest::READABLE,
    )?;
    Ok((Box::new(fd.clone()), fd))
}

#[cfg(all(test, not(miri)))]
mod tests {
    use super::{Kind, WakeFd};
    use std::io::Read;

    /// Whether a read would find a wake-up waiting, without consuming one.
    fn readable(fd: &WakeFd) -> bool {
        let mut poll = libc::pollfd {
            fd: std::os::fd::AsRawFd::as_raw_fd(fd),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid `pollfd`, a count of one, and no wait.
        let n = unsafe { libc::poll(&mut poll, 1, 0) };
        assert!(n >= 0, "poll failed");
        n == 1
    }

    /// Many wake-ups, one drain: readable until drained, then not, then readable
    /// again after the next wake-up, for both kinds.
    fn wakes_and_drains(fd: WakeFd) {
        assert!(!readable(&fd));
        for _ in 0..10_000 {
            fd.wake().unwrap();
        }
        assert!(readable(&fd));
        fd.drain();
        assert!(!readable(&fd));
        let mut buf = [0u8; 8];
        let err = (&fd.file).read(&mut buf).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
        fd.wake().unwrap();
        assert!(readable(&fd));
        fd.drain();
        assert!(!readable(&fd));
    }

    #[test]
    fn pipe_wakes_and_drains() {
        let fd = WakeFd::pipe().unwrap();
        assert_eq!(fd.kind(), Kind::Pipe);
        wakes_and_drains(fd);
    }

    /// The fallback used when `/proc` is missing.
    #[test]
    fn eventfd_wakes_and_drains() {
        let fd = WakeFd::eventfd().unwrap();
        assert_eq!(fd.kind(), Kind::EventFd);
        wakes_and_drains(fd);
    }

    /// With `/proc` mounted (as on every test machine), `new` picks the pipe.
    #[test]
    fn new_prefers_the_pipe() {
        assert_eq!(WakeFd::new().unwrap().kind(), Kind::Pipe);
    }
}
