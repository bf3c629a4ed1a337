//! The kernel half of a `Poll` on mio: epoll, kqueue or IOCP, and the wake-up.

use std::io;
use std::time::Duration;

use crate::readiness_queue::WakeUp;
use crate::{Ready, Token};

/// mio's `Poll`, its event buffer, and what to do when the wake-up is reported.
pub(crate) struct Kernel {
    poll: mio::Poll,
    events: mio::Events,
    drain: Drain,
}

const EVENTS: usize = 1024;

impl Kernel {
    /// The kernel poller, the wake-up registered on `Token::WAKE`, and (on Unix)
    /// a registry for OS sources.
    pub(crate) fn new() -> io::Result<(Kernel, Box<dyn WakeUp>, Registry)> {
        let poll = mio::Poll::new()?;
        #[cfg(unix)]
        let registry = poll.registry().try_clone()?;
        #[cfg(not(unix))]
        let registry = ();
        let (waker, drain) = wake_up(poll.registry(), mio::Token(Token::WAKE.0))?;
        Ok((
            Kernel {
                poll,
                events: mio::Events::with_capacity(EVENTS),
                drain,
            },
            waker,
            registry,
        ))
    }

    /// Blocks up to `timeout` (`None`: until something comes) and calls `f` for
    /// each OS event. A signal is a spurious return, not an error.
    pub(crate) fn select(
        &mut self,
        timeout: Option<Duration>,
        mut f: impl FnMut(Token, Ready),
    ) -> io::Result<()> {
        match self.poll.poll(&mut self.events, timeout) {
            Ok(()) => {}
            Err(err) if err.kind() == io::ErrorKind::Interrupted => return Ok(()),
            Err(err) => return Err(err),
        }
        for event in self.events.iter() {
            let token = Token(event.token().0);
            if token == Token::WAKE {
                self.drain.drain();
            } else {
                f(token, readiness_of(event));
            }
        }
        Ok(())
    }
}

/// Where OS sources are registered: a clone of the kernel poller's registry.
#[cfg(unix)]
pub(crate) type Registry = mio::Registry;
/// No OS sources off Unix (see the module docs of `sys`).
#[cfg(not(unix))]
pub(crate) type Registry = ();

/// mio 1.x's view of an event as mio 0.6's readiness bits.
fn readiness_of(event: &mio::event::Event) -> Ready {
    let mut ready = Ready::empty();
    if event.is_readable() {
        ready |= Ready::readable();
    }
    if event.is_writable() {
        ready |= Ready::writable();
    }
    if event.is_error() {
        ready |= Ready::error();
    }
    if event.is_read_closed() || event.is_write_closed() {
        ready |= Ready::hup();
    }
    ready
}

#[cfg(all(target_os = "linux", not(miri)))]
use super::pipe::{wake_up, Drain};

/// The poller's side of mio's `Waker`: nothing to drain, it resets itself.
#[cfg(not(all(target_os = "linux", not(miri))))]
struct Drain;

#[cfg(not(all(target_os = "linux", not(miri))))]
impl Drain {
    fn drain(&self) {}
}

/// mio's `Waker` on `token`.
#[cfg(not(all(target_os = "linux", not(miri))))]
fn wake_up(registry: &mio::Registry, token: mio::Token) -> io::Result<(Box<dyn WakeUp>, Drain)> {
    Ok((Box::new(mio::Waker::new(registry, token)?), Drain))
}
