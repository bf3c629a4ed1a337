//! Unix signals as streams of wake-ups (Unix only).

use std::fmt;
use std::future::{poll_fn, Future};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use libc::c_int;
use runtime_executor::Async;
use runtime_reactor::Registration;

use super::registry::{self, SIGNALS};

/// Which signal to listen for. Unix only.
///
/// ```
/// use runtime::signal::unix::SignalKind;
///
/// assert_eq!(SignalKind::interrupt().as_raw_value(), libc::SIGINT);
/// assert_eq!(SignalKind::from_raw(libc::SIGUSR1), SignalKind::user_defined1());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignalKind(c_int);

impl SignalKind {
    /// Any signal by number, e.g. a real-time one; `signal()` refuses the numbers
    /// no handler may take (SIGKILL, SIGSTOP, SIGILL, SIGFPE, SIGSEGV) and those
    /// out of range.
    pub const fn from_raw(signum: c_int) -> SignalKind {
        SignalKind(signum)
    }

    /// The signal's number.
    pub const fn as_raw_value(&self) -> c_int {
        self.0
    }

    /// SIGALRM.
    pub const fn alarm() -> SignalKind {
        SignalKind(libc::SIGALRM)
    }

    /// SIGCHLD.
    pub const fn child() -> SignalKind {
        SignalKind(libc::SIGCHLD)
    }

    /// SIGHUP.
    pub const fn hangup() -> SignalKind {
        SignalKind(libc::SIGHUP)
    }

    /// SIGINT (Ctrl-C).
    pub const fn interrupt() -> SignalKind {
        SignalKind(libc::SIGINT)
    }

    /// SIGIO.
    pub const fn io() -> SignalKind {
        SignalKind(libc::SIGIO)
    }

    /// SIGPIPE.
    pub const fn pipe() -> SignalKind {
        SignalKind(libc::SIGPIPE)
    }

    /// SIGQUIT.
    pub const fn quit() -> SignalKind {
        SignalKind(libc::SIGQUIT)
    }

    /// SIGTERM.
    pub const fn terminate() -> SignalKind {
        SignalKind(libc::SIGTERM)
    }

    /// SIGUSR1.
    pub const fn user_defined1() -> SignalKind {
        SignalKind(libc::SIGUSR1)
    }

    /// SIGUSR2.
    pub const fn user_defined2() -> SignalKind {
        SignalKind(libc::SIGUSR2)
    }

    /// SIGWINCH.
    pub const fn window_change() -> SignalKind {
        SignalKind(libc::SIGWINCH)
    }

    /// The number as an index into the registry, or why it cannot be handled.
    fn index(self) -> io::Result<usize> {
        let invalid = |why: &str| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("signal {}: {why}", self.0),
            )
        };
        if signal_hook_registry::FORBIDDEN.contains(&self.0) {
            return Err(invalid("no handler may be installed for it"));
        }
        match usize::try_from(self.0) {
            Ok(n) if (1..SIGNALS).contains(&n) => Ok(n),
            _ => Err(invalid("not a signal number")),
        }
    }
}

/// Listens for one signal: [`recv`](Signal::recv) completes once per burst of it.
/// Unix only. Made by [`signal`]; also a [`Stream`] of `()`.
///
/// Every signal raised since the last `recv` completed (or since `signal()`, for
/// the first) is answered by one completion: signals coalesce. Dropping the
/// `Signal` stops listening; the handler stays installed.
pub struct Signal {
    signal: usize,
    id: u64,
    /// The count this `Signal` has answered for.
    seen: usize,
    event: Async<Registration>,
}

/// Listens for `kind`, installing its handler at once (for the rest of the
/// process: the signal's default action no longer runs). Unix only.
///
/// Fails outside a runtime, and with `InvalidInput` for a signal no handler may
/// take (SIGKILL, SIGSTOP, SIGILL, SIGFPE, SIGSEGV) or a number out of range.
///
/// ```
/// use runtime::signal::unix::{signal, SignalKind};
///
/// #[runtime::main(flavor = "current_thread")]
/// async fn main() -> std::io::Result<()> {
///     let mut hangups = signal(SignalKind::hangup())?;
///     // SAFETY: the handler of SIGHUP is installed: raising it is harmless.
///     unsafe { libc::raise(libc::SIGHUP) };
///     assert_eq!(hangups.recv().await, Some(()));
///
///     let err = signal(SignalKind::from_raw(libc::SIGKILL)).unwrap_err();
///     assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
///     Ok(())
/// }
/// ```
pub fn signal(kind: SignalKind) -> io::Result<Signal> {
    let signal = kind.index()?;
    let registry = registry::get()?;
    let (registration, set) = Registration::new2();
    // Before listening, so the first `recv` answers only for later signals.
    let seen = registry.count(signal);
    let event = Async::new(registration)?;
    let id = registry.listen(signal, set)?;
    Ok(Signal {
        signal,
        id,
        seen,
        event,
    })
}

impl Signal {
    /// Waits for the signal; `Some(())` once it was raised since the last
    /// completion. Never `None` while the runtime runs (it means the runtime
    /// shut down). Cancel safe.
    pub fn recv(&mut self) -> impl Future<Output = Option<()>> + '_ {
        poll_fn(|cx| self.poll_recv(cx))
    }

    /// `recv` as a poll function.
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<()>> {
        let registry = match registry::get() {
            Ok(registry) => registry,
            Err(_) => return Poll::Ready(None),
        };
        loop {
            let now = registry.count(self.signal);
            if now != self.seen {
                self.seen = now;
                return Poll::Ready(Some(()));
            }
            match self.event.poll_readable(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(_)) => return Poll::Ready(None),
                // Tick-safe (SPEC A2): a wake-up after the guard keeps it readable.
                Poll::Ready(Ok(mut guard)) => guard.clear_ready(),
            }
        }
    }
}

impl Stream for Signal {
    type Item = ();

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        self.get_mut().poll_recv(cx)
    }
}

impl Drop for Signal {
    fn drop(&mut self) {
        if let Ok(registry) = registry::get() {
            registry.unlisten(self.signal, self.id);
        }
    }
}

impl fmt::Debug for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signal")
            .field("signal", &self.signal)
            .finish_non_exhaustive()
    }
}
