//! What the platform provides a `Poll`, besides mio's `Poll` itself.
//!
//! | need | Linux | elsewhere (and under Miri) |
//! |---|---|---|
//! | the one wake-up of a poller blocked in the kernel, registered on `Token::WAKE` | `pipe.rs`: a pipe reopened read-write as one descriptor (an eventfd without `/proc`) | mio's `Waker` (an eventfd, kqueue's user event, an IOCP post) |
//! | what the poller does when the kernel reports the wake-up token | read the descriptor empty | nothing: mio's `Waker` resets itself |
//!
//! Registering OS sources by file descriptor (`EventedFd`, mio's socket types) is
//! Unix-only (`poll.rs`, `evented.rs`): on Windows mio registers sockets through
//! `&mut` access that mio 0.6's `Evented` signatures cannot give, so there a `Poll`
//! carries user-space sources only.

#[cfg(all(target_os = "linux", not(miri)))]
mod pipe;

use std::io;

use crate::readiness_queue::WakeUp;

/// The wake-up: `wake` for the queue, `drain` for the poller.
pub(crate) fn wake_up(registry: &mio::Registry, token: mio::Token) -> io::Result<(Box<dyn WakeUp>, Drain)> {
    imp::wake_up(registry, token)
}

#[cfg(all(target_os = "linux", not(miri)))]
pub(crate) use pipe::Drain;

#[cfg(all(target_os = "linux", not(miri)))]
mod imp {
    pub(super) use super::pipe::wake_up;
}

/// The poller's side of mio's `Waker`: nothing to drain.
#[cfg(not(all(target_os = "linux", not(miri))))]
#[derive(Debug)]
pub(crate) struct Drain;

#[cfg(not(all(target_os = "linux", not(miri))))]
impl Drain {
    /// Nothing: mio's `Waker` resets itself.
    pub(crate) fn drain(&self) {}
}

#[cfg(not(all(target_os = "linux", not(miri))))]
mod imp {
    use std::io;

    use super::Drain;
    use crate::readiness_queue::WakeUp;

    /// mio's `Waker` on `token`.
    pub(super) fn wake_up(registry: &mio::Registry, token: mio::Token) -> io::Result<(Box<dyn WakeUp>, Drain)> {
        Ok((Box::new(mio::Waker::new(registry, token)?), Drain))
    }
}
