//! Signals as user-space readiness (Unix only).
//!
//! [`ctrl_c`] completes on the next SIGINT; [`unix::signal`] returns a [`unix::Signal`]
//! that yields once per burst of a signal (a `Stream` too). Both are tasks' tools:
//! they must be created inside a runtime.
//!
//! ```no_run
//! #[runtime::main]
//! async fn main() -> std::io::Result<()> {
//!     println!("serving; press Ctrl-C to stop");
//!     runtime::signal::ctrl_c().await?;
//!     println!("stopping");
//!     Ok(())
//! }
//! ```
//!
//! ## How a signal reaches a task
//!
//! A signal handler may run only async-signal-safe code, so it does two things:
//! add one to the signal's counter (an atomic) and write one byte to a
//! non-blocking pipe. A relay thread, started with the first handler, blocks
//! reading that pipe; on every wake-up it compares each signal's counter with what
//! it last saw and calls `set_readiness(readable)` on the registration of every
//! [`unix::Signal`] listening to one that moved. Each `Signal` awaits its
//! registration through [`Async`](crate::Async): a signal is one more user-space
//! event, delivered like a callback library's.
//!
//! A `Signal` remembers the counter it last answered for. `recv` completes when the
//! counter moved, and catches up with all of it: every signal raised before a
//! `recv` coalesces into one (the handler counts before it returns, so this holds
//! whenever the relay runs). A full pipe loses nothing: a byte already waiting
//! wakes the relay, which compares every counter.
//!
//! Installing a handler replaces the signal's default action for the rest of the
//! process (after the first `ctrl_c`, Ctrl-C no longer kills the process), as in
//! tokio. Handlers are installed through `signal-hook-registry`, which chains to
//! handlers installed before and keeps `errno` intact.
//!
//! | file          | what it holds                                              |
//! |---------------|------------------------------------------------------------|
//! | `registry.rs` | the process-wide part: handlers, counters, pipe, relay thread |
//! | `unix.rs`     | `SignalKind`, `Signal`, `signal()`                           |

mod registry;
pub mod unix;

use std::io;

/// Completes on the next SIGINT (Ctrl-C in a terminal). Unix only.
///
/// The handler is installed when the future is first polled, and stays for the
/// rest of the process: from then on SIGINT no longer terminates it. Fails, when
/// first polled, outside a runtime.
///
/// ```
/// # #[runtime::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use std::future::Future;
/// use std::pin::pin;
/// use std::task::{Context, Poll};
///
/// let mut ctrl_c = pin!(runtime::signal::ctrl_c());
/// // The first poll installs the handler.
/// let waker = futures::task::noop_waker();
/// assert!(ctrl_c.as_mut().poll(&mut Context::from_waker(&waker)).is_pending());
/// // SAFETY: raising a signal whose handler is installed.
/// unsafe { libc::raise(libc::SIGINT) };
/// ctrl_c.await?;
/// # Ok(())
/// # }
/// ```
pub async fn ctrl_c() -> io::Result<()> {
    let mut interrupts = unix::signal(unix::SignalKind::interrupt())?;
    interrupts.recv().await;
    Ok(())
}
