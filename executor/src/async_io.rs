//! `Async<E>`: an `Evented` source registered with the current runtime, whose
//! readiness tasks can await (SPEC A0–A5).
//!
//! `Async::new` registers the source (edge-triggered, every readiness bit) with the
//! runtime's `Poll` under a token naming a [`ScheduledIo`] slot
//! (`driver/scheduled_io.rs`). That `Poll` is a dispatching one (SPEC D1–D3): a
//! user-space source (a `Registration`, or a type forwarding to one, like
//! `Deadline`) is bound to the slot, so its `set_readiness` records the readiness
//! and wakes the waiting tasks on the setting thread; an OS source's events are
//! dispatched to the slot by the thread driving the `Poll`, after each poll. Either
//! way, each event ORs its bits into the slot's cached readiness and bumps its tick; awaiting resolves to a [`ReadyGuard`] as soon as the
//! cache overlaps the interest; [`ReadyGuard::clear_ready`] clears what the guard saw
//! unless a newer event arrived. So the canonical loop never hangs and never spins:
//!
//! ```
//! use runtime_executor::{Async, Ready, Registration};
//! use std::thread;
//!
//! runtime_executor::block_on(async {
//!     let (registration, set_readiness) = Registration::new2();
//!     let events = Async::new(registration)?;
//!     let producer = thread::spawn(move || set_readiness.set_readiness(Ready::readable()));
//!
//!     let mut guard = events.readable().await?;
//!     assert!(guard.ready().is_readable());
//!     guard.clear_ready(); // handled; wait for the next event from here on
//!     producer.join().unwrap()?;
//!     Ok::<(), std::io::Error>(())
//! })?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The cache is what the events said, not the source's current state: a producer that
//! sets `Ready::empty()` sends no event (SPEC E3), so a readiness that was cached and
//! never cleared stays; once cleared, later awaits wait (SPEC A3 c).

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use runtime_reactor::{Evented, Ready, Token};

use crate::driver::scheduled_io::{ReadyEvent, ScheduledIo, Slot};
use crate::handle::Handle;

/// An `Evented` source registered with a runtime's reactor; see the module docs.
///
/// `Send + Sync` when `E` is (SPEC A0), so one `Async` may be shared by several
/// tasks, all awaiting it at once (SPEC A4).
pub struct Async<E: Evented> {
    source: Option<E>,
    token: Token,
    pub(crate) slot: Arc<ScheduledIo>,
    handle: Handle,
}

impl<E: Evented> Async<E> {
    /// Registers `source` with the current runtime's reactor (SPEC A1).
    ///
    /// Fails with an error saying so outside a runtime, or if registering fails.
    ///
    /// ```
    /// use runtime_executor::{Async, Registration};
    ///
    /// let (registration, _set) = Registration::new2();
    /// let err = Async::new(registration).unwrap_err(); // no runtime here
    /// assert!(err.to_string().contains("outside a runtime"));
    /// ```
    pub fn new(source: E) -> io::Result<Async<E>> {
        let handle = Handle::try_current().map_err(|_| {
            io::Error::other(
                "`Async::new` called outside a runtime: call it from within \
                 `Runtime::block_on` or a spawned task",
            )
        })?;
        let (token, slot) = handle.inner.driver.register(&source)?;
        Ok(Async {
            source: Some(source),
            token,
            slot,
            handle,
        })
    }

    /// The source.
    pub fn get_ref(&self) -> &E {
        self.source.as_ref().expect("source present until drop")
    }

    /// The source, mutably.
    pub fn get_mut(&mut self) -> &mut E {
        self.source.as_mut().expect("source present until drop")
    }

    /// Deregisters the source and gives it back.
    pub fn into_inner(mut self) -> E {
        let source = self.source.take().expect("source present until drop");
        self.handle.inner.driver.deregister(&source, self.token);
        source
    }

    /// Waits until the source is readable (or has an error or hang-up).
    pub fn readable(&self) -> Readiness<'_, E> {
        self.ready(Ready::readable())
    }

    /// Waits until the source is writable (or has an error or hang-up).
    pub fn writable(&self) -> Readiness<'_, E> {
        self.ready(Ready::writable())
    }

    /// Waits until the cached readiness overlaps `interest` (or has an error or
    /// hang-up) (SPEC A2).
    ///
    /// ```
    /// use runtime_executor::{Async, Ready, Registration};
    ///
    /// runtime_executor::block_on(async {
    ///     let (registration, set_readiness) = Registration::new2();
    ///     let source = Async::new(registration)?;
    ///     set_readiness.set_readiness(Ready::writable())?;
    ///     let guard = source.ready(Ready::readable() | Ready::writable()).await?;
    ///     assert_eq!(guard.ready(), Ready::writable());
    ///     Ok::<(), std::io::Error>(())
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn ready(&self, interest: Ready) -> Readiness<'_, E> {
        Readiness {
            source: self,
            interest,
            slot: None,
        }
    }

    /// Polls for readability; one task at a time may use this (it has one waker
    /// slot). Prefer [`readable`](Self::readable) when several tasks wait.
    ///
    /// ```
    /// use runtime_executor::{Async, Ready, Registration};
    /// use std::future::poll_fn;
    ///
    /// runtime_executor::block_on(async {
    ///     let (registration, set_readiness) = Registration::new2();
    ///     let source = Async::new(registration)?;
    ///     set_readiness.set_readiness(Ready::readable())?;
    ///     let ready = poll_fn(|cx| source.poll_readable(cx).map_ok(|g| g.ready())).await?;
    ///     assert!(ready.is_readable());
    ///     Ok::<(), std::io::Error>(())
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn poll_readable(&self, cx: &mut Context<'_>) -> Poll<io::Result<ReadyGuard<'_, E>>> {
        self.poll_slot(cx, Ready::readable(), &mut Some(Slot::Reader))
    }

    /// Polls for writability; one task at a time may use this, as with
    /// [`poll_readable`](Self::poll_readable).
    ///
    /// ```
    /// use runtime_executor::{Async, Ready, Registration};
    /// use std::future::poll_fn;
    ///
    /// runtime_executor::block_on(async {
    ///     let (registration, set_readiness) = Registration::new2();
    ///     let source = Async::new(registration)?;
    ///     set_readiness.set_readiness(Ready::writable())?;
    ///     poll_fn(|cx| source.poll_writable(cx).map_ok(drop)).await
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn poll_writable(&self, cx: &mut Context<'_>) -> Poll<io::Result<ReadyGuard<'_, E>>> {
        self.poll_slot(cx, Ready::writable(), &mut Some(Slot::Writer))
    }

    fn poll_slot(
        &self,
        cx: &mut Context<'_>,
        interest: Ready,
        slot: &mut Option<Slot>,
    ) -> Poll<io::Result<ReadyGuard<'_, E>>> {
        match self.slot.poll_ready(cx, interest, slot) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(())) => Poll::Ready(Err(crate::driver::shut_down())),
            Poll::Ready(Ok(event)) => {
                // Always ready (nobody clears) must not mean always running.
                if crate::coop::poll_proceed(cx).is_pending() {
                    return Poll::Pending;
                }
                Poll::Ready(Ok(ReadyGuard {
                    source: self,
                    event,
                }))
            }
        }
    }
}

impl<E: Evented> Drop for Async<E> {
    /// Deregisters the source (SPEC A5).
    fn drop(&mut self) {
        if let Some(source) = self.source.take() {
            self.handle.inner.driver.deregister(&source, self.token);
        }
    }
}

impl<E: Evented + fmt::Debug> fmt::Debug for Async<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Async")
            .field("source", &self.source)
            .field("token", &self.token)
            .field("readiness", &self.slot.readiness())
            .finish()
    }
}

/// The future of [`Async::readable`], [`Async::writable`] and [`Async::ready`].
#[must_use = "futures do nothing unless awaited"]
pub struct Readiness<'a, E: Evented> {
    source: &'a Async<E>,
    interest: Ready,
    /// This future's entry in the slot's waiter list, once registered.
    slot: Option<Slot>,
}

impl<'a, E: Evented> Future for Readiness<'a, E> {
    type Output = io::Result<ReadyGuard<'a, E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let source: &'a Async<E> = this.source;
        source.poll_slot(cx, this.interest, &mut this.slot)
    }
}

impl<E: Evented> Drop for Readiness<'_, E> {
    fn drop(&mut self) {
        if let Some(slot) = self.slot.take() {
            self.source.slot.drop_waiter(slot);
        }
    }
}

impl<E: Evented> fmt::Debug for Readiness<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Readiness")
            .field("interest", &self.interest)
            .finish_non_exhaustive()
    }
}

/// What an await on an [`Async`] saw; clears it, tick-safely, on request.
pub struct ReadyGuard<'a, E: Evented> {
    source: &'a Async<E>,
    pub(crate) event: ReadyEvent,
}

impl<'a, E: Evented> ReadyGuard<'a, E> {
    /// The ready bits that resolved the await: the interest's, plus error and
    /// hang-up if set.
    pub fn ready(&self) -> Ready {
        self.event.ready
    }

    /// Clears [`ready`](Self::ready) from the cached readiness, unless an event
    /// arrived since this guard was made, so clearing never loses an event (SPEC A2).
    /// Call it once the source reported it has nothing more (e.g. `WouldBlock`).
    pub fn clear_ready(&mut self) {
        self.source.slot.clear_readiness(self.event);
    }

    /// The `Async` this guard belongs to.
    pub fn get_ref(&self) -> &'a Async<E> {
        self.source
    }
}

impl<E: Evented> fmt::Debug for ReadyGuard<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadyGuard")
            .field("ready", &self.event.ready)
            .finish_non_exhaustive()
    }
}
